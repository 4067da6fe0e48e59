#pragma once

#include <QtGlobal>

namespace exadesk {

// Keeps a key's or proxy's last latency and a moving average in which each new answer counts
// for a fifth: recent enough to show a slowdown, steady enough not to flicker in a table.
template <typename Stats>
void recordLatency(Stats& stats, qint64 latencyMs)
{
    if (latencyMs < 0)
        return;
    stats.lastLatencyMs = latencyMs;
    const auto sample = static_cast<double>(latencyMs);
    stats.averageLatencyMs
        = stats.averageLatencyMs < 0 ? sample : stats.averageLatencyMs + 0.2 * (sample - stats.averageLatencyMs);
}

} // namespace exadesk
