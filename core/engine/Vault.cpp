#include "Vault.h"

#include "logging/KeyMask.h"
#include "pool/KeysFile.h"
#include "storage/VaultRecords.h"

#include <QDateTime>
#include <QFutureWatcher>
#include <QSet>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

// Keys sealed between two turns of the event loop: the window repaints its progress bar and a
// cancel is heard in between.
constexpr qsizetype kSealedPerTurn = 2'000;

// Removes and returns the value for `key`, if there is one.
std::optional<QByteArray> takeValue(QHash<QString, QByteArray>& hash, const QString& key)
{
    const auto found = hash.find(key);
    if (found == hash.end())
        return std::nullopt;
    QByteArray value = std::move(found.value());
    hash.erase(found);
    return value;
}

} // namespace

struct Vault::Sealing
{
    PoolTask* task = nullptr;
    std::shared_ptr<const VaultKey> key;
    QList<NewKey> fresh;
    QStringList ids; // of `fresh`, in the same order
    QList<KeyRecord> rows;
    QList<QByteArray> sealed;
    QSet<qsizetype> restored; // indexes in `fresh` of keys whose rows are there already
};

Vault::Vault(Database& database, SecretStore& secrets, VaultPassphrase passphrase, QObject* parent)
    : QObject(parent)
    , m_db(database)
    , m_records(database)
    , m_opener(database, secrets, std::move(passphrase))
    , m_migration(database, secrets)
{ }

QByteArray Vault::keyContext(const QString& id)
{
    return SecretName::forKey(id).toUtf8();
}

QByteArray Vault::proxyContext(const QString& id)
{
    return SecretName::forProxy(id).toUtf8();
}

PoolTask* Vault::addKeys(const QList<NewKey>& keys)
{
    auto* task = new PoolTask(this);
    StorageError error;
    QHash<QString, bool> known; // id -> its secret is missing
    const QList<KeyRecord> rows = m_records.keys(&error);
    for (const KeyRecord& row : rows)
        known.insert(row.id, row.secretMissing);
    if (error.isError()) {
        task->finishLater(error.message);
        return task;
    }

    auto sealing = std::make_shared<Sealing>();
    sealing->task = task;
    QHash<QString, int> seenAt; // id -> line, within this batch
    for (const NewKey& key : keys) {
        const QString secret = key.secret.trimmed();
        if (const QString problem = KeysFile::shapeProblem(secret); !problem.isEmpty()) {
            task->add({key.line, TaskItem::Result::Malformed, {}, problem});
            continue;
        }
        const QString id = KeysFile::idFor(secret);
        // A row whose secret was lost (a new vault, a damaged value) gets it back, and keeps its
        // label, tags and statistics.
        const bool restore = known.value(id, false);
        if (known.contains(id) && !restore) {
            task->add({key.line, TaskItem::Result::Duplicate, id, tr("already in the pool")});
            continue;
        }
        if (const auto first = seenAt.constFind(id); first != seenAt.cend()) {
            task->add({key.line, TaskItem::Result::Duplicate, id, tr("the same key as line %1").arg(first.value())});
            continue;
        }
        seenAt.insert(id, key.line);
        if (restore)
            sealing->restored.insert(sealing->fresh.size());
        sealing->ids.append(id);
        NewKey clean = key;
        clean.secret = secret;
        sealing->fresh.append(clean);
    }
    if (sealing->fresh.isEmpty()) {
        task->finishLater();
        return task;
    }
    VaultKeyTask* opened = m_opener.open(true);
    connect(opened, &PoolTask::finished, task, [this, sealing, opened] {
        opened->deleteLater();
        if (!opened->key) {
            for (qsizetype i = 0; i < sealing->fresh.size(); ++i)
                sealing->task->add(
                    {sealing->fresh.at(i).line, TaskItem::Result::Failed, sealing->ids.at(i), opened->error()});
            sealing->task->finish(opened->error());
            return;
        }
        sealing->key = opened->key;
        sealing->rows.reserve(sealing->fresh.size());
        sealing->sealed.reserve(sealing->fresh.size());
        sealNext(sealing);
    });
    return task;
}

void Vault::sealNext(const std::shared_ptr<Sealing>& sealing)
{
    PoolTask* task = sealing->task;
    const qsizetype total = sealing->fresh.size();
    const qsizetype end = std::min(total, sealing->rows.size() + kSealedPerTurn);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    while (!task->isCancelled() && sealing->rows.size() < end) {
        const NewKey& key = sealing->fresh.at(sealing->rows.size());
        KeyRecord row;
        row.id = sealing->ids.at(sealing->rows.size());
        row.masked = maskKey(key.secret);
        row.label = key.label.isEmpty() ? row.masked : key.label;
        row.tags = key.tags;
        row.note = key.note;
        row.createdAtMs = now;
        sealing->sealed.append(sealing->key->seal(key.secret.toUtf8(), keyContext(row.id)));
        sealing->rows.append(row);
    }
    task->reportProgress(static_cast<int>(sealing->rows.size()), static_cast<int>(total));
    if (!task->isCancelled() && sealing->rows.size() < total) {
        QTimer::singleShot(0, task, [this, sealing] { sealNext(sealing); });
        return;
    }

    // What was sealed lands in one transaction; a stopped import adds what it sealed so far.
    // Written on a worker thread, over a connection of its own: 30,000 rows take a quarter of a
    // second, which the window must not spend frozen.
    QList<KeyRecord> newRows;
    QList<QByteArray> newSealed;
    QHash<QString, QByteArray> restored;
    for (qsizetype i = 0; i < sealing->rows.size(); ++i) {
        if (sealing->restored.contains(i)) {
            restored.insert(sealing->rows.at(i).id, sealing->sealed.at(i));
        } else {
            newRows.append(sealing->rows.at(i));
            newSealed.append(sealing->sealed.at(i));
        }
    }
    auto* watcher = new QFutureWatcher<StorageError>(task);
    connect(watcher, &QFutureWatcherBase::finished, task, [sealing, watcher] {
        watcher->deleteLater();
        const StorageError error = watcher->result();
        PoolTask* done = sealing->task;
        for (qsizetype i = 0; i < sealing->fresh.size(); ++i) {
            const NewKey& key = sealing->fresh.at(i);
            const QString& id = sealing->ids.at(i);
            if (i >= sealing->rows.size())
                done->add({key.line, TaskItem::Result::Failed, id, tr("not added: stopped")});
            else if (!error.isError())
                done->add({key.line, TaskItem::Result::Done, id, {}});
            else
                done->add({key.line, TaskItem::Result::Failed, id, error.message});
        }
        done->finish(error.message);
    });
    watcher->setFuture(QtConcurrent::run([path = m_db.path(), newRows = std::move(newRows),
                                          newSealed = std::move(newSealed), restored = std::move(restored)] {
        StorageError error;
        Database database(path);
        if (database.open(&error) && PoolRecords(database).insertKeys(newRows, newSealed, &error)
            && !restored.isEmpty())
            VaultRecords(database).storeSealed(restored, {}, {}, &error);
        return error;
    }));
}

PoolTask* Vault::removeKeys(const QStringList& ids)
{
    auto* task = new PoolTask(this);
    StorageError error;
    m_records.removeKeys(ids, &error);
    task->finishLater(error.message);
    return task;
}

PoolTask* Vault::addProxy(const ProxyConfig& proxy)
{
    auto* task = new PoolTask(this);
    ProxyRecord row{proxy.id(), proxy.id(), proxy.enabled, !proxy.password.isEmpty(), 0};
    StorageError error;
    const QList<ProxyRecord> stored = m_records.proxies(&error);
    if (error.isError()) {
        task->finishLater(error.message);
        return task;
    }
    if (std::any_of(stored.cbegin(), stored.cend(), [&row](const ProxyRecord& other) { return other.id == row.id; })) {
        task->finishLater(tr("%1 is already there; remove it first to change it").arg(row.id));
        return task;
    }
    if (!row.hasPassword) {
        m_records.insertProxy(row, {}, &error);
        task->finishLater(error.message);
        return task;
    }
    VaultKeyTask* opened = m_opener.open(true);
    connect(opened, &PoolTask::finished, task, [this, task, opened, row, password = proxy.password] {
        opened->deleteLater();
        if (!opened->key) {
            task->finish(opened->error());
            return;
        }
        StorageError notStored;
        m_records.insertProxy(row, opened->key->seal(password.toUtf8(), proxyContext(row.id)), &notStored);
        task->finish(notStored.message);
    });
    return task;
}

PoolTask* Vault::removeProxy(const QString& id)
{
    auto* task = new PoolTask(this);
    StorageError error;
    const QList<ProxyRecord> stored = m_records.proxies(&error);
    const auto row = std::find_if(stored.cbegin(), stored.cend(), [&id](const ProxyRecord& p) { return p.id == id; });
    if (error.isError() || row == stored.cend()) {
        task->finishLater(error.isError() ? error.message : tr("there is no proxy %1").arg(id));
        return task;
    }
    m_records.removeProxy(id, &error);
    task->finishLater(error.message);
    return task;
}

VaultLoad* Vault::load()
{
    auto* task = new VaultLoad(this);
    StorageError error;
    const bool inKeychain = VaultRecords(m_db).secretsInKeychain(&error);
    if (error.isError()) {
        task->finishLater(error.message);
        return task;
    }
    // Secrets still in keychain items need a vault to move into.
    VaultKeyTask* opened = m_opener.open(inKeychain);
    connect(opened, &PoolTask::finished, task, [this, task, opened, inKeychain] {
        opened->deleteLater();
        if (!opened->error().isEmpty()) {
            task->finish(opened->error());
            return;
        }
        const std::shared_ptr<const VaultKey> key = opened->key;
        if (!inKeychain) {
            openAll(task, key);
            return;
        }
        m_migration.moveIntoVault(task, key, [this, task, key] {
            if (!task->error().isEmpty())
                task->finish();
            else
                openAll(task, key);
        });
    });
    return task;
}

void Vault::openAll(VaultLoad* task, const std::shared_ptr<const VaultKey>& key)
{
    StorageError error;
    VaultRecords vault(m_db);
    task->keyRecords = m_records.keys(&error);
    const QList<ProxyRecord> proxies = m_records.proxies(&error);
    // Sealed values go as they are opened: with 10,000 keys the rows, the sealed and the opened
    // secrets together would be the window's peak of memory.
    QHash<QString, QByteArray> sealedKeys = key ? vault.sealedKeys(&error) : QHash<QString, QByteArray>();
    const QHash<QString, QByteArray> sealedProxies = key ? vault.sealedProxies(&error) : QHash<QString, QByteArray>();
    if (error.isError()) {
        task->keyRecords.clear();
        task->finish(error.message);
        return;
    }
    QStringList nowMissing;
    QStringList foundAgain;
    task->keys.reserve(task->keyRecords.size());
    for (KeyRecord& row : task->keyRecords) {
        std::optional<QByteArray> secret;
        if (const std::optional<QByteArray> sealed = takeValue(sealedKeys, row.id)) {
            secret = key->open(*sealed, keyContext(row.id));
            if (!secret)
                task->add({0, TaskItem::Result::Failed, row.id,
                           tr("The secret of key %1 does not open: it was changed outside ExaDesk. The rest of the "
                              "pool works; remove the key and add it again.")
                               .arg(row.label)});
        }
        if (!secret.has_value() != row.secretMissing) {
            (secret ? foundAgain : nowMissing).append(row.id);
            row.secretMissing = !secret;
        }
        if (secret)
            task->keys.append({row.id, row.label, QString::fromUtf8(*secret), row.tags, row.note, row.dailyRequestCap,
                               row.dailyDollarCap});
    }
    sealedKeys = {};
    m_records.setSecretMissing(nowMissing, true, &error);
    m_records.setSecretMissing(foundAgain, false, &error);

    for (const ProxyRecord& row : proxies) {
        QString problem;
        std::optional<ProxyConfig> config = ProxyConfig::fromUrl(row.url, &problem);
        if (!config)
            continue;
        config->enabled = row.enabled;
        if (row.hasPassword) {
            const std::optional<QByteArray> password
                = key ? key->open(sealedProxies.value(row.id), proxyContext(row.id)) : std::nullopt;
            if (password)
                config->password = QString::fromUtf8(*password);
            else
                task->add(
                    {0, TaskItem::Result::Failed, row.id,
                     tr("The password of proxy %1 does not open; remove the proxy and add it again.").arg(row.id)});
        }
        task->proxies.append(*config);
    }
    m_migration.removeLeftovers(task, [task] { task->finish(); });
}

} // namespace exadesk
