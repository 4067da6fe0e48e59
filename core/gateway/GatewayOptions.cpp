#include "GatewayOptions.h"

namespace exadesk {

GatewayOptions GatewayOptions::fromSettings(const SettingValues& values)
{
    using std::chrono::milliseconds;
    using std::chrono::seconds;
    GatewayOptions options;
    options.maxAttempts = values.number(setting::RetryAttempts);
    options.backoff.base = milliseconds(values.number(setting::BackoffBaseMs));
    options.backoff.cap = milliseconds(values.number(setting::BackoffCapMs));
    options.deadline = seconds(values.number(setting::DeadlineSeconds));
    options.retryBudgetRatio = values.number(setting::RetryBudgetPercent) / 100.0;
    options.maxInFlight = values.number(setting::MaxInFlight);
    options.client.timeout = seconds(values.number(setting::TimeoutSeconds));
    if (const QString userAgent = values.text(setting::UserAgent); !userAgent.isEmpty())
        options.client.userAgent = userAgent;
    if (const QString baseUrl = values.text(setting::BaseUrl); !baseUrl.isEmpty())
        options.client.baseUrl = QUrl(baseUrl);
    return options;
}

} // namespace exadesk
