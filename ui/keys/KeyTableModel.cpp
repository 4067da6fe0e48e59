#include "KeyTableModel.h"

#include "Format.h"
#include "gateway/Gateway.h"
#include "logging/KeyMask.h"

#include <QColor>
#include <QDateTime>
#include <QIcon>
#include <QLocale>
#include <QPainter>
#include <QPixmap>

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

// "0:42", "12:05", "3:04:10": what is left of a wait.
QString countdown(qint64 ms)
{
    const qint64 seconds = std::max<qint64>(0, (ms + 999) / 1000);
    const qint64 hours = seconds / 3600;
    const QString minutesAndSeconds
        = u"%1:%2"_s.arg((seconds / 60) % 60, hours > 0 ? 2 : 1, 10, QChar(u'0')).arg(seconds % 60, 2, 10, QChar(u'0'));
    return hours > 0 ? u"%1:%2"_s.arg(hours).arg(minutesAndSeconds) : minutesAndSeconds;
}

QIcon badge(const QColor& color)
{
    QPixmap pixmap(12, 12);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(color);
    painter.drawEllipse(QRectF(1, 1, 10, 10));
    return QIcon(pixmap);
}

} // namespace

KeyTableModel::KeyTableModel(Gateway& gateway, QObject* parent)
    : QAbstractTableModel(parent)
    , m_gateway(gateway)
{
    const KeyPool& keys = gateway.keys();
    for (int i = 0; i < keys.size(); ++i) {
        if (!keys.at(i).removed) {
            m_rowOf.insert(i, static_cast<int>(m_rows.size()));
            m_rows.push_back(i);
            onChanged(i);
        }
    }
    connect(&gateway, &Gateway::keyAdded, this, &KeyTableModel::onAdded);
    connect(&gateway, &Gateway::keyRemoved, this, &KeyTableModel::onRemoved);
    connect(&gateway, &Gateway::keyStateChanged, this, &KeyTableModel::onChanged);
    connect(&gateway, &Gateway::keyStatsChanged, this, &KeyTableModel::onChanged);
    // A key's proxy can change with the proxies.
    connect(&gateway, &Gateway::proxyChanged, this, [this] {
        if (!m_rows.empty())
            Q_EMIT dataChanged(index(0, Proxy), index(rowCount() - 1, Proxy));
    });
    m_ticker.setInterval(1'000);
    connect(&m_ticker, &QTimer::timeout, this, &KeyTableModel::tick);
}

int KeyTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int KeyTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString KeyTableModel::columnName(Column column)
{
    switch (column) {
    case Label:
        return tr("Label");
    case Key:
        return tr("Key");
    case Tags:
        return tr("Tags");
    case State:
        return tr("State");
    case Failures:
        return tr("Failures");
    case SuccessRate:
        return tr("Success");
    case RateLimited:
        return tr("429s");
    case Latency:
        return tr("Latency");
    case CostToday:
        return tr("Cost today");
    case CostTotal:
        return tr("Cost total");
    case Proxy:
        return tr("Proxy");
    case LastUsed:
        return tr("Last used");
    case LastError:
        return tr("Last error");
    case ColumnCount:
        break;
    }
    return {};
}

QColor KeyTableModel::stateColor(KeyState state)
{
    switch (state) {
    case KeyState::Active:
        return QColor(0x1e, 0xa4, 0x4f);
    case KeyState::CoolingDown:
        return QColor(0xe0, 0x9b, 0x12);
    case KeyState::BreakerOpen:
        return QColor(0xe0, 0x62, 0x12);
    case KeyState::Exhausted:
        return QColor(0x8e, 0x44, 0xad);
    case KeyState::Invalid:
        return QColor(0xd0, 0x30, 0x30);
    case KeyState::Disabled:
        return QColor(0x8a, 0x8a, 0x8a);
    }
    return {};
}

QVariant KeyTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    if (role == Qt::DisplayRole)
        return columnName(static_cast<Column>(section));
    if (role == Qt::ToolTipRole && section == Latency)
        return tr("Median time Exa took to answer, over the key's last %1 answers").arg(LatencySamples::kKept);
    if (role == Qt::ToolTipRole && section == Failures)
        return tr("Failures in a row; the key rests after three");
    return {};
}

QString KeyTableModel::stateText(const KeyEntry& key) const
{
    const KeyHealth& health = key.health;
    const qint64 now = m_gateway.clock().nowMs();
    switch (health.state) {
    case KeyState::CoolingDown:
        return tr("%1 · %2").arg(Format::keyState(health.state), countdown(health.untilMs - now));
    case KeyState::BreakerOpen: {
        // Its rest is over: the next call that needs it tries it.
        const qint64 until = health.breaker.openUntilMs();
        return tr("%1 · %2").arg(Format::keyState(health.state),
                                 until > now ? countdown(until - now) : tr("next call tries it"));
    }
    case KeyState::Active:
    case KeyState::Exhausted:
    case KeyState::Invalid:
    case KeyState::Disabled:
        return Format::keyState(health.state);
    }
    return {};
}

QVariant KeyTableModel::display(const KeyEntry& key, int poolIndex, int column) const
{
    const KeyStats& stats = key.stats;
    switch (column) {
    case Label:
        return key.config.label;
    case Key:
        return maskKey(key.config.secret);
    case Tags:
        return key.config.tags.join(u", "_s);
    case State:
        return stateText(key);
    case Failures:
        return key.health.breaker.consecutiveFailures();
    case SuccessRate:
        return Format::successRate(stats.successes, stats.requests);
    case RateLimited:
        return stats.rateLimited;
    case Latency:
        return Format::latency(stats.latency.median());
    case CostToday:
        return Format::money(stats.dollarsToday);
    case CostTotal:
        return Format::money(stats.costDollars);
    case Proxy: {
        const int proxy = key.binding.proxy;
        return proxy >= 0 && proxy < m_gateway.proxies().size() ? Format::wayOut(m_gateway.proxies().at(proxy).id)
                                                                : u"—"_s;
    }
    case LastUsed: {
        if (stats.lastUsedMs <= 0)
            return tr("never");
        const QDateTime when = QDateTime::fromMSecsSinceEpoch(stats.lastUsedMs);
        return when.date() == QDate::currentDate() ? QLocale().toString(when.time(), QLocale::ShortFormat)
                                                   : QLocale().toString(when, QLocale::ShortFormat);
    }
    case LastError:
        return stats.lastError;
    }
    Q_UNUSED(poolIndex);
    return {};
}

QVariant KeyTableModel::sortValue(const KeyEntry& key, int poolIndex, int column) const
{
    const KeyStats& stats = key.stats;
    switch (column) {
    case State:
        return static_cast<int>(key.health.state);
    case Failures:
        return key.health.breaker.consecutiveFailures();
    case SuccessRate:
        return stats.requests == 0 ? -1.0 : static_cast<double>(stats.successes) / static_cast<double>(stats.requests);
    case RateLimited:
        return stats.rateLimited;
    case Latency:
        return stats.latency.median();
    case CostToday:
        return stats.dollarsToday;
    case CostTotal:
        return stats.costDollars;
    case LastUsed:
        return stats.lastUsedMs;
    default:
        return display(key, poolIndex, column);
    }
}

QVariant KeyTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int pool = m_rows[static_cast<size_t>(index.row())];
    const KeyEntry& key = m_gateway.keys().at(pool);
    switch (role) {
    case Qt::DisplayRole:
        return display(key, pool, index.column());
    case Qt::DecorationRole:
        if (index.column() == State) {
            static QHash<int, QIcon> badges;
            const int state = static_cast<int>(key.health.state);
            if (!badges.contains(state))
                badges.insert(state, badge(stateColor(key.health.state)));
            return badges.value(state);
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == State)
            return m_gateway.keys().stateText(pool, m_gateway.clock().nowMs());
        if (index.column() == LastError)
            return key.stats.lastError;
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() >= Failures && index.column() <= CostTotal)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case SortRole:
        return sortValue(key, pool, index.column());
    case PoolIndexRole:
        return pool;
    case StateRole:
        return static_cast<int>(key.health.state);
    case SearchTextRole:
        return QStringList{key.config.label, maskKey(key.config.secret), key.config.tags.join(u' '),
                           display(key, pool, Proxy).toString(), key.stats.lastError}
            .join(u'\n');
    default:
        return {};
    }
}

void KeyTableModel::onAdded(int index)
{
    const int row = static_cast<int>(m_rows.size());
    beginInsertRows({}, row, row);
    m_rows.push_back(index);
    m_rowOf.insert(index, row);
    endInsertRows();
    onChanged(index);
}

void KeyTableModel::onRemoved(int index)
{
    const int row = rowOf(index);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_rows.erase(m_rows.begin() + row);
    m_rowOf.remove(index);
    for (size_t i = static_cast<size_t>(row); i < m_rows.size(); ++i)
        m_rowOf[m_rows[i]] = static_cast<int>(i);
    m_counting.remove(index);
    endRemoveRows();
}

void KeyTableModel::onChanged(int index)
{
    const int row = rowOf(index);
    if (row < 0)
        return;
    if (isCountingDown(index))
        m_counting.insert(index);
    else
        m_counting.remove(index);
    if (!m_counting.isEmpty() && !m_ticker.isActive())
        m_ticker.start();
    Q_EMIT dataChanged(this->index(row, 0), this->index(row, ColumnCount - 1));
}

bool KeyTableModel::isCountingDown(int poolIndex) const
{
    const KeyHealth& health = m_gateway.keys().at(poolIndex).health;
    const qint64 now = m_gateway.clock().nowMs();
    return (health.state == KeyState::CoolingDown && health.untilMs > now)
        || (health.state == KeyState::BreakerOpen && health.breaker.openUntilMs() > now);
}

void KeyTableModel::tick()
{
    if (m_counting.isEmpty()) {
        m_ticker.stop();
        return;
    }
    const QSet<int> counting = m_counting;
    for (const int pool : counting) {
        const QModelIndex cell = index(rowOf(pool), State);
        Q_EMIT dataChanged(cell, cell, {Qt::DisplayRole});
        // A rest that ended leaves the key waiting for its probe, with nothing to count.
        if (!isCountingDown(pool))
            m_counting.remove(pool);
    }
}

} // namespace exadesk
