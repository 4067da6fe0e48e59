#include "ActivityPage.h"

#include "Format.h"
#include "gateway/Gateway.h"
#include "logging/KeyMask.h"

#include <QComboBox>
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

QVariant RequestLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time:
        return tr("Time");
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
        return QColor(0xc0, 0x39, 0x2b);
    if (role == Qt::TextAlignmentRole && index.column() >= Status && index.column() <= Cost)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == Error)
        return entry.error;
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Time:
        return QLocale().toString(QDateTime::fromMSecsSinceEpoch(entry.atMs), QLocale::ShortFormat);
    case Route:
        return entry.route;
    case Query:
        return entry.query;
    case Key:
        return keyName(entry.keyId);
    case Proxy:
        return entry.proxyId;
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
    m_model->setEntries(std::move(entries));
    m_count->setText(error.isError() ? error.message : tr("%n call(s)", nullptr, m_model->rowCount()));
}

QString ActivityPage::details(int row) const
{
    const RequestLogEntry& entry = m_model->entry(row);
    QString html = u"<h3>%1 %2</h3><table>"_s.arg(entry.route.toHtmlEscaped(), entry.query.toHtmlEscaped());
    const auto line = [&html](const QString& name, const QString& value) {
        html += u"<tr><td><b>%1</b></td><td>%2</td></tr>"_s.arg(name.toHtmlEscaped(), value.toHtmlEscaped());
    };
    line(tr("Time"), QLocale().toString(QDateTime::fromMSecsSinceEpoch(entry.atMs), QLocale::LongFormat));
    line(tr("Key"), m_model->keyName(entry.keyId));
    line(tr("Way out"), entry.proxyId);
    line(tr("Status"), entry.status == 0 ? tr("no answer") : QString::number(entry.status));
    line(tr("Attempts"), QString::number(entry.attempts));
    line(tr("Time taken"), tr("%1 ms").arg(entry.latencyMs));
    line(tr("Cost"), u"$"_s + QLocale().toString(entry.costDollars, 'f', 4));
    html += u"</table>"_s;
    if (!entry.error.isEmpty())
        html += u"<p><b>%1</b> %2</p>"_s.arg(tr("Error:"), entry.error.toHtmlEscaped());
    return html;
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
    dialog->resize(520, 360);
    dialog->show();
}

} // namespace exadesk
