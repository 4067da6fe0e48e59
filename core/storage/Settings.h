#pragma once

#include "Database.h"

#include <QMap>
#include <QVariant>

// Settings as rows: the one place the Settings page, the command line and the engine read and
// write. Values are text; the typed getters say what a missing or unreadable value becomes.
namespace exadesk {

class Settings
{
    Q_DECLARE_TR_FUNCTIONS(Settings)

public:
    explicit Settings(Database& database)
        : m_db(database)
    { }

    std::optional<QString> value(const QString& name, StorageError* error);
    QString text(const QString& name, const QString& fallback, StorageError* error);
    int number(const QString& name, int fallback, StorageError* error);
    bool flag(const QString& name, bool fallback, StorageError* error);
    bool setValue(const QString& name, const QString& value, StorageError* error);
    bool remove(const QString& name, StorageError* error);
    QMap<QString, QString> all(StorageError* error);

private:
    Database& m_db;
};

} // namespace exadesk
