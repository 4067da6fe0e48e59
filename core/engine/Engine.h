#pragma once

#include "KeyTasks.h"
#include "PoolTask.h"
#include "ProxyTasks.h"
#include "Vault.h"
#include "calls/CallService.h"
#include "calls/CallTrend.h"
#include "config/SettingsRegistry.h"
#include "storage/Database.h"

#include <QSslCertificate>
#include <QUrl>

#include <chrono>
#include <memory>
#include <optional>

namespace exadesk {

class BatchedCallLog;
class Gateway;
class KeyStateJournal;
class SecretStore;

// How a face of ExaDesk wants its engine.
struct EngineSetup
{
    QString databasePath; // empty: the data folder's (EXADESK_DATA_DIR)
    SecretStore* secrets = nullptr; // not owned; null: the system keychain
    // The vault key's way other than the keychain (a passphrase given or asked for).
    VaultPassphrase vaultPassphrase;

    // Keys for this run instead of the stored pool: a keys file, and EXA_API_KEY when set.
    QString keysFile;
    bool keyFromEnvironment = false;
    // Proxies for this run instead of the stored ones (checked with Engine::proxyProblem()).
    QStringList proxyUrls;

    // Over the stored settings, for this run.
    std::optional<QUrl> baseUrl;
    std::optional<std::chrono::milliseconds> timeout; // each attempt's and the whole call's
    std::optional<QString> userAgent;
    QList<QSslCertificate> extraCaCertificates;
    // One call from a shell: a key found bad is not re-checked later, and a refusal an earlier
    // run remembered does not park a key here.
    bool oneShot = false;
};

// The engine of every face of ExaDesk (the window, `search`, `serve`, `keys`, `proxies`),
// assembled here once: the database, the keychain, the vault that seals secrets into the database,
// the gateway over the key and proxy pools, what earlier runs learnt of the keys, and the
// request log. Changes to the pool go through keys() and proxies(), which keep the gateway and
// the rows in step; calls go through submit(), as with any CallService.
class Engine : public CallService
{
    Q_OBJECT

public:
    explicit Engine(EngineSetup setup = {}, QObject* parent = nullptr);
    ~Engine() override;

    // The database when it opened; null otherwise, and databaseError() says why.
    Database* database() { return m_database.get(); }
    const StorageError& databaseError() const { return m_databaseError; }
    SecretStore& secrets() { return *m_secrets; }
    // For the window's live tables; changes go through keys() and proxies().
    Gateway& gateway() { return *m_gateway; }
    const Gateway& gateway() const { return *m_gateway; }
    KeyTasks& keys() { return *m_keyTasks; }
    ProxyTasks& proxies() { return *m_proxyTasks; }
    // How the vault key is guarded (a passphrase, starting over); null without a database.
    VaultOpener* vaultOpener() { return m_vault ? &m_vault->opener() : nullptr; }
    // Whether a task is still running (a keychain job among them).
    bool isBusy() const;

    // Puts the stored pool (or this run's keys) in the gateway, with what earlier runs learnt
    // of the keys; from then on what this run learns is written to their rows. Items report
    // the lines of a keys file that were skipped.
    PoolTask* load();

    // The secrets of the loaded pool, for an export the user asked for: keys by id, proxy
    // passwords by proxy id.
    QHash<QString, QString> keySecrets() const;
    QHash<QString, QString> proxyPasswords() const;

    // The stored settings (defaults without a database).
    SettingValues settings();
    // Where Exa is, for this run.
    QUrl baseUrl() const;
    // Checks every value (by setting name), then stores them all or none and applies them now.
    // On a refused value, false: `problem` says why, and `refused` names the setting.
    bool saveSettings(const QMap<QString, QString>& values, QString* problem, QString* refused = nullptr);
    // Why `url` cannot be a proxy, or empty when it can.
    static QString proxyProblem(const QString& url);

    // The last hour of calls, minute by minute, as they end; loadTrend() adds those of the hour
    // before this run from the request log, without holding up the event loop.
    const CallTrend& trend() const { return m_trend; }
    void loadTrend();

    PendingCall* submit(const exa::ExaCall& call) override;
    PoolSummary summary() const override;
    QString maskedKey(const QString& keyId) const override;
    // Into the request log a batch at a time.
    void record(const FinishedCall& call) override;
    // Into the request log and, for a search-like call that succeeded, the history, now.
    // Returns the history entry's id (0: none went there).
    qint64 recordNow(const FinishedCall& call, StorageError* error);

Q_SIGNALS:
    // Batched calls reached the request log.
    void callsLogged(int count);
    // What the engine keeps is not being saved: a sentence for a status bar or a log, said once
    // per run of failures.
    void savingFailed(const QString& message);
    // loadTrend() has added the calls of the hour before this run.
    void trendLoaded();

private:
    void openDatabase();
    void applySettings();
    // The keys and proxies given for this run, for `task`; false when they are not to be had.
    bool takeGivenKeys(PoolTask* task);
    void addGivenProxies();
    void addStoredPool(const VaultLoad& loaded);
    void restoreKeys(const QList<KeyRecord>& rows);
    QList<KeyRecord> keyRows();

    EngineSetup m_setup;
    std::unique_ptr<Database> m_database;
    StorageError m_databaseError;
    std::unique_ptr<SecretStore> m_ownSecrets;
    SecretStore* m_secrets;
    // In the order they are made; each goes before what it uses.
    std::unique_ptr<Gateway> m_gateway;
    std::unique_ptr<Vault> m_vault; // with the database
    std::unique_ptr<KeyTasks> m_keyTasks;
    std::unique_ptr<ProxyTasks> m_proxyTasks;
    std::unique_ptr<KeyStateJournal> m_keyJournal; // with the database
    std::unique_ptr<BatchedCallLog> m_callLog; // with the database
    CallTrend m_trend;
    qint64 m_startedAtMs;
    int m_errorRateAlertPercent = 0;
};

} // namespace exadesk
