#pragma once

#include "PendingCall.h"
#include "base/PoolStates.h"
#include "storage/CallJournal.h"

#include <QList>
#include <QObject>
#include <QString>

#include <array>

namespace exadesk {

// The pool's health in numbers: what /healthz and /metrics show, without a key in it.
struct PoolSummary
{
    std::array<int, kKeyStates.size()> keys{}; // by KeyState
    std::array<int, kProxyStates.size()> proxies{}; // by ProxyState; the implicit direct way out when no proxy is set
    // Proxies with a pace (ProxyPolicy::ratePerSecond): calls a second each may carry now, lowered
    // after Exa's 429s, and as set. By the proxy's address without its password.
    struct ProxyPace
    {
        QString proxy;
        double current = 0.0;
        double configured = 0.0;
    };
    QList<ProxyPace> paces;
    int queued = 0; // calls waiting for a key or a free slot
    int inFlight = 0; // calls being carried out
    // Calls that ended in the last kErrorRateMinutes, how many of them failed, and the share of
    // failures (percent) that is an alert (0: never). Kept by an engine with a request log.
    int recentCalls = 0;
    int recentFailures = 0;
    int errorRateAlertPercent = 0;

    int keysIn(KeyState state) const { return keys[static_cast<size_t>(state)]; }
    int proxiesIn(ProxyState state) const { return proxies[static_cast<size_t>(state)]; }
    int keyCount() const;
};

// What a caller of the engine sees of it: calls go in, PendingCalls come back, and the pool's
// health can be read in numbers. The local port talks to the engine through this alone.
class CallService : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    virtual PendingCall* submit(const exa::ExaCall& call) = 0;
    virtual PoolSummary summary() const = 0;
    // How key `keyId` is shown (exa-…9f3c), or empty when there is no such key.
    virtual QString maskedKey(const QString& keyId) const = 0;
    // Keeps what a finished call leaves behind in the request log; nothing, unless the service
    // has a database.
    virtual void record(const FinishedCall& call) { Q_UNUSED(call); }

Q_SIGNALS:
    // Every attempt of every call, as it ends.
    void attemptFinished(const exadesk::AttemptRecord& attempt);
};

// The request log's line for `call`, which has ended: its key, proxy, status, attempts and
// error; the caller adds what only it knows (route name, query, request, times).
FinishedCall finishedCall(const PendingCall& call, CallSource source);

} // namespace exadesk
