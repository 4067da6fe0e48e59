#pragma once

#include <QString>

#include <array>

namespace exadesk {

struct PoolSummary;

// What about the pool deserves a person's attention. The window notifies of each as it begins;
// /metrics shows each as a 0 or 1 for Prometheus' alert rules (docs/monitoring/).
enum class PoolAlert
{
    KeyInvalid, // Exa refused a key (401)
    KeyExhausted, // a key ran out of credit (402)
    AllKeysResting, // keys are enabled, and none can take a call now
    ProxyDown, // a proxy is parked: its breaker is open
    ErrorRate, // the share of failed calls crossed the threshold
};
inline constexpr std::array kPoolAlerts{PoolAlert::KeyInvalid, PoolAlert::KeyExhausted, PoolAlert::AllKeysResting,
                                        PoolAlert::ProxyDown, PoolAlert::ErrorRate};

// Its one name in /metrics and in the settings: "key_invalid", "all_keys_resting", ...
QString toString(PoolAlert alert);

// The error rate is judged over the last few minutes, and only once enough calls ended in them
// for a share to mean something.
inline constexpr int kErrorRateMinutes = 5;
inline constexpr int kErrorRateMinimumCalls = 10;

// Whether `alert`'s condition holds in `pool` now.
bool holds(PoolAlert alert, const PoolSummary& pool);

} // namespace exadesk
