#include "PoolAlerts.h"

#include "CallService.h"

using namespace Qt::StringLiterals;

namespace exadesk {

QString toString(PoolAlert alert)
{
    switch (alert) {
    case PoolAlert::KeyInvalid:
        return u"key_invalid"_s;
    case PoolAlert::KeyExhausted:
        return u"key_exhausted"_s;
    case PoolAlert::AllKeysResting:
        return u"all_keys_resting"_s;
    case PoolAlert::ProxyDown:
        return u"proxy_down"_s;
    case PoolAlert::ErrorRate:
        return u"error_rate"_s;
    }
    return {};
}

bool holds(PoolAlert alert, const PoolSummary& pool)
{
    switch (alert) {
    case PoolAlert::KeyInvalid:
        return pool.keysIn(KeyState::Invalid) > 0;
    case PoolAlert::KeyExhausted:
        return pool.keysIn(KeyState::Exhausted) > 0;
    case PoolAlert::AllKeysResting:
        return pool.keyCount() > pool.keysIn(KeyState::Disabled) && pool.keysIn(KeyState::Active) == 0;
    case PoolAlert::ProxyDown:
        return pool.proxiesIn(ProxyState::Parked) > 0;
    case PoolAlert::ErrorRate:
        return pool.errorRateAlertPercent > 0 && pool.recentCalls >= kErrorRateMinimumCalls
            && pool.recentFailures * 100 >= pool.errorRateAlertPercent * pool.recentCalls;
    }
    return false;
}

} // namespace exadesk
