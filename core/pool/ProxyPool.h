#pragma once

#include "Latency.h"
#include "base/PoolStates.h"
#include "resilience/CircuitBreaker.h"
#include "resilience/Outcome.h"

#include <QCoreApplication>
#include <QList>
#include <QNetworkProxy>
#include <QObject>
#include <QString>

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

// Which proxy a proxy's trouble was blamed on, and which keys are cleared because of it.
struct ProxyBlame
{
    int proxy = -1;
    QList<int> keys;
    bool newlyParked = false; // false: it was parked already
};

struct ProxyPolicy
{
    BreakerPolicy breaker;
    // Trouble (429s, failures) on this many different keys behind one proxy, with no success
    // through it meanwhile and successes through another, is blamed on the proxy's exit.
    int blameDistinctKeys = 3;
    std::chrono::milliseconds blameWindow{60'000};
};

struct ProxyStats
{
    qint64 requests = 0;
    qint64 successes = 0;
    qint64 failures = 0;
    LatencySamples latency;
    qint64 lastUsedMs = 0;
    qint64 lastSuccessMs = -1;
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
    struct Trouble
    {
        int key;
        qint64 atMs;
    };
    QList<Trouble> troubles;
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
    void setPolicy(const ProxyPolicy& policy) { m_policy = policy; }

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
    // The proxy for a key (by the hash of its id), or -1 when no proxy can be used now.
    int bind(quint64 keyHash, ProxyBinding& binding, qint64 nowMs);
    // Call as an attempt leaves through `index`. Returns true when it is a half-open proxy's
    // probe; say so when reporting its outcome.
    bool onAttemptStarted(int index, qint64 nowMs);
    void report(int index, Outcome outcome, qint64 latencyMs, const QString& error, qint64 nowMs, bool probe = false);

    // Trouble of `key` through `index` that may be the proxy's rather than the key's. Returns
    // the blame when this tips it onto the proxy.
    std::optional<ProxyBlame> noteKeyTrouble(int index, int key, qint64 nowMs);
    // A success through `index`; returns blames that other proxies' trouble now earns.
    QList<ProxyBlame> noteSuccess(int index, qint64 nowMs);

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
    std::optional<ProxyBlame> blameIfDeserved(int index, qint64 nowMs);
    void pruneTroubles(ProxyEntry& proxy, qint64 nowMs) const;

    ProxyPolicy m_policy;
    std::deque<ProxyEntry> m_proxies; // a deque: entries stay put while slots of our signals add more
    int m_configured = 0;
    // Bumped whenever a proxy becomes usable: bindings made before may now prefer it.
    quint64 m_generation = 1;
    qint64 m_nextWakeMs = std::numeric_limits<qint64>::max();
    QList<int> m_suspects;
};

} // namespace exadesk
