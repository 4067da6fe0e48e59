#include "ProxiesPage.h"

#include "ColorScheme.h"
#include "EmptyState.h"
#include "Format.h"
#include "Icons.h"
#include "engine/Engine.h"
#include "gateway/Gateway.h"
#include "pool/ProxyPool.h"

#include <QAction>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

#include <memory>

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

constexpr qint64 kMaxImportBytes = 1024 * 1024;

} // namespace

ProxyTableModel::ProxyTableModel(Gateway& gateway, QObject* parent)
    : QAbstractTableModel(parent)
    , m_gateway(gateway)
{
    for (int i = 0; i < gateway.proxies().size(); ++i)
        onAdded(i);
    connect(&gateway, &Gateway::proxyAdded, this, &ProxyTableModel::onAdded);
    connect(&gateway, &Gateway::proxyChanged, this, &ProxyTableModel::onChanged);
    // Keys move between proxies as they fail and come back.
    const auto rebound = [this] {
        m_boundStale = true;
        if (!m_rows.empty())
            Q_EMIT dataChanged(index(0, KeysBound), index(rowCount() - 1, KeysBound));
    };
    connect(&gateway, &Gateway::keyAdded, this, rebound);
    connect(&gateway, &Gateway::keyRemoved, this, rebound);
    connect(&gateway, &Gateway::keyStatsChanged, this, rebound);
}

void ProxyTableModel::onAdded(int index)
{
    const ProxyEntry& proxy = m_gateway.proxies().at(index);
    if (proxy.removed || proxy.implicit)
        return;
    const int row = static_cast<int>(m_rows.size());
    beginInsertRows({}, row, row);
    m_rows.push_back(index);
    endInsertRows();
    m_boundStale = true;
}

void ProxyTableModel::onChanged(int index)
{
    const auto found = std::find(m_rows.begin(), m_rows.end(), index);
    if (found == m_rows.end())
        return;
    const int row = static_cast<int>(found - m_rows.begin());
    m_boundStale = true;
    if (m_gateway.proxies().at(index).removed) {
        beginRemoveRows({}, row, row);
        m_rows.erase(found);
        endRemoveRows();
        return;
    }
    Q_EMIT dataChanged(this->index(row, 0), this->index(row, ColumnCount - 1));
}

int ProxyTableModel::keysBound(int proxy) const
{
    if (m_boundStale) {
        m_bound.clear();
        const KeyPool& keys = m_gateway.keys();
        for (int i = 0; i < keys.size(); ++i) {
            if (!keys.at(i).removed)
                ++m_bound[keys.at(i).binding.proxy];
        }
        m_boundStale = false;
    }
    return m_bound.value(proxy);
}

int ProxyTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int ProxyTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ProxyTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Address:
        return tr("Address");
    case Type:
        return tr("Type");
    case State:
        return tr("State");
    case KeysBound:
        return tr("Keys");
    case SuccessRate:
        return tr("Success");
    case Latency:
        return tr("Latency");
    case Pace:
        return tr("Pace");
    case LastError:
        return tr("Last error");
    default:
        return {};
    }
}

QVariant ProxyTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int pool = m_rows[static_cast<size_t>(index.row())];
    const ProxyEntry& proxy = m_gateway.proxies().at(pool);
    const qint64 now = m_gateway.clock().nowMs();
    if (role == PoolIndexRole)
        return pool;
    if (role == Qt::ToolTipRole && index.column() == State)
        return m_gateway.proxies().stateText(pool, now);
    if (role == Qt::ToolTipRole && index.column() == Pace && !proxy.pace.isUnlimited())
        return tr("At most %1 calls a second as set; slower for a while after Exa's 429s through it.")
            .arg(proxy.pace.configuredRate());
    if (role == Qt::DecorationRole && index.column() == State) {
        const QColor color = !proxy.config.enabled    ? QColor(0x8a, 0x8a, 0x8a)
            : m_gateway.proxies().isUsable(pool, now) ? QColor(0x1e, 0xa4, 0x4f)
                                                      : QColor(0xe0, 0x62, 0x12);
        return color;
    }
    if (role != Qt::DisplayRole)
        return {};
    const ProxyStats& stats = proxy.stats;
    switch (index.column()) {
    case Address:
        return Format::wayOut(proxy.id);
    case Type:
        return toString(proxy.config.type);
    case State:
        return Format::proxyState(!proxy.config.enabled                         ? ProxyState::Disabled
                                      : m_gateway.proxies().isUsable(pool, now) ? ProxyState::Active
                                                                                : ProxyState::Parked);
    case KeysBound:
        return keysBound(pool);
    case SuccessRate:
        return Format::successRate(stats.successes, stats.requests);
    case Latency:
        return Format::latency(stats.latency.median());
    case Pace:
        return proxy.pace.isUnlimited() ? tr("no limit") : tr("%1/s").arg(proxy.pace.currentRate(), 0, 'g', 3);
    case LastError:
        return stats.lastError;
    default:
        return {};
    }
}

ProxiesPage::ProxiesPage(Engine& engine, QWidget* parent)
    : QWidget(parent)
    , m_engine(engine)
    , m_gateway(engine.gateway())
    , m_model(new ProxyTableModel(engine.gateway(), this))
    , m_view(new QTableView(this))
    , m_stack(new QStackedWidget(this))
{
    setObjectName(u"proxiesPage"_s);
    m_add = new QAction(tr("Add Proxies..."), this);
    m_test = new QAction(tr("Test"), this);
    m_test->setToolTip(tr("Check that Exa's address answers through the selected proxies (no key is sent, nothing "
                          "is billed)"));
    m_enable = new QAction(tr("Enable"), this);
    m_disable = new QAction(tr("Disable"), this);
    m_remove = new QAction(tr("Remove..."), this);
    m_add->setToolTip(tr("Add proxies from a list, one a line"));
    m_enable->setToolTip(tr("Let keys leave through the selected proxies again"));
    m_disable->setToolTip(tr("Keep keys from leaving through the selected proxies until enabled"));
    m_remove->setToolTip(tr("Remove the selected proxies; their keys move to the others"));
    for (const auto& [action, icon] :
         {std::pair{m_add, "add"}, std::pair{m_test, "test"}, std::pair{m_enable, "enable"},
          std::pair{m_disable, "disable"}, std::pair{m_remove, "remove"}})
        action->setIcon(actionIcon(QLatin1StringView(icon)));
    auto* toolbar = new QToolBar(this);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addAction(m_add);
    toolbar->addSeparator();
    toolbar->addActions({m_test, m_enable, m_disable, m_remove});

    m_view->setModel(m_model);
    m_view->setAccessibleName(tr("Proxies"));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->setVisible(false);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setColumnWidth(ProxyTableModel::Address, 260);
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_view->addActions({m_test, m_enable, m_disable, m_remove});

    m_stack->addWidget(makeEmptyState(
        tr("<h3>No proxies</h3><p>Keys go out directly from this computer. Add HTTP or SOCKS5 proxies and each key "
           "keeps to one of them, so Exa sees each key come from one place; a proxy that fails is set aside.</p>"),
        {{tr("Add Proxies..."), m_add}}, this));
    m_stack->addWidget(m_view);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(toolbar);
    layout->addWidget(m_stack);

    m_confirm = [this](const QString& question) {
        return QMessageBox::question(this, tr("Remove Proxies"), question) == QMessageBox::Yes;
    };
    connect(m_add, &QAction::triggered, this, &ProxiesPage::askForProxies);
    connect(m_test, &QAction::triggered, this, &ProxiesPage::testSelected);
    connect(m_enable, &QAction::triggered, this, [this] { setSelectedEnabled(true); });
    connect(m_disable, &QAction::triggered, this, [this] { setSelectedEnabled(false); });
    connect(m_remove, &QAction::triggered, this, &ProxiesPage::removeSelected);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ProxiesPage::updateActions);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &ProxiesPage::updateEmptyState);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &ProxiesPage::updateEmptyState);
    updateActions();
    updateEmptyState();
}

bool ProxiesPage::isShowingEmptyState() const
{
    return m_stack->currentIndex() == 0;
}

void ProxiesPage::updateEmptyState()
{
    m_stack->setCurrentIndex(m_model->rowCount() == 0 ? 0 : 1);
}

QList<int> ProxiesPage::selectedProxies() const
{
    QList<int> proxies;
    for (const QModelIndex& row : m_view->selectionModel()->selectedRows())
        proxies.append(row.data(ProxyTableModel::PoolIndexRole).toInt());
    return proxies;
}

void ProxiesPage::updateActions()
{
    const QList<int> proxies = selectedProxies();
    const auto enabled = [this](int proxy) { return m_gateway.proxies().at(proxy).config.enabled; };
    m_enable->setEnabled(std::any_of(proxies.cbegin(), proxies.cend(), [&](int p) { return !enabled(p); }));
    m_disable->setEnabled(std::any_of(proxies.cbegin(), proxies.cend(), enabled));
    m_remove->setEnabled(!proxies.isEmpty());
    m_test->setEnabled(std::any_of(proxies.cbegin(), proxies.cend(), [this](int p) { return !m_testing.contains(p); }));
}

QStringList ProxiesPage::idsOf(const QList<int>& proxies) const
{
    QStringList ids;
    for (const int proxy : proxies)
        ids.append(m_gateway.proxies().at(proxy).id);
    return ids;
}

void ProxiesPage::testSelected()
{
    QList<int> proxies = selectedProxies();
    proxies.removeIf([this](int proxy) { return m_testing.contains(proxy); });
    if (proxies.isEmpty())
        return;
    for (const int proxy : std::as_const(proxies))
        m_testing.insert(proxy);
    PoolTask* task = m_engine.proxies().test(idsOf(proxies));
    connect(task, &PoolTask::finished, this, [this, task, proxies] {
        task->deleteLater();
        for (const int proxy : proxies)
            m_testing.remove(proxy);
        updateActions();
        QStringList failed;
        for (const TaskItem& item : task->items()) {
            if (item.result != TaskItem::Result::Done)
                failed.append(tr("%1: %2").arg(item.id, item.message));
        }
        QStringList summary;
        if (const int working = task->count(TaskItem::Result::Done); working > 0)
            summary.append(tr("%n proxy(ies) work.", nullptr, working));
        if (!failed.isEmpty())
            summary.append(
                tr("%n proxy(ies) failed: %1", nullptr, static_cast<int>(failed.size())).arg(failed.join(u"; "_s)));
        Q_EMIT message(summary.join(u' '));
        Q_EMIT testsFinished();
    });
    Q_EMIT message(tr("Testing %n proxy(ies)...", nullptr, static_cast<int>(proxies.size())));
    updateActions();
}

void ProxiesPage::askForProxies()
{
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Add Proxies"));
    auto* text = new QPlainTextEdit(&dialog);
    text->setPlaceholderText(tr("One per line: http://host:port, socks5://user:password@host:port"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    // A list kept in a file: its lines join what is typed, to be looked over before adding.
    QPushButton* fromFile = buttons->addButton(tr("From File..."), QDialogButtonBox::ActionRole);
    connect(fromFile, &QPushButton::clicked, &dialog, [&dialog, text] {
        const QString path = QFileDialog::getOpenFileName(&dialog, tr("Import Proxies"), {},
                                                          tr("Text files (*.txt *.list *.conf);;All files (*)"));
        if (path.isEmpty())
            return;
        QFile file(path);
        if (file.size() > kMaxImportBytes || !file.open(QIODevice::ReadOnly | QIODevice::Text)) {
            QMessageBox::warning(&dialog, tr("Import Proxies"),
                                 file.size() > kMaxImportBytes
                                     ? tr("%1 is larger than 1 MiB; a proxy list is a few lines.").arg(path)
                                     : tr("%1 could not be read: %2").arg(path, file.errorString()));
            return;
        }
        text->appendPlainText(QString::fromUtf8(file.readAll()));
    });
    // Lines that are no proxy are said here, before anything is added, and the dialog stays.
    auto* problems = new QLabel(&dialog);
    problems->setObjectName(u"proxyLineProblems"_s);
    problems->setWordWrap(true);
    problems->setVisible(false);
    theme::showAsError(problems);
    auto* layout = new QVBoxLayout(&dialog);
    layout->addWidget(new QLabel(
        tr("Passwords are stored sealed, with the key the system keychain keeps; never in clear."), &dialog));
    layout->addWidget(text);
    layout->addWidget(problems);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, [&dialog, text, problems] {
        const QStringList wrong = problemsIn(text->toPlainText());
        if (wrong.isEmpty())
            return dialog.accept();
        constexpr int kShown = 5;
        QString said = tr("Correct or remove these lines first:") + u'\n' + wrong.mid(0, kShown).join(u'\n');
        if (wrong.size() > kShown)
            said += u'\n' + tr("and %n more.", nullptr, static_cast<int>(wrong.size()) - kShown);
        problems->setText(said);
        problems->setVisible(true);
    });
    connect(text, &QPlainTextEdit::textChanged, problems, &QLabel::hide);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (m_addDialogShown)
        m_addDialogShown(dialog);
    if (dialog.exec() == QDialog::Accepted)
        addProxies(text->toPlainText());
}

QStringList ProxiesPage::problemsIn(const QString& text)
{
    QStringList problems;
    for (const auto& [number, problem] : ProxyConfig::fromLines(text).problems)
        problems.append(tr("line %1: %2").arg(number).arg(problem));
    return problems;
}

void ProxiesPage::addProxies(const QString& text)
{
    PoolTask* task = m_engine.proxies().add(text);
    connect(task, &PoolTask::finished, this, [this, task] {
        task->deleteLater();
        QStringList problems;
        for (const TaskItem& item : task->items()) {
            if (item.result == TaskItem::Result::Malformed)
                problems.append(tr("line %1: %2").arg(item.line).arg(item.message));
            else if (item.result != TaskItem::Result::Done)
                problems.append(item.message);
        }
        if (!task->error().isEmpty())
            problems.append(task->error());
        Q_EMIT message(problems.isEmpty() ? tr("Proxies added.")
                                          : tr("Not every proxy was added: %1").arg(problems.join(u"; "_s)));
        Q_EMIT proxiesAdded();
    });
}

void ProxiesPage::setSelectedEnabled(bool enabled)
{
    PoolTask* task = m_engine.proxies().setEnabled(idsOf(selectedProxies()), enabled);
    connect(task, &PoolTask::finished, this, [this, task] {
        task->deleteLater();
        for (const TaskItem& item : task->items()) {
            if (item.result != TaskItem::Result::Done) {
                Q_EMIT message(item.message);
                return;
            }
        }
    });
    updateActions();
}

void ProxiesPage::removeSelected()
{
    const QList<int> proxies = selectedProxies();
    if (proxies.isEmpty()
        || !m_confirm(tr("Remove %n proxy(ies)? Their keys move to the other proxies.", nullptr,
                         static_cast<int>(proxies.size()))))
        return;
    PoolTask* task = m_engine.proxies().remove(idsOf(proxies));
    connect(task, &PoolTask::finished, this, [this, task] {
        task->deleteLater();
        for (const TaskItem& item : task->items()) {
            if (item.result != TaskItem::Result::Done)
                Q_EMIT message(tr("%1: %2").arg(item.id, item.message));
        }
    });
}

} // namespace exadesk
