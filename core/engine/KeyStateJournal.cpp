#include "KeyStateJournal.h"

#include "gateway/Gateway.h"
#include "storage/RequestLog.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

constexpr int kRetrySlower = 10; // a refused batch is tried again this many intervals later
constexpr qsizetype kReadOneByOne = 64; // more keys to write than this: their rows are read at once
const QString kRoundRobinNote = QStringLiteral("round_robin_after");

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
        setWritten(i, gateway.keys().at(i).stats);
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

KeyStateJournal::Counters KeyStateJournal::written(int index) const
{
    // A key added since: nothing of it written yet.
    return index < static_cast<int>(m_written.size()) ? m_written[static_cast<size_t>(index)] : Counters{};
}

void KeyStateJournal::setWritten(int index, const KeyStats& stats)
{
    if (index >= static_cast<int>(m_written.size()))
        m_written.resize(static_cast<size_t>(index) + 1);
    m_written[static_cast<size_t>(index)]
        = {stats.requests, stats.successes, stats.rateLimited, stats.errors, stats.costDollars};
}

bool KeyStateJournal::flush()
{
    m_timer.stop();
    if (m_counted.isEmpty() && m_gateway.keys().lastAcquired() == m_cursorWritten)
        return true;
    StorageError error;
    PoolRecords records(m_db);
    LearnedState learned(m_db);
    QList<int> nowWritten; // keys whose counters this write brings up to date
    const QList<KeyHealthRecord> health = healthToWrite();
    const int cursor = m_gateway.keys().lastAcquired();
    const bool done = m_db.inTransaction(
        [&] {
            if (!learned.saveKeyHealth(health, &error))
                return false;
            if (cursor >= 0 && cursor != m_cursorWritten
                && !learned.setNote(kRoundRobinNote, m_gateway.keys().at(cursor).config.id, &error))
                return false;
            // Many keys at once (thousands just imported, say) are read in one query.
            QHash<QString, KeyRecord> rows;
            if (m_counted.size() > kReadOneByOne) {
                for (const KeyRecord& row : records.keys(&error))
                    rows.insert(row.id, row);
                if (error.isError())
                    return false;
            }
            for (const int index : std::as_const(m_counted)) {
                const KeyEntry& key = m_gateway.keys().at(index);
                std::optional<KeyRecord> row;
                if (m_counted.size() > kReadOneByOne) {
                    if (const auto found = rows.constFind(key.config.id); found != rows.cend())
                        row = found.value();
                } else {
                    row = records.key(key.config.id, &error);
                }
                if (error.isError())
                    return false;
                if (key.removed || !row)
                    continue; // gone from the database too, or never in it (a keys file)
                const KeyStats& now = key.stats;
                const Counters before = written(index);
                const KeyRecord stored = *row;
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
                nowWritten.append(index);
                // A key that only joined the pool (or whose count was already written) has
                // nothing new for its row.
                if (row->requests == stored.requests && row->successes == stored.successes
                    && row->rateLimited == stored.rateLimited && row->errors == stored.errors
                    && row->costDollars == stored.costDollars && row->lastUsedAtMs == stored.lastUsedAtMs
                    && row->state == stored.state)
                    continue;
                if (!records.updateKey(*row, &error))
                    return false;
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
    m_cursorWritten = cursor;
    for (const KeyHealthRecord& row : health) {
        const int index = m_gateway.keys().indexOf(row.keyId);
        if (row.state == KeyState::Active)
            m_refused.remove(index);
        else
            m_refused.insert(index);
    }
    // In the same turn of the event loop: the counters are still those just written.
    for (const int index : std::as_const(nowWritten))
        setWritten(index, m_gateway.keys().at(index).stats);
    m_counted.clear();
    m_stateChanged.clear();
    return true;
}

QList<KeyHealthRecord> KeyStateJournal::healthToWrite() const
{
    QList<KeyHealthRecord> rows;
    for (const int index : std::as_const(m_stateChanged)) {
        const KeyEntry& key = m_gateway.keys().at(index);
        const KeyState state = key.health.state;
        if (state == KeyState::Invalid || state == KeyState::Exhausted)
            rows.append({key.config.id, state, key.health.reason, key.health.untilMs, key.health.recheckIntervalMs});
        else if (m_refused.contains(index) && state != KeyState::Disabled)
            rows.append({key.config.id, KeyState::Active, {}, 0, 0}); // good again: forgotten
    }
    return rows;
}

void KeyStateJournal::restore(const QList<KeyRecord>& rows)
{
    const qint64 todayMs = QDate::currentDate().startOfDay().toMSecsSinceEpoch();
    StorageError error;
    const QHash<QString, RequestLog::Usage> today = RequestLog(m_db).usageSince(todayMs, &error);
    const QHash<QString, QList<qint64>> latencies
        = RequestLog(m_db).latenciesSince(todayMs, LatencySamples::kKept, &error);
    LearnedState learned(m_db);
    QHash<QString, KeyHealthRecord> health;
    for (const KeyHealthRecord& row : learned.keyHealth(&error))
        health.insert(row.keyId, row);

    // A key at a time, straight into the pool: ten thousand keys' memories are never all held
    // at once beside the rows they come from.
    const auto restoreOne = [&](const QString& id, KeyMemory memory) {
        if (const auto learnt = health.constFind(id); learnt != health.cend()) {
            memory.refusal = learnt->state;
            memory.reason = learnt->reason;
            memory.recheckAtMs = learnt->recheckAtMs;
            memory.recheckIntervalMs = learnt->recheckIntervalMs;
        }
        const int index = m_gateway.keys().indexOf(id);
        if (index < 0)
            return;
        m_gateway.restoreKey(index, memory);
        setWritten(index, m_gateway.keys().at(index).stats);
        m_counted.remove(index);
        m_stateChanged.remove(index);
        if (health.contains(id)) {
            m_refused.insert(index);
        } else if (memory.refusal != KeyState::Active) {
            // Written down with its re-check time, so a run that never re-checks frees it then.
            m_stateChanged.insert(index);
            counted(index);
        }
    };
    QSet<QString> withRows;
    withRows.reserve(rows.size());
    for (const KeyRecord& row : rows) {
        KeyMemory memory;
        KeyStats& stats = memory.stats;
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
        for (const qint64 ms : latencies.value(row.id))
            stats.latency.add(ms);
        // A row from before refusals were learnt by id: parked from now, checked again later.
        if (row.state == KeyState::Invalid || row.state == KeyState::Exhausted) {
            memory.refusal = row.state;
            memory.reason = row.lastError;
        }
        withRows.insert(row.id);
        restoreOne(row.id, std::move(memory));
    }
    // Keys without a row (given for this run) that an earlier run found refused.
    for (auto learnt = health.cbegin(); learnt != health.cend(); ++learnt)
        if (!withRows.contains(learnt.key()))
            restoreOne(learnt.key(), KeyMemory{});
    if (const auto after = learned.note(kRoundRobinNote, &error)) {
        m_cursorWritten = m_gateway.keys().indexOf(*after);
        m_gateway.continueAfter(m_cursorWritten);
    }
}

} // namespace exadesk
