#include "CallService.h"

#include <numeric>

namespace exadesk {

int PoolSummary::keyCount() const
{
    return std::accumulate(keys.cbegin(), keys.cend(), 0);
}

FinishedCall finishedCall(const PendingCall& call, CallSource source)
{
    FinishedCall finished;
    finished.httpStatus = call.httpStatus();
    if (call.error().isError())
        finished.error = call.error().userMessage();
    finished.source = source;
    for (const AttemptRecord& attempt : call.attempts()) {
        finished.attemptLog.append({attempt.number, attempt.startedAtMs, attempt.keyId, attempt.proxyId,
                                    attempt.httpStatus, toString(attempt.outcome), attempt.latencyMs, attempt.error});
        finished.costDollars += attempt.costDollars;
    }
    finished.keyId = call.keyId();
    finished.proxyId = call.proxyId();
    return finished;
}

} // namespace exadesk
