#include "SettingsRegistry.h"

#include <QHostAddress>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

bool flagValue(const QString& text, bool* value)
{
    const QString word = text.trimmed().toLower();
    if (word == "on"_L1 || word == "true"_L1 || word == "yes"_L1 || word == "1"_L1) {
        *value = true;
        return true;
    }
    if (word == "off"_L1 || word == "false"_L1 || word == "no"_L1 || word == "0"_L1) {
        *value = false;
        return true;
    }
    return false;
}

} // namespace

QString Setting::defaultValue() const
{
    switch (type) {
    case SettingType::Number:
        return QString::number(number);
    case SettingType::Flag:
        return number != 0 ? u"on"_s : u"off"_s;
    case SettingType::Text:
    case SettingType::List:
        return QLatin1StringView(text);
    }
    return {};
}

const Setting* SettingsRegistry::find(QStringView name)
{
    for (const Setting* setting : setting::kAll) {
        if (name == QLatin1StringView(setting->name))
            return setting;
    }
    return nullptr;
}

QString SettingsRegistry::describe(const Setting& setting)
{
    return tr(setting.description);
}

QString SettingsRegistry::problemWith(const QString& name, const QString& value)
{
    const Setting* setting = find(name);
    if (!setting)
        return tr("'%1' is not a setting; 'exadesk settings list' shows them").arg(name);
    return problemWith(*setting, value);
}

QString SettingsRegistry::problemWith(const Setting& setting, const QString& value)
{
    const QString name = setting.key();
    switch (setting.type) {
    case SettingType::Number: {
        bool ok = false;
        const int number = value.toInt(&ok);
        if (!ok || number < setting.min || number > setting.max)
            return tr("%1 takes a whole number from %2 to %3").arg(name).arg(setting.min).arg(setting.max);
        return {};
    }
    case SettingType::Flag: {
        bool ignored = false;
        return flagValue(value, &ignored) ? QString() : tr("%1 takes on or off").arg(name);
    }
    case SettingType::Text:
    case SettingType::List:
        break;
    }
    if (value.contains(u'\n'))
        return tr("%1 is one line").arg(name);
    switch (setting.rule) {
    case SettingRule::AnyText:
        return {};
    case SettingRule::HttpUrl: {
        const QUrl url(value, QUrl::StrictMode);
        const bool ok = value.isEmpty()
            || (url.isValid() && (url.scheme() == "http"_L1 || url.scheme() == "https"_L1) && !url.host().isEmpty());
        return ok ? QString() : tr("%1 takes an http or https address such as https://api.exa.ai").arg(name);
    }
    case SettingRule::IpAddresses: {
        const QStringList addresses = splitList(value);
        if (addresses.isEmpty())
            return tr("%1 takes one or more IP addresses, such as 127.0.0.1,::1").arg(name);
        for (const QString& address : addresses) {
            if (QHostAddress(address).isNull())
                return tr("'%1' is not an IP address").arg(address);
        }
        return {};
    }
    case SettingRule::HostNames:
        for (const QString& host : splitList(value)) {
            if (host.contains(u'/') || (host.contains(u':') && !host.startsWith(u'[')))
                return tr("'%1' is not a host name; give names without a port, such as myhost.local").arg(host);
        }
        return {};
    case SettingRule::WebOrigins:
        for (const QString& origin : splitList(value)) {
            const QUrl url(origin, QUrl::StrictMode);
            if (origin == "null"_L1 || !url.isValid() || url.host().isEmpty() || !url.path().isEmpty()
                || (url.scheme() != "http"_L1 && url.scheme() != "https"_L1))
                return tr("'%1' is not a web origin such as http://localhost:3000").arg(origin);
        }
        return {};
    }
    return {};
}

QStringList splitList(const QString& text)
{
    QStringList items;
    for (const QString& item : text.split(u',', Qt::SkipEmptyParts)) {
        if (!item.trimmed().isEmpty())
            items.append(item.trimmed());
    }
    return items;
}

std::optional<QString> SettingValues::usable(const Setting& setting) const
{
    const auto stored = m_stored.constFind(setting.key());
    if (stored == m_stored.cend() || !SettingsRegistry::problemWith(setting, stored.value()).isEmpty())
        return std::nullopt;
    return stored.value();
}

int SettingValues::number(const Setting& setting) const
{
    Q_ASSERT(setting.type == SettingType::Number);
    const auto stored = usable(setting);
    return stored ? stored->toInt() : setting.number;
}

bool SettingValues::flag(const Setting& setting) const
{
    Q_ASSERT(setting.type == SettingType::Flag);
    bool value = setting.number != 0;
    if (const auto stored = usable(setting))
        flagValue(*stored, &value);
    return value;
}

QString SettingValues::text(const Setting& setting) const
{
    return usable(setting).value_or(setting.defaultValue()).trimmed();
}

QStringList SettingValues::list(const Setting& setting) const
{
    return splitList(text(setting));
}

} // namespace exadesk
