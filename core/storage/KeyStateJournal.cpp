#include "KeyStateJournal.h"

#include "RequestLog.h"
#include "gateway/Gateway.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

// The row's state: a refusal is remembered; the user's "disabled" is the Keys page's to set.
QString rowState(const QString& stored, KeyState state)
{
    if (stored == "disabled"_L1)
        return stored;
    if (state == KeyState::Invalid)
        return u"invalid"_s;
    if (state == KeyState::Exhausted)
        return u"exhausted"_s;
    return u"active"_s;
}

} // namespace

KeyStateJournal::KeyStateJournal(Gateway& gateway, Database& database, QObject* parent)
    : QObject(parent)
    , m_gateway(gateway)
    , m_db(database)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(std::chrono::seconds(2));
    connect(&m_timer, &QTimer::timeout, this, &KeyStateJournal::flush);
    connect(&gateway, &Gateway::keyStateChanged, this, &KeyStateJournal::changed);
    connect(&gateway, &Gateway::keyStatsChanged, this, &KeyStateJournal::changed);
}

KeyStateJournal::~KeyStateJournal()
{
    flush();
}

void KeyStateJournal::changed(int index)
{
    m_dirty.insert(index);
    if (!m_timer.isActive())
        m_timer.start();
}

bool KeyStateJournal::flush()
{
    m_timer.stop();
    if (m_dirty.isEmpty())
        return true;
    StorageError error;
    PoolRecords records(m_db);
    const bool written = m_db.inTransaction(
        [&] {
            for (const int index : std::as_const(m_dirty)) {
                const KeyEntry& key = m_gateway.keys().at(index);
                std::optional<KeyRecord> row = records.key(key.config.id, &error);
                if (error.isError())
                    return false;
                if (key.removed || !row)
                    continue; // gone from the database too, or never in it (a keys file)
                const KeyStats& stats = key.stats;
                row->state = rowState(row->state, key.health.state);
                row->requests = stats.requests;
                row->successes = stats.successes;
                row->rateLimited = stats.rateLimited;
                row->errors = stats.errors;
                row->costDollars = stats.costDollars;
                row->lastError = stats.lastError;
                row->lastUsedAtMs = stats.lastUsedMs;
                if (!records.updateKey(*row, &error))
                    return false;
            }
            return true;
        },
        &error);
    if (!written) {
        Q_EMIT failed(error.message);
        m_timer.start(m_timer.interval() * 10); // kept, and tried again
        return false;
    }
    m_dirty.clear();
    return true;
}

void KeyStateJournal::restore(Gateway& gateway, Database& database, const QList<KeyRecord>& rows)
{
    const qint64 todayMs = QDate::currentDate().startOfDay().toMSecsSinceEpoch();
    StorageError error;
    const QHash<QString, RequestLog::Usage> today = RequestLog(database).usageSince(todayMs, &error);
    for (const KeyRecord& row : rows) {
        const int index = gateway.keys().indexOf(row.id);
        if (index < 0)
            continue;
        KeyStats stats;
        stats.requests = row.requests;
        stats.successes = row.successes;
        stats.rateLimited = row.rateLimited;
        stats.errors = row.errors;
        stats.costDollars = row.costDollars;
        stats.lastError = row.lastError;
        stats.lastUsedMs = row.lastUsedAtMs;
        stats.dayStartMs = todayMs;
        stats.requestsToday = today.value(row.id).requests;
        stats.dollarsToday = today.value(row.id).dollars;
        const KeyState state = row.state == "invalid"_L1 ? KeyState::Invalid
            : row.state == "exhausted"_L1                ? KeyState::Exhausted
                                                         : KeyState::Active;
        gateway.restoreKey(index, stats, state, row.lastError);
    }
}

} // namespace exadesk
