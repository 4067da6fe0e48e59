#pragma once

#include "JobAffinity.h"
#include "KeyRechecks.h"
#include "PendingCall.h"
#include "exa/ExaClient.h"
#include "pool/KeyPool.h"
#include "pool/ProxyPool.h"
#include "resilience/Backoff.h"
#include "resilience/Clock.h"
#include "resilience/RateLimiter.h"

#include <QCoreApplication>
#include <QObject>

#include <deque>
#include <map>
#include <random>

namespace exadesk {

class NetworkSession;

struct GatewayOptions
{
    // Where Exa is, how we introduce ourselves, extra CAs. Its timeout is the limit for one
    // attempt (for a streamed answer: for silence), kept on the gateway's clock.
    exa::ExaClientOptions client;
    int maxAttempts = 4;
    BackoffPolicy backoff;
    std::chrono::milliseconds deadline{120'000}; // for the whole call, retries included
    // When every key rests but one is back this soon, a call waits for it instead of failing.
    std::chrono::milliseconds maxKeyWait{5'000};
    double retryBudgetRatio = 0.2;
    double retryBudgetReserve = 10.0;
    int maxInFlight = 64;
    int maxQueued = 1000;
    quint64 randomSeed = 0; // 0: seeded from the system
};

struct SubmitOptions
{
    std::chrono::milliseconds deadline{0}; // 0: the gateway's
    int key = -1; // this key only, never another (a test of it); -1: any
};

// Takes calls and carries each out over the key pool and the proxy pool: picks a key, its
// proxy's network session, classifies the answer, reports to both pools, and retries on
// another key (after backoff when Exa itself failed) until the call succeeds, fails for good,
// runs out of attempts, budget or time. Runs on the event loop, with time from its Clock.
class Gateway : public QObject
{
    Q_OBJECT

public:
    explicit Gateway(Clock& clock, GatewayOptions options = {}, KeyPolicy keyPolicy = {}, ProxyPolicy proxyPolicy = {},
                     QObject* parent = nullptr);
    // Calls still running are deleted with the gateway, without ending: hold them in a
    // QPointer if they may outlive it.
    ~Gateway() override;

    Clock& clock() const { return m_clock; }
    const GatewayOptions& options() const { return m_options; }
    void setOptions(const GatewayOptions& options);
    void setKeyPolicy(const KeyPolicy& policy);
    void setProxyPolicy(const ProxyPolicy& policy) { m_proxies.setPolicy(policy); }

    const KeyPool& keys() const { return m_keys; }
    const ProxyPool& proxies() const { return m_proxies; }
    // Changes to the pools go through here, so waiting calls and re-checks notice them.
    int addKey(const KeyConfig& config);
    bool removeKey(int index);
    void setKeyEnabled(int index, bool enabled);
    bool updateKey(int index, const KeyConfig& config);
    // See KeyPool::restore().
    void restoreKey(int index, const KeyStats& stats, KeyState state, const QString& reason);
    int addProxy(const ProxyConfig& config);
    bool removeProxy(int index);
    void setProxyEnabled(int index, bool enabled);
    // The proxy a key's requests leave through now, or -1.
    int proxyFor(int keyIndex);
    // Tests a key now with a one-result search (billed) through its own proxy: an invalid or
    // exhausted key is re-checked at once; an active one is sent the search on its own. The
    // verdict lands in the key's state and statistics. A key that rests (cooling down, its
    // breaker open, its daily cap reached) or is disabled is not tested: returns false.
    bool testKey(int index);
    // Tests a proxy now: asks Exa's address for its front page through it, with no key (nothing
    // is billed). Any HTTP answer proves the way works and frees a parked proxy; no connection
    // counts as the proxy's failure. proxyTested() follows, unless the proxy is removed first.
    bool testProxy(int index);
    static constexpr qint64 kProxyTestLimitMs = 15'000;
    // A plain GET of `url` (http or https) with no key, through the way out of key `keyId`, so
    // what the window fetches beside a search (a site's icon) leaves as that search did. Null
    // when the key is gone or no way out is usable now. The caller deletes the reply; removing
    // the proxy deletes it sooner (hold it in a QPointer).
    QNetworkReply* fetchAsKey(const QString& keyId, const QUrl& url);

    PendingCall* submit(const exa::ExaCall& call, const SubmitOptions& options = {});

    int queuedCount() const { return static_cast<int>(m_queue.size()); }
    int inFlightCount() const { return m_running; }
    int rechecksInFlight() const { return m_rechecks.inFlight(); }
    // Network requests not yet answered (attempts and re-checks).
    int networkInFlight() const;
    const RetryBudget& retryBudget() const { return m_budget; }

Q_SIGNALS:
    // A key joined the pool, or left it (its index stays taken, marked removed).
    void keyAdded(int index);
    void keyRemoved(int index);
    void keyStateChanged(int index);
    void proxyAdded(int index);
    void keyStatsChanged(int index);
    void proxyChanged(int index);
    void proxyTested(int index, bool works, const QString& message);
    void attemptFinished(const exadesk::AttemptRecord& attempt);
    void loadChanged(int queued, int inFlight);

private:
    friend class PendingCall;
    enum class Start
    {
        Started,
        Waiting,
        Failed
    };

    Start tryStart(PendingCall* call);
    void startAttempt(PendingCall* call, int key, bool keyProbe, int proxy);
    void onAttemptFinished(PendingCall* call);
    void retry(PendingCall* call);
    void pump();
    void scheduleWake(qint64 atMs);
    void announceLoad();
    void fail(PendingCall* call, exa::ExaError error);
    void releaseSlot(PendingCall* call);
    void end(PendingCall* call);
    void cancel(PendingCall* call);
    void forget(PendingCall* call);
    void dequeue(PendingCall* call);
    void onDeadline(PendingCall* call);
    NetworkSession* sessionFor(int proxy);
    void noteOutcome(int key, int proxy, Outcome outcome, qint64 nowMs);
    void absolve(const ProxyBlame& blame);

    Clock& m_clock;
    GatewayOptions m_options;
    KeyPool m_keys;
    ProxyPool m_proxies;
    std::map<int, NetworkSession*> m_sessions;
    RetryBudget m_budget;
    std::mt19937_64 m_random;

    std::deque<PendingCall*> m_queue;
    int m_running = 0;
    bool m_pumping = false;
    std::pair<int, int> m_announcedLoad{0, 0};
    ClockTimer m_wakeTimer;
    KeyRechecks m_rechecks;

    JobAffinity m_jobs;
};

} // namespace exadesk
