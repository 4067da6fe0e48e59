#include "Engine.h"

#include "KeyStateJournal.h"
#include "Vault.h"
#include "calls/PoolAlerts.h"
#include "gateway/Gateway.h"
#include "logging/KeyMask.h"
#include "pool/KeysFile.h"
#include "secrets/SecretStore.h"
#include "storage/BatchedCallLog.h"
#include "storage/LearnedState.h"
#include "storage/RequestLog.h"
#include "storage/Settings.h"

#include <QDateTime>
#include <QFutureWatcher>
#include <QSet>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

// Research tasks whose key the next run still knows: as many as the gateway keeps.
constexpr int kRememberedJobs = 10'000;

} // namespace

Engine::Engine(EngineSetup setup, QObject* parent)
    : CallService(parent)
    , m_setup(std::move(setup))
    , m_startedAtMs(QDateTime::currentMSecsSinceEpoch())
{
    openDatabase();
    if (!m_setup.secrets)
        m_ownSecrets = std::make_unique<KeychainSecretStore>();
    m_secrets = m_setup.secrets ? m_setup.secrets : m_ownSecrets.get();
    m_gateway = std::make_unique<Gateway>(Clock::system());
    applySettings();
    connect(m_gateway.get(), &CallService::attemptFinished, this, &CallService::attemptFinished);
    // Key tests and re-checks are billed: they are in the request log with the calls.
    connect(m_gateway.get(), &Gateway::keyCheckEnded, this, &Engine::record);
    if (m_database)
        m_vault = std::make_unique<Vault>(*m_database, *m_secrets, m_setup.vaultPassphrase);
    const PoolParts parts{*m_gateway, m_vault.get(), m_database.get(), m_databaseError.message};
    m_keyTasks = std::make_unique<KeyTasks>(parts);
    m_proxyTasks = std::make_unique<ProxyTasks>(parts);
    if (!m_database)
        return;
    // From the start, what this run learns of the keys goes to their rows.
    m_keyJournal = std::make_unique<KeyStateJournal>(*m_gateway, *m_database);
    connect(m_keyJournal.get(), &KeyStateJournal::failed, this, [this](const QString& message) {
        Q_EMIT savingFailed(tr("The keys' state is not being saved: %1").arg(message));
    });
    // Rare (a research task started or its cost booked), and needed by the next run at once.
    connect(m_gateway.get(), &Gateway::researchJobNoted, this,
            [this](const QString& researchId, const QString& keyId, bool billed) {
                StorageError error;
                if (!LearnedState(*m_database)
                         .saveResearchJob({researchId, keyId, billed, QDateTime::currentMSecsSinceEpoch()}, &error))
                    Q_EMIT savingFailed(tr("A research task's key was not saved: %1").arg(error.message));
            });
    m_callLog = std::make_unique<BatchedCallLog>(*m_database);
    m_callLog->setRetention([this] { return settings().number(setting::LogRetentionDays); });
    connect(m_callLog.get(), &BatchedCallLog::written, this, &Engine::callsLogged);
    connect(m_callLog.get(), &BatchedCallLog::failed, this, [this](const QString& message) {
        Q_EMIT savingFailed(tr("Calls are not being written to the request log: %1").arg(message));
    });
}

// The journal and the call log write what waits as they go (their destructors), before the
// gateway they read from and the database they write to.
Engine::~Engine() = default;

void Engine::openDatabase()
{
    auto database
        = std::make_unique<Database>(m_setup.databasePath.isEmpty() ? Database::defaultPath() : m_setup.databasePath);
    if (!database->open(&m_databaseError))
        return;
    m_database = std::move(database);
    // What is older than the retention goes whenever a face of ExaDesk opens the database.
    StorageError ignored;
    RequestLog(*m_database)
        .prune(settings().number(setting::LogRetentionDays), QDateTime::currentMSecsSinceEpoch(), &ignored);
}

SettingValues Engine::settings()
{
    if (!m_database)
        return {};
    StorageError ignored;
    return Settings(*m_database).values(&ignored);
}

void Engine::applySettings()
{
    const SettingValues values = settings();
    GatewayOptions options = GatewayOptions::fromSettings(values);
    if (m_setup.baseUrl)
        options.client.baseUrl = *m_setup.baseUrl;
    if (m_setup.userAgent)
        options.client.userAgent = *m_setup.userAgent;
    // A time given for this run bounds the whole call, retries included, and each attempt.
    if (m_setup.timeout) {
        options.client.timeout = *m_setup.timeout;
        options.deadline = *m_setup.timeout;
    }
    options.client.extraCaCertificates = m_setup.extraCaCertificates;
    KeyPolicy policy = KeyPolicy::fromSettings(values);
    if (m_setup.oneShot)
        policy.recheck = false;
    m_gateway->setOptions(options);
    m_gateway->setKeyPolicy(policy);
    m_gateway->setProxyPolicy(ProxyPolicy::fromSettings(values));
    m_errorRateAlertPercent = values.number(setting::ErrorRateAlertPercent);
}

bool Engine::saveSettings(const QMap<QString, QString>& values, QString* problem, QString* refused)
{
    // Every value is checked before any is stored: a refused one changes nothing.
    for (auto value = values.cbegin(); value != values.cend(); ++value) {
        *problem = SettingsRegistry::problemWith(value.key(), value.value());
        if (!problem->isEmpty()) {
            if (refused)
                *refused = value.key();
            return false;
        }
    }
    if (!m_database) {
        *problem = m_databaseError.message;
        return false;
    }
    StorageError error;
    if (!Settings(*m_database).store(values, &error)) {
        *problem = tr("The settings were not saved: %1").arg(error.message);
        return false;
    }
    applySettings();
    return true;
}

QUrl Engine::baseUrl() const
{
    return m_gateway->options().client.baseUrl;
}

QHash<QString, QString> Engine::keySecrets() const
{
    QHash<QString, QString> secrets;
    const KeyPool& keys = m_gateway->keys();
    for (int i = 0; i < keys.size(); ++i) {
        if (!keys.at(i).removed)
            secrets.insert(keys.at(i).config.id, keys.at(i).config.secret);
    }
    return secrets;
}

QHash<QString, QString> Engine::proxyPasswords() const
{
    QHash<QString, QString> passwords;
    const ProxyPool& proxies = m_gateway->proxies();
    for (int i = 0; i < proxies.size(); ++i) {
        if (!proxies.at(i).removed && !proxies.at(i).config.password.isEmpty())
            passwords.insert(proxies.at(i).id, proxies.at(i).config.password);
    }
    return passwords;
}

QString Engine::proxyProblem(const QString& url)
{
    QString error;
    return ProxyConfig::fromUrl(url, &error) ? QString() : error;
}

bool Engine::isBusy() const
{
    for (const QObject* owner :
         {static_cast<const QObject*>(m_vault.get()), static_cast<const QObject*>(m_keyTasks.get()),
          static_cast<const QObject*>(m_proxyTasks.get())}) {
        if (!owner)
            continue;
        const QList<PoolTask*> tasks = owner->findChildren<PoolTask*>();
        if (std::any_of(tasks.cbegin(), tasks.cend(), [](const PoolTask* task) { return !task->isFinished(); }))
            return true;
    }
    return false;
}

QList<KeyRecord> Engine::keyRows()
{
    StorageError ignored;
    return m_database ? PoolRecords(*m_database).keys(&ignored) : QList<KeyRecord>();
}

PoolTask* Engine::load()
{
    auto* task = new PoolTask(this);
    const bool given = !m_setup.keysFile.isEmpty()
        || (m_setup.keyFromEnvironment && !qEnvironmentVariable("EXA_API_KEY").trimmed().isEmpty());
    if (given) {
        if (takeGivenKeys(task))
            restoreKeys(keyRows());
        task->finishLater();
        return task;
    }
    StorageError error;
    const bool nothingStored = !m_database || PoolRecords(*m_database).isEmpty(&error);
    if (nothingStored) {
        // No keychain to wake.
        task->finishLater(error.message);
        return task;
    }
    VaultLoad* loaded = m_vault->load();
    connect(loaded, &PoolTask::finished, task, [this, task, loaded] {
        loaded->deleteLater();
        if (loaded->error().isEmpty()) {
            addStoredPool(*loaded);
            // The pool shares their strings; the lists themselves are the load's peak of memory.
            loaded->keys.clear();
            loaded->keys.squeeze();
            restoreKeys(loaded->keyRecords);
            loaded->keyRecords.clear();
            loaded->keyRecords.squeeze();
        }
        task->finish(loaded->error());
    });
    return task;
}

bool Engine::takeGivenKeys(PoolTask* task)
{
    QList<KeyConfig> keys;
    if (!m_setup.keysFile.isEmpty()) {
        QString error;
        const auto lines = KeysFile::read(m_setup.keysFile, &error);
        if (!lines) {
            task->setError(error);
            return false;
        }
        for (const KeyLineProblem& problem : lines->problems)
            task->add({problem.line, TaskItem::Result::Malformed, {}, problem.reason});
        for (const KeyLine& line : lines->keys)
            keys.append({KeysFile::idFor(line.secret), line.label, line.secret, {}, {}, 0, 0.0});
        if (keys.isEmpty()) {
            task->setError(tr("The keys file %1 holds no usable key.").arg(m_setup.keysFile));
            return false;
        }
    }
    if (const QString apiKey = qEnvironmentVariable("EXA_API_KEY").trimmed();
        m_setup.keyFromEnvironment && !apiKey.isEmpty())
        keys.append({KeysFile::idFor(apiKey), maskKey(apiKey), apiKey, {}, {}, 0, 0.0});
    for (const KeyConfig& key : std::as_const(keys))
        m_gateway->addKey(key);
    // Keys given for this run leave directly, or through the proxies given with them.
    addGivenProxies();
    return true;
}

void Engine::addGivenProxies()
{
    for (const QString& url : std::as_const(m_setup.proxyUrls)) {
        QString ignored;
        if (const auto proxy = ProxyConfig::fromUrl(url, &ignored))
            m_gateway->addProxy(*proxy);
    }
}

void Engine::addStoredPool(const VaultLoad& loaded)
{
    if (m_setup.proxyUrls.isEmpty()) {
        for (const ProxyConfig& proxy : loaded.proxies)
            m_gateway->addProxy(proxy);
    } else {
        addGivenProxies();
    }
    // Every stored key, disabled ones too, so the Keys page shows them as they are.
    QSet<QString> disabled;
    for (const KeyRecord& row : loaded.keyRecords) {
        if (row.state == KeyState::Disabled)
            disabled.insert(row.id);
    }
    for (const KeyConfig& key : loaded.keys) {
        const int index = m_gateway->addKey(key);
        if (index >= 0 && disabled.contains(key.id))
            m_gateway->setKeyEnabled(index, false);
    }
}

void Engine::restoreKeys(const QList<KeyRecord>& rows)
{
    // What earlier runs learnt of the keys and of the research tasks they started.
    if (!m_keyJournal)
        return;
    m_keyJournal->restore(rows);
    StorageError ignored;
    for (const ResearchJobRecord& job : LearnedState(*m_database).researchJobs(kRememberedJobs, &ignored))
        m_gateway->restoreResearchJob(job.researchId, job.keyId, job.billed);
}

PendingCall* Engine::submit(const exa::ExaCall& call)
{
    return m_gateway->submit(call);
}

PoolSummary Engine::summary() const
{
    PoolSummary summary = m_gateway->summary();
    const CallTrend::Span recent = m_trend.lastMinutes(m_gateway->clock().nowMs(), kErrorRateMinutes);
    summary.recentCalls = recent.total();
    summary.recentFailures = recent.count(CallResult::Failed);
    summary.errorRateAlertPercent = m_errorRateAlertPercent;
    return summary;
}

void Engine::loadTrend()
{
    if (!m_database)
        return;
    auto* watcher = new QFutureWatcher<QList<RequestLog::Ended>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        for (const RequestLog::Ended& call : watcher->result())
            m_trend.add(call.endedAtMs, callResult(call.status, call.attempts, call.lastOutcome), call.latencyMs);
        Q_EMIT trendLoaded();
    });
    // On a connection of its own: an hour of a busy port is many rows. A failure leaves the hour
    // before this run empty, which the Overview survives.
    const qint64 before = m_startedAtMs;
    const qint64 since = before - CallTrend::kMinutes * CallTrend::kMinuteMs;
    watcher->setFuture(QtConcurrent::run([path = m_database->path(), since, before] {
        StorageError error;
        Database database(path);
        if (!database.open(&error))
            return QList<RequestLog::Ended>();
        return RequestLog(database).endedBetween(since, before, &error);
    }));
}

QString Engine::maskedKey(const QString& keyId) const
{
    return m_gateway->maskedKey(keyId);
}

void Engine::record(const FinishedCall& call)
{
    // The trend is of calls people and programs made; a re-check of a refused key failing again
    // is not a failing call.
    if (call.source != CallSource::KeyCheck)
        m_trend.add(call);
    if (m_callLog)
        m_callLog->add(call);
}

qint64 Engine::recordNow(const FinishedCall& call, StorageError* error)
{
    m_trend.add(call);
    if (!m_database) {
        *error = m_databaseError;
        return 0;
    }
    return CallJournal(*m_database).record(call, error);
}

} // namespace exadesk
