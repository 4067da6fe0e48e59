#pragma once

#include "NetworkSessions.h"
#include "base/Clock.h"
#include "calls/PendingCall.h"
#include "pool/KeyPool.h"
#include "pool/ProxyPool.h"
#include "resilience/Outcome.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <map>
#include <memory>

namespace exa {
class ExaReply;
struct ExaCall;
} // namespace exa

namespace exadesk {

// Invalid and exhausted keys checked again in the background, when the key pool says each is
// due, with the cheapest call that proves a key (a one-result search; it is billed). Each
// check leaves through the key's own proxy; its verdict goes to both pools.
class KeyRechecks : public QObject
{
    Q_OBJECT

public:
    using ProxyFor = std::function<int(int key)>;

    KeyRechecks(Clock& clock, KeyPool& keys, ProxyPool& proxies, ProxyFor proxyFor, NetworkSessions& sessions,
                QObject* parent = nullptr);

    // A check that hangs is given up after this long.
    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }
    // Call after anything that may change when the next check is due.
    void schedule();
    // Checks an invalid or exhausted key now, whenever its next check was due.
    bool checkNow(int key);
    // The cheapest call that proves a key: a one-result search.
    static exa::ExaCall probeCall();
    int inFlight() const { return static_cast<int>(m_running.size()); }

Q_SIGNALS:
    // A check ended: a key may be usable again. `error` is empty when Exa took the key.
    void checked(int key, exadesk::Outcome outcome, const QString& error);
    // The check's one attempt, for the request log (before checked()).
    void attempted(const exadesk::AttemptRecord& attempt);

private:
    struct Running
    {
        int proxy = -1;
        bool proxyProbe = false;
        QPointer<exa::ExaReply> reply;
        std::unique_ptr<ClockTimer> timer;
        bool timedOut = false;
    };

    void runDue();
    void start(int key, const exa::ExaCall& call, qint64 nowMs);
    void finish(int key);

    Clock& m_clock;
    KeyPool& m_keys;
    ProxyPool& m_proxies;
    ProxyFor m_proxyFor;
    NetworkSessions& m_sessions;
    std::chrono::milliseconds m_timeout{60'000};
    ClockTimer m_timer;
    std::map<int, Running> m_running;
};

} // namespace exadesk
