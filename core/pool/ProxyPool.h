#pragma once

#include "Latency.h"
#include "base/PoolStates.h"
#include "config/SettingsRegistry.h"
#include "resilience/CircuitBreaker.h"
#include "resilience/RateLimiter.h"

#include <QCoreApplication>
#include <QList>
#include <QNetworkProxy>
#include <QObject>
#include <QString>

#include <array>
#include <deque>
#include <optional>

namespace exadesk {

enum class ProxyType
{
    Direct,
    Http,
    Socks5
};

QString toString(ProxyType type);

// Where a key's requests leave from: straight out, or through an HTTP or SOCKS5 proxy.
struct ProxyConfig
{
    Q_DECLARE_TR_FUNCTIONS(ProxyConfig)

public:
    ProxyType type = ProxyType::Direct;
    QString host;
    quint16 port = 0;
    QString user;
    QString password; // held in memory only; never part of the id, a message or an export
    bool enabled = true;

    // "direct", "http://[user:pass@]host:port", "socks5://[user:pass@]host:port" (socks5h too).
    static std::optional<ProxyConfig> fromUrl(const QString& text, QString* error);
    // A list as a person writes it, one address per line; blank lines and '#' comments are
    // skipped. By line number (1-based): the proxies, and why the other lines are none.
    struct Lines
    {
        QList<std::pair<int, ProxyConfig>> proxies;
        QList<std::pair<int, QString>> problems;
    };
    static Lines fromLines(const QString& text);
    // Stable across restarts and free of the password: "socks5://user@host:1080".
    QString id() const;
    QNetworkProxy toNetworkProxy() const;
};

// How a key's proxy binding is remembered between calls.
struct ProxyBinding
{
    int proxy = -1;
    quint64 generation = 0;
};

// What an attempt through a proxy says about the proxy itself.
enum class ProxyOutcome
{
    Reached, // the call reached Exa and came back, whatever Exa said: the way works
    Failed, // no answer from Exa came back through it (a timeout, a reset, a gateway's error page)
    ConnectFailed, // no connection through it could be made (refused, unreachable, its login)
    Neutral, // says nothing about it (cancelled, nothing sent)
};

struct ProxyPolicy
{
    BreakerPolicy breaker;
    // Calls a second through each proxy (its exit address, which Exa may limit too), slowed on
    // its 429s and sped up again on its successes as the keys' own pacing is; 0: no limit.
    double ratePerSecond = setting::ProxyRate.number;
    // Connections through a proxy that fail in a row before it is parked; a network has its
    // hiccups, and one refusal is not a dead proxy.
    int connectFailures = setting::ProxyConnectFailures.number;
    // Outlier detection: a proxy is parked when its share of failed calls over the window stands
    // out against its peers' (by at least the margin, and beyond chance), and only once it has
    // carried this many calls in the window. Exa failing for everyone blames no proxy.
    int outlierMinRequests = 20;
    double outlierMargin = 0.2;
    std::chrono::milliseconds outlierWindow{60'000};
    // At most this share of the proxies is parked at once (at least one may be); the last
    // healthy one never is for standing out.
    double maxParkedShare = 1.0 / 3.0;

    // The defaults, with the stored settings over them.
    static ProxyPolicy fromSettings(const SettingValues& values);
};

// Calls through a proxy and how many of them failed, over a sliding window of a few buckets.
class FailureWindow
{
public:
    void add(qint64 nowMs, qint64 windowMs, bool failed);
    struct Totals
    {
        qint64 requests = 0;
        qint64 failures = 0;
    };
    Totals totals(qint64 nowMs, qint64 windowMs) const;
    void clear() { m_buckets = {}; }

private:
    static constexpr int kBuckets = 6;
    struct Bucket
    {
        qint64 slot = -1;
        qint64 requests = 0;
        qint64 failures = 0;
    };
    std::array<Bucket, kBuckets> m_buckets{};
};

struct ProxyStats
{
    qint64 requests = 0;
    qint64 successes = 0;
    qint64 failures = 0;
    LatencySamples latency;
    qint64 lastUsedMs = 0;
    QString lastError;
};

struct ProxyEntry
{
    ProxyConfig config;
    QString id;
    quint64 hash = 0;
    bool removed = false;
    bool implicit = false; // the "direct" used while no proxy is configured
    CircuitBreaker breaker;
    ProxyStats stats;
    QString reason; // why it is parked, for people
    RateLimiter pace;
    FailureWindow window;
    int connectFailuresInRow = 0;
};

// The proxies keys leave through, each with a breaker, and the key -> proxy binding.
//
// Binding is rendezvous (highest-random-weight) hashing of the key's id against each usable
// proxy's id: the same key leaves through the same proxy, also after a restart; a proxy that
// goes away takes only its own keys elsewhere; a new one draws about 1/(n+1) of them.
class ProxyPool : public QObject
{
    Q_OBJECT

public:
    explicit ProxyPool(ProxyPolicy policy = {}, QObject* parent = nullptr);

    const ProxyPolicy& policy() const { return m_policy; }
    void setPolicy(const ProxyPolicy& policy);

    // Returns the proxy's index, or -1 when one with the same id is already there.
    int add(const ProxyConfig& config);
    bool remove(int index);
    void setEnabled(int index, bool enabled, qint64 nowMs);

    int size() const { return static_cast<int>(m_proxies.size()); }
    const ProxyEntry& at(int index) const { return m_proxies[static_cast<size_t>(index)]; }
    int indexOf(const QString& id) const;
    // Proxies the user configured, not removed.
    int configuredCount() const { return m_configured; }
    bool isUsable(int index, qint64 nowMs) const;
    ProxyState state(int index, qint64 nowMs) const;
    // "active", "breaker open until ...", "disabled".
    QString stateText(int index, qint64 nowMs) const;

    static quint64 hashOf(QStringView id);
    // The proxy for a key (by the hash of its id), or -1 when no proxy can be used now. A retry
    // passes the proxies that just failed it in `avoid`: it then leaves through another one if
    // any is usable, without changing the key's binding.
    int bind(quint64 keyHash, ProxyBinding& binding, qint64 nowMs, const QList<int>& avoid = {});
    // Call as an attempt leaves through `index`. Returns true when it is a half-open proxy's
    // probe; say so when reporting its outcome.
    bool onAttemptStarted(int index, qint64 nowMs);
    void report(int index, ProxyOutcome outcome, qint64 latencyMs, const QString& error, qint64 nowMs,
                bool probe = false);
    // Parked proxies (open or being tested) among those in use.
    int parkedCount(qint64 nowMs) const;
    // Takes one of the proxy's call tokens (see ProxyPolicy::ratePerSecond); false: none now,
    // the next at nextTokenAtMs().
    bool tryTakeToken(int index, qint64 nowMs) { return entry(index).pace.tryTake(nowMs); }
    qint64 nextTokenAtMs(int index, qint64 nowMs) const { return at(index).pace.nextTokenAtMs(nowMs); }
    // Exa's answer through it, for its pace: a 429 halves it, a success wins some back.
    void notePace(int index, bool rateLimited);
    // Parks the proxy (a test of it failed, say) unless the cap on parked proxies or, with
    // `keepLast`, being the last healthy one (the others parked or on trial) forbids it. Returns
    // whether it did.
    bool park(int index, const QString& reason, qint64 nowMs, bool keepLast = false);

    // Whether a parked proxy's probe is out (its verdict may free the way).
    bool isProbing(qint64 nowMs) const;
    // Why no proxy can be used, for people.
    QString unavailableReason(qint64 nowMs) const;

Q_SIGNALS:
    void proxyChanged(int index);

private:
    ProxyEntry& entry(int index) { return m_proxies[static_cast<size_t>(index)]; }
    void refreshIfDue(qint64 nowMs);
    void remindAt(qint64 atMs);
    bool inUse(int index) const;
    // Whether the proxy's failures stand out against its peers' over the window.
    bool standsOut(int index, qint64 nowMs) const;

    ProxyPolicy m_policy;
    std::deque<ProxyEntry> m_proxies; // a deque: entries stay put while slots of our signals add more
    int m_configured = 0;
    // Bumped whenever a proxy becomes usable: bindings made before may now prefer it.
    quint64 m_generation = 1;
    quint64 m_noneUsableGeneration = 0; // the generation at which no proxy could be used
    FailureWindow m_everyWindow; // the calls through all proxies, for judging one against its peers
    qint64 m_nextWakeMs = std::numeric_limits<qint64>::max();
};

} // namespace exadesk
