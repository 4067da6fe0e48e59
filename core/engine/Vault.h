#pragma once

#include "PoolTask.h"
#include "pool/KeyPool.h"
#include "pool/ProxyPool.h"
#include "secrets/SecretStore.h"
#include "storage/Database.h"
#include "storage/PoolRecords.h"

#include <QList>
#include <QObject>
#include <QPointer>

#include <functional>

// The user's keys and proxies with their secrets: rows in the database, secrets in the
// keychain, kept in agreement. Adding writes the secret first (noted in a journal), then the
// row; a crash in between leaves a note that the next start-up clears, never a key the user
// sees half-added.
namespace exadesk {

struct NewKey
{
    int line = 0; // where it came from, for the report (0: typed in)
    QString label;
    QString secret;
    QStringList tags;
    QString note;
};

// What Vault::load() found: the keys and proxies with their secrets.
class VaultLoad : public PoolTask
{
    Q_OBJECT

public:
    using PoolTask::PoolTask;

    QList<KeyConfig> keys; // those whose secret was found
    QList<KeyRecord> keyRecords; // every row
    QList<ProxyConfig> proxies;
};

class Vault : public QObject
{
    Q_OBJECT

public:
    Vault(Database& database, SecretStore& secrets, QObject* parent = nullptr);

    // Adds keys: malformed and duplicate ones (against each other and the stored ones) are
    // reported and skipped; good ones are kept even when others are bad. Each added key is an
    // item Done with its id.
    PoolTask* addKeys(const QList<NewKey>& keys);
    PoolTask* removeKeys(const QStringList& ids);
    PoolTask* addProxy(const ProxyConfig& proxy);
    PoolTask* removeProxy(const QString& id);
    // Start-up: settles the journal (secrets whose row never landed are removed), reads every
    // secret, flags rows whose secret is gone, and hands back what the gateway needs.
    VaultLoad* load();

private:
    struct Written
    {
        KeyRecord row;
        int line = 0;
    };
    void writeNext(PoolTask* task, QList<NewKey> pending, QList<Written> written, int total);
    // Removes secrets one by one, then clears their journal notes, then runs `then`.
    void removeSecrets(PoolTask* task, QStringList names, std::function<void()> then);
    void loadKeys(VaultLoad* task, QList<KeyRecord> rows, QList<ProxyRecord> proxies);
    void loadProxies(VaultLoad* task, QList<ProxyRecord> proxies);

    Database& m_db;
    SecretStore& m_secrets;
    PoolRecords m_records;
};

} // namespace exadesk
