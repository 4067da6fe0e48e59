#pragma once

#include "SecretStore.h"
#include "pool/KeyPool.h"
#include "pool/ProxyPool.h"
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

// What happened to one key of an import, in words without the secret.
struct KeyOutcome
{
    enum class Kind
    {
        Added,
        Duplicate,
        Malformed,
        Failed, // the keychain or the database refused it
    };
    int line = 0;
    Kind kind = Kind::Added;
    QString keyId;
    QString reason;
};

// A running vault operation: progress as it goes, finished() once, from the event loop.
class VaultTask : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    bool isFinished() const { return m_finished; }
    // Set when the whole operation failed (the database is locked, say); per-key trouble is in
    // outcomes().
    const QString& error() const { return m_error; }
    const QList<KeyOutcome>& outcomes() const { return m_outcomes; }
    int count(KeyOutcome::Kind kind) const;
    // Keys and proxies as loaded by Vault::load(), secrets included.
    const QList<KeyConfig>& keys() const { return m_keys; }
    const QList<KeyRecord>& keyRecords() const { return m_keyRecords; }
    const QList<ProxyConfig>& proxies() const { return m_proxies; }

    // Stops before the next secret; what was done stays done (and consistent).
    void cancel() { m_cancelled = true; }
    bool isCancelled() const { return m_cancelled; }

Q_SIGNALS:
    void progress(int done, int total);
    void finished();

private:
    friend class Vault;
    void finish(QString error = {});

    bool m_finished = false;
    bool m_cancelled = false;
    QString m_error;
    QList<KeyOutcome> m_outcomes;
    QList<KeyConfig> m_keys;
    QList<KeyRecord> m_keyRecords;
    QList<ProxyConfig> m_proxies;
};

class Vault : public QObject
{
    Q_OBJECT

public:
    Vault(Database& database, SecretStore& secrets, QObject* parent = nullptr);

    // Adds keys: malformed and duplicate ones (against each other and the stored ones) are
    // reported and skipped; good ones are kept even when others are bad.
    VaultTask* addKeys(const QList<NewKey>& keys);
    VaultTask* removeKeys(const QStringList& ids);
    VaultTask* addProxy(const ProxyConfig& proxy);
    VaultTask* removeProxy(const QString& id);
    // Start-up: settles the journal (secrets whose row never landed are removed), reads every
    // secret, flags rows whose secret is gone, and hands back what the gateway needs.
    VaultTask* load();

private:
    struct Written
    {
        KeyRecord row;
        int line = 0;
    };
    void writeNext(VaultTask* task, QList<NewKey> pending, QList<Written> written, int total);
    // Removes secrets one by one, then clears their journal notes, then runs `then`.
    void removeSecrets(VaultTask* task, QStringList names, std::function<void()> then);
    void loadKeys(VaultTask* task, QList<KeyRecord> rows, QList<ProxyRecord> proxies);
    void loadProxies(VaultTask* task, QList<ProxyRecord> proxies);
    static void finishLater(VaultTask* task, QString error = {});

    Database& m_db;
    SecretStore& m_secrets;
    PoolRecords m_records;
};

} // namespace exadesk
