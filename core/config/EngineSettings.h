#pragma once

#include "gateway/Gateway.h"
#include "server/LocalServer.h"
#include "storage/Settings.h"

#include <QCoreApplication>
#include <QList>

namespace exadesk {

// The settings the engine reads, by name, with their defaults: the rows `exadesk settings`
// and the Settings page edit, applied to the gateway's options and the key pool's policy.
struct SettingInfo
{
    const char* name;
    const char* defaultValue;
    const char* meaning; // translatable (context EngineSettings)
};

class EngineSettings
{
    Q_DECLARE_TR_FUNCTIONS(EngineSettings)

public:
    enum class Kind
    {
        Number, // a whole number within range()
        Flag, // on or off
        Text,
        List, // comma-separated
    };

    static const QList<SettingInfo>& known();
    static Kind kindOf(const QString& name);
    // The whole numbers a number setting takes.
    static std::pair<int, int> range(const QString& name);
    static const SettingInfo* find(const QString& name);
    // Why `value` cannot be set for `name`, or empty when it can.
    static QString problemWith(const QString& name, const QString& value);

    // Applies the stored settings on top of `options` and `policy`.
    static void apply(Settings& settings, GatewayOptions& options, KeyPolicy& policy);
    // The local port's stored settings (address, port, allowed hosts and origins, limits).
    static void applyServer(Settings& settings, LocalServerOptions& options);
    static int logRetentionDays(Settings& settings);
    // A comma-separated setting's items, trimmed.
    static QStringList listValue(const QString& value);
};

} // namespace exadesk
