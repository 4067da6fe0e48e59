#pragma once

#include "Database.h"

#include <QJsonObject>
#include <QString>

namespace exadesk {

// What one finished search-like call (search, find similar, contents, answer) leaves behind:
// a line in the request log and, when it succeeded with results, a history entry with them.
// The command line and the window record their calls through this one place.
struct FinishedCall
{
    QString route; // "search", "findSimilar", "contents", "answer"
    QString query; // what a person would call the question (a URL for find similar)
    QJsonObject request;
    QJsonObject response; // Exa's answer, when it succeeded
    qint64 startedAtMs = 0;
    qint64 latencyMs = 0;
    QString keyId;
    QString proxyId;
    int httpStatus = 0;
    int attempts = 0;
    QString error; // for people, masked
};

class CallJournal
{
public:
    explicit CallJournal(Database& database)
        : m_db(database)
    { }

    // Returns the history entry's id (0 when nothing went to the history).
    qint64 record(const FinishedCall& call, StorageError* error);

private:
    Database& m_db;
};

} // namespace exadesk
