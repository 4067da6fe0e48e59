#include "KeychainMigration.h"

#include "Vault.h"
#include "base/FaultPoint.h"
#include "storage/PoolRecords.h"
#include "storage/VaultRecords.h"

#include <QPointer>

#include <utility>

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

// Keychain jobs in flight at once: enough to hide D-Bus round trips, few enough not to flood it.
constexpr int kInFlight = 8;

} // namespace

struct KeychainMigration::Read
{
    QHash<QString, QString> keys; // id -> secret
    QHash<QString, QString> proxies; // id -> password
    QStringList missingKeys;
    QStringList oldItems; // every key's and password's item, read or not
    QString error; // the keychain failed: nothing is changed
};

KeychainMigration::KeychainMigration(Database& database, SecretStore& secrets, QObject* parent)
    : QObject(parent)
    , m_db(database)
    , m_secrets(secrets)
{ }

struct KeychainMigration::ItemRun
{
    QPointer<QObject> context;
    SecretJob::Operation operation = SecretJob::Operation::Read;
    QStringList waiting;
    int running = 0;
    std::function<void(const QString&, const SecretJob&)> each;
    std::function<void()> done;
};

void KeychainMigration::forEachItem(QObject* context, QStringList names, SecretJob::Operation operation,
                                    std::function<void(const QString&, const SecretJob&)> each,
                                    std::function<void()> done)
{
    pump(std::make_shared<ItemRun>(ItemRun{context, operation, std::move(names), 0, std::move(each), std::move(done)}));
}

void KeychainMigration::pump(const std::shared_ptr<ItemRun>& run)
{
    while (run->context && run->running < kInFlight && !run->waiting.isEmpty()) {
        const QString name = run->waiting.takeFirst();
        SecretJob* job = run->operation == SecretJob::Operation::Read ? m_secrets.read(name) : m_secrets.remove(name);
        ++run->running;
        connect(job, &SecretJob::finished, run->context, [this, run, job, name] {
            job->deleteLater();
            --run->running;
            run->each(name, *job);
            pump(run);
        });
    }
    if (run->context && run->running == 0 && run->waiting.isEmpty() && run->done)
        std::exchange(run->done, nullptr)();
}

void KeychainMigration::moveIntoVault(PoolTask* task, std::shared_ptr<const VaultKey> key, std::function<void()> then)
{
    StorageError error;
    PoolRecords records(m_db);
    VaultRecords vault(m_db);
    const QList<KeyRecord> rows = records.keys(&error);
    const QList<ProxyRecord> proxies = records.proxies(&error);
    const QHash<QString, QByteArray> sealedKeys = vault.sealedKeys(&error);
    const QHash<QString, QByteArray> sealedProxies = vault.sealedProxies(&error);
    if (error.isError()) {
        task->setError(error.message);
        then();
        return;
    }
    // What an earlier, interrupted move sealed already is not read again; every old item, found
    // or not, goes at the end.
    auto read = std::make_shared<Read>();
    QHash<QString, QString> keyOf; // item name -> key id
    QHash<QString, QString> proxyOf; // item name -> proxy id
    for (const KeyRecord& row : rows) {
        read->oldItems.append(SecretName::forKey(row.id));
        if (!sealedKeys.contains(row.id))
            keyOf.insert(read->oldItems.constLast(), row.id);
    }
    for (const ProxyRecord& proxy : proxies) {
        if (!proxy.hasPassword)
            continue;
        read->oldItems.append(SecretName::forProxy(proxy.id));
        if (!sealedProxies.contains(proxy.id))
            proxyOf.insert(read->oldItems.constLast(), proxy.id);
    }
    const QStringList names = keyOf.keys() + proxyOf.keys();
    const int total = static_cast<int>(names.size());
    forEachItem(
        task, names, SecretJob::Operation::Read,
        [task, read, total, keyOf, proxyOf](const QString& name, const SecretJob& job) {
            const SecretError::Kind kind = job.error().kind;
            const bool isKey = keyOf.contains(name);
            const QString id = isKey ? keyOf.value(name) : proxyOf.value(name);
            if (kind == SecretError::Kind::None)
                (isKey ? read->keys : read->proxies).insert(id, job.secret());
            else if (kind == SecretError::Kind::NotFound && isKey)
                read->missingKeys.append(id);
            else if (kind != SecretError::Kind::NotFound && read->error.isEmpty())
                read->error = job.error().message;
            task->reportProgress(static_cast<int>(read->keys.size() + read->proxies.size() + read->missingKeys.size()),
                                 total);
        },
        [this, task, key, read, then] {
            faultPoint("migration-read");
            sealAndStore(task, key, *read, then);
        });
}

void KeychainMigration::sealAndStore(PoolTask* task, const std::shared_ptr<const VaultKey>& key, const Read& read,
                                     const std::function<void()>& then)
{
    if (!read.error.isEmpty()) {
        task->setError(tr("The secrets could not be moved out of the keychain, which keeps them: %1").arg(read.error));
        then();
        return;
    }
    QHash<QString, QByteArray> keys;
    QHash<QString, QByteArray> proxies;
    for (auto each = read.keys.cbegin(); each != read.keys.cend(); ++each)
        keys.insert(each.key(), key->seal(each.value().toUtf8(), Vault::keyContext(each.key())));
    for (auto each = read.proxies.cbegin(); each != read.proxies.cend(); ++each)
        proxies.insert(each.key(), key->seal(each.value().toUtf8(), Vault::proxyContext(each.key())));
    StorageError error;
    VaultRecords vault(m_db);
    if (!vault.storeSealed(keys, proxies, read.missingKeys, &error)) {
        task->setError(error.message);
        then();
        return;
    }
    faultPoint("migration-stored");

    // Read back: every secret must open from the database before its item may go.
    const QHash<QString, QByteArray> storedKeys = vault.sealedKeys(&error);
    const QHash<QString, QByteArray> storedProxies = vault.sealedProxies(&error);
    bool intact = !error.isError();
    for (auto each = read.keys.cbegin(); intact && each != read.keys.cend(); ++each)
        intact = key->open(storedKeys.value(each.key()), Vault::keyContext(each.key())) == each.value().toUtf8();
    for (auto each = read.proxies.cbegin(); intact && each != read.proxies.cend(); ++each)
        intact = key->open(storedProxies.value(each.key()), Vault::proxyContext(each.key())) == each.value().toUtf8();
    if (!intact) {
        task->setError(
            tr("The sealed secrets did not read back as written; the keychain keeps them. %1").arg(error.message));
        then();
        return;
    }

    // The old items and the notes an older ExaDesk left: none is needed now.
    if (!vault.finishMigration(read.oldItems, &error)) {
        task->setError(error.message);
        then();
        return;
    }
    faultPoint("migration-noted");
    then();
}

void KeychainMigration::removeLeftovers(QObject* context, std::function<void()> then)
{
    StorageError error;
    const QStringList names = VaultRecords(m_db).keychainLeftovers(&error);
    auto removed = std::make_shared<int>(0);
    forEachItem(
        context, names, SecretJob::Operation::Remove,
        [this, removed](const QString& name, const SecretJob& job) {
            const SecretError::Kind kind = job.error().kind;
            if (kind != SecretError::Kind::None && kind != SecretError::Kind::NotFound)
                return; // still noted: the next start tries again
            StorageError ignored;
            VaultRecords(m_db).clearKeychainLeftovers({name}, &ignored);
            if (++*removed == 1)
                faultPoint("leftovers-removing");
        },
        std::move(then));
}

} // namespace exadesk
