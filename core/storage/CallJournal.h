#pragma once

#include "Database.h"
#include "RequestLog.h"

#include <QJsonObject>
#include <QString>

namespace exadesk {

// What one finished call leaves behind: a line in the request log with its attempts and, when a
// search-like call (search, find similar, contents, answer) succeeded with results, a history
// entry with them. The window, the command line and the local port record through this one place
// (calls/CallService.h makes one from a call).
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
    QString error; // for people, masked
    double costDollars = 0.0; // when 0, read from the response
    CallSource source = CallSource::Unknown;
    QList<LoggedAttempt> attemptLog;
};

class CallJournal
{
public:
    explicit CallJournal(Database& database)
        : m_db(database)
    { }

    // Returns the history entry's id (0 when nothing went to the history).
    qint64 record(const FinishedCall& call, StorageError* error);
    // Only the request log, many calls in one transaction; no history.
    bool log(const QList<FinishedCall>& calls, StorageError* error);

private:
    Database& m_db;
};

} // namespace exadesk
