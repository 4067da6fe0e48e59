#pragma once

#include "Database.h"
#include "base/PoolStates.h"

#include <QList>
#include <QStringList>

#include <limits>
#include <optional>

// The rows behind the key and proxy pools: what a table shows about a key or proxy. A secret or
// password is stored beside its row only sealed (VaultKey), and only read through VaultRecords.
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
    bool secretMissing = false; // its secret is gone or does not open
};

struct ProxyRecord
{
    QString id; // the proxy's address without its password
    QString url; // the same, as written for people
    bool enabled = true;
    bool hasPassword = false; // a sealed password goes with it
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
    // No key and no proxy (true, too, when it cannot be read: `error` says so).
    bool isEmpty(StorageError* error);
    std::optional<KeyRecord> key(const QString& id, StorageError* error);
    // Many keys in one transaction, each with its sealed secret (`sealed` in the same order; a
    // row past its end, or with an empty one, has none).
    bool insertKeys(const QList<KeyRecord>& keys, const QList<QByteArray>& sealed, StorageError* error);
    bool removeKeys(const QStringList& ids, StorageError* error);
    bool updateKey(const KeyRecord& key, StorageError* error);
    bool setSecretMissing(const QStringList& ids, bool missing, StorageError* error);

    QList<ProxyRecord> proxies(StorageError* error);
    // With its sealed password, when it has one.
    bool insertProxy(const ProxyRecord& proxy, const QByteArray& sealedPassword, StorageError* error);
    bool updateProxy(const ProxyRecord& proxy, StorageError* error);
    bool removeProxy(const QString& id, StorageError* error);

private:
    Database& m_db;
};

} // namespace exadesk
