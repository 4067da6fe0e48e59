#include "PoolStates.h"

using namespace Qt::StringLiterals;

namespace exadesk {

QString toString(KeyState state)
{
    switch (state) {
    case KeyState::Active:
        return u"active"_s;
    case KeyState::CoolingDown:
        return u"cooling down"_s;
    case KeyState::BreakerOpen:
        return u"breaker open"_s;
    case KeyState::Exhausted:
        return u"exhausted"_s;
    case KeyState::Invalid:
        return u"invalid"_s;
    case KeyState::Disabled:
        return u"disabled"_s;
    }
    return {};
}

std::optional<KeyState> keyStateNamed(QStringView name)
{
    for (const KeyState state : kKeyStates) {
        if (toString(state) == name)
            return state;
    }
    return std::nullopt;
}

QString toString(ProxyState state)
{
    switch (state) {
    case ProxyState::Active:
        return u"active"_s;
    case ProxyState::Parked:
        return u"parked"_s;
    case ProxyState::Disabled:
        return u"disabled"_s;
    }
    return {};
}

} // namespace exadesk
