#pragma once

#include "config/SettingsRegistry.h"

#include <QtGlobal>

#include <chrono>

namespace exadesk {

struct BreakerPolicy
{
    int failureThreshold = setting::BreakerThreshold.number; // consecutive failures that open the breaker
    std::chrono::milliseconds openTime
        = std::chrono::seconds(setting::BreakerOpenSeconds.number); // the first time it stays open
    std::chrono::milliseconds maxOpenTime{30 * 60'000}; // doubling stops here
};

// Closed -> (threshold consecutive failures) -> open -> (open time passes) -> half-open: one
// probe may go. A good probe closes it; a bad one opens it again for twice as long.
// A plain value: the owner passes the time in and asks.
class CircuitBreaker
{
public:
    enum class State
    {
        Closed,
        Open,
        HalfOpen
    };

    // The state at `nowMs`: an open breaker whose time is up reads as half-open.
    State state(qint64 nowMs) const;
    int consecutiveFailures() const { return m_failures; }
    qint64 openUntilMs() const { return m_openUntilMs; }
    bool isProbeInFlight() const { return m_probeInFlight; }

    // Whether a request may go now; in half-open only the one probe may.
    bool allows(qint64 nowMs) const;
    // Call when a request goes out in half-open: it is the probe, and only its outcome may
    // close or reopen the breaker (requests from before it opened may still come back).
    void takeProbe() { m_probeInFlight = true; }
    // The probe went nowhere (cancelled, or its failure was blamed on something else).
    void releaseProbe() { m_probeInFlight = false; }

    // Returns true when this closed an open or half-open breaker.
    bool recordSuccess();
    // Returns true when this opened the breaker (or, for the probe, opened it again for twice
    // as long). A failure of a straggler while open changes nothing.
    bool recordFailure(qint64 nowMs, const BreakerPolicy& policy, bool probe = false);
    // Opens at once, whatever the count (a failure that leaves no doubt, like a refused proxy).
    void trip(qint64 nowMs, const BreakerPolicy& policy, bool probe = false);
    void reset() { *this = {}; }

private:
    int m_failures = 0;
    bool m_open = false; // open or half-open
    bool m_probeInFlight = false;
    qint64 m_openUntilMs = 0;
    std::chrono::milliseconds m_openTime{0}; // 0 until it first opens
};

} // namespace exadesk
