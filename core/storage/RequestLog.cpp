#include "RequestLog.h"

#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace exadesk {

namespace {

QString sourceName(CallSource source)
{
    switch (source) {
    case CallSource::Window:
        return u"window"_s;
    case CallSource::CommandLine:
        return u"cli"_s;
    case CallSource::LocalPort:
        return u"port"_s;
    case CallSource::Mcp:
        return u"mcp"_s;
    case CallSource::KeyCheck:
        return u"check"_s;
    case CallSource::Unknown:
        break;
    }
    return {};
}

CallSource sourceNamed(const QString& name)
{
    for (const CallSource source :
         {CallSource::Window, CallSource::CommandLine, CallSource::LocalPort, CallSource::Mcp, CallSource::KeyCheck}) {
        if (sourceName(source) == name)
            return source;
    }
    return CallSource::Unknown;
}

} // namespace

bool RequestLog::append(const QList<RequestLogEntry>& entries, StorageError* error)
{
    return m_db.inTransaction(
        [&] {
            QSqlQuery query(m_db.connection());
            query.prepare(u"INSERT INTO request_log (at, route, query, key_id, proxy_id, status, attempts, "
                          "latency_ms, cost_dollars, error, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
            QSqlQuery attempt(m_db.connection());
            attempt.prepare(u"INSERT INTO request_attempts (request_id, number, at, key_id, proxy_id, status, "
                            "outcome, latency_ms, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
            for (const RequestLogEntry& entry : entries) {
                query.addBindValue(entry.atMs);
                query.addBindValue(Database::text(entry.route));
                query.addBindValue(Database::text(entry.query.left(kQueryLength)));
                query.addBindValue(Database::text(entry.keyId));
                query.addBindValue(Database::text(entry.proxyId));
                query.addBindValue(entry.status);
                query.addBindValue(entry.attempts);
                query.addBindValue(entry.latencyMs);
                query.addBindValue(entry.costDollars);
                query.addBindValue(Database::text(entry.error));
                query.addBindValue(Database::text(sourceName(entry.source)));
                if (!query.exec()) {
                    *error = Database::errorFrom(query.lastError(), tr("write the request log"));
                    return false;
                }
                const qint64 id = query.lastInsertId().toLongLong();
                for (const LoggedAttempt& tried : entry.attemptLog) {
                    attempt.addBindValue(id);
                    attempt.addBindValue(tried.number);
                    attempt.addBindValue(tried.atMs);
                    attempt.addBindValue(Database::text(tried.keyId));
                    attempt.addBindValue(Database::text(tried.proxyId));
                    attempt.addBindValue(tried.status);
                    attempt.addBindValue(Database::text(tried.outcome));
                    attempt.addBindValue(tried.latencyMs);
                    attempt.addBindValue(Database::text(tried.error));
                    if (!attempt.exec()) {
                        *error = Database::errorFrom(attempt.lastError(), tr("write the request log"));
                        return false;
                    }
                }
            }
            return true;
        },
        error);
}

QList<RequestLogEntry> RequestLog::recent(int limit, StorageError* error, int status, const QString& keyId)
{
    QList<RequestLogEntry> entries;
    QSqlQuery query(m_db.connection());
    query.prepare(u"SELECT id, at, route, query, key_id, proxy_id, status, attempts, latency_ms, cost_dollars, error, "
                  "source FROM request_log WHERE (? = 0 OR status = ?) AND (? = '' OR key_id = ?) "
                  "ORDER BY at DESC, id DESC LIMIT ?"_s);
    query.addBindValue(status);
    query.addBindValue(status);
    query.addBindValue(Database::text(keyId));
    query.addBindValue(Database::text(keyId));
    query.addBindValue(limit);
    if (!query.exec()) {
        *error = Database::errorFrom(query.lastError(), tr("read the request log"));
        return entries;
    }
    while (query.next())
        entries.append({query.value(0).toLongLong(),
                        query.value(1).toLongLong(),
                        query.value(2).toString(),
                        query.value(3).toString(),
                        query.value(4).toString(),
                        query.value(5).toString(),
                        query.value(6).toInt(),
                        query.value(7).toInt(),
                        query.value(8).toLongLong(),
                        query.value(9).toDouble(),
                        query.value(10).toString(),
                        sourceNamed(query.value(11).toString()),
                        {}});
    return entries;
}

QList<RequestLog::Ended> RequestLog::endedBetween(qint64 sinceMs, qint64 beforeMs, StorageError* error)
{
    QList<Ended> ended;
    QSqlQuery query(m_db.connection());
    query.setForwardOnly(true);
    query.prepare(u"SELECT at + latency_ms, status, attempts, latency_ms, (SELECT outcome FROM request_attempts "
                  "WHERE request_id = request_log.id ORDER BY number DESC LIMIT 1) FROM request_log "
                  "WHERE at >= ? AND at < ? AND source != 'check' ORDER BY at"_s);
    query.addBindValue(sinceMs);
    query.addBindValue(beforeMs);
    if (!query.exec()) {
        *error = Database::errorFrom(query.lastError(), tr("read the request log"));
        return ended;
    }
    while (query.next())
        ended.append({query.value(0).toLongLong(), query.value(1).toInt(), query.value(2).toInt(),
                      query.value(3).toLongLong(), query.value(4).toString()});
    return ended;
}

QList<LoggedAttempt> RequestLog::attempts(qint64 id, StorageError* error)
{
    QList<LoggedAttempt> attempts;
    QSqlQuery query(m_db.connection());
    query.prepare(u"SELECT number, at, key_id, proxy_id, status, outcome, latency_ms, error FROM request_attempts "
                  "WHERE request_id = ? ORDER BY number"_s);
    query.addBindValue(id);
    if (!query.exec()) {
        *error = Database::errorFrom(query.lastError(), tr("read the request log"));
        return attempts;
    }
    while (query.next())
        attempts.append({query.value(0).toInt(), query.value(1).toLongLong(), query.value(2).toString(),
                         query.value(3).toString(), query.value(4).toInt(), query.value(5).toString(),
                         query.value(6).toLongLong(), query.value(7).toString()});
    return attempts;
}

QHash<QString, QList<qint64>> RequestLog::latenciesSince(qint64 sinceMs, int perKey, StorageError* error)
{
    QHash<QString, QList<qint64>> latencies;
    QSqlQuery query(m_db.connection());
    query.setForwardOnly(true);
    query.prepare(u"SELECT key_id, latency_ms FROM (SELECT key_id, latency_ms, at, ROW_NUMBER() OVER "
                  "(PARTITION BY key_id ORDER BY at DESC) AS newest FROM request_attempts WHERE at >= ? AND "
                  "key_id != '' AND status > 0 AND request_id NOT IN (SELECT id FROM request_log WHERE at >= ? AND "
                  "source = 'check')) WHERE newest <= ? ORDER BY key_id, at"_s);
    query.addBindValue(sinceMs);
    query.addBindValue(sinceMs);
    query.addBindValue(perKey);
    if (!query.exec()) {
        *error = Database::errorFrom(query.lastError(), tr("read the request log"));
        return latencies;
    }
    while (query.next())
        latencies[query.value(0).toString()].append(query.value(1).toLongLong());
    return latencies;
}

QHash<QString, RequestLog::Usage> RequestLog::usageSince(qint64 sinceMs, StorageError* error)
{
    QHash<QString, Usage> usage;
    QSqlQuery query(m_db.connection());
    // As the engine counts a day: an attempt that never reached Exa does not count, nor does a
    // key's test or re-check (what the caps are about is calls).
    query.prepare(u"SELECT key_id, count(*) FROM request_attempts WHERE at >= ? AND key_id != '' "
                  "AND outcome NOT IN ('proxy failure', 'local error') AND request_id NOT IN "
                  "(SELECT id FROM request_log WHERE at >= ? AND source = 'check') GROUP BY key_id"_s);
    query.addBindValue(sinceMs);
    query.addBindValue(sinceMs);
    if (!query.exec()) {
        *error = Database::errorFrom(query.lastError(), tr("read the request log"));
        return usage;
    }
    while (query.next())
        usage[query.value(0).toString()].requests = query.value(1).toInt();
    query.prepare(
        u"SELECT key_id, sum(cost_dollars) FROM request_log WHERE at >= ? AND key_id != '' GROUP BY key_id"_s);
    query.addBindValue(sinceMs);
    if (!query.exec()) {
        *error = Database::errorFrom(query.lastError(), tr("read the request log"));
        return usage;
    }
    while (query.next())
        usage[query.value(0).toString()].dollars = query.value(1).toDouble();
    return usage;
}

int RequestLog::prune(int days, qint64 nowMs, StorageError* error)
{
    QSqlQuery query(m_db.connection());
    query.prepare(u"DELETE FROM request_log WHERE at < ?"_s);
    query.addBindValue(nowMs - qint64(days) * 24 * 3600'000);
    if (!query.exec()) {
        *error = Database::errorFrom(query.lastError(), tr("trim the request log"));
        return -1;
    }
    return query.numRowsAffected();
}

} // namespace exadesk
