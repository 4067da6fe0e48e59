#pragma once

#include "config/SettingsRegistry.h"

#include <QByteArray>

#include <chrono>
#include <optional>
#include <random>

namespace exadesk {

// Exponential backoff with full jitter: the n-th retry waits a uniformly random time in
// [0, min(cap, base * 2^n)], so clients that failed together do not retry together.
struct BackoffPolicy
{
    std::chrono::milliseconds base{setting::BackoffBaseMs.number};
    std::chrono::milliseconds cap{setting::BackoffCapMs.number};

    // The ceiling of the wait before retry `retry` (0 for the first retry).
    std::chrono::milliseconds ceiling(int retry) const;
    std::chrono::milliseconds delay(int retry, std::mt19937_64& random) const;
};

// Reads a Retry-After header: delta-seconds or an HTTP-date (RFC 9110). Returns how long to
// wait from `nowMs`, at most a day; nothing when the header is missing or unreadable.
std::optional<std::chrono::milliseconds> parseRetryAfter(const QByteArray& header, qint64 nowMs);

} // namespace exadesk
