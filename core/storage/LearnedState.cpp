#include "LearnedState.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace exadesk {

QList<KeyHealthRecord> LearnedState::keyHealth(StorageError* error)
{
    QSqlQuery query(m_db.connection());
    if (!query.exec(u"SELECT key_id, state, reason, recheck_at, recheck_interval_ms FROM key_health"_s)) {
        *error = Database::errorFrom(query.lastError(), tr("read what was learnt of the keys"));
        return {};
    }
    QList<KeyHealthRecord> rows;
    while (query.next()) {
        const std::optional<KeyState> state = keyStateNamed(query.value(1).toString());
        if (state != KeyState::Invalid && state != KeyState::Exhausted)
            continue;
        rows.append({query.value(0).toString(), *state, query.value(2).toString(), query.value(3).toLongLong(),
                     query.value(4).toLongLong()});
    }
    return rows;
}

bool LearnedState::saveKeyHealth(const QList<KeyHealthRecord>& rows, StorageError* error)
{
    QSqlQuery save(m_db.connection());
    save.prepare(u"INSERT OR REPLACE INTO key_health (key_id, state, reason, recheck_at, recheck_interval_ms, "
                 "updated_at) VALUES (?, ?, ?, ?, ?, ?)"_s);
    QSqlQuery forget(m_db.connection());
    forget.prepare(u"DELETE FROM key_health WHERE key_id = ?"_s);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const KeyHealthRecord& row : rows) {
        const bool refused = row.state == KeyState::Invalid || row.state == KeyState::Exhausted;
        QSqlQuery& query = refused ? save : forget;
        query.addBindValue(row.keyId);
        if (refused) {
            query.addBindValue(toString(row.state));
            query.addBindValue(Database::text(row.reason));
            query.addBindValue(row.recheckAtMs);
            query.addBindValue(row.recheckIntervalMs);
            query.addBindValue(now);
        }
        if (!query.exec()) {
            *error = Database::errorFrom(query.lastError(), tr("save what was learnt of a key"));
            return false;
        }
    }
    return true;
}

QList<ResearchJobRecord> LearnedState::researchJobs(int limit, StorageError* error)
{
    QSqlQuery query(m_db.connection());
    query.prepare(u"SELECT research_id, key_id, billed, created_at FROM (SELECT * FROM research_jobs "
                  "ORDER BY created_at DESC LIMIT ?) ORDER BY created_at"_s);
    query.addBindValue(limit);
    if (!query.exec()) {
        *error = Database::errorFrom(query.lastError(), tr("read the research tasks' keys"));
        return {};
    }
    QList<ResearchJobRecord> jobs;
    while (query.next())
        jobs.append({query.value(0).toString(), query.value(1).toString(), query.value(2).toBool(),
                     query.value(3).toLongLong()});
    return jobs;
}

bool LearnedState::saveResearchJob(const ResearchJobRecord& job, StorageError* error)
{
    QSqlQuery query(m_db.connection());
    // A task seen again (its cost booked now) keeps the key it was started with.
    query.prepare(u"INSERT INTO research_jobs (research_id, key_id, billed, created_at) VALUES (?, ?, ?, ?) "
                  "ON CONFLICT(research_id) DO UPDATE SET billed = max(billed, excluded.billed)"_s);
    query.addBindValue(job.researchId);
    query.addBindValue(job.keyId);
    query.addBindValue(job.billed ? 1 : 0);
    query.addBindValue(job.createdAtMs);
    if (!query.exec()) {
        *error = Database::errorFrom(query.lastError(), tr("save a research task's key"));
        return false;
    }
    return true;
}

std::optional<QString> LearnedState::note(const QString& name, StorageError* error)
{
    QSqlQuery query(m_db.connection());
    query.prepare(u"SELECT value FROM engine_notes WHERE name = ?"_s);
    query.addBindValue(name);
    if (!query.exec()) {
        *error = Database::errorFrom(query.lastError(), tr("read the engine's notes"));
        return std::nullopt;
    }
    if (!query.next())
        return std::nullopt;
    return query.value(0).toString();
}

bool LearnedState::setNote(const QString& name, const QString& value, StorageError* error)
{
    QSqlQuery query(m_db.connection());
    query.prepare(u"INSERT OR REPLACE INTO engine_notes (name, value) VALUES (?, ?)"_s);
    query.addBindValue(name);
    query.addBindValue(value);
    if (!query.exec()) {
        *error = Database::errorFrom(query.lastError(), tr("save the engine's notes"));
        return false;
    }
    return true;
}

} // namespace exadesk
