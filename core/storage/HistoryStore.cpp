#include "HistoryStore.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

#include <set>

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

const QString kSearchColumns = u"s.id, s.route, s.query, s.request, s.key_id, s.cost_dollars, s.created_at, "
                               "(SELECT count(*) FROM search_results r WHERE r.search_id = s.id), s.answer"_s;

} // namespace

QString HistoryStore::matchExpression(const QString& text)
{
    // Each word becomes a quoted string (quotes doubled) with a prefix star: "rust"* "async"*.
    static const QRegularExpression separators(u"[\\s\\p{P}\\p{S}]+"_s);
    QStringList terms;
    const QStringList words = text.split(separators, Qt::SkipEmptyParts);
    for (const QString& word : words)
        terms.append(u"\"%1\"*"_s.arg(QString(word).replace(u'"', u"\"\""_s)));
    return terms.join(u' ');
}

qint64 HistoryStore::add(const StoredSearch& search, const QList<StoredResult>& results, StorageError* error)
{
    qint64 id = 0;
    const bool added = m_db.inTransaction(
        [&] {
            QSqlQuery insert(m_db.connection());
            insert.prepare(u"INSERT INTO searches (route, query, request, key_id, cost_dollars, created_at, answer) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?)"_s);
            insert.addBindValue(Database::text(search.route));
            insert.addBindValue(Database::text(search.query));
            insert.addBindValue(QString::fromUtf8(QJsonDocument(search.request).toJson(QJsonDocument::Compact)));
            insert.addBindValue(search.keyId);
            insert.addBindValue(search.costDollars);
            insert.addBindValue(search.createdAtMs > 0 ? search.createdAtMs : QDateTime::currentMSecsSinceEpoch());
            insert.addBindValue(Database::text(search.answer));
            if (!insert.exec()) {
                *error = Database::errorFrom(insert.lastError(), tr("save the search"));
                return false;
            }
            id = insert.lastInsertId().toLongLong();
            QSqlQuery result(m_db.connection());
            result.prepare(u"INSERT INTO search_results (search_id, position, url, title, text, raw) "
                           "VALUES (?, ?, ?, ?, ?, ?)"_s);
            for (int position = 0; position < results.size(); ++position) {
                const StoredResult& stored = results.at(position);
                result.addBindValue(id);
                result.addBindValue(position);
                result.addBindValue(Database::text(stored.url));
                result.addBindValue(Database::text(stored.title));
                result.addBindValue(Database::text(stored.text));
                result.addBindValue(QString::fromUtf8(QJsonDocument(stored.raw).toJson(QJsonDocument::Compact)));
                if (!result.exec()) {
                    *error = Database::errorFrom(result.lastError(), tr("save the search's results"));
                    return false;
                }
            }
            return true;
        },
        error);
    return added ? id : 0;
}

QList<StoredSearch> HistoryStore::searches(const QString& sql, const QVariantList& values, StorageError* error)
{
    QList<StoredSearch> found;
    QSqlQuery query(m_db.connection());
    query.prepare(sql);
    for (const QVariant& value : values)
        query.addBindValue(value);
    if (!query.exec()) {
        *error = Database::errorFrom(query.lastError(), tr("read the history"));
        return found;
    }
    while (query.next()) {
        StoredSearch search;
        search.id = query.value(0).toLongLong();
        search.route = query.value(1).toString();
        search.query = query.value(2).toString();
        search.request = QJsonDocument::fromJson(query.value(3).toString().toUtf8()).object();
        search.keyId = query.value(4).toString();
        search.costDollars = query.value(5).toDouble();
        search.createdAtMs = query.value(6).toLongLong();
        search.resultCount = query.value(7).toInt();
        search.answer = query.value(8).toString();
        found.append(search);
    }
    return found;
}

QList<StoredSearch> HistoryStore::recent(int limit, StorageError* error)
{
    return searches(u"SELECT %1 FROM searches s ORDER BY s.created_at DESC, s.id DESC LIMIT ?"_s.arg(kSearchColumns),
                    {limit}, error);
}

QList<StoredSearch> HistoryStore::find(const QString& text, int limit, StorageError* error)
{
    const QString match = matchExpression(text);
    if (match.isEmpty())
        return recent(limit, error);
    // Newest first, and no further than needed: both full-text indexes are walked from their
    // newest rows down (ids grow as history is stored), and the walk stops once `limit`
    // searches are found, so a word in every result costs no more than a rare one.
    std::set<qint64, std::greater<>> ids;
    const auto collect = [&](const QString& sql) {
        QSqlQuery query(m_db.connection());
        query.setForwardOnly(true);
        query.prepare(sql);
        query.addBindValue(match);
        if (!query.exec()) {
            *error = Database::errorFrom(query.lastError(), tr("search the history"));
            return false;
        }
        std::set<qint64> found;
        while (static_cast<int>(found.size()) < limit && query.next())
            found.insert(query.value(0).toLongLong());
        ids.insert(found.begin(), found.end());
        return true;
    };
    if (!collect(u"SELECT rowid FROM searches_fts WHERE searches_fts MATCH ? ORDER BY rowid DESC"_s)
        || !collect(u"SELECT r.search_id FROM search_results_fts f JOIN search_results r ON r.id = f.rowid "
                    "WHERE search_results_fts MATCH ? ORDER BY f.rowid DESC"_s))
        return {};
    QStringList newest;
    for (const qint64 id : ids) {
        if (newest.size() == limit)
            break;
        newest.append(QString::number(id));
    }
    if (newest.isEmpty())
        return {};
    return searches(
        u"SELECT %1 FROM searches s WHERE s.id IN (%2) ORDER BY s.id DESC"_s.arg(kSearchColumns, newest.join(u',')), {},
        error);
}

QList<StoredResult> HistoryStore::results(qint64 searchId, StorageError* error)
{
    QList<StoredResult> results;
    QSqlQuery query(m_db.connection());
    query.prepare(u"SELECT url, title, text, raw FROM search_results WHERE search_id = ? ORDER BY position"_s);
    query.addBindValue(searchId);
    if (!query.exec()) {
        *error = Database::errorFrom(query.lastError(), tr("read a search's results"));
        return results;
    }
    while (query.next())
        results.append({query.value(0).toString(), query.value(1).toString(), query.value(2).toString(),
                        QJsonDocument::fromJson(query.value(3).toString().toUtf8()).object()});
    return results;
}

bool HistoryStore::remove(qint64 searchId, StorageError* error)
{
    QSqlQuery query(m_db.connection());
    query.prepare(u"DELETE FROM searches WHERE id = ?"_s);
    query.addBindValue(searchId);
    if (!query.exec()) {
        *error = Database::errorFrom(query.lastError(), tr("remove a search"));
        return false;
    }
    return true;
}

bool HistoryStore::clear(StorageError* error)
{
    QSqlQuery query(m_db.connection());
    if (!query.exec(u"DELETE FROM searches"_s)) {
        *error = Database::errorFrom(query.lastError(), tr("clear the history"));
        return false;
    }
    return true;
}

} // namespace exadesk
