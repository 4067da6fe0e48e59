#pragma once

#include "GatewayOptions.h"
#include "JobAffinity.h"
#include "KeyRechecks.h"
#include "NetworkSessions.h"
#include "PageFetcher.h"
#include "ProxyTests.h"
#include "base/Clock.h"
#include "calls/CallService.h"
#include "pool/KeyPool.h"
#include "pool/ProxyPool.h"
#include "resilience/RateLimiter.h"

#include <QCoreApplication>

#include <deque>
#include <random>

namespace exadesk {

class Attempt;
class GatewayCall;

// Takes calls and carries each out over the key pool and the proxy pool: picks a key, its
// proxy's network session, classifies the answer, reports to both pools, and retries on
// another key (after backoff when Exa itself failed) until the call succeeds, fails for good,
// runs out of attempts, budget or time. Runs on the event loop, with time from its Clock.
class Gateway : public CallService
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
    // See KeyPool::restore() and KeyPool::continueAfter().
    void restoreKey(int index, const KeyMemory& memory);
    void continueAfter(int index) { m_keys.continueAfter(index); }
    // A research task an earlier run started with `keyId` (see JobAffinity).
    void restoreResearchJob(const QString& researchId, const QString& keyId, bool billed)
    {
        m_jobs.restore(researchId, keyId, billed);
    }
    int addProxy(const ProxyConfig& config);
    bool removeProxy(int index);
    void setProxyEnabled(int index, bool enabled);
    // The proxy a key's requests leave through now, or -1. See ProxyPool::bind() for `avoid`.
    int proxyFor(int keyIndex, const QList<int>& avoid = {});
    // Tests a key now with a one-result search (billed) through its own proxy: an invalid or
    // exhausted key is re-checked at once; an active one is sent the search on its own. The
    // verdict lands in the key's state and statistics, and keyTested() follows. A key that rests
    // (cooling down, its breaker open, its daily cap reached) or is disabled is not tested:
    // returns false.
    bool testKey(int index);
    // See ProxyTests::test(); proxyTested() follows.
    bool testProxy(int index) { return m_proxyTests.test(index); }
    // See PageFetcher::fetch().
    QNetworkReply* fetchAsKey(const QString& keyId, const QUrl& url) { return m_pages.fetch(keyId, url); }

    PendingCall* submit(const exa::ExaCall& call) override { return submit(call, SubmitOptions{}); }
    PendingCall* submit(const exa::ExaCall& call, const SubmitOptions& options);
    PoolSummary summary() const override;
    QString maskedKey(const QString& keyId) const override;

    // How many calls may run at once: the setting, or by Little's law what the pool can carry,
    // its live keys times each key's rate times the typical time a call takes.
    int inFlightCap() const;
    int queuedCount() const { return static_cast<int>(m_queue.size()); }
    int inFlightCount() const { return m_running; }
    int rechecksInFlight() const { return m_rechecks.inFlight(); }
    // Network requests not yet answered (attempts, re-checks, proxy tests, pages).
    int networkInFlight() const { return m_sessions.inFlight(); }
    const RetryBudget& retryBudget() const { return m_budget; }

Q_SIGNALS:
    // A key joined the pool, or left it (its index stays taken, marked removed).
    void keyAdded(int index);
    void keyRemoved(int index);
    void keyStateChanged(int index);
    void proxyAdded(int index);
    void keyStatsChanged(int index);
    void proxyChanged(int index);
    // A test of a key ended (testKey(), or a scheduled re-check): Success or RateLimited mean Exa
    // took the key.
    void keyTested(int index, exadesk::Outcome outcome, const QString& error);
    // A test or re-check of a key ended: its line for the request log (it is billed, so it is
    // shown with the other calls).
    void keyCheckEnded(const exadesk::FinishedCall& line);
    void proxyTested(int index, bool works, const QString& message);
    // A research task was started with the key `keyId`, or (`billed`) its cost was booked: for
    // the next run to know.
    void researchJobNoted(const QString& researchId, const QString& keyId, bool billed);
    void loadChanged(int queued, int inFlight);

private:
    enum class Start
    {
        Started,
        Waiting,
        Failed
    };

    Start tryStart(GatewayCall* call);
    Start tryStartOnChosenKey(GatewayCall* call, RateClass rateClass, qint64 now);
    // No key could be had: wait for one, or fail saying why.
    Start onShortage(GatewayCall* call, RateClass rateClass, qint64 now);
    // The key has no usable way out: wait for a proxy being tested, or fail saying why.
    Start onNoProxy(GatewayCall* call, int key, RateClass rateClass, bool keyProbe, qint64 now);
    // Fails `call` for want of a key or a way out, keeping what Exa last said.
    void failUnavailable(GatewayCall* call, const QString& message, const KeyShortage& shortage = {});
    void startAttempt(GatewayCall* call, int key, bool keyProbe, int proxy);
    void onAttemptFinished(GatewayCall* call);
    // What the ended attempt's error is, for the caller and for the pools' books.
    struct Verdict
    {
        exa::ExaError error;
        Outcome outcome; // for the caller
        Outcome heard; // for the key's and the proxy's books
    };
    Verdict judge(const GatewayCall& call, const Attempt& attempt) const;
    // After a failed attempt on key `lastKey`: another attempt, after backoff, or the end.
    void retry(GatewayCall* call, int lastKey);
    void resume(GatewayCall* call);
    void pump();
    void noteKeyCheck(FinishedCall line);
    void enqueue(GatewayCall* call, bool first = false);
    void dequeue(GatewayCall* call);
    void scheduleWake(qint64 atMs);
    void announceLoad();
    void fail(GatewayCall* call, exa::ExaError error);
    void end(GatewayCall* call);
    void cancel(GatewayCall* call);
    void forget(GatewayCall* call);
    void onDeadline(GatewayCall* call);
    // The cost an answer reports, booked once: a research task's when it is first read done,
    // a streamed answer's from its last event. `keyId` carried the call.
    double costOf(const GatewayCall& call, const QString& keyId);

    Clock& m_clock;
    GatewayOptions m_options;
    KeyPool m_keys;
    ProxyPool m_proxies;
    NetworkSessions m_sessions;
    RetryBudget m_budget;
    std::mt19937_64 m_random;

    double m_typicalLatencyMs = 1'000.0; // a moving average of the attempts' latencies
    std::deque<GatewayCall*> m_queue;
    int m_running = 0;
    bool m_pumping = false;
    std::pair<int, int> m_announcedLoad{0, 0};
    ClockTimer m_wakeTimer;
    KeyRechecks m_rechecks;
    ProxyTests m_proxyTests;
    PageFetcher m_pages;
    JobAffinity m_jobs;
};

} // namespace exadesk
