#include "Settings.h"

#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace exadesk {

std::optional<QString> Settings::value(const QString& name, StorageError* error)
{
    QSqlQuery query(m_db.connection());
    query.prepare(u"SELECT value FROM settings WHERE name = ?"_s);
    query.addBindValue(name);
    if (!query.exec()) {
        *error = Database::errorFrom(query.lastError(), tr("read setting %1").arg(name));
        return std::nullopt;
    }
    if (!query.next())
        return std::nullopt;
    return query.value(0).toString();
}

QString Settings::text(const QString& name, const QString& fallback, StorageError* error)
{
    return value(name, error).value_or(fallback);
}

int Settings::number(const QString& name, int fallback, StorageError* error)
{
    bool ok = false;
    const int number = text(name, {}, error).toInt(&ok);
    return ok ? number : fallback;
}

bool Settings::flag(const QString& name, bool fallback, StorageError* error)
{
    const QString text = value(name, error).value_or(QString()).trimmed().toLower();
    if (text == "true"_L1 || text == "1"_L1 || text == "yes"_L1 || text == "on"_L1)
        return true;
    if (text == "false"_L1 || text == "0"_L1 || text == "no"_L1 || text == "off"_L1)
        return false;
    return fallback;
}

bool Settings::setValue(const QString& name, const QString& value, StorageError* error)
{
    QSqlQuery query(m_db.connection());
    query.prepare(u"INSERT INTO settings (name, value) VALUES (?, ?) "
                  "ON CONFLICT(name) DO UPDATE SET value = excluded.value"_s);
    query.addBindValue(name);
    query.addBindValue(Database::text(value));
    if (!query.exec()) {
        *error = Database::errorFrom(query.lastError(), tr("save setting %1").arg(name));
        return false;
    }
    return true;
}

bool Settings::remove(const QString& name, StorageError* error)
{
    QSqlQuery query(m_db.connection());
    query.prepare(u"DELETE FROM settings WHERE name = ?"_s);
    query.addBindValue(name);
    if (!query.exec()) {
        *error = Database::errorFrom(query.lastError(), tr("remove setting %1").arg(name));
        return false;
    }
    return true;
}

QMap<QString, QString> Settings::all(StorageError* error)
{
    QMap<QString, QString> settings;
    QSqlQuery query(m_db.connection());
    if (!query.exec(u"SELECT name, value FROM settings ORDER BY name"_s)) {
        *error = Database::errorFrom(query.lastError(), tr("read the settings"));
        return settings;
    }
    while (query.next())
        settings.insert(query.value(0).toString(), query.value(1).toString());
    return settings;
}

} // namespace exadesk
