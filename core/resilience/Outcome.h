#pragma once

#include <QString>

namespace exadesk {

// What one attempt's result means for the call, its key and its proxy (DESIGN.md, "Errors").
enum class Outcome
{
    Success, // 2xx
    RequestError, // 400, 403 refusals, 404, 409, 422...: the request is wrong; no retry
    KeyInvalid, // 401: park the key, retry on another
    KeyExhausted, // 402: park the key, retry on another
    RateLimited, // 429: cool the key down, retry on another
    UpstreamError, // 5xx, a reset, a broken body: a failure on key and proxy, retry after backoff
    Timeout, // no answer in time: as an upstream error
    ProxyFailure, // no connection through the proxy (or, direct, out of this computer): not the key's fault
    LocalError, // nothing left here (a key that cannot be sent, TLS not trusted): no retry
    Cancelled,
};

QString toString(Outcome outcome);

// Whether another attempt could succeed where this one failed.
bool isRetryable(Outcome outcome);
// Whether the outcome says anything about the key (for blame and statistics).
bool blamesKey(Outcome outcome);
// Whether Exa turned the key away (401, 402, 429) before doing anything with the call.
bool isRefusal(Outcome outcome);

} // namespace exadesk
