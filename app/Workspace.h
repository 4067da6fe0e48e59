#pragma once

#include "secrets/SecretStore.h"
#include "secrets/Vault.h"
#include "storage/Database.h"
#include "storage/PoolRecords.h"

#include <QCoreApplication>
#include <QJsonObject>

#include <memory>

namespace exadesk {

// What a command needs of the user's data: the database in the data folder (EXADESK_DATA_DIR)
// and the vault over it and the system keychain. Commands run on the event loop; wait() spins
// it until a vault task ends.
class Workspace
{
    Q_DECLARE_TR_FUNCTIONS(Workspace)

public:
    Workspace();

    // Opens the database (and trims the request log to its retention); on failure prints what
    // is wrong and what to do, and returns false.
    bool open();
    Database& database() { return m_db; }
    PoolRecords& records() { return m_records; }
    Vault& vault() { return *m_vault; }
    SecretStore& secrets() { return m_secrets; }

    // A key's row as JSON for listings and exports: everything but the secret.
    static QJsonObject toJson(const KeyRecord& key);

    // Loads the keys and proxies with their secrets (Vault::load()); on failure prints why and
    // returns null.
    VaultTask* load();

    // Runs `task` to its end; with `progress`, counts on stderr as it goes.
    VaultTask* wait(VaultTask* task, bool progress = false);

private:
    Database m_db;
    PoolRecords m_records;
    KeychainSecretStore m_secrets;
    std::unique_ptr<Vault> m_vault;
};

} // namespace exadesk
