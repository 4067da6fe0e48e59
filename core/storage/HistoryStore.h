#pragma once

#include "Database.h"

#include <QJsonObject>
#include <QList>

// Past searches with their results, searchable in full text (SQLite FTS5) over the queries and
// the results' titles, urls and text, and reopened without a new call.
namespace exadesk {

struct StoredResult
{
    QString url;
    QString title;
    QString text; // what full-text search sees: text, else highlights, else summary
    QJsonObject raw; // the result as Exa sent it
};

struct StoredSearch
{
    qint64 id = 0;
    QString route; // "search", "findSimilar", ...
    QString query;
    QJsonObject request;
    QString keyId;
    double costDollars = 0.0;
    qint64 createdAtMs = 0;
    int resultCount = 0;
    QString answer; // an answer's text (the Answer mode); its citations are the results
};

class HistoryStore
{
    Q_DECLARE_TR_FUNCTIONS(HistoryStore)

public:
    explicit HistoryStore(Database& database)
        : m_db(database)
    { }

    // Returns the new search's id, or 0.
    qint64 add(const StoredSearch& search, const QList<StoredResult>& results, StorageError* error);
    QList<StoredSearch> recent(int limit, StorageError* error);
    // Searches whose query or results match every word of `text` (words match as prefixes),
    // newest stored first.
    QList<StoredSearch> find(const QString& text, int limit, StorageError* error);
    QList<StoredResult> results(qint64 searchId, StorageError* error);
    bool remove(qint64 searchId, StorageError* error);
    // Every search and its results (the request log stays).
    bool clear(StorageError* error);

    // The words of `text` as an FTS5 query that cannot be misread as its syntax.
    static QString matchExpression(const QString& text);

private:
    QList<StoredSearch> searches(const QString& sql, const QVariantList& values, StorageError* error);

    Database& m_db;
};

} // namespace exadesk
