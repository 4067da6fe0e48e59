#include "RequestLog.h"

#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace exadesk {

bool RequestLog::append(const QList<RequestLogEntry>& entries, StorageError* error)
{
    return m_db.inTransaction(
        [&] {
            QSqlQuery query(m_db.connection());
            query.prepare(u"INSERT INTO request_log (at, route, query, key_id, proxy_id, status, attempts, "
                          "latency_ms, cost_dollars, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
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
                if (!query.exec()) {
                    *error = Database::errorFrom(query.lastError(), tr("write the request log"));
                    return false;
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
    query.prepare(u"SELECT id, at, route, query, key_id, proxy_id, status, attempts, latency_ms, cost_dollars, error "
                  "FROM request_log WHERE (? = 0 OR status = ?) AND (? = '' OR key_id = ?) "
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
        entries.append({query.value(0).toLongLong(), query.value(1).toLongLong(), query.value(2).toString(),
                        query.value(3).toString(), query.value(4).toString(), query.value(5).toString(),
                        query.value(6).toInt(), query.value(7).toInt(), query.value(8).toLongLong(),
                        query.value(9).toDouble(), query.value(10).toString()});
    return entries;
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
