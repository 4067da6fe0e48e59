#pragma once

#include "Database.h"
#include "base/PoolStates.h"

#include <QList>
#include <QStringList>

#include <limits>
#include <optional>

// The rows behind the key and proxy pools: what a table shows about a key or proxy, never its
// secret or password (those live in the keychain).
namespace exadesk {

struct KeyRecord
{
    QString id;
    QString label;
    QStringList tags;
    QString note;
    QString masked; // exa-…9f3c
    KeyState state = KeyState::Active; // stored: active, invalid, exhausted or disabled
    qint64 requests = 0;
    qint64 successes = 0;
    qint64 rateLimited = 0;
    qint64 errors = 0;
    double costDollars = 0.0;
    QString lastError;
    qint64 createdAtMs = 0;
    qint64 lastUsedAtMs = 0;
    int dailyRequestCap = 0;
    double dailyDollarCap = 0.0;
    bool secretMissing = false; // the keychain no longer has it
};

struct ProxyRecord
{
    QString id; // the proxy's address without its password
    QString url; // the same, as written for people
    bool enabled = true;
    bool hasPassword = false; // the password is in the keychain
    qint64 createdAtMs = 0;
};

class PoolRecords
{
    Q_DECLARE_TR_FUNCTIONS(PoolRecords)

public:
    explicit PoolRecords(Database& database)
        : m_db(database)
    { }

    QList<KeyRecord> keys(StorageError* error);
    std::optional<KeyRecord> key(const QString& id, StorageError* error);
    // Many keys in one transaction, which also settles `settledSecrets` in the keychain journal
    // (see below): the rows and the end of their notes land together.
    bool insertKeys(const QList<KeyRecord>& keys, const QStringList& settledSecrets, StorageError* error);
    // Removes rows and notes their secrets in the journal in one transaction: the secrets are
    // removed next, and a crash in between leaves notes for start-up, not hidden secrets.
    bool removeKeys(const QStringList& ids, const QStringList& secrets, StorageError* error);
    bool updateKey(const KeyRecord& key, StorageError* error);
    bool setSecretMissing(const QString& id, bool missing, StorageError* error);

    QList<ProxyRecord> proxies(StorageError* error);
    bool insertProxy(const ProxyRecord& proxy, StorageError* error);
    bool updateProxy(const ProxyRecord& proxy, StorageError* error);
    // As removeKeys(): the row goes, and its password (if any) is noted in the journal.
    bool removeProxy(const QString& id, const QStringList& secrets, StorageError* error);

    // The keychain journal: a secret's name is noted before the secret is written and dropped
    // with the row that owns it, so a crash in between leaves a note, not a hidden secret.
    bool notePendingSecrets(const QStringList& names, StorageError* error);
    // Notes made before `notedBeforeMs` (all of them by default).
    QStringList pendingSecrets(StorageError* error, qint64 notedBeforeMs = std::numeric_limits<qint64>::max());
    bool clearPendingSecrets(const QStringList& names, StorageError* error);

private:
    bool insertPending(const QStringList& names, StorageError* error);
    bool deletePending(const QStringList& names, StorageError* error);

    Database& m_db;
};

} // namespace exadesk
