#pragma once

#include "config/SettingsRegistry.h"
#include "exa/ExaClient.h"
#include "resilience/Backoff.h"

#include <chrono>

namespace exadesk {

struct GatewayOptions
{
    // Where Exa is, how we introduce ourselves, extra CAs. Its timeout is the limit for one
    // attempt (for a streamed answer: for silence), kept on the gateway's clock.
    exa::ExaClientOptions client;
    int maxAttempts = setting::RetryAttempts.number;
    BackoffPolicy backoff;
    std::chrono::milliseconds deadline = std::chrono::seconds(setting::DeadlineSeconds.number); // retries included
    // When every key rests but one is back this soon, a call waits for it instead of failing.
    std::chrono::milliseconds maxKeyWait{5'000};
    double retryBudgetRatio = setting::RetryBudgetPercent.number / 100.0;
    double retryBudgetReserve = 10.0;
    // 0: as many as the pool can carry (see Gateway::inFlightCap()).
    int maxInFlight = setting::MaxInFlight.number;
    int maxQueued = 1000;
    quint64 randomSeed = 0; // 0: seeded from the system

    // The defaults, with the stored settings over them.
    static GatewayOptions fromSettings(const SettingValues& values);
};

struct SubmitOptions
{
    std::chrono::milliseconds deadline{0}; // 0: the gateway's
    int key = -1; // this key only, never another (a test of it); -1: any
};

} // namespace exadesk
