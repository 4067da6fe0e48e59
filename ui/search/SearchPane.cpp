#include "SearchPane.h"

#include "ColorScheme.h"
#include "Confirm.h"
#include "Format.h"
#include "Icons.h"
#include "ResultDelegate.h"
#include "ResultExport.h"
#include "SearchOptions.h"
#include "SiteIcons.h"
#include "engine/Engine.h"
#include "gateway/Gateway.h"
#include "storage/HistoryStore.h"

#include <QAction>
#include <QClipboard>
#include <QComboBox>
#include <QCompleter>
#include <QDateTime>
#include <QDesktopServices>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QStringListModel>
#include <QStyle>
#include <QTextBrowser>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

constexpr int kHistoryShown = 200;
// A history item's search, the key that made it, its route and query, and an answer's text.
constexpr int kHistoryIdRole = Qt::UserRole;
constexpr int kHistoryKeyRole = Qt::UserRole + 1;
constexpr int kHistoryRouteRole = Qt::UserRole + 2;
constexpr int kHistoryQueryRole = Qt::UserRole + 3;
constexpr int kHistoryAnswerRole = Qt::UserRole + 4;

QString escaped(const QString& text)
{
    return text.toHtmlEscaped();
}

} // namespace

SearchPane::SearchPane(Engine& engine, QWidget* parent)
    : QWidget(parent)
    , m_engine(engine)
    , m_database(engine.database())
    , m_query(new QLineEdit(this))
    , m_mode(new QComboBox(this))
    , m_go(new QPushButton(tr("Search"), this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_optionsToggle(new QToolButton(this))
    , m_options(new SearchOptions(this))
    , m_resultList(new QListWidget(this))
    , m_reader(new QTextBrowser(this))
    , m_answerView(new QTextBrowser(this))
    , m_busy(new QProgressBar(this))
    , m_status(new QLabel(this))
    , m_error(new QLabel(this))
    , m_retry(new QPushButton(tr("Retry"), this))
    , m_back(new QPushButton(tr("Back"), this))
    , m_historyFilter(new QLineEdit(this))
    , m_history(new QListWidget(this))
    , m_siteIcons(new SiteIcons(engine.gateway(), this))
{
    setObjectName(u"searchPane"_s);
    m_query->setPlaceholderText(tr("Search the web with Exa (Ctrl+K)"));
    m_query->setAccessibleName(tr("Search query"));
    m_query->setClearButtonEnabled(true);
    m_mode->addItem(tr("Search"), static_cast<int>(Mode::Search));
    m_mode->addItem(tr("Answer"), static_cast<int>(Mode::Answer));
    m_mode->setAccessibleName(tr("Search or ask for an answer"));
    m_go->setDefault(true);
    m_go->setIcon(actionIcon(u"search"_s));
    m_go->setToolTip(tr("Search Exa (Enter; Ctrl+Enter from the options)"));
    m_cancel->setIcon(actionIcon(u"stop"_s));
    m_cancel->setVisible(false);
    m_cancel->setToolTip(tr("Stop this search (Esc)"));
    m_optionsToggle->setText(tr("Options"));
    m_optionsToggle->setCheckable(true);
    m_optionsToggle->setArrowType(Qt::RightArrow);
    m_optionsToggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_optionsToggle->setAccessibleName(tr("Show search options"));
    m_busy->setRange(0, 0);
    m_busy->setMaximumHeight(4);
    m_busy->setTextVisible(false);
    m_busy->setVisible(false);
    // The bar comes and goes without moving what is under it.
    QSizePolicy busyPolicy = m_busy->sizePolicy();
    busyPolicy.setRetainSizeWhenHidden(true);
    m_busy->setSizePolicy(busyPolicy);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_retry->setObjectName(u"retrySearch"_s);
    m_retry->setToolTip(tr("Send the same call again"));
    m_retry->setVisible(false);
    m_back->setObjectName(u"backToResults"_s);
    m_back->setIcon(style()->standardIcon(QStyle::SP_ArrowBack));
    m_back->setShortcut(QKeySequence::Back);
    m_back->setVisible(false);
    m_error->setWordWrap(true);
    m_error->setVisible(false);
    theme::showAsError(m_error);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_resultList->setItemDelegate(new ResultDelegate(m_resultList));
    m_resultList->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_resultList->setAccessibleName(tr("Results"));
    m_resultList->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_reader->setOpenExternalLinks(true);
    m_reader->setAccessibleName(tr("Reader"));
    m_reader->setPlaceholderText(tr("Select a result to read it here."));
    m_answerView->setObjectName(u"answerView"_s);
    m_answerView->setOpenExternalLinks(true);
    m_answerView->setAccessibleName(tr("Answer"));
    m_answerView->setVisible(false);
    m_historyFilter->setPlaceholderText(tr("Search the history"));
    m_historyFilter->setClearButtonEnabled(true);
    m_historyFilter->setAccessibleName(tr("Search the history"));
    m_history->setAccessibleName(tr("History"));

    m_options->setVisible(false);

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_back);
    bar->addWidget(m_query, 1);
    bar->addWidget(m_mode);
    bar->addWidget(m_go);
    bar->addWidget(m_cancel);
    bar->addWidget(m_optionsToggle);

    auto* historyPanel = new QWidget(this);
    auto* historyLayout = new QVBoxLayout(historyPanel);
    historyLayout->setContentsMargins(0, 0, 0, 0);
    historyLayout->addWidget(new QLabel(tr("History"), historyPanel));
    historyLayout->addWidget(m_historyFilter);
    historyLayout->addWidget(m_history);
    historyPanel->setVisible(m_database != nullptr);

    auto* splitter = new QSplitter(this);
    splitter->setObjectName(u"searchSplitter"_s);
    // An answer sits above its citations, so reading one does not take the answer away.
    auto* answerAndResults = new QSplitter(Qt::Vertical, this);
    answerAndResults->setObjectName(u"answerSplitter"_s);
    answerAndResults->addWidget(m_answerView);
    answerAndResults->addWidget(m_resultList);
    answerAndResults->setStretchFactor(0, 2);
    answerAndResults->setStretchFactor(1, 3);
    splitter->addWidget(historyPanel);
    splitter->addWidget(answerAndResults);
    splitter->addWidget(m_reader);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 3);
    splitter->setStretchFactor(2, 3);
    // Where the person left the panes.
    if (!splitter->restoreState(QSettings().value(u"search/splitter"_s).toByteArray()))
        splitter->setSizes({240, 500, 500});
    connect(splitter, &QSplitter::splitterMoved, this,
            [splitter] { QSettings().setValue(u"search/splitter"_s, splitter->saveState()); });

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_options);
    layout->addWidget(m_busy);
    layout->addWidget(splitter, 1);
    // What happened: the status line, or in its place what went wrong with a Retry. The row keeps
    // room for two lines, so neither moves the results.
    auto* feedbackRow = new QWidget(this);
    auto* feedback = new QHBoxLayout(feedbackRow);
    feedback->setContentsMargins(0, 0, 0, 0);
    feedback->addWidget(m_status, 1);
    feedback->addWidget(m_error, 1);
    feedback->addWidget(m_retry, 0, Qt::AlignTop);
    feedbackRow->setFixedHeight(std::max(m_retry->sizeHint().height(), 2 * fontMetrics().lineSpacing() + 4));
    layout->addWidget(feedbackRow);

    // Actions on results.
    auto* open = new QAction(tr("Open in Browser"), this);
    auto* copyUrl = new QAction(tr("Copy URL"), this);
    auto* copyTitle = new QAction(tr("Copy Title"), this);
    auto* copyLink = new QAction(tr("Copy as Markdown Link"), this);
    // Both are calls to Exa of their own, and billed: the menu says so before the click.
    auto* similar = new QAction(tr("Find Similar (billed search)"), this);
    similar->setToolTip(tr("A new search for pages like this one; Exa bills it as a search."));
    auto* contents = new QAction(tr("Get Contents (billed)"), this);
    contents->setToolTip(tr("Fetches the selected pages' text; Exa bills each page."));
    auto* exportAll = new QAction(actionIcon(u"export"_s), tr("Export Results..."), this);
    copyUrl->setIcon(actionIcon(u"copy"_s));
    similar->setIcon(actionIcon(u"search"_s));
    m_resultList->addActions({open, copyUrl, copyTitle, copyLink, similar, contents, exportAll});
    const auto current = [this] {
        const QList<int> rows = selectedRows();
        return rows.isEmpty() ? -1 : rows.constFirst();
    };
    connect(open, &QAction::triggered, this, [this, current] {
        if (const int row = current(); row >= 0)
            QDesktopServices::openUrl(QUrl(m_results.at(row).url));
    });
    connect(copyUrl, &QAction::triggered, this, [this, current] {
        if (const int row = current(); row >= 0)
            QGuiApplication::clipboard()->setText(m_results.at(row).url);
    });
    connect(copyTitle, &QAction::triggered, this, [this, current] {
        if (const int row = current(); row >= 0)
            QGuiApplication::clipboard()->setText(m_results.at(row).title);
    });
    connect(copyLink, &QAction::triggered, this, [this, current] {
        if (const int row = current(); row >= 0)
            QGuiApplication::clipboard()->setText(resultexport::markdownLink(m_results.at(row)));
    });
    connect(similar, &QAction::triggered, this, [this, current] {
        if (const int row = current(); row >= 0)
            findSimilar(row);
    });
    connect(contents, &QAction::triggered, this, [this] { getContents(selectedRows()); });
    connect(exportAll, &QAction::triggered, this, &SearchPane::exportWithDialog);

    connect(m_query, &QLineEdit::returnPressed, this, &SearchPane::search);
    connect(m_go, &QPushButton::clicked, this, &SearchPane::search);
    connect(m_cancel, &QPushButton::clicked, this, &SearchPane::cancel);
    connect(m_back, &QPushButton::clicked, this, &SearchPane::goBack);
    connect(m_retry, &QPushButton::clicked, this, [this] { run(m_lastCall, m_route, m_callQuery, m_callRequest); });
    // A search that failed for want of keys is not left saying so once keys are there.
    connect(&m_engine.gateway(), &Gateway::keyAdded, this, [this] {
        if (!m_waitingForKeys)
            return;
        m_waitingForKeys = false;
        showError({});
        m_status->setText(tr("Keys were added: search again."));
    });
    connect(m_optionsToggle, &QToolButton::toggled, this, [this](bool shown) {
        m_options->setVisible(shown);
        m_optionsToggle->setArrowType(shown ? Qt::DownArrow : Qt::RightArrow);
    });
    connect(m_resultList, &QListWidget::currentRowChanged, this, &SearchPane::showReader);
    connect(m_resultList, &QListWidget::itemActivated, open, &QAction::trigger);
    connect(m_history, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) { openHistory(item); });
    connect(m_history, &QListWidget::currentItemChanged, this, [this](QListWidgetItem* item) {
        if (item)
            openHistory(item);
    });
    // The history's own actions: its context menu, and Delete on an entry.
    m_removeHistory = new QAction(tr("Remove From History"), this);
    m_removeHistory->setShortcut(QKeySequence::Delete);
    m_removeHistory->setShortcutContext(Qt::WidgetShortcut);
    m_clearHistory = new QAction(tr("Clear History..."), this);
    m_history->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_history->addActions({m_removeHistory, m_clearHistory});
    connect(m_removeHistory, &QAction::triggered, this, &SearchPane::removeHistoryEntry);
    connect(m_clearHistory, &QAction::triggered, this, &SearchPane::clearHistory);
    m_confirmClear = [this] {
        return confirmAction(this, tr("Clear History"),
                             tr("Remove every search and its results from the history? The request log keeps its "
                                "lines."),
                             tr("Clear"), QMessageBox::DestructiveRole);
    };
    connect(m_siteIcons, &SiteIcons::arrived, this, [this](const QString& faviconUrl) {
        for (int row = 0; row < m_resultList->count(); ++row) {
            QListWidgetItem* item = m_resultList->item(row);
            if (item->data(ResultDelegate::FaviconUrlRole).toString() == faviconUrl)
                item->setData(Qt::DecorationRole, m_siteIcons->icon(faviconUrl, {}));
        }
    });
    connect(m_historyFilter, &QLineEdit::textChanged, this, &SearchPane::refreshHistory);

    auto* searchShortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
    connect(searchShortcut, &QShortcut::activated, this, &SearchPane::search);
    auto* cancelShortcut = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    connect(cancelShortcut, &QShortcut::activated, this, &SearchPane::cancel);
    auto* focusShortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_K), this);
    focusShortcut->setContext(Qt::WindowShortcut);
    connect(focusShortcut, &QShortcut::activated, this, &SearchPane::focusQuery);

    auto* completer = new QCompleter(new QStringListModel(this), this);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    m_query->setCompleter(completer);
    setTabOrder(m_query, m_mode);
    setTabOrder(m_mode, m_go);
    setTabOrder(m_go, m_optionsToggle);
    refreshHistory();
}

SearchPane::~SearchPane()
{
    if (m_call)
        m_call->deleteLater();
}

exa::SearchRequest SearchPane::searchRequest() const
{
    return m_options->request(m_query->text().trimmed());
}

void SearchPane::focusQuery()
{
    m_query->setFocus(Qt::ShortcutFocusReason);
    m_query->selectAll();
}

void SearchPane::search()
{
    const QString query = m_query->text().trimmed();
    if (query.isEmpty()) {
        showError(tr("Type what to search for first."));
        return;
    }
    m_backStack.clear(); // a search of its own starts a new trail
    refreshBack();
    if (static_cast<Mode>(m_mode->currentData().toInt()) == Mode::Answer) {
        exa::AnswerRequest request;
        request.query = query;
        request.stream = true;
        run(exa::ExaCall::answer(request), u"answer"_s, query, request.toJson());
        return;
    }
    const exa::SearchRequest request = searchRequest();
    run(exa::ExaCall::search(request), u"search"_s, query, request.toJson());
}

void SearchPane::keepForBack()
{
    if (m_results.isEmpty())
        return;
    constexpr int kKept = 10;
    m_backStack.append(shown());
    if (m_backStack.size() > kKept)
        m_backStack.removeFirst();
    refreshBack();
}

void SearchPane::goBack()
{
    if (m_backStack.isEmpty() || m_call)
        return;
    showError({});
    showAgain(m_backStack.takeLast());
    refreshBack();
}

void SearchPane::refreshBack()
{
    m_back->setVisible(!m_backStack.isEmpty());
    if (!m_backStack.isEmpty())
        m_back->setToolTip(
            tr("Back to the results for \u201c%1\u201d (%2)")
                .arg(m_backStack.constLast().query, m_back->shortcut().toString(QKeySequence::NativeText)));
}

void SearchPane::findSimilar(int row)
{
    if (row < 0 || row >= m_results.size())
        return;
    exa::FindSimilarRequest request;
    request.url = m_results.at(row).url;
    request.options = searchRequest().options;
    request.options.includeDomains.clear();
    keepForBack();
    run(exa::ExaCall::findSimilar(request), u"findSimilar"_s, request.url, request.toJson());
}

void SearchPane::getContents(const QList<int>& rows)
{
    exa::ContentsRequest request;
    for (const int row : rows) {
        if (row >= 0 && row < m_results.size())
            request.urls.append(m_results.at(row).url);
    }
    if (request.urls.isEmpty())
        return;
    request.contents.text = exa::TextOptions{};
    keepForBack();
    run(exa::ExaCall::contents(request), u"contents"_s, request.urls.join(u' '), request.toJson());
}

void SearchPane::run(const exa::ExaCall& call, const QString& route, const QString& query, const QJsonObject& request)
{
    if (m_call)
        cancel();
    m_route = route;
    m_callQuery = query;
    m_callRequest = request;
    m_lastCall = call;
    m_waitingForKeys = false;
    m_startedAtMs = QDateTime::currentMSecsSinceEpoch();
    m_answer = {};
    showError({});
    m_status->setText(tr("Searching..."));
    setBusy(true);
    m_call = m_engine.submit(call);
    m_answerView->setVisible(false); // the answer goes with the results it came with
    if (call.streamed) {
        showResults({});
        m_reader->clear();
        showAnswer(QString());
        connect(m_call, &PendingCall::dataReceived, this, [this](const QByteArray& chunk) {
            m_answer.feed(chunk);
            showAnswer(m_answer.answer());
        });
    }
    connect(m_call, &PendingCall::ended, this, [this, call = m_call.data()] { onEnded(call); });
}

void SearchPane::cancel()
{
    if (!m_call)
        return;
    m_call->cancel(); // ended() follows, and says so
}

void SearchPane::onEnded(PendingCall* call)
{
    call->deleteLater();
    // A call replaced by a newer one (a search started while it ran) has nothing to show.
    if (call != m_call)
        return;
    m_call = nullptr;
    setBusy(false);
    const qint64 elapsed = QDateTime::currentMSecsSinceEpoch() - m_startedAtMs;
    const QJsonObject body = call->isSuccess() && !call->call().streamed ? call->json() : QJsonObject();
    double cost = body.value("costDollars"_L1).toObject().value("total"_L1).toDouble();
    if (call->error().kind == exa::ExaError::Kind::Cancelled) {
        m_status->setText(tr("Cancelled."));
    } else if (!call->isSuccess()) {
        m_status->setText(describeCall(*call, {}, elapsed, 0.0));
        m_waitingForKeys = m_engine.summary().keyCount() == 0;
        showError(call->error().userMessage(), !m_waitingForKeys);
        m_error->setToolTip(m_status->text());
    } else if (call->call().streamed) {
        m_answer.finish();
        showResults(m_answer.citations(), call->keyId());
        showAnswer(m_answer.answer());
        m_status->setText(describeCall(
            *call, tr("An answer with %n citation(s)", nullptr, static_cast<int>(m_answer.citations().size())), elapsed,
            cost));
    } else {
        const QList<exa::Result> results = m_route == "contents"_L1 ? exa::ContentsResponse::fromJson(body).results
                                                                    : exa::SearchResponse::fromJson(body).results;
        showResults(results, call->keyId());
        m_status->setText(
            describeCall(*call, tr("%n result(s)", nullptr, static_cast<int>(results.size())), elapsed, cost));
        if (!results.isEmpty())
            m_resultList->setCurrentRow(0);
    }
    if (m_database && call->error().kind != exa::ExaError::Kind::Cancelled) {
        QJsonObject response = body;
        if (call->isSuccess() && call->call().streamed) {
            QJsonArray citations;
            for (const exa::Result& result : m_answer.citations())
                citations.append(result.raw);
            response = {{"answer"_L1, m_answer.answer()}, {"citations"_L1, citations}};
        }
        FinishedCall finished = finishedCall(*call, CallSource::Window);
        finished.route = m_route;
        finished.query = m_callQuery;
        finished.request = m_callRequest;
        finished.response = response;
        finished.startedAtMs = m_startedAtMs;
        finished.latencyMs = elapsed;
        StorageError error;
        m_engine.recordNow(finished, &error);
        refreshHistory();
    }
    Q_EMIT callEnded();
}

QString SearchPane::describeCall(const PendingCall& call, const QString& outcome, qint64 elapsedMs, double cost) const
{
    // "5 results in 7 ms · 1 attempt · $0.015 · key exa-…b438 · via socks5://…"
    const QString time = Format::latency(static_cast<double>(elapsedMs));
    QStringList parts{outcome.isEmpty() ? tr("Failed after %1").arg(time) : tr("%1 in %2").arg(outcome, time)};
    parts.append(tr("%n attempt(s)", nullptr, static_cast<int>(call.attempts().size())));
    if (cost > 0)
        parts.append(Format::money(cost));
    if (const QString key = m_engine.maskedKey(call.keyId()); !key.isEmpty())
        parts.append(tr("key %1").arg(key));
    if (!call.proxyId().isEmpty() && call.proxyId() != "direct"_L1)
        parts.append(tr("via %1").arg(call.proxyId()));
    return parts.join(u" · "_s);
}

void SearchPane::showResults(const QList<exa::Result>& results, const QString& keyId)
{
    m_results = results;
    m_resultsKeyId = keyId;
    m_resultList->clear();
    const bool icons = SiteIcons::enabled();
    for (const exa::Result& result : results) {
        auto* item = new QListWidgetItem(result.title.isEmpty() ? result.url : result.title, m_resultList);
        item->setData(ResultDelegate::TitleRole, result.title.isEmpty() ? result.url : result.title);
        item->setData(ResultDelegate::UrlRole, result.url);
        QStringList meta;
        if (!result.publishedDate.isEmpty())
            meta.append(result.publishedDate.left(10));
        if (!result.author.isEmpty())
            meta.append(result.author);
        item->setData(ResultDelegate::MetaRole, meta.join(u" · "_s));
        item->setData(ResultDelegate::SnippetRole, resultexport::snippet(result));
        item->setToolTip(result.url);
        if (icons) {
            item->setData(ResultDelegate::FaviconUrlRole, result.favicon);
            item->setData(Qt::DecorationRole, m_siteIcons->icon(result.favicon, keyId));
        }
    }
    if (results.isEmpty() && !m_call)
        m_reader->clear();
}

void SearchPane::showReader(int row)
{
    if (row < 0 || row >= m_results.size())
        return;
    const exa::Result& result = m_results.at(row);
    QString html = u"<h2>%1</h2><p><a href=\"%2\">%3</a></p>"_s.arg(escaped(result.title), escaped(result.url),
                                                                    escaped(result.url));
    QStringList meta;
    if (!result.publishedDate.isEmpty())
        meta.append(escaped(result.publishedDate.left(10)));
    if (!result.author.isEmpty())
        meta.append(escaped(result.author));
    if (!meta.isEmpty())
        html += u"<p><i>%1</i></p>"_s.arg(meta.join(u" · "_s));
    if (!result.summary.isEmpty())
        html += u"<h3>%1</h3><p>%2</p>"_s.arg(tr("Summary"), escaped(result.summary));
    if (!result.highlights.isEmpty()) {
        html += u"<h3>%1</h3><ul>"_s.arg(tr("Highlights"));
        for (const QString& highlight : result.highlights)
            html += u"<li>%1</li>"_s.arg(escaped(highlight));
        html += u"</ul>"_s;
    }
    if (!result.text.isEmpty()) {
        html += u"<h3>%1</h3>"_s.arg(tr("Text"));
        for (const QString& paragraph : result.text.split(u"\n\n"_s, Qt::SkipEmptyParts))
            html += u"<p>%1</p>"_s.arg(escaped(paragraph));
    }
    m_reader->setHtml(html);
}

SearchPane::Shown SearchPane::shown() const
{
    return {m_query->text(),
            m_mode->currentIndex(),
            m_results,
            m_resultsKeyId,
            m_answerView->isVisibleTo(this) ? m_answerMarkdown : QString(),
            m_resultList->currentRow()};
}

void SearchPane::showAgain(const Shown& shown)
{
    m_query->setText(shown.query);
    m_mode->setCurrentIndex(shown.mode);
    showResults(shown.results, shown.keyId);
    if (!shown.answer.isEmpty())
        showAnswer(shown.answer);
    else
        m_answerView->setVisible(false);
    if (!shown.results.isEmpty()) {
        m_resultList->setCurrentRow(std::max(0, shown.current));
        m_status->setText(tr("%n result(s)", nullptr, static_cast<int>(shown.results.size())));
    }
}

void SearchPane::showAnswer(const QString& markdown)
{
    m_answerMarkdown = markdown;
    m_answerView->setMarkdown(markdown);
    m_answerView->setVisible(true);
}

void SearchPane::showError(const QString& message, bool retryable)
{
    m_error->setText(message);
    m_error->setToolTip({});
    m_error->setVisible(!message.isEmpty());
    m_status->setVisible(message.isEmpty());
    m_retry->setVisible(!message.isEmpty() && retryable);
}

void SearchPane::setBusy(bool busy)
{
    m_busy->setVisible(busy);
    m_cancel->setVisible(busy);
    m_go->setEnabled(!busy);
}

QList<int> SearchPane::selectedRows() const
{
    QList<int> rows;
    for (const QListWidgetItem* item : m_resultList->selectedItems())
        rows.append(m_resultList->row(item));
    std::sort(rows.begin(), rows.end());
    return rows;
}

void SearchPane::refreshHistory()
{
    if (!m_database)
        return;
    StorageError error;
    HistoryStore history(*m_database);
    const QString filter = m_historyFilter->text().trimmed();
    const QList<StoredSearch> searches
        = filter.isEmpty() ? history.recent(kHistoryShown, &error) : history.find(filter, kHistoryShown, &error);
    const QSignalBlocker blocker(m_history);
    m_history->clear();
    QStringList queries;
    for (const StoredSearch& search : searches) {
        const QString when
            = QLocale().toString(QDateTime::fromMSecsSinceEpoch(search.createdAtMs), QLocale::ShortFormat);
        auto* item = new QListWidgetItem(
            u"%1\n%2 · %3"_s.arg(search.query, when, tr("%n result(s)", nullptr, search.resultCount)), m_history);
        item->setData(kHistoryIdRole, search.id);
        item->setData(kHistoryKeyRole, search.keyId);
        item->setData(kHistoryRouteRole, search.route);
        item->setData(kHistoryQueryRole, search.query);
        item->setData(kHistoryAnswerRole, search.answer);
        item->setToolTip(search.query);
        if (!queries.contains(search.query))
            queries.append(search.query);
    }
    if (filter.isEmpty())
        static_cast<QStringListModel*>(m_query->completer()->model())->setStringList(queries);
}

void SearchPane::removeHistoryEntry()
{
    const QListWidgetItem* item = m_history->currentItem();
    if (!m_database || !item)
        return;
    StorageError error;
    if (!HistoryStore(*m_database).remove(item->data(kHistoryIdRole).toLongLong(), &error))
        return showError(error.message);
    // Its results stay on screen until something else is shown; only the entry goes.
    refreshHistory();
}

void SearchPane::clearHistory()
{
    if (!m_database || m_history->count() == 0 || !m_confirmClear())
        return;
    StorageError error;
    if (!HistoryStore(*m_database).clear(&error))
        return showError(error.message);
    refreshHistory();
    m_status->setText(tr("The history is cleared."));
}

void SearchPane::openHistory(const QListWidgetItem* item)
{
    const qint64 searchId = item->data(kHistoryIdRole).toLongLong();
    if (!m_database || searchId <= 0)
        return;
    StorageError error;
    QList<exa::Result> results;
    for (const StoredResult& stored : HistoryStore(*m_database).results(searchId, &error))
        results.append(exa::Result::fromJson(stored.raw));
    if (error.isError()) {
        showError(error.message);
        return;
    }
    showError({});
    // The search as it was asked: its words and its mode (what a similar-pages or contents call
    // was asked with is an address, not a question: the box keeps what is in it).
    const QString route = item->data(kHistoryRouteRole).toString();
    const bool answer = route == "answer"_L1;
    if (answer || route == "search"_L1) {
        m_query->setText(item->data(kHistoryQueryRole).toString());
        m_mode->setCurrentIndex(m_mode->findData(static_cast<int>(answer ? Mode::Answer : Mode::Search)));
    }
    m_reader->clear();
    showResults(results, item->data(kHistoryKeyRole).toString());
    if (answer)
        showAnswer(item->data(kHistoryAnswerRole).toString());
    else
        m_answerView->setVisible(false);
    m_status->setText(
        tr("%n result(s) from the history; no new call was made", nullptr, static_cast<int>(results.size())));
    if (!results.isEmpty())
        m_resultList->setCurrentRow(0);
}

bool SearchPane::exportResults(const QString& path, QString* error)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    const QByteArray bytes = suffix == "csv"_L1 ? resultexport::toCsv(m_results)
        : suffix == "json"_L1                   ? resultexport::toJson(m_results)
                                                : resultexport::toMarkdown(m_results);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        *error = tr("%1 could not be written: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

void SearchPane::exportWithDialog()
{
    if (m_results.isEmpty())
        return;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Results"), u"results.md"_s,
                                                      tr("Markdown (*.md);;CSV (*.csv);;JSON (*.json)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!exportResults(path, &error))
        showError(error);
    else
        m_status->setText(tr("%n result(s) exported to %1", nullptr, static_cast<int>(m_results.size())).arg(path));
}

} // namespace exadesk
