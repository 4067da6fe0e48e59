#pragma once

#include "base/PoolStates.h"

#include <QWidget>

#include <functional>
#include <optional>

class QAction;
class QComboBox;
class QLabel;
class QMenu;
class QTimer;
class QLineEdit;
class QStackedWidget;
class QTableView;

namespace exadesk {

class Engine;
class PoolTask;
class KeyFilterModel;
class AddKeyDialog;
class KeyImportDialog;
class KeyTableModel;

// The Keys page: the pool as a live table with its state, use and cost, sorted and filtered;
// actions on the selected keys (enable, disable, re-tag, remove, reveal one), adding one and
// importing many. Changes go through the engine, which keeps keychain, database and pool in step.
class KeysPage : public QWidget
{
    Q_OBJECT

public:
    explicit KeysPage(Engine& engine, QWidget* parent = nullptr);

    KeyTableModel* model() const { return m_model; }
    KeyFilterModel* filter() const { return m_filter; }
    QTableView* view() const { return m_view; }
    QLineEdit* filterText() const { return m_filterText; }
    QComboBox* stateFilter() const { return m_stateFilter; }
    QAction* addAction() const { return m_add; }
    QAction* importAction() const { return m_import; }
    QAction* testAction() const { return m_test; }
    QAction* enableAction() const { return m_enable; }
    QAction* disableAction() const { return m_disable; }
    QAction* retagAction() const { return m_retag; }
    QAction* removeAction() const { return m_remove; }
    QAction* revealAction() const { return m_reveal; }
    KeyImportDialog* importDialog();
    // Shows the keys in `state` (all when none) and selects `keyId`'s row when it is among them:
    // where an alert or the Overview sends the person.
    void showKeys(std::optional<KeyState> state, const QString& keyId = {});
    // The header's right-click menu: which columns show (kept for the next run).
    QMenu* columnsMenu();
    bool isShowingEmptyState() const;
    // "55 keys · 2 invalid" under the table, and each state's count in the state filter.
    QLabel* countLine() const { return m_countLine; }
    // Said in place of the table when the filters match no key.
    QWidget* noMatch() const { return m_noMatch; }

    // A question before something that cannot be undone or costs money: its title, the question
    // (naming what and how many) and the action, which is the button's word ("Remove", "Test").
    struct Confirmation
    {
        QString title;
        QString question;
        QString action;
    };
    // What asks the person (a dialog by default; tests answer for them).
    void setConfirm(std::function<bool(const Confirmation&)> confirm) { m_confirm = std::move(confirm); }
    void setTagsPrompt(std::function<std::optional<QStringList>(const QStringList& current)> prompt)
    {
        m_tagsPrompt = std::move(prompt);
    }
    // Called with the Add Key dialog before it opens (tests fill it in and press its buttons).
    void setAddKeyDialogShown(std::function<void(AddKeyDialog&)> shown) { m_addKeyDialogShown = std::move(shown); }
    // How long a revealed key stays on the clipboard.
    void setClipboardTimeout(int ms) { m_clipboardMs = ms; }

Q_SIGNALS:
    // A sentence for the status bar.
    void message(const QString& text);
    // A copied key's time on the clipboard is up: `cleared` when it was still there.
    void clipboardChecked(bool cleared);

private:
    QList<int> selectedKeys() const;
    QStringList idsOf(const QList<int>& keys) const;
    void addOne();
    void testSelected();
    // A billed one-result search per key; each row shows its verdict.
    void testKeys(const QStringList& ids);
    void setSelectedEnabled(bool enabled);
    void retagSelected();
    void removeSelected();
    void revealSelected();
    // Says in the status bar what went wrong with a change, once it has ended.
    void reportProblems(PoolTask* task);
    void updateActions();
    void updateEmptyState();
    // The count line and the state filter's counts, at most every 250 ms however busy the pool.
    void scheduleCounts();
    void updateCounts();

    Engine& m_engine;
    KeyTableModel* m_model;
    KeyFilterModel* m_filter;
    QTableView* m_view;
    QLineEdit* m_filterText;
    QComboBox* m_stateFilter;
    QStackedWidget* m_stack;
    QLabel* m_countLine;
    QWidget* m_noMatch;
    QTimer* m_countsTimer;
    KeyImportDialog* m_importDialog = nullptr;
    QAction* m_add;
    QAction* m_import;
    QAction* m_test;
    QAction* m_enable;
    QAction* m_disable;
    QAction* m_retag;
    QAction* m_remove;
    QAction* m_reveal;
    std::function<bool(const Confirmation&)> m_confirm;
    std::function<std::optional<QStringList>(const QStringList&)> m_tagsPrompt;
    std::function<void(AddKeyDialog&)> m_addKeyDialogShown;
    int m_clipboardMs = 30'000;
};

} // namespace exadesk
