#include "ActivityPage.h"

#include "ColorScheme.h"
#include "Format.h"
#include "gateway/Gateway.h"
#include "logging/KeyMask.h"

#include <QApplication>
#include <QComboBox>
#include <QCoreApplication>
#include <QDateTime>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

constexpr int kShown = 2'000;

// The engine's name for an attempt's outcome (as the log keeps it), in the reader's language.
QString outcomeText(const QString& outcome)
{
    static const QHash<QString, const char*> names{
        {u"success"_s, QT_TRANSLATE_NOOP("ActivityPage", "success")},
        {u"request error"_s, QT_TRANSLATE_NOOP("ActivityPage", "request refused")},
        {u"key invalid"_s, QT_TRANSLATE_NOOP("ActivityPage", "key refused")},
        {u"key exhausted"_s, QT_TRANSLATE_NOOP("ActivityPage", "key out of credit")},
        {u"rate limited"_s, QT_TRANSLATE_NOOP("ActivityPage", "rate limited")},
        {u"upstream error"_s, QT_TRANSLATE_NOOP("ActivityPage", "Exa failed")},
        {u"timeout"_s, QT_TRANSLATE_NOOP("ActivityPage", "timed out")},
        {u"proxy failure"_s, QT_TRANSLATE_NOOP("ActivityPage", "proxy failed")},
        {u"local error"_s, QT_TRANSLATE_NOOP("ActivityPage", "failed here")},
        {u"cancelled"_s, QT_TRANSLATE_NOOP("ActivityPage", "cancelled")},
    };
    const char* name = names.value(outcome);
    return name ? QCoreApplication::translate("ActivityPage", name) : outcome;
}

enum StatusFilter
{
    AnyStatus = 0,
    Succeeded = -1,
    Failed = -2,
};

} // namespace

RequestLogModel::RequestLogModel(Gateway& gateway, QObject* parent)
    : QAbstractTableModel(parent)
    , m_gateway(gateway)
{ }

void RequestLogModel::setEntries(QList<RequestLogEntry> entries)
{
    beginResetModel();
    m_entries = std::move(entries);
    endResetModel();
}

int RequestLogModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_entries.size());
}

int RequestLogModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString RequestLogModel::keyName(const QString& keyId) const
{
    const int key = m_gateway.keys().indexOf(keyId);
    return key >= 0 ? maskKey(m_gateway.keys().at(key).config.secret) : keyId;
}

QString RequestLogModel::sourceName(CallSource source)
{
    switch (source) {
    case CallSource::Window:
        return tr("Window");
    case CallSource::CommandLine:
        return tr("Command line");
    case CallSource::LocalPort:
        return tr("Local port");
    case CallSource::Mcp:
        return tr("MCP");
    case CallSource::KeyCheck:
        return tr("Key check");
    case CallSource::Unknown:
        break;
    }
    return {};
}

QVariant RequestLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time:
        return tr("Time");
    case Source:
        return tr("From");
    case Route:
        return tr("Route");
    case Query:
        return tr("Query");
    case Key:
        return tr("Key");
    case Proxy:
        return tr("Proxy");
    case Status:
        return tr("Status");
    case Attempts:
        return tr("Attempts");
    case Latency:
        return tr("Latency");
    case Cost:
        return tr("Cost");
    case Error:
        return tr("Error");
    default:
        return {};
    }
}

QVariant RequestLogModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RequestLogEntry& entry = m_entries.at(index.row());
    if (role == Qt::ForegroundRole && index.column() == Status && (entry.status < 200 || entry.status >= 300))
        return theme::errorText(QApplication::palette());
    if (role == Qt::TextAlignmentRole && index.column() >= Status && index.column() <= Cost)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == Error)
        return entry.error;
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Time:
        return QLocale().toString(QDateTime::fromMSecsSinceEpoch(entry.atMs), QLocale::ShortFormat);
    case Source:
        return sourceName(entry.source);
    case Route:
        return Format::route(entry.route);
    case Query:
        return entry.query;
    case Key:
        return keyName(entry.keyId);
    case Proxy:
        return Format::wayOut(entry.proxyId);
    case Status:
        return entry.status == 0 ? u"—"_s : QString::number(entry.status);
    case Attempts:
        return entry.attempts;
    case Latency:
        return Format::latency(static_cast<double>(entry.latencyMs));
    case Cost:
        return Format::money(entry.costDollars);
    case Error:
        return entry.error;
    default:
        return {};
    }
}

ActivityPage::ActivityPage(Database& database, Gateway& gateway, QWidget* parent)
    : QWidget(parent)
    , m_database(database)
    , m_gateway(gateway)
    , m_model(new RequestLogModel(gateway, this))
    , m_view(new QTableView(this))
    , m_status(new QComboBox(this))
    , m_key(new QComboBox(this))
    , m_count(new QLabel(this))
{
    setObjectName(u"activityPage"_s);
    m_status->addItem(tr("All outcomes"), AnyStatus);
    m_status->addItem(tr("Succeeded"), Succeeded);
    m_status->addItem(tr("Failed"), Failed);
    for (const int status : {400, 401, 402, 403, 429, 500, 503})
        m_status->addItem(tr("Status %1").arg(status), status);
    m_status->setAccessibleName(tr("Show calls with this outcome"));
    m_key->setAccessibleName(tr("Show calls of this key"));
    auto* refreshButton = new QPushButton(tr("Refresh"), this);
    auto* filters = new QHBoxLayout;
    filters->addWidget(m_status);
    filters->addWidget(m_key);
    filters->addStretch();
    filters->addWidget(m_count);
    filters->addWidget(refreshButton);

    m_view->setModel(m_model);
    m_view->setAccessibleName(tr("Request log"));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->setVisible(false);
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setColumnWidth(RequestLogModel::Time, 150);
    m_view->setColumnWidth(RequestLogModel::Query, 220);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(m_view);

    connect(refreshButton, &QPushButton::clicked, this, &ActivityPage::refresh);
    connect(m_status, &QComboBox::currentIndexChanged, this, &ActivityPage::refresh);
    connect(m_key, &QComboBox::currentIndexChanged, this, &ActivityPage::refresh);
    connect(m_view, &QTableView::activated, this, &ActivityPage::openEntry);
    m_cooldown.setSingleShot(true);
    m_cooldown.setInterval(std::chrono::seconds(1));
    connect(&m_cooldown, &QTimer::timeout, this, [this] {
        if (m_stale && isVisible())
            refresh();
    });
    refresh();
}

void ActivityPage::refresh()
{
    // The key filter offers the pool's keys, as they are now.
    const QString chosenKey = m_key->currentData().toString();
    {
        const QSignalBlocker blocker(m_key);
        m_key->clear();
        m_key->addItem(tr("All keys"), QString());
        const KeyPool& keys = m_gateway.keys();
        for (int i = 0; i < keys.size(); ++i) {
            if (!keys.at(i).removed)
                m_key->addItem(u"%1 (%2)"_s.arg(keys.at(i).config.label, maskKey(keys.at(i).config.secret)),
                               keys.at(i).config.id);
        }
        m_key->setCurrentIndex(std::max(0, m_key->findData(chosenKey)));
    }
    const int status = m_status->currentData().toInt();
    StorageError error;
    QList<RequestLogEntry> entries
        = RequestLog(m_database).recent(kShown, &error, status > 0 ? status : 0, m_key->currentData().toString());
    if (status == Succeeded || status == Failed) {
        entries.removeIf([status](const RequestLogEntry& entry) {
            const bool ok = entry.status >= 200 && entry.status < 300;
            return status == Succeeded ? !ok : ok;
        });
    }
    // The entry being looked at stays selected as new ones arrive above it.
    const QModelIndex current = m_view->currentIndex();
    const qint64 selectedId = current.isValid() ? m_model->entry(current.row()).id : 0;
    m_stale = false;
    m_model->setEntries(std::move(entries));
    for (int row = 0; selectedId != 0 && row < m_model->rowCount(); ++row) {
        if (m_model->entry(row).id == selectedId) {
            m_view->selectRow(row);
            m_view->scrollTo(m_model->index(row, 0));
            break;
        }
    }
    m_count->setText(error.isError() ? error.message : tr("%n call(s)", nullptr, m_model->rowCount()));
}

void ActivityPage::showFailed()
{
    m_key->setCurrentIndex(0);
    m_status->setCurrentIndex(m_status->findData(Failed));
}

void ActivityPage::logChanged()
{
    if (!isVisible() || m_cooldown.isActive()) {
        m_stale = true;
        return;
    }
    refresh();
    m_cooldown.start();
}

void ActivityPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_stale)
        refresh();
}

QString ActivityPage::details(int row) const
{
    const RequestLogEntry& entry = m_model->entry(row);
    QString html
        = u"<h3>%1 %2</h3><table>"_s.arg(Format::route(entry.route).toHtmlEscaped(), entry.query.toHtmlEscaped());
    const auto line = [&html](const QString& name, const QString& value) {
        html += u"<tr><td><b>%1</b></td><td>%2</td></tr>"_s.arg(name.toHtmlEscaped(), value.toHtmlEscaped());
    };
    line(tr("Time"), QLocale().toString(QDateTime::fromMSecsSinceEpoch(entry.atMs), QLocale::LongFormat));
    if (entry.source != CallSource::Unknown)
        line(tr("From"), RequestLogModel::sourceName(entry.source));
    line(tr("Key"), m_model->keyName(entry.keyId));
    line(tr("Proxy"), Format::wayOut(entry.proxyId));
    line(tr("Status"), entry.status == 0 ? tr("no answer") : QString::number(entry.status));
    line(tr("Attempts"), QString::number(entry.attempts));
    line(tr("Time taken"), tr("%1 ms").arg(entry.latencyMs));
    line(tr("Cost"), u"$"_s + QLocale().toString(entry.costDollars, 'f', 4));
    html += u"</table>"_s;
    if (!entry.error.isEmpty())
        html += u"<p><b>%1</b> %2</p>"_s.arg(tr("Error:"), entry.error.toHtmlEscaped());

    StorageError error;
    const QList<LoggedAttempt> attempts = RequestLog(m_database).attempts(entry.id, &error);
    if (error.isError())
        return html + u"<p>%1</p>"_s.arg(error.message.toHtmlEscaped());
    if (attempts.isEmpty())
        return html;
    html += u"<h4>%1</h4><table cellspacing=\"6\"><tr>"_s.arg(tr("Attempts"));
    for (const QString& heading :
         {tr("#"), tr("After"), tr("Key"), tr("Proxy"), tr("Status"), tr("Outcome"), tr("Took"), tr("Error")})
        html += u"<th align=\"left\">%1</th>"_s.arg(heading.toHtmlEscaped());
    html += u"</tr>"_s;
    for (const LoggedAttempt& attempt : attempts) {
        const QStringList cells{QString::number(attempt.number),
                                tr("%1 ms").arg(std::max<qint64>(0, attempt.atMs - entry.atMs)),
                                m_model->keyName(attempt.keyId),
                                Format::wayOut(attempt.proxyId),
                                attempt.status == 0 ? u"—"_s : QString::number(attempt.status),
                                outcomeText(attempt.outcome),
                                tr("%1 ms").arg(attempt.latencyMs),
                                attempt.error};
        html += u"<tr>"_s;
        for (const QString& cell : cells)
            html += u"<td>%1</td>"_s.arg(cell.toHtmlEscaped());
        html += u"</tr>"_s;
    }
    return html + u"</table>"_s;
}

void ActivityPage::openEntry(const QModelIndex& index)
{
    if (!index.isValid())
        return;
    auto* dialog = new QDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Call"));
    auto* text = new QTextBrowser(dialog);
    text->setHtml(details(index.row()));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::close);
    auto* layout = new QVBoxLayout(dialog);
    layout->addWidget(text);
    layout->addWidget(buttons);
    dialog->resize(720, 420);
    dialog->show();
}

} // namespace exadesk
