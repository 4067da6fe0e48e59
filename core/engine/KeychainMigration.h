#pragma once

#include "PoolTask.h"
#include "secrets/SecretStore.h"
#include "secrets/VaultKey.h"
#include "storage/Database.h"

#include <QObject>

#include <functional>
#include <memory>

// Before the vault, every key and proxy password was an item of its own in the keychain. Their
// move into sealed values, in steps a crash can cut anywhere without losing a secret: read the
// items, seal them into the rows (one transaction), read the rows back and open them, note the
// items for removal (one transaction, which also ends the move), then remove them. An item goes
// only once its secret was read back from the database.
namespace exadesk {

class KeychainMigration : public QObject
{
    Q_OBJECT

public:
    KeychainMigration(Database& database, SecretStore& secrets, QObject* parent = nullptr);

    // Moves the secrets the keychain still holds into the rows, sealed with `key`; then runs
    // `then`, with the task's error set if the move stopped (nothing is lost then: the items stay).
    void moveIntoVault(PoolTask* task, std::shared_ptr<const VaultKey> key, std::function<void()> then);
    // Removes the keychain items noted for removal, clearing each note as its item goes; one
    // that cannot go now stays noted for the next start. Then runs `then`.
    void removeLeftovers(QObject* context, std::function<void()> then);

private:
    struct Read;
    struct ItemRun;
    void sealAndStore(PoolTask* task, const std::shared_ptr<const VaultKey>& key, const Read& read,
                      const std::function<void()>& then);
    // Runs `operation` on each of `names`, a few at a time (the keychain answers each over D-Bus),
    // calling `each` as they finish and `done` after the last.
    void forEachItem(QObject* context, QStringList names, SecretJob::Operation operation,
                     std::function<void(const QString& name, const SecretJob& job)> each, std::function<void()> done);
    void pump(const std::shared_ptr<ItemRun>& run);

    Database& m_db;
    SecretStore& m_secrets;
};

} // namespace exadesk
