#include "CircuitBreaker.h"

#include <algorithm>

namespace exadesk {

CircuitBreaker::State CircuitBreaker::state(qint64 nowMs) const
{
    if (!m_open)
        return State::Closed;
    return nowMs >= m_openUntilMs ? State::HalfOpen : State::Open;
}

bool CircuitBreaker::allows(qint64 nowMs) const
{
    switch (state(nowMs)) {
    case State::Closed:
        return true;
    case State::Open:
        return false;
    case State::HalfOpen:
        return !m_probeInFlight;
    }
    return false;
}

bool CircuitBreaker::recordSuccess()
{
    const bool wasOpen = m_open;
    *this = {};
    return wasOpen;
}

bool CircuitBreaker::recordFailure(qint64 nowMs, const BreakerPolicy& policy, bool probe)
{
    ++m_failures;
    if (m_open) {
        // Only the probe's failure counts: doubling on every straggler would punish twice.
        if (!probe)
            return false;
        trip(nowMs, policy, true);
        return true;
    }
    if (m_failures < policy.failureThreshold)
        return false;
    trip(nowMs, policy);
    return true;
}

void CircuitBreaker::trip(qint64 nowMs, const BreakerPolicy& policy, bool probe)
{
    if (!m_open)
        m_openTime = policy.openTime;
    else if (probe)
        m_openTime = std::min(m_openTime * 2, policy.maxOpenTime);
    else
        return; // open already, and this says nothing new
    m_open = true;
    m_probeInFlight = false;
    m_openUntilMs = nowMs + m_openTime.count();
}

} // namespace exadesk
