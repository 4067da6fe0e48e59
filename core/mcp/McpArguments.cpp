#include "McpArguments.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>
#include <optional>

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

std::optional<double> numberOf(const QJsonValue& value)
{
    if (value.isDouble())
        return value.toDouble();
    if (value.isBool())
        return value.toBool() ? 1.0 : 0.0;
    if (value.isString()) {
        bool ok = false;
        const double number = value.toString().trimmed().toDouble(&ok);
        if (ok && std::isfinite(number))
            return number;
    }
    return std::nullopt;
}

std::optional<bool> booleanOf(const QJsonValue& value)
{
    if (value.isBool())
        return value.toBool();
    const QString text = value.toString().trimmed().toLower();
    if (text == "true"_L1 || text == "1"_L1 || text == "yes"_L1)
        return true;
    if (text == "false"_L1 || text == "0"_L1 || text == "no"_L1)
        return false;
    return std::nullopt;
}

// A list of strings; one string is read as a JSON list when it is one, else as a list of itself.
std::optional<QJsonArray> stringsOf(const QJsonValue& value)
{
    QJsonValue list = value;
    if (value.isString()) {
        const QJsonDocument parsed = QJsonDocument::fromJson(value.toString().toUtf8());
        list = parsed.isArray() ? QJsonValue(parsed.array()) : QJsonValue(QJsonArray{value});
    }
    if (!list.isArray())
        return std::nullopt;
    for (const QJsonValue& item : list.toArray()) {
        if (!item.isString())
            return std::nullopt;
    }
    return list.toArray();
}

} // namespace

QJsonObject McpArguments::read(const QString& tool, const QJsonObject& schema, const QJsonObject& given, QString* error)
{
    const QJsonObject properties = schema.value("properties"_L1).toObject();
    const QJsonArray required = schema.value("required"_L1).toArray();
    QJsonObject read;
    const auto fail = [&](const QString& problem) {
        *error = tr("Invalid arguments for %1: %2").arg(tool, problem);
        return QJsonObject{};
    };
    for (auto it = properties.begin(); it != properties.end(); ++it) {
        const QString& name = it.key();
        const QJsonObject property = it.value().toObject();
        const QJsonValue value = given.value(name);
        if (value.isUndefined() || value.isNull()) {
            if (required.contains(name))
                return fail(tr("'%1' is required.").arg(name));
            continue;
        }
        const QString type = property.value("type"_L1).toString();
        if (type == "string"_L1) {
            QString text;
            if (value.isString())
                text = value.toString();
            else if (value.isDouble() || value.isBool())
                text = value.toVariant().toString();
            else
                return fail(tr("'%1' must be a string.").arg(name));
            if (property.contains("minLength"_L1)) {
                text = text.trimmed();
                if (text.isEmpty())
                    return fail(tr("'%1' must not be empty.").arg(name));
            }
            const QJsonArray allowed = property.value("enum"_L1).toArray();
            if (!allowed.isEmpty() && !allowed.contains(text)) {
                QStringList choices;
                for (const QJsonValue& choice : allowed)
                    choices.append(u'\'' + choice.toString() + u'\'');
                return fail(tr("'%1' must be one of %2, not '%3'.").arg(name, choices.join(u", "_s), text));
            }
            read.insert(name, text);
        } else if (type == "number"_L1) {
            // As exa-mcp-server: a number that cannot be read, or is below its minimum, is as if
            // it were not given, and the default applies.
            const std::optional<double> number = numberOf(value);
            if (number && (!property.contains("minimum"_L1) || *number >= property.value("minimum"_L1).toDouble()))
                read.insert(name, *number);
        } else if (type == "boolean"_L1) {
            if (const std::optional<bool> flag = booleanOf(value))
                read.insert(name, *flag);
        } else if (type == "array"_L1) {
            const std::optional<QJsonArray> strings = stringsOf(value);
            if (!strings)
                return fail(tr("'%1' must be a list of strings.").arg(name));
            read.insert(name, *strings);
        } else if (type == "object"_L1) {
            if (!value.isObject())
                return fail(tr("'%1' must be a JSON object.").arg(name));
            read.insert(name, value);
        }
    }
    return read;
}

} // namespace exadesk
