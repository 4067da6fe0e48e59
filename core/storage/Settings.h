#pragma once

#include "Database.h"
#include "config/SettingsRegistry.h"

#include <QMap>

// Settings as rows of text: the one place the Settings page, the command line and the engine read
// and write. What a missing or unusable value becomes is the registry's business (SettingValues).
namespace exadesk {

class Settings
{
    Q_DECLARE_TR_FUNCTIONS(Settings)

public:
    explicit Settings(Database& database)
        : m_db(database)
    { }

    std::optional<QString> value(const QString& name, StorageError* error);
    bool setValue(const QString& name, const QString& value, StorageError* error);
    bool remove(const QString& name, StorageError* error);
    QMap<QString, QString> all(StorageError* error);
    // Every stored row, read through the registry (defaults where nothing usable is stored).
    SettingValues values(StorageError* error) { return SettingValues(all(error)); }
    // Stores every value of `values` (by name) in one transaction, all or none. A default is
    // not stored but removed, so a later version's better default applies.
    bool store(const QMap<QString, QString>& values, StorageError* error);

private:
    Database& m_db;
};

} // namespace exadesk
