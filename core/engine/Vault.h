#pragma once

#include "KeychainMigration.h"
#include "PoolTask.h"
#include "VaultOpener.h"
#include "pool/KeyPool.h"
#include "pool/ProxyPool.h"
#include "secrets/SecretStore.h"
#include "storage/Database.h"
#include "storage/PoolRecords.h"

#include <QList>
#include <QObject>

// The user's keys and proxies with their secrets: rows in the database, each secret sealed with
// the vault key beside its row, in the same transaction. The keychain is asked once per start,
// for the vault key (VaultOpener); adding, importing or removing any number of keys is one
// database transaction.
namespace exadesk {

struct NewKey
{
    int line = 0; // where it came from, for the report (0: typed in)
    QString label;
    QString secret;
    QStringList tags;
    QString note;
};

// What Vault::load() found: the keys and proxies with their secrets. A secret that does not open
// (changed outside ExaDesk, or moved to another row) is an item Failed for that key alone.
class VaultLoad : public PoolTask
{
    Q_OBJECT

public:
    using PoolTask::PoolTask;

    QList<KeyConfig> keys; // those whose secret opened
    QList<KeyRecord> keyRecords; // every row
    QList<ProxyConfig> proxies;
};

class Vault : public QObject
{
    Q_OBJECT

public:
    Vault(Database& database, SecretStore& secrets, VaultPassphrase passphrase = {}, QObject* parent = nullptr);

    // Adds keys: malformed and duplicate ones (against each other and the stored ones) are
    // reported and skipped; good ones are kept even when others are bad. Each added key is an
    // item Done with its id.
    PoolTask* addKeys(const QList<NewKey>& keys);
    PoolTask* removeKeys(const QStringList& ids);
    PoolTask* addProxy(const ProxyConfig& proxy);
    PoolTask* removeProxy(const QString& id);
    // Start-up: opens the vault, moves secrets an older ExaDesk kept in the keychain into it,
    // opens every sealed secret, and hands back what the gateway needs.
    VaultLoad* load();

    VaultOpener& opener() { return m_opener; }

    // What a sealed secret is bound to (its associated data): the row it belongs to.
    static QByteArray keyContext(const QString& id);
    static QByteArray proxyContext(const QString& id);

private:
    struct Sealing;
    void sealNext(const std::shared_ptr<Sealing>& sealing);
    void openAll(VaultLoad* task, const std::shared_ptr<const VaultKey>& key);

    Database& m_db;
    PoolRecords m_records;
    VaultOpener m_opener;
    KeychainMigration m_migration;
};

} // namespace exadesk
