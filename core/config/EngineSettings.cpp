#include "EngineSettings.h"

#include "storage/RequestLog.h"

#include <QHostAddress>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

struct Range
{
    int low;
    int high;
};

// Numbers the engine accepts for each numeric setting; flags take on/off.
Range rangeOf(QStringView name)
{
    if (name == u"retry.attempts")
        return {1, 10};
    if (name == u"retry.backoff-base-ms")
        return {10, 60'000};
    if (name == u"retry.backoff-cap-ms")
        return {100, 600'000};
    if (name == u"retry.deadline-seconds" || name == u"request.timeout-seconds")
        return {1, 3'600};
    if (name == u"retry.budget-percent")
        return {0, 100};
    if (name == u"breaker.failure-threshold")
        return {1, 100};
    if (name == u"breaker.open-seconds")
        return {1, 86'400};
    if (name == u"recheck.first-minutes")
        return {1, 1'440};
    if (name == u"rate.search-per-second" || name == u"rate.contents-per-second")
        return {0, 10'000};
    if (name == u"gateway.max-in-flight")
        return {1, 1'024};
    if (name == u"log.retention-days")
        return {1, 3'650};
    if (name == u"server.port")
        return {1, 65'535};
    if (name == u"server.max-body-kib")
        return {1, 65'536};
    if (name == u"server.max-connections")
        return {1, 10'000};
    return {0, 0};
}

// A number setting as stored, or `fallback` when it is unset, unreadable or out of its range.
int storedNumber(Settings& settings, const char* name, int fallback)
{
    StorageError error;
    const QString key = QLatin1StringView(name);
    const int value = settings.number(key, fallback, &error);
    const Range range = rangeOf(key);
    return value >= range.low && value <= range.high ? value : fallback;
}

} // namespace

const QList<SettingInfo>& EngineSettings::known()
{
    static const QList<SettingInfo> settings{
        {"retry.attempts", "4", QT_TRANSLATE_NOOP("EngineSettings", "attempts per call, the first included")},
        {"retry.backoff-base-ms", "250", QT_TRANSLATE_NOOP("EngineSettings", "first backoff ceiling (ms)")},
        {"retry.backoff-cap-ms", "10000", QT_TRANSLATE_NOOP("EngineSettings", "largest backoff ceiling (ms)")},
        {"retry.deadline-seconds", "120",
         QT_TRANSLATE_NOOP("EngineSettings", "time for a whole call, retries included")},
        {"retry.budget-percent", "20",
         QT_TRANSLATE_NOOP("EngineSettings", "retries after Exa's failures, as a share of calls")},
        {"breaker.failure-threshold", "3", QT_TRANSLATE_NOOP("EngineSettings", "failures in a row that park a key")},
        {"breaker.open-seconds", "30", QT_TRANSLATE_NOOP("EngineSettings", "how long a parked key rests first")},
        {"recheck.enabled", "on", QT_TRANSLATE_NOOP("EngineSettings", "re-check invalid and exhausted keys (billed)")},
        {"recheck.first-minutes", "10",
         QT_TRANSLATE_NOOP("EngineSettings", "first re-check after (doubling to a day)")},
        {"rate.search-per-second", "10",
         QT_TRANSLATE_NOOP("EngineSettings", "per key: /search, /findSimilar, /answer (0: no limit)")},
        {"rate.contents-per-second", "100", QT_TRANSLATE_NOOP("EngineSettings", "per key: /contents (0: no limit)")},
        {"gateway.max-in-flight", "64", QT_TRANSLATE_NOOP("EngineSettings", "calls running at once")},
        {"request.timeout-seconds", "60",
         QT_TRANSLATE_NOOP("EngineSettings", "one attempt's limit (a stream's silence)")},
        {"request.user-agent", "",
         QT_TRANSLATE_NOOP("EngineSettings", "User-Agent to send (empty: ExaDesk/<version>)")},
        {"request.base-url", "", QT_TRANSLATE_NOOP("EngineSettings", "Exa's address (empty: https://api.exa.ai)")},
        {"log.retention-days", "30", QT_TRANSLATE_NOOP("EngineSettings", "days the request log is kept")},
        {"server.port", "8787", QT_TRANSLATE_NOOP("EngineSettings", "the local port's port")},
        {"server.bind", "127.0.0.1,::1",
         QT_TRANSLATE_NOOP("EngineSettings", "addresses the local port listens on (comma-separated)")},
        {"server.allowed-hosts", "",
         QT_TRANSLATE_NOOP("EngineSettings", "more host names clients may use for the local port")},
        {"server.allowed-origins", "",
         QT_TRANSLATE_NOOP("EngineSettings", "web origins whose pages may call the local port")},
        {"server.max-body-kib", "1024", QT_TRANSLATE_NOOP("EngineSettings", "largest request body (KiB)")},
        {"server.max-connections", "512", QT_TRANSLATE_NOOP("EngineSettings", "client connections open at once")},
    };
    return settings;
}

EngineSettings::Kind EngineSettings::kindOf(const QString& name)
{
    if (name == "recheck.enabled"_L1)
        return Kind::Flag;
    if (name == "request.user-agent"_L1 || name == "request.base-url"_L1)
        return Kind::Text;
    if (name == "server.bind"_L1 || name == "server.allowed-hosts"_L1 || name == "server.allowed-origins"_L1)
        return Kind::List;
    return Kind::Number;
}

std::pair<int, int> EngineSettings::range(const QString& name)
{
    const Range found = rangeOf(name);
    return {found.low, found.high};
}

const SettingInfo* EngineSettings::find(const QString& name)
{
    for (const SettingInfo& info : known()) {
        if (name == QLatin1StringView(info.name))
            return &info;
    }
    return nullptr;
}

QString EngineSettings::problemWith(const QString& name, const QString& value)
{
    if (!find(name))
        return tr("'%1' is not a setting; 'exadesk settings list' shows them").arg(name);
    if (name == "request.user-agent"_L1)
        return value.contains(u'\n') ? tr("a User-Agent is one line") : QString();
    if (name == "request.base-url"_L1) {
        const QUrl url(value, QUrl::StrictMode);
        const bool ok = value.isEmpty()
            || (url.isValid() && (url.scheme() == "http"_L1 || url.scheme() == "https"_L1) && !url.host().isEmpty());
        return ok ? QString() : tr("request.base-url takes an http or https address such as https://api.exa.ai");
    }
    if (name == "server.bind"_L1) {
        const QStringList addresses = listValue(value);
        if (addresses.isEmpty())
            return tr("server.bind takes one or more IP addresses, such as 127.0.0.1,::1");
        for (const QString& address : addresses) {
            if (QHostAddress(address).isNull())
                return tr("'%1' is not an IP address").arg(address);
        }
        return {};
    }
    if (name == "server.allowed-hosts"_L1) {
        for (const QString& host : listValue(value)) {
            if (host.contains(u'/') || (host.contains(u':') && !host.startsWith(u'[')))
                return tr("'%1' is not a host name; give names without a port, such as myhost.local").arg(host);
        }
        return {};
    }
    if (name == "server.allowed-origins"_L1) {
        for (const QString& origin : listValue(value)) {
            const QUrl url(origin, QUrl::StrictMode);
            if (origin == "null"_L1 || !url.isValid() || url.host().isEmpty() || !url.path().isEmpty()
                || (url.scheme() != "http"_L1 && url.scheme() != "https"_L1))
                return tr("'%1' is not a web origin such as http://localhost:3000").arg(origin);
        }
        return {};
    }
    if (name == "recheck.enabled"_L1) {
        static const QStringList flags{u"on"_s, u"off"_s, u"true"_s, u"false"_s, u"yes"_s, u"no"_s, u"1"_s, u"0"_s};
        return flags.contains(value.toLower()) ? QString() : tr("%1 takes on or off").arg(name);
    }
    bool ok = false;
    const int number = value.toInt(&ok);
    const Range range = rangeOf(name);
    if (!ok || number < range.low || number > range.high)
        return tr("%1 takes a whole number from %2 to %3").arg(name).arg(range.low).arg(range.high);
    return {};
}

void EngineSettings::apply(Settings& settings, GatewayOptions& options, KeyPolicy& policy)
{
    StorageError error;
    const auto number = [&](const char* name, int fallback) { return storedNumber(settings, name, fallback); };
    using std::chrono::milliseconds;
    using std::chrono::seconds;
    options.maxAttempts = number("retry.attempts", options.maxAttempts);
    options.backoff.base
        = milliseconds(number("retry.backoff-base-ms", static_cast<int>(options.backoff.base.count())));
    options.backoff.cap = milliseconds(number("retry.backoff-cap-ms", static_cast<int>(options.backoff.cap.count())));
    options.deadline = seconds(number("retry.deadline-seconds", 120));
    options.retryBudgetRatio = number("retry.budget-percent", 20) / 100.0;
    options.maxInFlight = number("gateway.max-in-flight", options.maxInFlight);
    options.client.timeout = seconds(number("request.timeout-seconds", 60));
    const QString userAgent = settings.text(u"request.user-agent"_s, {}, &error).trimmed();
    if (!userAgent.isEmpty())
        options.client.userAgent = userAgent;
    const QString baseUrl = settings.text(u"request.base-url"_s, {}, &error).trimmed();
    if (!baseUrl.isEmpty() && problemWith(u"request.base-url"_s, baseUrl).isEmpty())
        options.client.baseUrl = QUrl(baseUrl);
    policy.breaker.failureThreshold = number("breaker.failure-threshold", policy.breaker.failureThreshold);
    policy.breaker.openTime = seconds(number("breaker.open-seconds", 30));
    policy.recheck = settings.flag(u"recheck.enabled"_s, policy.recheck, &error);
    policy.firstRecheck = std::chrono::minutes(number("recheck.first-minutes", 10));
    policy.searchRatePerSecond = number("rate.search-per-second", 10);
    policy.contentsRatePerSecond = number("rate.contents-per-second", 100);
}

void EngineSettings::applyServer(Settings& settings, LocalServerOptions& options)
{
    StorageError error;
    const auto number = [&](const char* name, int fallback) { return storedNumber(settings, name, fallback); };
    const auto list = [&](const char* name) {
        const QString key = QLatin1StringView(name);
        const QString value = settings.text(key, {}, &error);
        return problemWith(key, value).isEmpty() ? listValue(value) : QStringList();
    };
    options.port = static_cast<quint16>(number("server.port", options.port));
    if (const QStringList bind = list("server.bind"); !bind.isEmpty()) {
        options.addresses.clear();
        for (const QString& address : bind)
            options.addresses.append(QHostAddress(address));
    }
    options.extraHosts = list("server.allowed-hosts");
    options.allowedOrigins = list("server.allowed-origins");
    options.limits.maxBodyBytes = static_cast<qsizetype>(number("server.max-body-kib", 1024)) * 1024;
    options.maxConnections = number("server.max-connections", options.maxConnections);
}

QStringList EngineSettings::listValue(const QString& value)
{
    QStringList items;
    for (const QString& item : value.split(u',', Qt::SkipEmptyParts)) {
        if (!item.trimmed().isEmpty())
            items.append(item.trimmed());
    }
    return items;
}

int EngineSettings::logRetentionDays(Settings& settings)
{
    StorageError error;
    const int days = settings.number(u"log.retention-days"_s, RequestLog::kDefaultRetentionDays, &error);
    return days >= 1 ? days : RequestLog::kDefaultRetentionDays;
}

} // namespace exadesk
