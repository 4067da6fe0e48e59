#pragma once

#include "Database.h"

#include <QByteArray>
#include <QHash>
#include <QStringList>

#include <optional>

// What the database holds for the vault: the vault's own row, the sealed secrets beside the key
// and proxy rows, and the keychain items left to remove. Nothing here is readable without the
// vault key.
namespace exadesk {

struct VaultRecord
{
    QString name; // the keychain item holding the key is named after it
    QByteArray checkValue; // a constant sealed with the key: tells the right key from another
    bool inKeychain = false; // the key is kept in the keychain (else only behind the passphrase)
    // The key sealed with a key derived from a passphrase (Argon2id), when one was set.
    QByteArray passphraseSalt;
    quint64 passphraseOperations = 0;
    quint64 passphraseMemory = 0;
    QByteArray passphraseSealedKey;
    qint64 createdAtMs = 0;

    bool hasPassphrase() const { return !passphraseSealedKey.isEmpty(); }
};

class VaultRecords
{
    Q_DECLARE_TR_FUNCTIONS(VaultRecords)

public:
    explicit VaultRecords(Database& database)
        : m_db(database)
    { }

    // Nothing (and no error) before the first secret was sealed.
    std::optional<VaultRecord> vault(StorageError* error);
    bool saveVault(const VaultRecord& vault, StorageError* error);
    // Only while nothing is sealed with it (a vault whose keychain item could not be written).
    bool removeVault(StorageError* error);

    // Sealed values by key or proxy id; rows without one are left out.
    QHash<QString, QByteArray> sealedKeys(StorageError* error);
    QHash<QString, QByteArray> sealedProxies(StorageError* error);
    bool anySealed(StorageError* error);
    // Starting over with a new vault: every sealed value is dropped, the keys flagged as missing
    // their secret, the vault row removed; labels, tags, statistics and proxies stay.
    bool forgetSealed(StorageError* error);

    // The move of secrets out of per-key keychain items (databases from before schema 6).
    bool secretsInKeychain(StorageError* error);
    // Stores sealed secrets for rows that exist (clearing their missing flag) and flags keys
    // whose secret was not found, in one transaction.
    bool storeSealed(const QHash<QString, QByteArray>& keys, const QHash<QString, QByteArray>& proxies,
                     const QStringList& missingKeys, StorageError* error);
    // Once the sealed values were read back and opened: the old items are noted for removal and
    // the move is over, in one transaction.
    bool finishMigration(const QStringList& oldItems, StorageError* error);

    // Keychain items that are to go (noted before they go, so a crash leaves a note).
    QStringList keychainLeftovers(StorageError* error);
    bool clearKeychainLeftovers(const QStringList& names, StorageError* error);

private:
    QHash<QString, QByteArray> sealed(const QString& sql, const QString& what, StorageError* error);

    Database& m_db;
};

} // namespace exadesk
