#pragma once

#include "exa/ExaCall.h"
#include "exa/ExaError.h"
#include "pool/KeyPool.h"
#include "resilience/Outcome.h"

// Where Exa's words meet the pool's: what an attempt's error means for its key and proxy
// (DESIGN.md, "Errors"), and which of a key's rate limits a route draws on.
namespace exadesk {

// Reads an attempt's error; `viaProxy` says whether a proxy stood between us and Exa, so a
// connection that failed is the proxy's fault rather than Exa's.
Outcome classify(const exa::ExaError& error, bool viaProxy);

// What an attempt that ended in `outcome` with `error` says about the proxy it went through.
ProxyOutcome proxyOutcomeOf(Outcome outcome, const exa::ExaError& error);

// Whether a call that is not idempotent (creating a research task) may be sent again after an
// attempt that ended so: only when Exa refused it before doing anything (401, 402, 429) or no
// connection was ever made, so nothing of it can have run.
bool mayResend(Outcome outcome, const exa::ExaError& error);

RateClass rateClassFor(exa::ExaRoute route);

} // namespace exadesk
