#pragma once

#include "SearchOptions.h"
#include "exa/AnswerStream.h"
#include "exa/ExaCall.h"
#include "exa/ExaRequests.h"
#include "exa/ExaResults.h"

#include <QPointer>
#include <QWidget>

#include <functional>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QListWidgetItem;
class QProgressBar;
class QPushButton;
class QTextBrowser;
class QToolButton;

namespace exa {
struct ExaCall;
}

namespace exadesk {

class Database;
class Engine;
class PendingCall;
class SiteIcons;

// Searching Exa from the window: a query box (Enter searches, recent queries offered as you
// type), options that fold away, results with a reader, the answer mode that streams its
// answer in, and the history of past searches, reopened without a new call. A running search
// shows that it runs and can be cancelled; what served it (key, proxy, attempts, time, cost)
// and any error are said in the pane itself.
class SearchPane : public QWidget
{
    Q_OBJECT

public:
    enum class Mode
    {
        Search,
        Answer
    };

    // `database` may be null: then nothing is recorded and there is no history.
    explicit SearchPane(Engine& engine, QWidget* parent = nullptr);
    ~SearchPane() override;

    QLineEdit* queryEdit() const { return m_query; }
    QComboBox* modeBox() const { return m_mode; }
    QPushButton* cancelButton() const { return m_cancel; }
    QToolButton* optionsToggle() const { return m_optionsToggle; }
    QWidget* optionsPanel() const { return m_options; }
    QListWidget* resultsList() const { return m_resultList; }
    QTextBrowser* reader() const { return m_reader; }
    // An answer (the Answer mode), pinned above its citations while they are read.
    QTextBrowser* answerView() const { return m_answerView; }
    QLabel* statusLabel() const { return m_status; }
    QLabel* errorLabel() const { return m_error; }
    QPushButton* retryButton() const { return m_retry; }
    // Back to the results a Find Similar or Get Contents replaced (Alt+Left).
    QPushButton* backButton() const { return m_back; }
    QListWidget* historyList() const { return m_history; }
    QLineEdit* historyFilter() const { return m_historyFilter; }
    const QList<exa::Result>& results() const { return m_results; }

    // What the pane shows, to be shown again by a pane made anew (in another language).
    struct Shown
    {
        QString query;
        int mode = 0;
        QList<exa::Result> results;
        QString keyId; // the key that found them (site icons are fetched through its proxy)
        QString answer; // Markdown; empty without one
        int current = -1;
    };
    Shown shown() const;
    void showAgain(const Shown& shown);
    bool isBusy() const { return !m_call.isNull(); }

    QAction* removeHistoryAction() const { return m_removeHistory; }
    QAction* clearHistoryAction() const { return m_clearHistory; }
    // What asks before the history is cleared (a dialog by default; tests answer for it).
    void setConfirmClear(std::function<bool()> confirm) { m_confirmClear = std::move(confirm); }

    // The search the form describes.
    exa::SearchRequest searchRequest() const;

    void search();
    void cancel();
    void findSimilar(int row);
    void getContents(const QList<int>& rows);
    // Writes the results as CSV, JSON or Markdown, by the file's suffix.
    bool exportResults(const QString& path, QString* error);
    void focusQuery();

Q_SIGNALS:
    // A call ended (or was cancelled) and the pane shows its outcome.
    void callEnded();

private:
    void run(const exa::ExaCall& call, const QString& route, const QString& query, const QJsonObject& request);
    void onEnded(PendingCall* call);
    // `keyId`: the key that found them, whose way out their sites' icons take.
    void showResults(const QList<exa::Result>& results, const QString& keyId = {});
    void showReader(int row);
    // The answer's text, pinned above its citations (which are the results).
    // Takes the selected history entry out (results and all), or every one.
    void removeHistoryEntry();
    void clearHistory();
    void showAnswer(const QString& markdown);
    // What went wrong, in place of the status line; `retryable`: with a Retry button that sends
    // the same call again.
    void showError(const QString& message, bool retryable = false);
    // The results shown now, kept for Back before a call replaces them.
    void keepForBack();
    void goBack();
    void refreshBack();
    void setBusy(bool busy);
    void refreshHistory();
    void openHistory(const QListWidgetItem* item);
    // The status line: `outcome` ("5 results"; empty for a failure) with its time, attempts, cost,
    // key (masked) and proxy.
    QString describeCall(const PendingCall& call, const QString& outcome, qint64 elapsedMs, double cost) const;
    QList<int> selectedRows() const;
    void exportWithDialog();

    Engine& m_engine;
    Database* m_database; // the engine's, when it opened

    QLineEdit* m_query;
    QComboBox* m_mode;
    QPushButton* m_go;
    QPushButton* m_cancel;
    QToolButton* m_optionsToggle;
    SearchOptions* m_options;
    QListWidget* m_resultList;
    QTextBrowser* m_reader;
    QTextBrowser* m_answerView;
    QProgressBar* m_busy;
    QLabel* m_status;
    QLabel* m_error;
    QPushButton* m_retry;
    QPushButton* m_back;
    QLineEdit* m_historyFilter;
    QAction* m_removeHistory = nullptr;
    QAction* m_clearHistory = nullptr;
    std::function<bool()> m_confirmClear;
    QListWidget* m_history;
    SiteIcons* m_siteIcons;

    QPointer<PendingCall> m_call;
    exa::ExaCall m_lastCall;
    bool m_waitingForKeys = false; // the last call failed for want of any key
    QString m_route;
    QString m_callQuery;
    QJsonObject m_callRequest;
    qint64 m_startedAtMs = 0;
    exa::AnswerStreamDecoder m_answer;
    QList<exa::Result> m_results;
    QString m_answerMarkdown; // of the answer shown
    QString m_resultsKeyId; // of the results shown
    QList<Shown> m_backStack; // what Back brings back, the newest last
};

} // namespace exadesk
