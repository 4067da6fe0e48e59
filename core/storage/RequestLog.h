#pragma once

#include "Database.h"
#include "config/SettingsRegistry.h"

#include <QHash>
#include <QList>

// What the gateway did, call by call (no secrets, no bodies): the Activity page and the
// metrics read it; it is kept for a retention period (30 days unless set otherwise).
namespace exadesk {

// One attempt of a logged call.
struct LoggedAttempt
{
    int number = 0; // 1 for the first
    qint64 atMs = 0;
    QString keyId;
    QString proxyId;
    int status = 0; // 0 when Exa did not answer
    QString outcome; // as the engine names it: "success", "rate limited", "timeout"...
    qint64 latencyMs = 0;
    QString error;
};

// Where a logged call came from.
enum class CallSource
{
    Unknown,
    Window,
    CommandLine,
    LocalPort,
    Mcp, // an AI agent's tool call, over stdio (exadesk mcp) or the local port's /mcp
    KeyCheck, // a key tested (the Keys page's Test) or re-checked by the engine: billed, and logged
};

struct RequestLogEntry
{
    qint64 id = 0;
    qint64 atMs = 0;
    QString route;
    QString query; // shortened
    QString keyId;
    QString proxyId;
    int status = 0;
    int attempts = 0;
    qint64 latencyMs = 0;
    double costDollars = 0.0;
    QString error;
    CallSource source = CallSource::Unknown;
    // Written with the entry; read back by attempts(), not by recent().
    QList<LoggedAttempt> attemptLog;
};

class RequestLog
{
    Q_DECLARE_TR_FUNCTIONS(RequestLog)

public:
    static constexpr int kQueryLength = 200;

    explicit RequestLog(Database& database)
        : m_db(database)
    { }

    bool append(const QList<RequestLogEntry>& entries, StorageError* error);
    // Newest first; `status` 0 and an empty `keyId` mean any.
    QList<RequestLogEntry> recent(int limit, StorageError* error, int status = 0, const QString& keyId = {});
    // The attempts of entry `id`, first first.
    QList<LoggedAttempt> attempts(qint64 id, StorageError* error);
    // Per key since `sinceMs`: the attempts it carried and what its calls cost.
    struct Usage
    {
        int requests = 0;
        double dollars = 0.0;
    };
    QHash<QString, Usage> usageSince(qint64 sinceMs, StorageError* error);
    // Per key since `sinceMs`: how long Exa took to answer its last `perKey` answered attempts,
    // oldest first (for its latency figure to survive a restart).
    QHash<QString, QList<qint64>> latenciesSince(qint64 sinceMs, int perKey, StorageError* error);
    // How each call that started from `sinceMs` until before `beforeMs` ended, oldest first: for
    // the Overview's last hour when the window opens.
    struct Ended
    {
        qint64 endedAtMs = 0;
        int status = 0;
        int attempts = 0;
        qint64 latencyMs = 0;
        QString lastOutcome; // of its last attempt, as the engine names it; empty without any
    };
    QList<Ended> endedBetween(qint64 sinceMs, qint64 beforeMs, StorageError* error);
    // Forgets entries older than `days` before `nowMs`; returns how many went, or -1.
    int prune(int days, qint64 nowMs, StorageError* error);

private:
    Database& m_db;
};

} // namespace exadesk
