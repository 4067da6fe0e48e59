// Why a key, or the whole pool, cannot serve a call now: in people's words, for the Keys page and
// for the error a caller gets.
#include "KeyPool.h"
#include "base/Clock.h"

using namespace Qt::StringLiterals;

namespace exadesk {
KeyShortage KeyPool::shortage(RateClass rateClass, qint64 nowMs, const QList<int>& tried) const
{
    // O(log n + tried): from the tallies kept as keys change, not a walk over every key.
    Q_UNUSED(rateClass); // whichever class: acquire() found no key ready for it
    KeyShortage shortage;
    shortage.live = m_live;
    if (m_live == 0)
        return shortage;
    const auto count = [this](KeyState state) { return m_stateCount[static_cast<size_t>(state)]; };
    int triedActive = 0;
    int triedHalfOpen = 0;
    for (const int index : tried) {
        const KeyEntry& key = at(index);
        if (key.removed)
            continue;
        if (key.health.state == KeyState::Active)
            ++triedActive;
        else if (key.health.state == KeyState::BreakerOpen
                 && key.health.breaker.state(nowMs) != CircuitBreaker::State::Open)
            ++triedHalfOpen;
    }
    // An active key acquire() passed over that this call has not tried waits for its pacing.
    if (count(KeyState::Active) > triedActive) {
        shortage.why = KeyShortage::Why::Pacing;
        shortage.wait = true;
        shortage.untilMs = std::max(nowMs, nextDueMs());
        return shortage;
    }
    // Breakers whose rest is over (half-open) come first in the resting set.
    int halfOpen = 0;
    auto back = m_resting.begin();
    for (; back != m_resting.end() && back->first <= nowMs; ++back) {
        if (at(back->second).health.state != KeyState::BreakerOpen)
            continue;
        ++halfOpen;
        if (!tried.contains(back->second)) {
            shortage.why = KeyShortage::Why::Probing;
            shortage.wait = true;
            return shortage;
        }
    }
    shortage.freeAtMs = back == m_resting.end() ? -1 : back->first;
    shortage.invalid = count(KeyState::Invalid);
    shortage.exhausted = count(KeyState::Exhausted);
    shortage.disabled = count(KeyState::Disabled);
    shortage.resting = count(KeyState::CoolingDown) + count(KeyState::BreakerOpen) - halfOpen;
    shortage.rateLimited = m_rateLimitedResting > 0
        && m_rateLimitedResting + shortage.invalid + shortage.exhausted + shortage.disabled == m_live;
    shortage.why = !shortage.rateLimited && triedActive + triedHalfOpen > 0 ? KeyShortage::Why::AllTried
                                                                            : KeyShortage::Why::Unusable;
    return shortage;
}

QString KeyShortage::reason() const
{
    const QString firstBack = freeAtMs >= 0 ? localClockTime(freeAtMs) : QString();
    switch (why) {
    case Why::NoKeys:
        return KeyPool::tr("no API keys have been added yet");
    case Why::Pacing:
        return KeyPool::tr("waiting for the keys' rate limits");
    case Why::Probing:
        return KeyPool::tr("waiting for a key being tested");
    case Why::AllTried:
        return KeyPool::tr("every usable key was tried");
    case Why::Unusable:
        break;
    }
    if (rateLimited)
        return KeyPool::tr("every key is rate limited by Exa until at least %1").arg(firstBack);
    if (invalid == live)
        return KeyPool::tr("all %n keys are invalid", nullptr, live);
    if (exhausted == live)
        return KeyPool::tr("all %n keys are out of credits", nullptr, live);
    if (disabled == live)
        return KeyPool::tr("all %n keys are disabled", nullptr, live);
    if (resting == live)
        return KeyPool::tr("all keys are cooling down until %1").arg(firstBack);
    QStringList parts;
    if (invalid > 0)
        parts.append(KeyPool::tr("%n invalid", nullptr, invalid));
    if (exhausted > 0)
        parts.append(KeyPool::tr("%n out of credits", nullptr, exhausted));
    if (disabled > 0)
        parts.append(KeyPool::tr("%n disabled", nullptr, disabled));
    if (resting > 0)
        parts.append(KeyPool::tr("%n cooling down until %1", nullptr, resting).arg(firstBack));
    return KeyPool::tr("no key can be used now (%1)").arg(parts.join(u", "_s));
}

QString KeyPool::stateText(int index, qint64 nowMs) const
{
    const KeyEntry& key = at(index);
    const KeyHealth& health = key.health;
    if (key.removed)
        return tr("removed");
    switch (health.state) {
    case KeyState::Active:
        return tr("active");
    case KeyState::CoolingDown:
        return tr("cooling down until %1 (%2)").arg(localClockTime(health.untilMs), health.reason);
    case KeyState::BreakerOpen:
        if (health.breaker.state(nowMs) == CircuitBreaker::State::Open)
            return tr("resting until %1 (%2)").arg(localClockTime(health.breaker.openUntilMs()), health.reason);
        return tr("being tested (%1)").arg(health.reason);
    case KeyState::Exhausted:
    case KeyState::Invalid: {
        const QString what = health.state == KeyState::Invalid ? tr("invalid") : tr("out of credits");
        if (!m_policy.recheck)
            return tr("%1 (%2)").arg(what, health.reason);
        return tr("%1 (%2); checked again at %3").arg(what, health.reason, localClockTime(health.untilMs));
    }
    case KeyState::Disabled:
        return tr("disabled");
    }
    return {};
}

} // namespace exadesk
