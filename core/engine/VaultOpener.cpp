#include "VaultOpener.h"

#include "base/FaultPoint.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

const QByteArray kCheckText = "ExaDesk vault"_ba;

QByteArray checkContext(const VaultRecord& vault)
{
    return "vault:" + vault.name.toUtf8();
}

QByteArray passphraseContext(const VaultRecord& vault)
{
    return "vault-passphrase:" + vault.name.toUtf8();
}

bool opensCheck(const VaultKey& key, const VaultRecord& vault)
{
    return key.open(vault.checkValue, checkContext(vault)).has_value();
}

bool keychainAway(SecretError::Kind kind)
{
    return kind != SecretError::Kind::None && kind != SecretError::Kind::NotFound;
}

} // namespace

VaultOpener::VaultOpener(Database& database, SecretStore& secrets, VaultPassphrase passphrase, QObject* parent)
    : QObject(parent)
    , m_secrets(secrets)
    , m_passphrase(std::move(passphrase))
    , m_records(database)
{ }

QString VaultOpener::itemName(const VaultRecord& vault)
{
    return SecretName::forVault(vault.name);
}

VaultKeyTask* VaultOpener::open(bool create)
{
    auto* task = new VaultKeyTask(this);
    if (m_key) {
        task->key = m_key;
        task->finishLater();
        return task;
    }
    StorageError error;
    const std::optional<VaultRecord> vault = m_records.vault(&error);
    if (error.isError()) {
        task->finishLater(error.message);
        return task;
    }
    if (!vault) {
        if (create)
            QMetaObject::invokeMethod(
                this, [this, task] { this->create(task); }, Qt::QueuedConnection);
        else
            task->finishLater();
        return task;
    }
    const VaultRecord found = *vault;
    QMetaObject::invokeMethod(
        this,
        [this, task, found] {
            if (m_passphrase.given) {
                if (!found.hasPassphrase()) {
                    task->finish(tr("The secrets in this data folder are guarded by the system keychain, not by a "
                                    "passphrase. Run without --vault-passphrase-file (and without "
                                    "EXADESK_VAULT_PASSPHRASE_FILE), or set a passphrase first with 'exadesk vault "
                                    "passphrase'."));
                    return;
                }
                openWithPassphrase(task, found, *m_passphrase.given);
            } else if (found.inKeychain) {
                openFromKeychain(task, found);
            } else {
                fallBack(task, found,
                         tr("The secrets in this data folder are guarded by a passphrase. Give it in a file only you "
                            "can read: --vault-passphrase-file FILE, or EXADESK_VAULT_PASSPHRASE_FILE=FILE."));
            }
        },
        Qt::QueuedConnection);
    return task;
}

std::shared_ptr<const VaultKey> VaultOpener::newVault(VaultKeyTask* task, const QString& name, bool inKeychain,
                                                      VaultRecord* vault)
{
    std::shared_ptr<const VaultKey> key = VaultKey::generate();
    if (!key) {
        task->finish(tr("Could not lock memory for the vault key."));
        return key;
    }
    vault->name = name;
    vault->inKeychain = inKeychain;
    vault->checkValue = key->seal(kCheckText, checkContext(*vault));
    return key;
}

void VaultOpener::create(VaultKeyTask* task)
{
    const QString name = QString::fromLatin1(VaultKey::randomSalt().toHex());
    if (!m_passphrase.given) {
        createInKeychain(task, name);
        return;
    }
    // Behind the passphrase alone: nothing goes to a keychain, which a server may not have.
    VaultRecord vault;
    if (const std::shared_ptr<const VaultKey> key = newVault(task, name, false, &vault))
        saveWithPassphrase(task, key, vault, *m_passphrase.given, [this, task, key] { found(task, key); });
}

void VaultOpener::saveWithPassphrase(PoolTask* task, const std::shared_ptr<const VaultKey>& key, VaultRecord vault,
                                     const QString& passphrase, std::function<void()> saved)
{
    vault.passphraseSalt = VaultKey::randomSalt();
    const VaultKey::PassphraseCost cost = VaultKey::PassphraseCost::standard();
    vault.passphraseOperations = cost.operations;
    vault.passphraseMemory = cost.memoryBytes;
    derive(task, passphrase, vault, [this, task, key, vault, saved = std::move(saved)](const VaultKey& guard) mutable {
        QByteArray bytes = key->exported();
        vault.passphraseSealedKey = guard.seal(bytes, passphraseContext(vault));
        VaultKey::wipe(bytes);
        StorageError error;
        if (!m_records.saveVault(vault, &error)) {
            task->finish(error.message);
            return;
        }
        saved();
    });
}

void VaultOpener::createInKeychain(VaultKeyTask* task, const QString& name)
{
    VaultRecord vault;
    const std::shared_ptr<const VaultKey> key = newVault(task, name, true, &vault);
    if (!key)
        return;
    // The row first: a crash before the keychain item lands leaves a vault with nothing sealed,
    // which the next start makes again.
    StorageError error;
    if (!m_records.saveVault(vault, &error)) {
        task->finish(error.message);
        return;
    }
    faultPoint("vault-saved");
    QByteArray bytes = key->exported();
    SecretJob* job = m_secrets.write(itemName(vault), QString::fromLatin1(bytes.toBase64()));
    VaultKey::wipe(bytes);
    connect(job, &SecretJob::finished, task, [this, task, job, key] {
        job->deleteLater();
        if (job->error().isError()) {
            StorageError ignored;
            if (!m_records.anySealed(&ignored))
                m_records.removeVault(&ignored);
            task->finish(job->error().message + u' '
                         + tr("On a computer without a keychain, guard the secrets with a passphrase instead: "
                              "--vault-passphrase-file FILE, or EXADESK_VAULT_PASSPHRASE_FILE=FILE."));
            return;
        }
        faultPoint("vault-written");
        found(task, key);
    });
}

void VaultOpener::openFromKeychain(VaultKeyTask* task, const VaultRecord& vault)
{
    SecretJob* job = m_secrets.read(itemName(vault));
    connect(job, &SecretJob::finished, task, [this, task, job, vault] {
        job->deleteLater();
        const SecretError::Kind kind = job->error().kind;
        if (kind == SecretError::Kind::None) {
            QByteArray bytes = QByteArray::fromBase64(job->secret().toLatin1());
            std::shared_ptr<const VaultKey> key = VaultKey::fromBytes(bytes);
            VaultKey::wipe(bytes);
            if (key && opensCheck(*key, vault)) {
                found(task, key);
                return;
            }
            fallBack(task, vault,
                     tr("The keychain holds a different key for this data folder than the one its secrets were "
                        "sealed with."));
            return;
        }
        StorageError error;
        if (kind == SecretError::Kind::NotFound && !m_records.anySealed(&error) && !error.isError()) {
            // The vault was made, but its key never reached the keychain: nothing is lost by
            // making it again.
            createInKeychain(task, vault.name);
            return;
        }
        if (keychainAway(kind)) {
            fallBack(task, vault, job->error().message);
            return;
        }
        fallBack(task, vault,
                 tr("The keychain has no key for the secrets in this data folder: the folder may come from "
                    "another computer or user account, or the keychain was reset."));
    });
}

void VaultOpener::fallBack(VaultKeyTask* task, const VaultRecord& vault, const QString& reason)
{
    if (vault.hasPassphrase() && m_passphrase.ask) {
        if (const std::optional<QString> passphrase = m_passphrase.ask()) {
            openWithPassphrase(task, vault, *passphrase);
            return;
        }
    }
    QString wayOut;
    if (vault.hasPassphrase() && vault.inKeychain)
        wayOut = tr("Give the vault passphrase instead: --vault-passphrase-file FILE, or "
                    "EXADESK_VAULT_PASSPHRASE_FILE=FILE.");
    else if (vault.inKeychain)
        wayOut = tr("The keys' labels and statistics are all here, but their secrets cannot be opened without that "
                    "key. Use the keychain they were added with, or start a new vault and bring the secrets back "
                    "from a backup: 'exadesk vault start-over --yes', then 'exadesk keys import BACKUP.json' (made "
                    "by 'exadesk export --with-secrets'), or a file of your keys. The keys keep their labels, tags "
                    "and statistics.");
    task->finish(wayOut.isEmpty() ? reason : reason + u' ' + wayOut);
}

void VaultOpener::openWithPassphrase(VaultKeyTask* task, const VaultRecord& vault, const QString& passphrase)
{
    derive(task, passphrase, vault, [this, task, vault](const VaultKey& guard) {
        std::optional<QByteArray> bytes = guard.open(vault.passphraseSealedKey, passphraseContext(vault));
        if (!bytes) {
            task->finish(tr("The vault passphrase is wrong: it does not open the secrets in this data folder."));
            return;
        }
        std::shared_ptr<const VaultKey> key = VaultKey::fromBytes(*bytes);
        VaultKey::wipe(*bytes);
        if (!key || !opensCheck(*key, vault)) {
            task->finish(tr("The vault in this data folder is damaged: its passphrase opens a key that does not fit."));
            return;
        }
        found(task, key);
    });
}

void VaultOpener::found(VaultKeyTask* task, std::shared_ptr<const VaultKey> key)
{
    m_key = key;
    task->key = std::move(key);
    task->finish();
}

void VaultOpener::derive(PoolTask* task, const QString& passphrase, const VaultRecord& vault,
                         std::function<void(const VaultKey&)> then)
{
    auto* watcher = new QFutureWatcher<std::shared_ptr<const VaultKey>>(task);
    connect(watcher, &QFutureWatcherBase::finished, task, [task, watcher, then = std::move(then)] {
        watcher->deleteLater();
        const std::shared_ptr<const VaultKey> key = watcher->result();
        if (!key) {
            task->finish(tr("Could not derive a key from the passphrase: not enough memory."));
            return;
        }
        then(*key);
    });
    const VaultKey::PassphraseCost cost{vault.passphraseOperations, vault.passphraseMemory};
    watcher->setFuture(QtConcurrent::run([utf8 = passphrase.toUtf8(), salt = vault.passphraseSalt, cost]() mutable {
        std::shared_ptr<const VaultKey> key = VaultKey::fromPassphrase(utf8, salt, cost);
        VaultKey::wipe(utf8);
        return key;
    }));
}

PoolTask* VaultOpener::setPassphrase(const QString& passphrase, bool leaveKeychain)
{
    auto* task = new PoolTask(this);
    VaultKeyTask* opened = open(true);
    connect(opened, &PoolTask::finished, task, [this, task, opened, passphrase, leaveKeychain] {
        opened->deleteLater();
        if (!opened->error().isEmpty() || !opened->key) {
            task->finish(opened->error());
            return;
        }
        StorageError error;
        std::optional<VaultRecord> vault = m_records.vault(&error);
        if (!vault) {
            task->finish(error.message);
            return;
        }
        VaultRecord guarded = *vault;
        const bool wasInKeychain = guarded.inKeychain;
        guarded.inKeychain = guarded.inKeychain && !leaveKeychain;
        saveWithPassphrase(task, opened->key, guarded, passphrase, [this, task, guarded, wasInKeychain] {
            if (!wasInKeychain || guarded.inKeychain) {
                task->finish();
                return;
            }
            SecretJob* job = m_secrets.remove(itemName(guarded));
            connect(job, &SecretJob::finished, task, [task, job] {
                job->deleteLater();
                task->finish();
            });
        });
    });
    return task;
}

PoolTask* VaultOpener::startOver()
{
    auto* task = new PoolTask(this);
    StorageError error;
    const std::optional<VaultRecord> vault = m_records.vault(&error);
    if (error.isError() || !m_records.forgetSealed(&error)) {
        task->finishLater(error.message);
        return task;
    }
    m_key.reset();
    if (!vault || !vault->inKeychain) {
        task->finishLater();
        return task;
    }
    SecretJob* job = m_secrets.remove(itemName(*vault));
    connect(job, &SecretJob::finished, task, [task, job] {
        job->deleteLater();
        task->finish(); // an item that could not go holds a key nothing is sealed with any more
    });
    return task;
}

} // namespace exadesk
