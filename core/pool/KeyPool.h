#pragma once

#include "ProxyPool.h"
#include "base/PoolStates.h"
#include "config/SettingsRegistry.h"
#include "resilience/CircuitBreaker.h"
#include "resilience/Outcome.h"
#include "resilience/RateLimiter.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <queue>

#include <array>
#include <deque>
#include <memory>
#include <optional>
#include <set>

namespace exadesk {

// Requests are paced per key and per class of route, as Exa limits them (the gateway tells
// which class a route is in).
enum class RateClass
{
    Search, // /search, /findSimilar, /answer, creating research
    Contents, // /contents, reading research tasks
};
inline constexpr int kRateClassCount = 2;

enum class KeySelection
{
    RoundRobin, // an even spread
    LeastRecentlyUsed,
};

struct KeyConfig
{
    QString id; // stable: bindings and history follow it
    QString label;
    QString secret;
    QStringList tags;
    QString note;
    int dailyRequestCap = 0; // 0: none
    double dailyDollarCap = 0.0; // 0: none
};

struct KeyPolicy
{
    KeySelection selection = KeySelection::RoundRobin;
    BreakerPolicy breaker;
    // A 429 without Retry-After cools the key down for this long (Exa's limits are per second),
    // twice as long after each further 429 in a row, up to the most.
    std::chrono::milliseconds firstCooldown{1'000};
    std::chrono::milliseconds maxCooldown{30'000};
    double searchRatePerSecond = setting::SearchRate.number; // 0: unlimited
    double contentsRatePerSecond = setting::ContentsRate.number;
    bool recheck = setting::RecheckEnabled.number != 0;
    std::chrono::milliseconds firstRecheck = std::chrono::minutes(setting::RecheckFirstMinutes.number);
    std::chrono::milliseconds maxRecheck{24 * 3600'000};

    // The defaults, with the stored settings over them.
    static KeyPolicy fromSettings(const SettingValues& values);
};

struct KeyStats
{
    qint64 requests = 0; // answered by Exa (or lost on the way to it)
    qint64 successes = 0;
    qint64 rateLimited = 0;
    qint64 errors = 0;
    double costDollars = 0.0;
    LatencySamples latency;
    qint64 lastUsedMs = 0;
    QString lastError;
    qint64 dayStartMs = 0; // the local day the daily counts belong to
    int requestsToday = 0;
    double dollarsToday = 0.0;
};

// What an earlier run learnt of a key: its counters and, when Exa refused it or found it out
// of credit, when it is to be checked again.
struct KeyMemory
{
    KeyStats stats;
    KeyState refusal = KeyState::Active; // or Invalid, Exhausted
    QString reason;
    qint64 recheckAtMs = 0; // 0: not known
    qint64 recheckIntervalMs = 0;
};

// What is reset when a key is revived; copied whole to undo blame that was the proxy's.
struct KeyHealth
{
    KeyState state = KeyState::Active;
    QString reason;
    qint64 untilMs = 0; // cooling down: when it ends; invalid/exhausted: the next re-check
    CircuitBreaker breaker;
    std::array<RateLimiter, kRateClassCount> limiters;
    qint64 recheckIntervalMs = 0;
    bool recheckInFlight = false;
    int rateLimitStreak = 0; // 429s in a row
};

struct KeyEntry
{
    KeyConfig config;
    quint64 hash = 0; // of the id, for proxy binding
    bool removed = false;
    KeyHealth health;
    KeyStats stats;
    ProxyBinding binding;

    // Bookkeeping for the pool's ready sets.
    std::array<qint64, kRateClassCount> tokenWaitUntilMs{};
    std::array<bool, kRateClassCount> ready{};
    quint64 order = 0;
    qint64 scheduledWakeMs = 0; // the last moment put on the due heap for this key
    // How the pool's tallies count it now (see KeyPool::track()).
    struct Tally
    {
        bool counted = false;
        KeyState state = KeyState::Active;
        qint64 restingUntilMs = -1; // in the pool's set of resting keys until then
        bool rateLimited = false;
    };
    Tally tally;
    struct Undo
    {
        int proxy = -1;
        KeyHealth health;
    };
    std::unique_ptr<Undo> undo; // rare, and as big as the health: only while blame is open
};

// What one attempt brought back, for the pool's books.
struct KeyReport
{
    Outcome outcome = Outcome::Success;
    RateClass rateClass = RateClass::Search;
    int proxy = -1;
    qint64 latencyMs = -1;
    double costDollars = 0.0;
    std::optional<std::chrono::milliseconds> retryAfter;
    QString error; // already masked
    bool probe = false; // the attempt was the key's breaker probe (acquire() said so)
};

// Why no key could be had: wait (our own pacing, a probe on its way) or give up and say why.
struct KeyShortage
{
    enum class Why
    {
        NoKeys,
        Pacing, // wait: the keys' own rate limits
        Probing, // wait: a key being tested may come back
        AllTried, // every usable key refused this call already
        Unusable, // the rest: invalid, out of credit, disabled, resting
    };
    Why why = Why::NoKeys;
    bool wait = false;
    qint64 untilMs = -1; // when waiting: when to look again (-1: when an attempt ends)
    qint64 freeAtMs = -1; // when giving up: the first moment a resting key is back, if any
    bool rateLimited = false; // when giving up: every key that could serve is held back by Exa's rate limits
    // When giving up: the live keys, and how many of them are in each state.
    int live = 0;
    int invalid = 0;
    int exhausted = 0;
    int disabled = 0;
    int resting = 0;

    // In people's words: "all 3 keys are invalid", "every key is rate limited by Exa until ...".
    QString reason() const;
};

// The user's keys and their health. Acquire and report are O(log n): usable keys sit in
// ordered sets per rate class, and keys that come back with time (cool-downs, breakers,
// pacing) wait in a heap ordered by when.
class KeyPool : public QObject
{
    Q_OBJECT

public:
    explicit KeyPool(KeyPolicy policy = {}, QObject* parent = nullptr);

    const KeyPolicy& policy() const { return m_policy; }
    // Applies to every key from now on (rates, selection, breaker times).
    void setPolicy(const KeyPolicy& policy, qint64 nowMs);

    // Returns the key's index, or -1 when one with the same id or secret is already there.
    int add(const KeyConfig& config, qint64 nowMs);
    bool remove(int index);
    void setEnabled(int index, bool enabled, qint64 nowMs);
    // A new secret, label, tags, note or caps; a new secret revives an invalid key. False when
    // the new secret belongs to another key.
    bool update(int index, const KeyConfig& config, qint64 nowMs);

    int size() const { return static_cast<int>(m_keys.size()); }
    int liveCount() const { return m_live; }
    const KeyEntry& at(int index) const { return m_keys[static_cast<size_t>(index)]; }
    int indexOf(const QString& id) const;
    // Where the key's proxy binding is remembered; ProxyPool::bind() keeps it current.
    ProxyBinding& bindingOf(int index) { return entry(index).binding; }
    QString stateText(int index, qint64 nowMs) const;

    // The next key for a call, skipping those in `tried`. Empty: see shortage(). `probe` tells
    // whether the call is the key's breaker probe; pass it back in its report.
    std::optional<int> acquire(RateClass rateClass, qint64 nowMs, const QList<int>& tried = {}, bool* probe = nullptr);
    // A specific key (a follow-up on a job it created): fine unless invalid, exhausted,
    // disabled or removed.
    bool acquireSpecific(int index, RateClass rateClass, qint64 nowMs);
    KeyShortage shortage(RateClass rateClass, qint64 nowMs, const QList<int>& tried = {}) const;
    // Undoes an acquire() whose call did not go after all (its proxy had no token): the key's
    // token, its count for the day and, if it was one, its probe.
    void giveBack(int index, RateClass rateClass, bool probe, qint64 nowMs);
    void report(int index, const KeyReport& report, qint64 nowMs);
    // Undoes the failures `proxy` cost its keys (their breakers): the trouble was the proxy's. A
    // cool-down Exa asked for stays.
    void absolve(int proxy, qint64 nowMs);
    // What an earlier run learnt of a key just added: its counters (today's count only when
    // `stats.dayStartMs` is today), and a refusal (invalid, exhausted) that parks it again until
    // its re-check. Without re-checks (one call from a shell), a refusal whose re-check is due
    // does not park it: that call is its re-check.
    void restore(int index, const KeyMemory& memory, qint64 nowMs);
    // Round robin goes on after this key, as an earlier run left it.
    void continueAfter(int index);
    // The key acquire() gave last, or -1.
    int lastAcquired() const { return m_lastAcquired; }

    // Applies what time has brought (cool-downs over, breakers half-open).
    void processDue(qint64 nowMs);
    // When processDue() next has something to do, or -1.
    qint64 nextDueMs() const;

    // Invalid and exhausted keys due for a re-check, and when the next one is.
    QList<int> dueRechecks(qint64 nowMs) const;
    qint64 nextRecheckMs() const;
    // Whether the key is parked until a re-check (which nextRecheckMs() counts).
    bool awaitsRecheck(int index) const { return awaitsRecheck(at(index)); }
    void beginRecheck(int index);
    void finishRecheck(int index, Outcome outcome, const QString& error, qint64 nowMs);

Q_SIGNALS:
    // The key's state changed (and with it its row in a table).
    void keyStateChanged(int index);
    // Its counters changed.
    void keyStatsChanged(int index);

private:
    KeyEntry& entry(int index) { return m_keys[static_cast<size_t>(index)]; }
    bool isEligible(const KeyEntry& key, qint64 nowMs) const;
    void refresh(int index, qint64 nowMs);
    void setReady(int index, int rateClass, bool ready);
    void setState(int index, KeyState state, const QString& reason, qint64 untilMs);
    void revive(int index);
    bool awaitsRecheck(const KeyEntry& key) const;
    void park(int index, KeyState state, const QString& reason, qint64 nowMs);
    void countDay(KeyEntry& key, qint64 nowMs);
    // Why `key` has reached a daily cap, or empty.
    static QString capReached(const KeyEntry& key);
    void checkCaps(int index, qint64 nowMs);
    void applyRates(KeyEntry& key) const;
    // Brings the tallies shortage() reads (keys per state, resting keys by when they are back)
    // up to date with the key; called whenever a key is refreshed or removed.
    void track(int index);

    KeyPolicy m_policy;
    std::deque<KeyEntry> m_keys; // a deque: entries stay put while slots of our signals add more
    int m_live = 0;
    QHash<QString, int> m_byId;
    QHash<QString, int> m_bySecret;
    std::array<std::set<std::pair<quint64, int>>, kRateClassCount> m_ready;
    std::array<quint64, kRateClassCount> m_cursor{};
    quint64 m_useCounter = 0;
    int m_lastAcquired = -1;
    qint64 m_dayStartMs = 0; // the local day now, for daily counts and caps
    qint64 m_dayEndMs = 0;
    std::array<int, kKeyStates.size()> m_stateCount{};
    std::set<std::pair<qint64, int>> m_resting; // cooling down or breaker open: (back at, key)
    int m_rateLimitedResting = 0;
    using Due = std::pair<qint64, int>;
    std::priority_queue<Due, std::vector<Due>, std::greater<>> m_due;
};

} // namespace exadesk
