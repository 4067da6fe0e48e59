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

RateClass rateClassFor(exa::ExaRoute route);

} // namespace exadesk
