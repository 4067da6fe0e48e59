#include "PoolExport.h"

#include "Engine.h"
#include "base/Version.h"
#include "storage/Settings.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace exadesk {

QJsonObject PoolExport::toJson(const KeyRecord& key)
{
    return {{u"id"_s, key.id},
            {u"label"_s, key.label},
            {u"key"_s, key.masked},
            {u"tags"_s, QJsonArray::fromStringList(key.tags)},
            {u"note"_s, key.note},
            {u"state"_s, toString(key.state)},
            {u"secretMissing"_s, key.secretMissing},
            {u"dailyRequestCap"_s, key.dailyRequestCap},
            {u"dailyDollarCap"_s, key.dailyDollarCap},
            {u"requests"_s, key.requests},
            {u"successes"_s, key.successes},
            {u"costDollars"_s, key.costDollars}};
}

std::optional<PoolExport> PoolExport::of(Engine& engine, bool withSecrets, QString* error)
{
    if (!engine.database()) {
        *error = engine.databaseError().message;
        return std::nullopt;
    }
    StorageError storage;
    const QList<KeyRecord> keys = PoolRecords(*engine.database()).keys(&storage);
    const QList<ProxyRecord> proxies = PoolRecords(*engine.database()).proxies(&storage);
    const QMap<QString, QString> settings = Settings(*engine.database()).all(&storage);
    if (storage.isError()) {
        *error = storage.message;
        return std::nullopt;
    }
    const QHash<QString, QString> keySecrets = withSecrets ? engine.keySecrets() : QHash<QString, QString>();
    const QHash<QString, QString> proxyPasswords = withSecrets ? engine.proxyPasswords() : QHash<QString, QString>();
    QJsonArray keyArray;
    for (const KeyRecord& key : keys) {
        QJsonObject object = toJson(key);
        if (keySecrets.contains(key.id))
            object.insert(u"secret"_s, keySecrets.value(key.id));
        keyArray.append(object);
    }
    QJsonArray proxyArray;
    for (const ProxyRecord& proxy : proxies) {
        QJsonObject object{{u"id"_s, proxy.id}, {u"url"_s, proxy.url}, {u"enabled"_s, proxy.enabled}};
        if (!proxyPasswords.value(proxy.id).isEmpty())
            object.insert(u"password"_s, proxyPasswords.value(proxy.id));
        proxyArray.append(object);
    }
    QJsonObject settingsObject;
    for (auto it = settings.cbegin(); it != settings.cend(); ++it)
        settingsObject.insert(it.key(), it.value());
    PoolExport result;
    result.json = QJsonDocument(QJsonObject{{u"exadesk"_s, QLatin1StringView(kVersion)},
                                            {u"exportedAt"_s, QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
                                            {u"withSecrets"_s, withSecrets},
                                            {u"keys"_s, keyArray},
                                            {u"proxies"_s, proxyArray},
                                            {u"settings"_s, settingsObject}})
                      .toJson();
    result.keys = static_cast<int>(keys.size());
    result.proxies = static_cast<int>(proxies.size());
    return result;
}

bool PoolExport::writePrivately(const QString& path, const QByteArray& json, QString* error)
{
    QSaveFile file(path);
    if (file.open(QIODevice::WriteOnly) && file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)
        && file.write(json) == json.size() && file.commit())
        return true;
    *error = tr("could not write %1: %2").arg(path, file.errorString());
    return false;
}

} // namespace exadesk
