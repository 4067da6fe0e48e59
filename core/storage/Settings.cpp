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

bool Settings::store(const QMap<QString, QString>& values, StorageError* error)
{
    return m_db.inTransaction(
        [&] {
            for (auto value = values.cbegin(); value != values.cend(); ++value) {
                const Setting* setting = SettingsRegistry::find(value.key());
                const bool stored = setting && value.value() == setting->defaultValue()
                    ? remove(value.key(), error)
                    : setValue(value.key(), value.value(), error);
                if (!stored)
                    return false;
            }
            return true;
        },
        error);
}

} // namespace exadesk
