#include "KeyPool.h"

#include "logging/Redactor.h"

#include <QDateTime>

#include <algorithm>
#include <limits>
#include <utility>

namespace exadesk {
namespace {

constexpr qint64 kNever = std::numeric_limits<qint64>::max();

} // namespace

KeyPolicy KeyPolicy::fromSettings(const SettingValues& values)
{
    KeyPolicy policy;
    policy.breaker.failureThreshold = values.number(setting::BreakerThreshold);
    policy.breaker.openTime = std::chrono::seconds(values.number(setting::BreakerOpenSeconds));
    policy.recheck = values.flag(setting::RecheckEnabled);
    policy.firstRecheck = std::chrono::minutes(values.number(setting::RecheckFirstMinutes));
    policy.searchRatePerSecond = values.number(setting::SearchRate);
    policy.contentsRatePerSecond = values.number(setting::ContentsRate);
    return policy;
}

KeyPool::KeyPool(KeyPolicy policy, QObject* parent)
    : QObject(parent)
    , m_policy(policy)
{ }

void KeyPool::applyRates(KeyEntry& key) const
{
    key.health.limiters[static_cast<int>(RateClass::Search)].setRate(m_policy.searchRatePerSecond);
    key.health.limiters[static_cast<int>(RateClass::Contents)].setRate(m_policy.contentsRatePerSecond);
}

void KeyPool::setPolicy(const KeyPolicy& policy, qint64 nowMs)
{
    const bool reorder = policy.selection != m_policy.selection;
    m_policy = policy;
    for (int i = 0; i < size(); ++i) {
        KeyEntry& key = entry(i);
        if (key.removed)
            continue;
        applyRates(key);
        key.tokenWaitUntilMs = {};
        if (reorder) {
            for (int c = 0; c < kRateClassCount; ++c)
                setReady(i, c, false);
            key.order = m_policy.selection == KeySelection::RoundRobin ? static_cast<quint64>(i) : 0;
        }
        refresh(i, nowMs);
    }
}

int KeyPool::indexOf(const QString& id) const
{
    return m_byId.value(id, -1);
}

int KeyPool::add(const KeyConfig& config, qint64 nowMs)
{
    if (m_byId.contains(config.id) || m_bySecret.contains(config.secret))
        return -1;
    KeyEntry key;
    key.config = config;
    key.hash = ProxyPool::hashOf(config.id);
    applyRates(key);
    const int index = size();
    key.order = m_policy.selection == KeySelection::RoundRobin ? static_cast<quint64>(index) : 0;
    m_keys.push_back(std::move(key));
    m_byId.insert(config.id, index);
    m_bySecret.insert(config.secret, index);
    Redactor::instance().addSecret(config.secret);
    ++m_live;
    refresh(index, nowMs);
    Q_EMIT keyStateChanged(index);
    return index;
}

bool KeyPool::remove(int index)
{
    if (index < 0 || index >= size() || at(index).removed)
        return false;
    for (int c = 0; c < kRateClassCount; ++c)
        setReady(index, c, false);
    KeyEntry& key = entry(index);
    key.removed = true;
    track(index);
    m_byId.remove(key.config.id);
    m_bySecret.remove(key.config.secret);
    key.config.secret.clear();
    --m_live;
    Q_EMIT keyStateChanged(index);
    return true;
}

void KeyPool::setEnabled(int index, bool enabled, qint64 nowMs)
{
    KeyEntry& key = entry(index);
    if (key.removed || (key.health.state == KeyState::Disabled) != enabled)
        return;
    if (enabled) {
        revive(index);
    } else {
        setState(index, KeyState::Disabled, tr("disabled by you"), 0);
    }
    refresh(index, nowMs);
}

bool KeyPool::update(int index, const KeyConfig& config, qint64 nowMs)
{
    KeyEntry& key = entry(index);
    if (key.removed)
        return false;
    const bool newSecret = config.secret != key.config.secret;
    if (newSecret && m_bySecret.contains(config.secret))
        return false;
    if (newSecret) {
        m_bySecret.remove(key.config.secret);
        m_bySecret.insert(config.secret, index);
        Redactor::instance().addSecret(config.secret);
    }
    const QString id = key.config.id;
    key.config = config;
    key.config.id = id; // bindings and history follow the id; it never changes
    if (newSecret && (key.health.state == KeyState::Invalid || key.health.state == KeyState::Exhausted))
        revive(index);
    countDay(key, nowMs);
    checkCaps(index, nowMs);
    refresh(index, nowMs);
    Q_EMIT keyStatsChanged(index);
    return true;
}

bool KeyPool::isEligible(const KeyEntry& key, qint64 nowMs) const
{
    if (key.removed)
        return false;
    switch (key.health.state) {
    case KeyState::Active:
        return true;
    case KeyState::BreakerOpen:
        return key.health.breaker.allows(nowMs);
    default:
        return false;
    }
}

void KeyPool::setReady(int index, int rateClass, bool ready)
{
    KeyEntry& key = entry(index);
    if (key.ready[rateClass] == ready)
        return;
    key.ready[rateClass] = ready;
    if (ready)
        m_ready[rateClass].emplace(key.order, index);
    else
        m_ready[rateClass].erase({key.order, index});
}

void KeyPool::setState(int index, KeyState state, const QString& reason, qint64 untilMs)
{
    KeyHealth& health = entry(index).health;
    const bool changed = health.state != state || health.reason != reason || health.untilMs != untilMs;
    health.state = state;
    health.reason = reason;
    health.untilMs = untilMs;
    if (changed)
        Q_EMIT keyStateChanged(index);
}

void KeyPool::track(int index)
{
    KeyEntry& key = entry(index);
    KeyEntry::Tally& tally = key.tally;
    if (tally.counted) {
        --m_stateCount[static_cast<size_t>(tally.state)];
        if (tally.restingUntilMs >= 0)
            m_resting.erase({tally.restingUntilMs, index});
        m_rateLimitedResting -= tally.rateLimited ? 1 : 0;
    }
    tally = {};
    if (key.removed)
        return;
    const KeyHealth& health = key.health;
    tally.counted = true;
    tally.state = health.state;
    ++m_stateCount[static_cast<size_t>(health.state)];
    if (health.state == KeyState::CoolingDown || health.state == KeyState::BreakerOpen) {
        tally.restingUntilMs = health.state == KeyState::CoolingDown ? health.untilMs : health.breaker.openUntilMs();
        m_resting.emplace(tally.restingUntilMs, index);
    }
    tally.rateLimited = health.state == KeyState::CoolingDown && health.rateLimitStreak > 0;
    m_rateLimitedResting += tally.rateLimited ? 1 : 0;
}

void KeyPool::refresh(int index, qint64 nowMs)
{
    KeyEntry& key = entry(index);
    if (key.health.state == KeyState::CoolingDown && nowMs >= key.health.untilMs) {
        // A breaker that opened while the key cooled down takes over where it is still open.
        if (key.health.breaker.state(nowMs) != CircuitBreaker::State::Closed)
            setState(index, KeyState::BreakerOpen,
                     tr("%n failures in a row", nullptr, key.health.breaker.consecutiveFailures()),
                     key.health.breaker.openUntilMs());
        else
            setState(index, KeyState::Active, {}, 0);
    }
    track(index);

    const bool eligible = isEligible(key, nowMs);
    qint64 wake = kNever;
    for (int c = 0; c < kRateClassCount; ++c) {
        const bool paced = nowMs < key.tokenWaitUntilMs[c];
        setReady(index, c, eligible && !paced);
        if (eligible && paced)
            wake = std::min(wake, key.tokenWaitUntilMs[c]);
    }
    if (key.health.state == KeyState::CoolingDown)
        wake = std::min(wake, key.health.untilMs);
    if (key.health.state == KeyState::BreakerOpen && key.health.breaker.state(nowMs) == CircuitBreaker::State::Open)
        wake = std::min(wake, key.health.breaker.openUntilMs());
    // One entry per moment: a key refreshed often (pacing) would otherwise pile up duplicates.
    if (wake != kNever && !key.removed && wake != key.scheduledWakeMs) {
        key.scheduledWakeMs = wake;
        m_due.emplace(wake, index);
    }
}

void KeyPool::processDue(qint64 nowMs)
{
    while (!m_due.empty() && m_due.top().first <= nowMs) {
        const auto [when, index] = m_due.top();
        m_due.pop();
        if (at(index).scheduledWakeMs == when)
            entry(index).scheduledWakeMs = 0;
        const bool wasReady = at(index).ready[0] || at(index).ready[1];
        refresh(index, nowMs);
        // A breaker that turned half-open is news for a table, though the state is the same.
        if (!wasReady && at(index).health.state == KeyState::BreakerOpen)
            Q_EMIT keyStateChanged(index);
    }
}

qint64 KeyPool::nextDueMs() const
{
    return m_due.empty() ? -1 : m_due.top().first;
}

void KeyPool::restore(int index, const KeyMemory& memory, qint64 nowMs)
{
    KeyEntry& key = entry(index);
    key.stats = memory.stats;
    countDay(key, nowMs);
    const bool refused = memory.refusal == KeyState::Invalid || memory.refusal == KeyState::Exhausted;
    if (refused && key.health.state == KeyState::Active) {
        key.health.recheckIntervalMs = memory.recheckIntervalMs;
        const bool due = memory.recheckAtMs > 0 && memory.recheckAtMs <= nowMs;
        if (m_policy.recheck || !due) {
            park(index, memory.refusal, memory.reason, nowMs);
            if (memory.recheckAtMs > 0)
                setState(index, memory.refusal, memory.reason, memory.recheckAtMs);
        }
    }
    checkCaps(index, nowMs);
    refresh(index, nowMs);
    Q_EMIT keyStatsChanged(index);
}

void KeyPool::continueAfter(int index)
{
    if (index < 0 || index >= size() || m_policy.selection != KeySelection::RoundRobin)
        return;
    for (quint64& cursor : m_cursor)
        cursor = at(index).order + 1;
}

void KeyPool::countDay(KeyEntry& key, qint64 nowMs)
{
    // The local day is worked out once for the pool, not per key: time zones are not cheap.
    if (nowMs < m_dayStartMs || nowMs >= m_dayEndMs) {
        const QDate today = QDateTime::fromMSecsSinceEpoch(nowMs).toLocalTime().date();
        m_dayStartMs = today.startOfDay().toMSecsSinceEpoch();
        m_dayEndMs = today.addDays(1).startOfDay().toMSecsSinceEpoch();
    }
    KeyStats& stats = key.stats;
    if (stats.dayStartMs == m_dayStartMs)
        return;
    stats.dayStartMs = m_dayStartMs;
    stats.requestsToday = 0;
    stats.dollarsToday = 0.0;
}

QString KeyPool::capReached(const KeyEntry& key)
{
    const KeyConfig& config = key.config;
    if (config.dailyRequestCap > 0 && key.stats.requestsToday >= config.dailyRequestCap)
        return tr("daily cap of %n requests reached", nullptr, config.dailyRequestCap);
    if (config.dailyDollarCap > 0.0 && key.stats.dollarsToday >= config.dailyDollarCap)
        return tr("daily cap of $%1 reached").arg(config.dailyDollarCap, 0, 'f', 2);
    return {};
}

void KeyPool::checkCaps(int index, qint64 nowMs)
{
    KeyEntry& key = entry(index);
    if (key.health.state != KeyState::Active)
        return;
    const QString reason = capReached(key);
    if (reason.isEmpty())
        return;
    countDay(key, nowMs);
    // A rest until the day ends is not Exa's rate limit, and the next 429 starts afresh.
    key.health.rateLimitStreak = 0;
    setState(index, KeyState::CoolingDown, reason, m_dayEndMs);
}

std::optional<int> KeyPool::acquire(RateClass rateClass, qint64 nowMs, const QList<int>& tried, bool* probe)
{
    processDue(nowMs);
    const int c = static_cast<int>(rateClass);
    auto& ready = m_ready[c];
    while (!ready.empty()) {
        auto it = m_policy.selection == KeySelection::RoundRobin ? ready.lower_bound({m_cursor[c], -1}) : ready.begin();
        if (it == ready.end())
            it = ready.begin();
        for (size_t skipped = 0; tried.contains(it->second); ++skipped) {
            if (skipped + 1 >= ready.size())
                return std::nullopt;
            if (++it == ready.end())
                it = ready.begin();
        }
        const int index = it->second;
        KeyEntry& key = entry(index);
        RateLimiter& limiter = key.health.limiters[c];
        if (!limiter.tryTake(nowMs)) {
            key.tokenWaitUntilMs[c] = limiter.nextTokenAtMs(nowMs);
            refresh(index, nowMs);
            continue;
        }
        bool changed = false;
        if (const qint64 next = limiter.nextTokenAtMs(nowMs); next > nowMs) {
            key.tokenWaitUntilMs[c] = next;
            changed = true;
        }
        m_lastAcquired = index;
        if (m_policy.selection == KeySelection::RoundRobin) {
            m_cursor[c] = key.order + 1;
        } else {
            for (int other = 0; other < kRateClassCount; ++other)
                setReady(index, other, false);
            key.order = ++m_useCounter;
            changed = true;
        }
        const bool isProbe = key.health.state == KeyState::BreakerOpen;
        if (probe)
            *probe = isProbe;
        if (isProbe) {
            key.health.breaker.takeProbe();
            changed = true;
        }
        key.stats.lastUsedMs = nowMs;
        countDay(key, nowMs);
        ++key.stats.requestsToday;
        if (key.config.dailyRequestCap > 0 && key.stats.requestsToday >= key.config.dailyRequestCap) {
            checkCaps(index, nowMs);
            changed = true;
        }
        if (changed)
            refresh(index, nowMs);
        if (isProbe)
            Q_EMIT keyStateChanged(index);
        return index;
    }
    return std::nullopt;
}

void KeyPool::giveBack(int index, RateClass rateClass, bool probe, qint64 nowMs)
{
    KeyEntry& key = entry(index);
    const int c = static_cast<int>(rateClass);
    key.health.limiters[c].giveBack();
    key.tokenWaitUntilMs[c] = 0;
    if (key.stats.requestsToday > 0)
        --key.stats.requestsToday;
    if (probe)
        key.health.breaker.releaseProbe();
    // The request that would have reached its daily cap did not go: the cap is not reached.
    if (key.health.state == KeyState::CoolingDown && key.health.untilMs == m_dayEndMs && capReached(key).isEmpty())
        setState(index, KeyState::Active, {}, 0);
    refresh(index, nowMs);
}

bool KeyPool::acquireSpecific(int index, RateClass rateClass, qint64 nowMs)
{
    if (index < 0 || index >= size())
        return false;
    KeyEntry& key = entry(index);
    switch (key.health.state) {
    case KeyState::Invalid:
    case KeyState::Exhausted:
    case KeyState::Disabled:
        return false;
    default:
        break;
    }
    if (key.removed)
        return false;
    // A follow-up is light and bound to this key: pacing is honoured when it can be, never
    // allowed to strand the job.
    key.health.limiters[static_cast<int>(rateClass)].tryTake(nowMs);
    key.stats.lastUsedMs = nowMs;
    countDay(key, nowMs);
    ++key.stats.requestsToday;
    return true;
}

void KeyPool::report(int index, const KeyReport& report, qint64 nowMs)
{
    KeyEntry& key = entry(index);
    if (key.removed)
        return;
    KeyHealth& health = key.health;
    KeyStats& stats = key.stats;
    if (blamesKey(report.outcome)) {
        ++stats.requests;
        stats.latency.add(report.latencyMs);
    }
    const int c = static_cast<int>(report.rateClass);
    // What the user chose stays: a disabled key only keeps its books.
    const bool mayChangeState = health.state != KeyState::Disabled;
    const auto rememberForUndo = [&] {
        if (!key.undo || key.undo->proxy != report.proxy)
            key.undo = std::make_unique<KeyEntry::Undo>(KeyEntry::Undo{report.proxy, health});
    };

    switch (report.outcome) {
    case Outcome::Success:
    case Outcome::RequestError:
        // A request Exa judged wrong still proves the key works.
        if (report.outcome == Outcome::Success) {
            ++stats.successes;
            health.limiters[c].onSuccess();
        }
        stats.costDollars += report.costDollars;
        countDay(key, nowMs);
        stats.dollarsToday += report.costDollars;
        key.undo.reset();
        health.rateLimitStreak = 0;
        // Only the probe closes an open breaker: a success of a call sent before it opened is
        // old news.
        if ((health.breaker.state(nowMs) == CircuitBreaker::State::Closed || report.probe)
            && health.breaker.recordSuccess() && health.state == KeyState::BreakerOpen)
            setState(index, KeyState::Active, {}, 0);
        checkCaps(index, nowMs);
        break;
    case Outcome::KeyInvalid:
    case Outcome::KeyExhausted:
        ++stats.errors;
        stats.lastError = report.error;
        if (mayChangeState)
            park(index, report.outcome == Outcome::KeyInvalid ? KeyState::Invalid : KeyState::Exhausted, report.error,
                 nowMs);
        break;
    case Outcome::RateLimited: {
        ++stats.rateLimited;
        stats.lastError = report.error;
        health.limiters[c].onRateLimited();
        const qint64 doubled = m_policy.firstCooldown.count() << std::min(health.rateLimitStreak, 20);
        ++health.rateLimitStreak;
        const qint64 cooldown
            = report.retryAfter ? report.retryAfter->count() : std::min<qint64>(doubled, m_policy.maxCooldown.count());
        const qint64 until = nowMs + cooldown;
        // Exa took the probe's key, only too often: the breaker closes and the key cools down.
        if (report.probe && health.state == KeyState::BreakerOpen) {
            health.breaker.recordSuccess();
            setState(index, KeyState::CoolingDown, tr("rate limited by Exa"), until);
        } else if (health.state == KeyState::Active
                   || (health.state == KeyState::CoolingDown && until > health.untilMs)) {
            setState(index, KeyState::CoolingDown, tr("rate limited by Exa"), until);
        }
        break;
    }
    case Outcome::UpstreamError:
    case Outcome::Timeout:
        ++stats.errors;
        stats.lastError = report.error;
        rememberForUndo();
        if (health.breaker.recordFailure(nowMs, m_policy.breaker, report.probe)
            && (health.state == KeyState::Active || health.state == KeyState::CoolingDown
                || health.state == KeyState::BreakerOpen)) {
            // A cool-down that ends later stays: the key rests for the longer of the two, and
            // comes back through the breaker's probe (see refresh()).
            if (health.state == KeyState::CoolingDown && health.untilMs > health.breaker.openUntilMs())
                break;
            setState(
                index, KeyState::BreakerOpen,
                tr("%n failures in a row; last: %1", nullptr, health.breaker.consecutiveFailures()).arg(report.error),
                health.breaker.openUntilMs());
        }
        break;
    case Outcome::ProxyFailure:
    case Outcome::LocalError:
    case Outcome::Cancelled:
        if (report.probe)
            health.breaker.releaseProbe();
        // Nothing reached Exa: the request does not count against the key's daily cap.
        if (stats.requestsToday > 0 && report.outcome != Outcome::Cancelled)
            --stats.requestsToday;
        break;
    }
    refresh(index, nowMs);
    Q_EMIT keyStatsChanged(index);
}

void KeyPool::absolve(int proxy, qint64 nowMs)
{
    for (int index = 0; index < size(); ++index) {
        KeyEntry& key = entry(index);
        if (key.removed || !key.undo || key.undo->proxy != proxy)
            continue;
        // What the user set (disabled) or Exa said for sure (invalid, exhausted) stays.
        if (key.health.state == KeyState::Disabled || key.health.state == KeyState::Invalid
            || key.health.state == KeyState::Exhausted) {
            key.undo.reset();
            continue;
        }
        // Whether a probe is out is now's business, not the copy's: the copy may have been taken
        // while the attempt that brought the blame was the probe (it has ended), or another
        // attempt may be the probe now (it must stay the only one).
        const bool probeOut = key.health.breaker.isProbeInFlight();
        const KeyHealth now = std::exchange(key.health, key.undo->health);
        key.undo.reset();
        if (probeOut)
            key.health.breaker.takeProbe();
        else
            key.health.breaker.releaseProbe();
        // A cool-down Exa asked for since, and what the pacing learnt, stay.
        key.health.limiters = now.limiters;
        key.health.rateLimitStreak = now.rateLimitStreak;
        if (now.state == KeyState::CoolingDown && now.untilMs > nowMs)
            setState(index, KeyState::CoolingDown, now.reason, now.untilMs);
        Q_EMIT keyStateChanged(index);
        refresh(index, nowMs);
    }
}

void KeyPool::revive(int index)
{
    KeyEntry& key = entry(index);
    key.health = {};
    key.undo.reset();
    applyRates(key);
    Q_EMIT keyStateChanged(index);
}

void KeyPool::park(int index, KeyState state, const QString& reason, qint64 nowMs)
{
    KeyHealth& health = entry(index).health;
    if (health.recheckIntervalMs == 0)
        health.recheckIntervalMs = m_policy.firstRecheck.count();
    health.breaker.reset();
    setState(index, state, reason, nowMs + health.recheckIntervalMs);
}

bool KeyPool::awaitsRecheck(const KeyEntry& key) const
{
    const KeyState state = key.health.state;
    return m_policy.recheck && !key.removed && (state == KeyState::Invalid || state == KeyState::Exhausted)
        && !key.health.recheckInFlight;
}

QList<int> KeyPool::dueRechecks(qint64 nowMs) const
{
    QList<int> due;
    for (int i = 0; i < size(); ++i) {
        if (awaitsRecheck(at(i)) && at(i).health.untilMs <= nowMs)
            due.append(i);
    }
    return due;
}

qint64 KeyPool::nextRecheckMs() const
{
    qint64 next = kNever;
    for (const KeyEntry& key : m_keys) {
        if (awaitsRecheck(key))
            next = std::min(next, key.health.untilMs);
    }
    return next == kNever ? -1 : next;
}

void KeyPool::beginRecheck(int index)
{
    entry(index).health.recheckInFlight = true;
}

void KeyPool::finishRecheck(int index, Outcome outcome, const QString& error, qint64 nowMs)
{
    KeyEntry& key = entry(index);
    KeyHealth& health = key.health;
    health.recheckInFlight = false;
    if (blamesKey(outcome)) {
        ++key.stats.requests;
        if (outcome == Outcome::Success)
            ++key.stats.successes;
    }
    if (key.removed || (health.state != KeyState::Invalid && health.state != KeyState::Exhausted))
        return;
    switch (outcome) {
    case Outcome::Success:
    case Outcome::RequestError:
    case Outcome::RateLimited:
        // Exa took the key: it is good again.
        revive(index);
        break;
    case Outcome::KeyInvalid:
    case Outcome::KeyExhausted:
        health.recheckIntervalMs = std::min<qint64>(health.recheckIntervalMs * 2, m_policy.maxRecheck.count());
        key.stats.lastError = error;
        setState(index, outcome == Outcome::KeyInvalid ? KeyState::Invalid : KeyState::Exhausted, error,
                 nowMs + health.recheckIntervalMs);
        break;
    default:
        // The check itself failed (network, proxy): it says nothing about the key; try again later.
        setState(index, health.state, health.reason, nowMs + health.recheckIntervalMs);
        break;
    }
    refresh(index, nowMs);
    Q_EMIT keyStatsChanged(index);
}

} // namespace exadesk
