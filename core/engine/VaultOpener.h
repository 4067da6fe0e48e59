#pragma once

#include "PoolTask.h"
#include "secrets/SecretStore.h"
#include "secrets/VaultKey.h"
#include "storage/Database.h"
#include "storage/VaultRecords.h"

#include <QObject>

#include <functional>
#include <memory>
#include <optional>

namespace exadesk {

// The way to the vault key other than the keychain: a passphrase given for this run (a file
// named by --vault-passphrase-file or EXADESK_VAULT_PASSPHRASE_FILE), or asked for when it is
// needed (on a terminal). Given for a data folder without a vault, it makes the new vault's key
// live behind the passphrase alone: a headless server's choice.
struct VaultPassphrase
{
    std::optional<QString> given;
    std::function<std::optional<QString>()> ask; // empty: nobody to ask
};

// What VaultOpener::open() found: the key, or none when there is no vault yet (and none was to be
// made). A failure is the task's error, in words that say the way out.
class VaultKeyTask : public PoolTask
{
    Q_OBJECT

public:
    using PoolTask::PoolTask;

    std::shared_ptr<const VaultKey> key;
};

// Finds the data folder's vault key: one keychain read (the item named after the vault), or
// Argon2id over the passphrase, off the event loop's thread. Makes the vault the first time a
// secret is to be sealed: its row first, then the keychain item, so a crash in between leaves a
// vault that the next start finishes. Keeps the key once found.
class VaultOpener : public QObject
{
    Q_OBJECT

public:
    VaultOpener(Database& database, SecretStore& secrets, VaultPassphrase passphrase, QObject* parent = nullptr);

    // With `create`, a vault is made when there is none.
    VaultKeyTask* open(bool create);
    // Guards the vault key with `passphrase` too (or instead of the keychain, with
    // `leaveKeychain`): the key is opened first.
    PoolTask* setPassphrase(const QString& passphrase, bool leaveKeychain);
    // Forgets the vault and every sealed value (see VaultRecords::forgetSealed()) and removes the
    // old keychain item; the next secret sealed makes a new vault.
    PoolTask* startOver();
    // The key found or made by this opener, if any.
    std::shared_ptr<const VaultKey> key() const { return m_key; }

    static QString itemName(const VaultRecord& vault);

private:
    void create(VaultKeyTask* task);
    void createInKeychain(VaultKeyTask* task, const QString& name);
    void openFromKeychain(VaultKeyTask* task, const VaultRecord& vault);
    void openWithPassphrase(VaultKeyTask* task, const VaultRecord& vault, const QString& passphrase);
    // When the keychain could not give the key: the passphrase, if the vault has one and someone
    // can be asked; else `reason` with the way out.
    void fallBack(VaultKeyTask* task, const VaultRecord& vault, const QString& reason);
    void found(VaultKeyTask* task, std::shared_ptr<const VaultKey> key);
    // Seals `key` behind `passphrase` in `vault` (a fresh salt, today's cost) and saves the vault;
    // then `saved`, or the task finishes with what went wrong.
    void saveWithPassphrase(PoolTask* task, const std::shared_ptr<const VaultKey>& key, VaultRecord vault,
                            const QString& passphrase, std::function<void()> saved);
    // Argon2id on a worker thread; `then` gets the derived key (out of memory: the task ends
    // saying so).
    void derive(PoolTask* task, const QString& passphrase, const VaultRecord& vault,
                std::function<void(const VaultKey&)> then);
    // A fresh key and the vault row that goes with it (named, its check value sealed); null, with
    // the task ended, when no locked memory can be had.
    std::shared_ptr<const VaultKey> newVault(VaultKeyTask* task, const QString& name, bool inKeychain,
                                             VaultRecord* vault);

    SecretStore& m_secrets;
    VaultPassphrase m_passphrase;
    VaultRecords m_records;
    std::shared_ptr<const VaultKey> m_key;
};

} // namespace exadesk
