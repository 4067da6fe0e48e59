#pragma once

#include <QCoreApplication>
#include <QMap>
#include <QStringList>

#include <array>

// Every setting stored in the database, in one table: its name, type, default, range, unit and
// meaning. The engine's options take their defaults from here (GatewayOptions, KeyPolicy,
// LocalServerOptions, the request log's retention), and `exadesk settings` and the Settings page
// are made from it, so each default is written once.
namespace exadesk {

enum class SettingType
{
    Number, // a whole number from min to max
    Flag, // on or off
    Text, // one line
    List, // comma-separated
};

enum class SettingUnit
{
    None,
    Milliseconds,
    Seconds,
    Minutes,
    Days,
    Percent,
    KiB,
    PerSecond,
};

// What a text or list setting must hold beyond being one line.
enum class SettingRule
{
    AnyText,
    HttpUrl, // an http or https address, or empty
    IpAddresses, // one or more IP addresses
    HostNames, // host names without a port
    WebOrigins, // scheme://host[:port], no path
};

// Where a setting shows on the Settings page.
enum class SettingGroup
{
    Retries,
    KeyHealth,
    Pace,
    Requests,
    LocalPort,
    Alerts,
};

struct Setting
{
    const char* name;
    SettingType type;
    SettingGroup group;
    const char* description; // translatable, context SettingsRegistry
    int number = 0; // Number: the default; Flag: 1 for on
    const char* text = ""; // Text and List: the default
    int min = 0;
    int max = 0;
    SettingUnit unit = SettingUnit::None;
    SettingRule rule = SettingRule::AnyText;
    // Number: what its lowest value means, when it is not a quantity ("automatic"); translatable.
    const char* lowestMeans = nullptr;

    QString key() const { return QLatin1StringView(name); }
    // The default as it would be stored: "4", "on", "127.0.0.1,::1".
    QString defaultValue() const;
};

namespace setting {

inline constexpr Setting RetryAttempts{.name = "retry.attempts",
                                       .type = SettingType::Number,
                                       .group = SettingGroup::Retries,
                                       .description
                                       = QT_TRANSLATE_NOOP("SettingsRegistry", "attempts per call, the first included"),
                                       .number = 4,
                                       .min = 1,
                                       .max = 10};
inline constexpr Setting BackoffBaseMs{.name = "retry.backoff-base-ms",
                                       .type = SettingType::Number,
                                       .group = SettingGroup::Retries,
                                       .description = QT_TRANSLATE_NOOP("SettingsRegistry", "first backoff ceiling"),
                                       .number = 250,
                                       .min = 10,
                                       .max = 60'000,
                                       .unit = SettingUnit::Milliseconds};
inline constexpr Setting BackoffCapMs{.name = "retry.backoff-cap-ms",
                                      .type = SettingType::Number,
                                      .group = SettingGroup::Retries,
                                      .description = QT_TRANSLATE_NOOP("SettingsRegistry", "largest backoff ceiling"),
                                      .number = 10'000,
                                      .min = 100,
                                      .max = 600'000,
                                      .unit = SettingUnit::Milliseconds};
inline constexpr Setting DeadlineSeconds{
    .name = "retry.deadline-seconds",
    .type = SettingType::Number,
    .group = SettingGroup::Retries,
    .description = QT_TRANSLATE_NOOP("SettingsRegistry", "time for a whole call, retries included"),
    .number = 120,
    .min = 1,
    .max = 3'600,
    .unit = SettingUnit::Seconds};
inline constexpr Setting RetryBudgetPercent{
    .name = "retry.budget-percent",
    .type = SettingType::Number,
    .group = SettingGroup::Retries,
    .description = QT_TRANSLATE_NOOP("SettingsRegistry", "retries after Exa's failures, as a share of calls"),
    .number = 20,
    .min = 0,
    .max = 100,
    .unit = SettingUnit::Percent};
inline constexpr Setting BreakerThreshold{.name = "breaker.failure-threshold",
                                          .type = SettingType::Number,
                                          .group = SettingGroup::KeyHealth,
                                          .description
                                          = QT_TRANSLATE_NOOP("SettingsRegistry", "failures in a row that park a key"),
                                          .number = 3,
                                          .min = 1,
                                          .max = 100};
inline constexpr Setting BreakerOpenSeconds{
    .name = "breaker.open-seconds",
    .type = SettingType::Number,
    .group = SettingGroup::KeyHealth,
    .description = QT_TRANSLATE_NOOP("SettingsRegistry", "how long a parked key rests first"),
    .number = 30,
    .min = 1,
    .max = 86'400,
    .unit = SettingUnit::Seconds};
inline constexpr Setting RecheckEnabled{
    .name = "recheck.enabled",
    .type = SettingType::Flag,
    .group = SettingGroup::KeyHealth,
    .description = QT_TRANSLATE_NOOP("SettingsRegistry", "re-check invalid and exhausted keys (billed)"),
    .number = 1};
inline constexpr Setting RecheckFirstMinutes{
    .name = "recheck.first-minutes",
    .type = SettingType::Number,
    .group = SettingGroup::KeyHealth,
    .description = QT_TRANSLATE_NOOP("SettingsRegistry", "first re-check after (doubling to a day)"),
    .number = 10,
    .min = 1,
    .max = 1'440,
    .unit = SettingUnit::Minutes};
inline constexpr Setting ProxyConnectFailures{
    .name = "proxy.connect-failures",
    .type = SettingType::Number,
    .group = SettingGroup::KeyHealth,
    .description = QT_TRANSLATE_NOOP("SettingsRegistry", "failed connections in a row that park a proxy"),
    .number = 5,
    .min = 1,
    .max = 100};
inline constexpr Setting ProxyMaxParkedPercent{
    .name = "proxy.max-parked-percent",
    .type = SettingType::Number,
    .group = SettingGroup::KeyHealth,
    .description = QT_TRANSLATE_NOOP("SettingsRegistry", "most of the proxies parked at once (at least one)"),
    .number = 33,
    .min = 1,
    .max = 100,
    .unit = SettingUnit::Percent};
inline constexpr Setting SearchRate{
    .name = "rate.search-per-second",
    .type = SettingType::Number,
    .group = SettingGroup::Pace,
    .description = QT_TRANSLATE_NOOP("SettingsRegistry", "per key: /search, /findSimilar, /answer (0: no limit)"),
    .number = 10,
    .min = 0,
    .max = 10'000,
    .unit = SettingUnit::PerSecond,
    .lowestMeans = QT_TRANSLATE_NOOP("SettingsRegistry", "no limit")};
inline constexpr Setting ContentsRate{.name = "rate.contents-per-second",
                                      .type = SettingType::Number,
                                      .group = SettingGroup::Pace,
                                      .description
                                      = QT_TRANSLATE_NOOP("SettingsRegistry", "per key: /contents (0: no limit)"),
                                      .number = 100,
                                      .min = 0,
                                      .max = 10'000,
                                      .unit = SettingUnit::PerSecond,
                                      .lowestMeans = QT_TRANSLATE_NOOP("SettingsRegistry", "no limit")};
inline constexpr Setting ProxyRate{
    .name = "rate.proxy-per-second",
    .type = SettingType::Number,
    .group = SettingGroup::Pace,
    .description = QT_TRANSLATE_NOOP("SettingsRegistry",
                                     "per proxy (its exit address): calls, whatever its keys allow (0: no limit)"),
    .number = 0,
    .min = 0,
    .max = 10'000,
    .unit = SettingUnit::PerSecond,
    .lowestMeans = QT_TRANSLATE_NOOP("SettingsRegistry", "no limit")};
inline constexpr Setting MaxInFlight{
    .name = "gateway.max-in-flight",
    .type = SettingType::Number,
    .group = SettingGroup::Pace,
    .description = QT_TRANSLATE_NOOP("SettingsRegistry", "calls running at once (0: as many as the keys can carry)"),
    .number = 0,
    .min = 0,
    .max = 10'000,
    .lowestMeans = QT_TRANSLATE_NOOP("SettingsRegistry", "automatic")};
inline constexpr Setting TimeoutSeconds{
    .name = "request.timeout-seconds",
    .type = SettingType::Number,
    .group = SettingGroup::Retries,
    .description = QT_TRANSLATE_NOOP("SettingsRegistry", "one attempt's limit (a stream's silence)"),
    .number = 60,
    .min = 1,
    .max = 3'600,
    .unit = SettingUnit::Seconds};
inline constexpr Setting UserAgent{
    .name = "request.user-agent",
    .type = SettingType::Text,
    .group = SettingGroup::Requests,
    .description = QT_TRANSLATE_NOOP("SettingsRegistry", "User-Agent to send (empty: ExaDesk/<version>)")};
inline constexpr Setting BaseUrl{.name = "request.base-url",
                                 .type = SettingType::Text,
                                 .group = SettingGroup::Requests,
                                 .description
                                 = QT_TRANSLATE_NOOP("SettingsRegistry", "Exa's address (empty: https://api.exa.ai)"),
                                 .rule = SettingRule::HttpUrl};
inline constexpr Setting LogRetentionDays{.name = "log.retention-days",
                                          .type = SettingType::Number,
                                          .group = SettingGroup::Requests,
                                          .description
                                          = QT_TRANSLATE_NOOP("SettingsRegistry", "days the request log is kept"),
                                          .number = 30,
                                          .min = 1,
                                          .max = 3'650,
                                          .unit = SettingUnit::Days};
inline constexpr Setting ErrorRateAlertPercent{
    .name = "alerts.error-rate-percent",
    .type = SettingType::Number,
    .group = SettingGroup::Alerts,
    .description = QT_TRANSLATE_NOOP("SettingsRegistry", "failed calls in the last 5 minutes that are an alert"),
    .number = 20,
    .min = 0,
    .max = 100,
    .unit = SettingUnit::Percent,
    .lowestMeans = QT_TRANSLATE_NOOP("SettingsRegistry", "never")};
inline constexpr Setting ServerPort{.name = "server.port",
                                    .type = SettingType::Number,
                                    .group = SettingGroup::LocalPort,
                                    .description = QT_TRANSLATE_NOOP("SettingsRegistry", "the local port's port"),
                                    .number = 8787,
                                    .min = 1,
                                    .max = 65'535};
inline constexpr Setting ServerBind{
    .name = "server.bind",
    .type = SettingType::List,
    .group = SettingGroup::LocalPort,
    .description = QT_TRANSLATE_NOOP("SettingsRegistry", "addresses the local port listens on (comma-separated)"),
    .text = "127.0.0.1,::1",
    .rule = SettingRule::IpAddresses};
inline constexpr Setting ServerAllowedHosts{
    .name = "server.allowed-hosts",
    .type = SettingType::List,
    .group = SettingGroup::LocalPort,
    .description = QT_TRANSLATE_NOOP("SettingsRegistry", "more host names clients may use for the local port"),
    .rule = SettingRule::HostNames};
inline constexpr Setting ServerAllowedOrigins{
    .name = "server.allowed-origins",
    .type = SettingType::List,
    .group = SettingGroup::LocalPort,
    .description = QT_TRANSLATE_NOOP("SettingsRegistry", "web origins whose pages may call the local port"),
    .rule = SettingRule::WebOrigins};
inline constexpr Setting ServerMaxBodyKib{.name = "server.max-body-kib",
                                          .type = SettingType::Number,
                                          .group = SettingGroup::LocalPort,
                                          .description = QT_TRANSLATE_NOOP("SettingsRegistry", "largest request body"),
                                          .number = 1024,
                                          .min = 1,
                                          .max = 65'536,
                                          .unit = SettingUnit::KiB};
inline constexpr Setting ServerMaxConnections{
    .name = "server.max-connections",
    .type = SettingType::Number,
    .group = SettingGroup::LocalPort,
    .description = QT_TRANSLATE_NOOP("SettingsRegistry", "client connections open at once"),
    .number = 512,
    .min = 1,
    .max = 10'000};

// The table, in the order `exadesk settings list` shows it.
inline constexpr std::array kAll{&RetryAttempts,
                                 &BackoffBaseMs,
                                 &BackoffCapMs,
                                 &DeadlineSeconds,
                                 &RetryBudgetPercent,
                                 &BreakerThreshold,
                                 &BreakerOpenSeconds,
                                 &RecheckEnabled,
                                 &RecheckFirstMinutes,
                                 &ProxyConnectFailures,
                                 &ProxyMaxParkedPercent,
                                 &SearchRate,
                                 &ContentsRate,
                                 &ProxyRate,
                                 &MaxInFlight,
                                 &TimeoutSeconds,
                                 &UserAgent,
                                 &BaseUrl,
                                 &LogRetentionDays,
                                 &ErrorRateAlertPercent,
                                 &ServerPort,
                                 &ServerBind,
                                 &ServerAllowedHosts,
                                 &ServerAllowedOrigins,
                                 &ServerMaxBodyKib,
                                 &ServerMaxConnections};

} // namespace setting

class SettingsRegistry
{
    Q_DECLARE_TR_FUNCTIONS(SettingsRegistry)

public:
    static const Setting* find(QStringView name);
    // Why `value` cannot be stored for `setting`, or empty when it can.
    static QString problemWith(const Setting& setting, const QString& value);
    // As above, by name: an unknown name is a problem too.
    static QString problemWith(const QString& name, const QString& value);
    // The setting's meaning in the reader's language.
    static QString describe(const Setting& setting);
};

// A comma-separated list's items (a setting's, or tags or domains typed in a field), trimmed,
// empty ones left out.
QStringList splitList(const QString& text);

// The stored settings as read at one moment. Each getter gives the stored value, or the
// setting's default when none is stored or the stored one is not a value it takes.
class SettingValues
{
public:
    SettingValues() = default; // every default
    explicit SettingValues(QMap<QString, QString> stored)
        : m_stored(std::move(stored))
    { }

    int number(const Setting& setting) const;
    bool flag(const Setting& setting) const;
    QString text(const Setting& setting) const; // trimmed
    QStringList list(const Setting& setting) const;

    bool isStored(const Setting& setting) const { return m_stored.contains(setting.key()); }
    // As stored (for `exadesk settings`), or the default.
    QString raw(const Setting& setting) const { return m_stored.value(setting.key(), setting.defaultValue()); }

private:
    // The stored text when it is a value the setting takes.
    std::optional<QString> usable(const Setting& setting) const;

    QMap<QString, QString> m_stored;
};

} // namespace exadesk
