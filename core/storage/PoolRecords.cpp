#include "PoolRecords.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

const QString kKeyColumns = u"id, label, tags, note, masked, state, requests, successes, rate_limited, errors, "
                            "cost_dollars, last_error, created_at, last_used_at, daily_request_cap, "
                            "daily_dollar_cap, secret_missing"_s;

// Tags are kept as one comma-separated column: few per key, filtered with LIKE at most.
QString joinTags(const QStringList& tags)
{
    return tags.join(u',');
}

QStringList splitTags(const QString& text)
{
    return text.split(u',', Qt::SkipEmptyParts);
}

KeyRecord keyFrom(const QSqlQuery& query)
{
    KeyRecord key;
    key.id = query.value(0).toString();
    key.label = query.value(1).toString();
    key.tags = splitTags(query.value(2).toString());
    key.note = query.value(3).toString();
    key.masked = query.value(4).toString();
    key.state = keyStateNamed(query.value(5).toString()).value_or(KeyState::Active);
    key.requests = query.value(6).toLongLong();
    key.successes = query.value(7).toLongLong();
    key.rateLimited = query.value(8).toLongLong();
    key.errors = query.value(9).toLongLong();
    key.costDollars = query.value(10).toDouble();
    key.lastError = query.value(11).toString();
    key.createdAtMs = query.value(12).toLongLong();
    key.lastUsedAtMs = query.value(13).toLongLong();
    key.dailyRequestCap = query.value(14).toInt();
    key.dailyDollarCap = query.value(15).toDouble();
    key.secretMissing = query.value(16).toBool();
    return key;
}

void bindKey(QSqlQuery& query, const KeyRecord& key)
{
    query.bindValue(u":id"_s, key.id);
    query.bindValue(u":label"_s, Database::text(key.label));
    query.bindValue(u":tags"_s, Database::text(joinTags(key.tags)));
    query.bindValue(u":note"_s, Database::text(key.note));
    query.bindValue(u":masked"_s, Database::text(key.masked));
    query.bindValue(u":state"_s, toString(key.state));
    query.bindValue(u":requests"_s, key.requests);
    query.bindValue(u":successes"_s, key.successes);
    query.bindValue(u":rate_limited"_s, key.rateLimited);
    query.bindValue(u":errors"_s, key.errors);
    query.bindValue(u":cost_dollars"_s, key.costDollars);
    query.bindValue(u":last_error"_s, Database::text(key.lastError));
    query.bindValue(u":created_at"_s, key.createdAtMs > 0 ? key.createdAtMs : QDateTime::currentMSecsSinceEpoch());
    query.bindValue(u":last_used_at"_s, key.lastUsedAtMs);
    query.bindValue(u":daily_request_cap"_s, key.dailyRequestCap);
    query.bindValue(u":daily_dollar_cap"_s, key.dailyDollarCap);
    query.bindValue(u":secret_missing"_s, key.secretMissing ? 1 : 0);
}

} // namespace

QList<KeyRecord> PoolRecords::keys(StorageError* error)
{
    QList<KeyRecord> keys;
    QSqlQuery query(m_db.connection());
    // Sized first: growing a list of 10,000 rows by doubling holds two copies at its peak.
    if (query.exec(u"SELECT count(*) FROM keys"_s) && query.next())
        keys.reserve(query.value(0).toLongLong());
    // Read once, in order: no cache of every row behind the query (10,000 keys at each start).
    query.setForwardOnly(true);
    if (!query.exec(u"SELECT %1 FROM keys ORDER BY created_at, rowid"_s.arg(kKeyColumns))) {
        *error = Database::errorFrom(query.lastError(), tr("read the keys"));
        return keys;
    }
    while (query.next())
        keys.append(keyFrom(query));
    return keys;
}

std::optional<KeyRecord> PoolRecords::key(const QString& id, StorageError* error)
{
    QSqlQuery query(m_db.connection());
    query.prepare(u"SELECT %1 FROM keys WHERE id = ?"_s.arg(kKeyColumns));
    query.addBindValue(id);
    if (!query.exec()) {
        *error = Database::errorFrom(query.lastError(), tr("read a key"));
        return std::nullopt;
    }
    if (!query.next())
        return std::nullopt;
    return keyFrom(query);
}

bool PoolRecords::insertKeys(const QList<KeyRecord>& keys, const QList<QByteArray>& sealed, StorageError* error)
{
    return m_db.inTransaction(
        [&] {
            QSqlQuery insert(m_db.connection());
            insert.prepare(u"INSERT INTO keys (%1, sealed_secret) VALUES (:id, :label, :tags, :note, :masked, "
                           ":state, :requests, :successes, :rate_limited, :errors, :cost_dollars, :last_error, "
                           ":created_at, :last_used_at, :daily_request_cap, :daily_dollar_cap, :secret_missing, "
                           ":sealed)"_s.arg(kKeyColumns));
            for (qsizetype i = 0; i < keys.size(); ++i) {
                bindKey(insert, keys.at(i));
                const QByteArray secret = sealed.value(i);
                insert.bindValue(u":sealed"_s, secret.isEmpty() ? QVariant() : QVariant(secret));
                if (!insert.exec()) {
                    *error = Database::errorFrom(insert.lastError(), tr("add key %1").arg(keys.at(i).label));
                    return false;
                }
            }
            return true;
        },
        error);
}

bool PoolRecords::removeKeys(const QStringList& ids, StorageError* error)
{
    return m_db.inTransaction(
        [&] {
            QSqlQuery remove(m_db.connection());
            remove.prepare(u"DELETE FROM keys WHERE id = ?"_s);
            for (const QString& id : ids) {
                remove.addBindValue(id);
                if (!remove.exec()) {
                    *error = Database::errorFrom(remove.lastError(), tr("remove a key"));
                    return false;
                }
            }
            return true;
        },
        error);
}

bool PoolRecords::updateKey(const KeyRecord& key, StorageError* error)
{
    QSqlQuery query(m_db.connection());
    query.prepare(u"UPDATE keys SET label = :label, tags = :tags, note = :note, masked = :masked, state = :state, "
                  "requests = :requests, successes = :successes, rate_limited = :rate_limited, errors = :errors, "
                  "cost_dollars = :cost_dollars, last_error = :last_error, created_at = :created_at, "
                  "last_used_at = :last_used_at, daily_request_cap = :daily_request_cap, "
                  "daily_dollar_cap = :daily_dollar_cap, secret_missing = :secret_missing WHERE id = :id"_s);
    bindKey(query, key);
    if (!query.exec()) {
        *error = Database::errorFrom(query.lastError(), tr("save key %1").arg(key.label));
        return false;
    }
    return true;
}

bool PoolRecords::setSecretMissing(const QStringList& ids, bool missing, StorageError* error)
{
    return m_db.inTransaction(
        [&] {
            QSqlQuery query(m_db.connection());
            query.prepare(u"UPDATE keys SET secret_missing = ? WHERE id = ?"_s);
            for (const QString& id : ids) {
                query.addBindValue(missing ? 1 : 0);
                query.addBindValue(id);
                if (!query.exec()) {
                    *error = Database::errorFrom(query.lastError(), tr("flag a key"));
                    return false;
                }
            }
            return true;
        },
        error);
}

bool PoolRecords::isEmpty(StorageError* error)
{
    QSqlQuery query(m_db.connection());
    if (!query.exec(u"SELECT EXISTS (SELECT 1 FROM keys) OR EXISTS (SELECT 1 FROM proxies)"_s) || !query.next()) {
        *error = Database::errorFrom(query.lastError(), tr("read the keys"));
        return true;
    }
    return !query.value(0).toBool();
}

QList<ProxyRecord> PoolRecords::proxies(StorageError* error)
{
    QList<ProxyRecord> proxies;
    QSqlQuery query(m_db.connection());
    if (!query.exec(u"SELECT id, url, enabled, has_password, created_at FROM proxies ORDER BY created_at, id"_s)) {
        *error = Database::errorFrom(query.lastError(), tr("read the proxies"));
        return proxies;
    }
    while (query.next())
        proxies.append({query.value(0).toString(), query.value(1).toString(), query.value(2).toBool(),
                        query.value(3).toBool(), query.value(4).toLongLong()});
    return proxies;
}

bool PoolRecords::insertProxy(const ProxyRecord& proxy, const QByteArray& sealedPassword, StorageError* error)
{
    QSqlQuery query(m_db.connection());
    query.prepare(u"INSERT INTO proxies (id, url, enabled, has_password, created_at, sealed_password) "
                  "VALUES (?, ?, ?, ?, ?, ?)"_s);
    query.addBindValue(proxy.id);
    query.addBindValue(Database::text(proxy.url));
    query.addBindValue(proxy.enabled ? 1 : 0);
    query.addBindValue(proxy.hasPassword ? 1 : 0);
    query.addBindValue(proxy.createdAtMs > 0 ? proxy.createdAtMs : QDateTime::currentMSecsSinceEpoch());
    query.addBindValue(sealedPassword.isEmpty() ? QVariant() : QVariant(sealedPassword));
    if (!query.exec()) {
        *error = Database::errorFrom(query.lastError(), tr("add proxy %1").arg(proxy.url));
        return false;
    }
    return true;
}

bool PoolRecords::updateProxy(const ProxyRecord& proxy, StorageError* error)
{
    QSqlQuery query(m_db.connection());
    query.prepare(u"UPDATE proxies SET url = ?, enabled = ?, has_password = ? WHERE id = ?"_s);
    query.addBindValue(Database::text(proxy.url));
    query.addBindValue(proxy.enabled ? 1 : 0);
    query.addBindValue(proxy.hasPassword ? 1 : 0);
    query.addBindValue(proxy.id);
    if (!query.exec()) {
        *error = Database::errorFrom(query.lastError(), tr("save proxy %1").arg(proxy.url));
        return false;
    }
    return true;
}

bool PoolRecords::removeProxy(const QString& id, StorageError* error)
{
    QSqlQuery query(m_db.connection());
    query.prepare(u"DELETE FROM proxies WHERE id = ?"_s);
    query.addBindValue(id);
    if (!query.exec()) {
        *error = Database::errorFrom(query.lastError(), tr("remove a proxy"));
        return false;
    }
    return true;
}

} // namespace exadesk
