#pragma once

#include <QString>

#include <array>
#include <optional>

// The states of a key and of a way out (a proxy, or direct), each with the one name it goes by
// in the database, on the command line, in /metrics and in logs. People read translated words
// for them (the pool's stateText()).
namespace exadesk {

enum class KeyState
{
    Active,
    CoolingDown, // a 429, or a daily cap reached: back at a known time
    BreakerOpen, // failures in a row: one probe when its rest is over
    Exhausted, // out of credits (402): re-checked now and then
    Invalid, // refused (401): re-checked now and then
    Disabled, // the user's choice
};

inline constexpr std::array kKeyStates{KeyState::Active,    KeyState::CoolingDown, KeyState::BreakerOpen,
                                       KeyState::Exhausted, KeyState::Invalid,     KeyState::Disabled};

// "active", "cooling down", "breaker open", "exhausted", "invalid", "disabled".
QString toString(KeyState state);
std::optional<KeyState> keyStateNamed(QStringView name);

enum class ProxyState
{
    Active, // calls may leave through it now
    Parked, // its breaker is open, or its one probe is out
    Disabled, // the user's choice
};

inline constexpr std::array kProxyStates{ProxyState::Active, ProxyState::Parked, ProxyState::Disabled};

// "active", "parked", "disabled".
QString toString(ProxyState state);

} // namespace exadesk
