#pragma once

#include "storage/PoolRecords.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QJsonObject>

#include <optional>

namespace exadesk {

class Engine;

// The pool as JSON for a person to keep: keys' labels, masked keys and statistics, proxies and
// settings, and the secrets themselves only when asked for (from the loaded pool). `exadesk
// export` and the window's File > Export write the same file.
class PoolExport
{
    Q_DECLARE_TR_FUNCTIONS(PoolExport)

public:
    QByteArray json;
    int keys = 0;
    int proxies = 0;

    static std::optional<PoolExport> of(Engine& engine, bool withSecrets, QString* error);
    // One key's row as `exadesk keys list --json` and the export show it.
    static QJsonObject toJson(const KeyRecord& key);
    // Writes `json` to `path` whole, private to the user before a byte is written, replacing what
    // was there (QSaveFile): nobody who could read an older file there reads the secrets.
    static bool writePrivately(const QString& path, const QByteArray& json, QString* error);
};

} // namespace exadesk
