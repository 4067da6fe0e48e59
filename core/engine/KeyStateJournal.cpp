#include "KeyStateJournal.h"

#include "gateway/Gateway.h"
#include "storage/RequestLog.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

constexpr int kRetrySlower = 10; // a refused batch is tried again this many intervals later

// The row's state: a refusal is remembered; the user's "disabled" is the Keys page's to set.
KeyState rowState(KeyState stored, KeyState state)
{
    if (stored == KeyState::Disabled)
        return stored;
    if (state == KeyState::Invalid || state == KeyState::Exhausted)
        return state;
    return KeyState::Active;
}

} // namespace

KeyStateJournal::KeyStateJournal(Gateway& gateway, Database& database, QObject* parent)
    : QObject(parent)
    , m_gateway(gateway)
    , m_db(database)
{
    // What the keys hold now is in their rows already (all zero for new ones).
    for (int i = 0; i < gateway.keys().size(); ++i)
        m_written.insert(i, gateway.keys().at(i).stats);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &KeyStateJournal::flush);
    connect(&gateway, &Gateway::keyStatsChanged, this, &KeyStateJournal::counted);
    connect(&gateway, &Gateway::keyStateChanged, this, [this](int index) {
        m_stateChanged.insert(index);
        counted(index);
    });
}

KeyStateJournal::~KeyStateJournal()
{
    flush();
}

void KeyStateJournal::counted(int index)
{
    m_counted.insert(index);
    if (!m_timer.isActive() && !m_failing)
        m_timer.start(m_interval);
}

KeyStats KeyStateJournal::written(int index) const
{
    return m_written.value(index); // a key added since: nothing of it written yet
}

bool KeyStateJournal::flush()
{
    m_timer.stop();
    if (m_counted.isEmpty())
        return true;
    StorageError error;
    PoolRecords records(m_db);
    QHash<int, KeyStats> nowWritten;
    const bool done = m_db.inTransaction(
        [&] {
            for (const int index : std::as_const(m_counted)) {
                const KeyEntry& key = m_gateway.keys().at(index);
                std::optional<KeyRecord> row = records.key(key.config.id, &error);
                if (error.isError())
                    return false;
                if (key.removed || !row)
                    continue; // gone from the database too, or never in it (a keys file)
                const KeyStats& now = key.stats;
                const KeyStats before = written(index);
                row->requests += now.requests - before.requests;
                row->successes += now.successes - before.successes;
                row->rateLimited += now.rateLimited - before.rateLimited;
                row->errors += now.errors - before.errors;
                row->costDollars += now.costDollars - before.costDollars;
                if (now.lastUsedMs > row->lastUsedAtMs) {
                    row->lastUsedAtMs = now.lastUsedMs;
                    row->lastError = now.lastError;
                }
                if (m_stateChanged.contains(index))
                    row->state = rowState(row->state, key.health.state);
                if (!records.updateKey(*row, &error))
                    return false;
                nowWritten.insert(index, now);
            }
            return true;
        },
        &error);
    if (!done) {
        if (!m_failing)
            Q_EMIT failed(error.message);
        m_failing = true;
        m_timer.start(m_interval * kRetrySlower); // kept, and tried again
        return false;
    }
    m_failing = false;
    m_written.insert(nowWritten);
    m_counted.clear();
    m_stateChanged.clear();
    return true;
}

void KeyStateJournal::restore(const QList<KeyRecord>& rows, bool withState)
{
    const qint64 todayMs = QDate::currentDate().startOfDay().toMSecsSinceEpoch();
    StorageError error;
    const QHash<QString, RequestLog::Usage> today = RequestLog(m_db).usageSince(todayMs, &error);
    for (const KeyRecord& row : rows) {
        const int index = m_gateway.keys().indexOf(row.id);
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
        const bool refused = row.state == KeyState::Invalid || row.state == KeyState::Exhausted;
        m_gateway.restoreKey(index, stats, withState && refused ? row.state : KeyState::Active, row.lastError);
        m_written.insert(index, m_gateway.keys().at(index).stats);
        m_counted.remove(index);
        m_stateChanged.remove(index);
    }
}

} // namespace exadesk
