// Why a key, or the whole pool, cannot serve a call now: in people's words, for the Keys page and
// for the error a caller gets.
#include "KeyPool.h"
#include "base/Clock.h"

#include <limits>

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

constexpr qint64 kNever = std::numeric_limits<qint64>::max();

} // namespace

KeyShortage KeyPool::shortage(RateClass rateClass, qint64 nowMs, const QList<int>& tried) const
{
    const int c = static_cast<int>(rateClass);
    if (m_live == 0)
        return {false, -1, tr("no API keys have been added yet")};
    int invalid = 0, exhausted = 0, disabled = 0, resting = 0, rateLimited = 0, triedUsable = 0;
    qint64 firstBack = kNever, paced = kNever;
    bool probing = false;
    for (int i = 0; i < size(); ++i) {
        const KeyEntry& key = at(i);
        if (key.removed)
            continue;
        switch (key.health.state) {
        case KeyState::Invalid:
            ++invalid;
            break;
        case KeyState::Exhausted:
            ++exhausted;
            break;
        case KeyState::Disabled:
            ++disabled;
            break;
        case KeyState::CoolingDown:
            ++resting;
            rateLimited += key.health.rateLimitStreak > 0 ? 1 : 0;
            firstBack = std::min(firstBack, key.health.untilMs);
            break;
        case KeyState::BreakerOpen:
            if (key.health.breaker.state(nowMs) == CircuitBreaker::State::Open) {
                ++resting;
                firstBack = std::min(firstBack, key.health.breaker.openUntilMs());
                break;
            }
            if (tried.contains(i))
                ++triedUsable;
            else
                probing = true;
            break;
        case KeyState::Active:
            if (tried.contains(i))
                ++triedUsable;
            else
                paced = std::min(paced, std::max(key.tokenWaitUntilMs[c], nowMs));
            break;
        }
    }
    if (paced != kNever)
        return {true, paced, tr("waiting for the keys' rate limits")};
    if (probing)
        return {true, -1, tr("waiting for a key being tested")};
    const qint64 freeAt = firstBack == kNever ? -1 : firstBack;
    const int live = m_live;
    if (rateLimited > 0 && rateLimited + invalid + exhausted + disabled == live)
        return {false, -1, tr("every key is rate limited by Exa until at least %1").arg(localClockTime(firstBack)),
                freeAt, true};
    if (triedUsable > 0)
        return {false, -1, tr("every usable key was tried"), freeAt};

    if (invalid == live)
        return {false, -1, tr("all %n keys are invalid", nullptr, live)};
    if (exhausted == live)
        return {false, -1, tr("all %n keys are out of credits", nullptr, live)};
    if (disabled == live)
        return {false, -1, tr("all %n keys are disabled", nullptr, live)};
    if (resting == live)
        return {false, -1, tr("all keys are cooling down until %1").arg(localClockTime(firstBack)), freeAt};
    QStringList parts;
    if (invalid > 0)
        parts.append(tr("%n invalid", nullptr, invalid));
    if (exhausted > 0)
        parts.append(tr("%n out of credits", nullptr, exhausted));
    if (disabled > 0)
        parts.append(tr("%n disabled", nullptr, disabled));
    if (resting > 0)
        parts.append(tr("%n cooling down until %1", nullptr, resting).arg(localClockTime(firstBack)));
    return {false, -1, tr("no key can be used now (%1)").arg(parts.join(u", "_s)), freeAt};
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
