#include "Vault.h"

#include "logging/KeyMask.h"
#include "pool/KeysFile.h"

#include <QDateTime>
#include <QSet>

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

constexpr qint64 kOrphanAgeMs = 3600'000;

bool stopsEverything(SecretError::Kind kind)
{
    // A keychain that is not there, locked or not answering fails every next job the same way.
    return kind == SecretError::Kind::NoService || kind == SecretError::Kind::Locked
        || kind == SecretError::Kind::TimedOut || kind == SecretError::Kind::AccessDenied;
}

} // namespace

Vault::Vault(Database& database, SecretStore& secrets, QObject* parent)
    : QObject(parent)
    , m_db(database)
    , m_secrets(secrets)
    , m_records(database)
{ }

PoolTask* Vault::addKeys(const QList<NewKey>& keys)
{
    auto* task = new PoolTask(this);
    StorageError error;
    QSet<QString> known;
    const QList<KeyRecord> rows = m_records.keys(&error);
    for (const KeyRecord& row : rows)
        known.insert(row.id);
    if (error.isError()) {
        task->finishLater(error.message);
        return task;
    }

    QList<NewKey> fresh;
    QHash<QString, int> seenAt; // id -> line, within this batch
    QStringList names;
    for (const NewKey& key : keys) {
        const QString secret = key.secret.trimmed();
        if (const QString problem = KeysFile::shapeProblem(secret); !problem.isEmpty()) {
            task->add({key.line, TaskItem::Result::Malformed, {}, problem});
            continue;
        }
        const QString id = KeysFile::idFor(secret);
        if (known.contains(id)) {
            task->add({key.line, TaskItem::Result::Duplicate, id, tr("already in the pool")});
            continue;
        }
        if (const auto first = seenAt.constFind(id); first != seenAt.cend()) {
            task->add({key.line, TaskItem::Result::Duplicate, id, tr("the same key as line %1").arg(first.value())});
            continue;
        }
        seenAt.insert(id, key.line);
        NewKey clean = key;
        clean.secret = secret;
        fresh.append(clean);
        names.append(SecretName::forKey(id));
    }
    // Noted before any secret is written: a crash from here on leaves notes, not hidden secrets.
    if (!m_records.notePendingSecrets(names, &error)) {
        task->finishLater(error.message);
        return task;
    }
    const int total = static_cast<int>(fresh.size());
    QMetaObject::invokeMethod(
        this, [this, task, fresh, total] { writeNext(task, fresh, {}, total); }, Qt::QueuedConnection);
    return task;
}

void Vault::writeNext(PoolTask* task, QList<NewKey> pending, QList<Written> written, int total)
{
    if (!pending.isEmpty() && !task->isCancelled()) {
        const NewKey key = pending.takeFirst();
        Written entry;
        entry.line = key.line;
        entry.row.id = KeysFile::idFor(key.secret);
        entry.row.label = key.label.isEmpty() ? maskKey(key.secret) : key.label;
        entry.row.masked = maskKey(key.secret);
        entry.row.tags = key.tags;
        entry.row.note = key.note;
        entry.row.createdAtMs = QDateTime::currentMSecsSinceEpoch();
        SecretJob* job = m_secrets.write(SecretName::forKey(entry.row.id), key.secret);
        connect(job, &SecretJob::finished, this,
                [this, task, job, entry, pending = std::move(pending), written = std::move(written), total]() mutable {
                    job->deleteLater();
                    if (job->error().isError()) {
                        task->add({entry.line, TaskItem::Result::Failed, entry.row.id, job->error().message});
                        // A write that timed out may still land (an unlock prompt answered late):
                        // its note stays, so a later load() removes what it left.
                        StorageError ignored;
                        if (job->error().kind != SecretError::Kind::TimedOut)
                            m_records.clearPendingSecrets({SecretName::forKey(entry.row.id)}, &ignored);
                        if (stopsEverything(job->error().kind)) {
                            task->setError(job->error().message);
                            task->cancel();
                        }
                    } else {
                        written.append(entry);
                    }
                    task->reportProgress(total - static_cast<int>(pending.size()), total);
                    writeNext(task, std::move(pending), std::move(written), total);
                });
        return;
    }

    // The rows land in one transaction, which also settles their journal notes.
    QList<KeyRecord> rows;
    QStringList settled;
    for (const Written& entry : std::as_const(written)) {
        rows.append(entry.row);
        settled.append(SecretName::forKey(entry.row.id));
    }
    StorageError error;
    if (!m_records.insertKeys(rows, settled, &error)) {
        // Their secrets stay noted in the journal: the next load() removes them.
        for (const Written& entry : std::as_const(written))
            task->add({entry.line, TaskItem::Result::Failed, entry.row.id, error.message});
        task->finish(error.message);
        return;
    }
    for (const Written& entry : std::as_const(written))
        task->add({entry.line, TaskItem::Result::Done, entry.row.id, {}});
    // Keys never written (stopped) leave nothing behind: no secret, no note.
    QStringList abandoned;
    for (const NewKey& key : std::as_const(pending)) {
        abandoned.append(SecretName::forKey(KeysFile::idFor(key.secret)));
        task->add({key.line, TaskItem::Result::Failed, KeysFile::idFor(key.secret),
                   task->error().isEmpty() ? tr("not added: stopped") : task->error()});
    }
    m_records.clearPendingSecrets(abandoned, &error);
    task->finish();
}

PoolTask* Vault::removeKeys(const QStringList& ids)
{
    auto* task = new PoolTask(this);
    QStringList names;
    for (const QString& id : ids)
        names.append(SecretName::forKey(id));
    StorageError error;
    // The rows go first, with notes for their secrets: the user never sees a key without one.
    if (!m_records.removeKeys(ids, names, &error)) {
        task->finishLater(error.message);
        return task;
    }
    QMetaObject::invokeMethod(
        this, [this, task, names] { removeSecrets(task, names, [task] { task->finish(); }); }, Qt::QueuedConnection);
    return task;
}

void Vault::removeSecrets(PoolTask* task, QStringList names, std::function<void()> then)
{
    if (names.isEmpty()) {
        then();
        return;
    }
    const QString name = names.takeFirst();
    SecretJob* job = m_secrets.remove(name);
    connect(job, &SecretJob::finished, this, [this, task, job, name, names, then]() mutable {
        job->deleteLater();
        const SecretError::Kind kind = job->error().kind;
        if (kind != SecretError::Kind::None && kind != SecretError::Kind::NotFound) {
            // The note stays: the next load() tries again.
            task->finish(tr("Removed from ExaDesk, but the keychain still holds the secret: %1 It is removed "
                            "the next time ExaDesk can reach the keychain.")
                             .arg(job->error().message));
            return;
        }
        StorageError error;
        m_records.clearPendingSecrets({name}, &error);
        removeSecrets(task, std::move(names), std::move(then));
    });
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
    // Checked before its password is written: a second add must not replace the first's.
    if (std::any_of(stored.cbegin(), stored.cend(), [&row](const ProxyRecord& other) { return other.id == row.id; })) {
        task->finishLater(tr("%1 is already there; remove it first to change it").arg(row.id));
        return task;
    }
    if (!row.hasPassword) {
        if (!m_records.insertProxy(row, &error))
            task->finishLater(error.message);
        else
            task->finishLater();
        return task;
    }
    const QString name = SecretName::forProxy(row.id);
    if (!m_records.notePendingSecrets({name}, &error)) {
        task->finishLater(error.message);
        return task;
    }
    SecretJob* job = m_secrets.write(name, proxy.password);
    connect(job, &SecretJob::finished, this, [this, task, job, row, name] {
        job->deleteLater();
        StorageError storageError;
        if (job->error().isError()) {
            if (job->error().kind != SecretError::Kind::TimedOut)
                m_records.clearPendingSecrets({name}, &storageError);
            task->finish(job->error().message);
            return;
        }
        if (!m_records.insertProxy(row, &storageError)) {
            task->finish(storageError.message); // the note stays; load() removes the password
            return;
        }
        m_records.clearPendingSecrets({name}, &storageError);
        task->finish();
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
    const QStringList names = row->hasPassword ? QStringList{SecretName::forProxy(id)} : QStringList();
    if (!m_records.removeProxy(id, names, &error)) {
        task->finishLater(error.message);
        return task;
    }
    QMetaObject::invokeMethod(
        this, [this, task, names] { removeSecrets(task, names, [task] { task->finish(); }); }, Qt::QueuedConnection);
    return task;
}

VaultLoad* Vault::load()
{
    auto* task = new VaultLoad(this);
    StorageError error;
    const QList<KeyRecord> rows = m_records.keys(&error);
    const QList<ProxyRecord> proxies = m_records.proxies(&error);
    const QStringList pending = m_records.pendingSecrets(&error);
    // A note younger than this may belong to an import still running in another ExaDesk:
    // its secret is on its way, not orphaned.
    const QStringList old = m_records.pendingSecrets(&error, QDateTime::currentMSecsSinceEpoch() - kOrphanAgeMs);
    if (error.isError()) {
        task->finishLater(error.message);
        return task;
    }
    // Notes whose row landed are settled; the others are secrets nobody can see: removed.
    QSet<QString> owned;
    for (const KeyRecord& row : rows)
        owned.insert(SecretName::forKey(row.id));
    for (const ProxyRecord& proxy : proxies) {
        if (proxy.hasPassword)
            owned.insert(SecretName::forProxy(proxy.id));
    }
    QStringList landed;
    QStringList orphans;
    for (const QString& name : pending) {
        if (owned.contains(name))
            landed.append(name);
        else if (old.contains(name))
            orphans.append(name);
    }
    m_records.clearPendingSecrets(landed, &error);
    QMetaObject::invokeMethod(
        this,
        [this, task, orphans, rows, proxies] {
            removeSecrets(task, orphans, [this, task, rows, proxies] { loadKeys(task, rows, proxies); });
        },
        Qt::QueuedConnection);
    return task;
}

void Vault::loadKeys(VaultLoad* task, QList<KeyRecord> rows, QList<ProxyRecord> proxies)
{
    if (task->isFinished())
        return;
    if (rows.isEmpty()) {
        loadProxies(task, std::move(proxies));
        return;
    }
    KeyRecord row = rows.takeFirst();
    SecretJob* job = m_secrets.read(SecretName::forKey(row.id));
    connect(job, &SecretJob::finished, this, [this, task, job, row, rows, proxies]() mutable {
        job->deleteLater();
        const SecretError::Kind kind = job->error().kind;
        if (kind != SecretError::Kind::None && kind != SecretError::Kind::NotFound) {
            task->finish(job->error().message);
            return;
        }
        const bool missing = kind == SecretError::Kind::NotFound;
        if (missing != row.secretMissing) {
            StorageError error;
            m_records.setSecretMissing(row.id, missing, &error);
            row.secretMissing = missing;
        }
        task->keyRecords.append(row);
        if (!missing)
            task->keys.append(
                {row.id, row.label, job->secret(), row.tags, row.note, row.dailyRequestCap, row.dailyDollarCap});
        task->reportProgress(static_cast<int>(task->keyRecords.size()),
                             static_cast<int>(task->keyRecords.size() + rows.size()));
        loadKeys(task, std::move(rows), std::move(proxies));
    });
}

void Vault::loadProxies(VaultLoad* task, QList<ProxyRecord> proxies)
{
    while (!proxies.isEmpty() && !proxies.first().hasPassword) {
        QString error;
        if (auto config = ProxyConfig::fromUrl(proxies.first().url, &error)) {
            config->enabled = proxies.first().enabled;
            task->proxies.append(*config);
        }
        proxies.removeFirst();
    }
    if (proxies.isEmpty()) {
        task->finish();
        return;
    }
    const ProxyRecord row = proxies.takeFirst();
    SecretJob* job = m_secrets.read(SecretName::forProxy(row.id));
    connect(job, &SecretJob::finished, this, [this, task, job, row, proxies]() mutable {
        job->deleteLater();
        if (job->error().isError() && job->error().kind != SecretError::Kind::NotFound) {
            task->finish(job->error().message);
            return;
        }
        QString error;
        if (auto config = ProxyConfig::fromUrl(row.url, &error)) {
            config->enabled = row.enabled;
            config->password = job->secret();
            task->proxies.append(*config);
        }
        loadProxies(task, std::move(proxies));
    });
}

} // namespace exadesk
