#include "VaultRecords.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

const QString kSecretsInKeychain = u"secrets-in-keychain"_s;

} // namespace

std::optional<VaultRecord> VaultRecords::vault(StorageError* error)
{
    QSqlQuery query(m_db.connection());
    if (!query.exec(u"SELECT name, check_value, in_keychain, passphrase_salt, passphrase_operations, "
                    "passphrase_memory, passphrase_sealed_key, created_at FROM vault WHERE id = 1"_s)) {
        *error = Database::errorFrom(query.lastError(), tr("read the vault"));
        return std::nullopt;
    }
    if (!query.next())
        return std::nullopt;
    VaultRecord vault;
    vault.name = query.value(0).toString();
    vault.checkValue = query.value(1).toByteArray();
    vault.inKeychain = query.value(2).toBool();
    vault.passphraseSalt = query.value(3).toByteArray();
    vault.passphraseOperations = query.value(4).toULongLong();
    vault.passphraseMemory = query.value(5).toULongLong();
    vault.passphraseSealedKey = query.value(6).toByteArray();
    vault.createdAtMs = query.value(7).toLongLong();
    return vault;
}

bool VaultRecords::saveVault(const VaultRecord& vault, StorageError* error)
{
    QSqlQuery query(m_db.connection());
    query.prepare(u"INSERT OR REPLACE INTO vault (id, name, check_value, in_keychain, passphrase_salt, "
                  "passphrase_operations, passphrase_memory, passphrase_sealed_key, created_at) "
                  "VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
    query.addBindValue(vault.name);
    query.addBindValue(vault.checkValue);
    query.addBindValue(vault.inKeychain ? 1 : 0);
    query.addBindValue(vault.hasPassphrase() ? QVariant(vault.passphraseSalt) : QVariant());
    query.addBindValue(vault.passphraseOperations);
    query.addBindValue(vault.passphraseMemory);
    query.addBindValue(vault.hasPassphrase() ? QVariant(vault.passphraseSealedKey) : QVariant());
    query.addBindValue(vault.createdAtMs > 0 ? vault.createdAtMs : QDateTime::currentMSecsSinceEpoch());
    if (!query.exec()) {
        *error = Database::errorFrom(query.lastError(), tr("save the vault"));
        return false;
    }
    return true;
}

bool VaultRecords::removeVault(StorageError* error)
{
    QSqlQuery query(m_db.connection());
    if (!query.exec(u"DELETE FROM vault"_s)) {
        *error = Database::errorFrom(query.lastError(), tr("remove the vault"));
        return false;
    }
    return true;
}

QHash<QString, QByteArray> VaultRecords::sealed(const QString& sql, const QString& what, StorageError* error)
{
    QHash<QString, QByteArray> values;
    QSqlQuery query(m_db.connection());
    query.setForwardOnly(true);
    if (!query.exec(sql)) {
        *error = Database::errorFrom(query.lastError(), what);
        return values;
    }
    while (query.next())
        values.insert(query.value(0).toString(), query.value(1).toByteArray());
    return values;
}

QHash<QString, QByteArray> VaultRecords::sealedKeys(StorageError* error)
{
    return sealed(u"SELECT id, sealed_secret FROM keys WHERE sealed_secret IS NOT NULL"_s, tr("read the keys' secrets"),
                  error);
}

QHash<QString, QByteArray> VaultRecords::sealedProxies(StorageError* error)
{
    return sealed(u"SELECT id, sealed_password FROM proxies WHERE sealed_password IS NOT NULL"_s,
                  tr("read the proxies' passwords"), error);
}

bool VaultRecords::anySealed(StorageError* error)
{
    QSqlQuery query(m_db.connection());
    if (!query.exec(u"SELECT EXISTS (SELECT 1 FROM keys WHERE sealed_secret IS NOT NULL) "
                    "OR EXISTS (SELECT 1 FROM proxies WHERE sealed_password IS NOT NULL)"_s)
        || !query.next()) {
        *error = Database::errorFrom(query.lastError(), tr("read the keys' secrets"));
        return false;
    }
    return query.value(0).toBool();
}

bool VaultRecords::forgetSealed(StorageError* error)
{
    return m_db.inTransaction(
        [&] {
            QSqlQuery query(m_db.connection());
            for (const QString& statement : {u"UPDATE keys SET sealed_secret = NULL, secret_missing = 1"_s,
                                             u"UPDATE proxies SET sealed_password = NULL"_s, u"DELETE FROM vault"_s}) {
                if (!query.exec(statement)) {
                    *error = Database::errorFrom(query.lastError(), tr("start a new vault"));
                    return false;
                }
            }
            return true;
        },
        error);
}

bool VaultRecords::secretsInKeychain(StorageError* error)
{
    QSqlQuery query(m_db.connection());
    query.prepare(u"SELECT 1 FROM engine_notes WHERE name = ?"_s);
    query.addBindValue(kSecretsInKeychain);
    if (!query.exec()) {
        *error = Database::errorFrom(query.lastError(), tr("read the vault"));
        return false;
    }
    return query.next();
}

bool VaultRecords::storeSealed(const QHash<QString, QByteArray>& keys, const QHash<QString, QByteArray>& proxies,
                               const QStringList& missingKeys, StorageError* error)
{
    // One statement run for each (value, id) pair.
    const auto updateEach
        = [this, error](const QString& sql, const QHash<QString, QByteArray>& values, const QString& what) {
              QSqlQuery query(m_db.connection());
              query.prepare(sql);
              for (auto each = values.cbegin(); each != values.cend(); ++each) {
                  query.addBindValue(each.value());
                  query.addBindValue(each.key());
                  if (!query.exec()) {
                      *error = Database::errorFrom(query.lastError(), what);
                      return false;
                  }
              }
              return true;
          };
    const auto flagMissing = [this, error, &missingKeys] {
        QSqlQuery query(m_db.connection());
        query.prepare(u"UPDATE keys SET secret_missing = 1 WHERE id = ?"_s);
        for (const QString& id : missingKeys) {
            query.addBindValue(id);
            if (!query.exec()) {
                *error = Database::errorFrom(query.lastError(), tr("flag a key"));
                return false;
            }
        }
        return true;
    };
    return m_db.inTransaction(
        [&] {
            return updateEach(u"UPDATE keys SET sealed_secret = ?, secret_missing = 0 WHERE id = ?"_s, keys,
                              tr("seal a key's secret"))
                && flagMissing()
                && updateEach(u"UPDATE proxies SET sealed_password = ? WHERE id = ?"_s, proxies,
                              tr("seal a proxy's password"));
        },
        error);
}

bool VaultRecords::finishMigration(const QStringList& oldItems, StorageError* error)
{
    return m_db.inTransaction(
        [&] {
            QSqlQuery note(m_db.connection());
            note.prepare(u"INSERT OR REPLACE INTO pending_secrets (name, created_at) VALUES (?, ?)"_s);
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            for (const QString& name : oldItems) {
                note.addBindValue(name);
                note.addBindValue(now);
                if (!note.exec()) {
                    *error = Database::errorFrom(note.lastError(), tr("note a keychain item to remove"));
                    return false;
                }
            }
            QSqlQuery done(m_db.connection());
            done.prepare(u"DELETE FROM engine_notes WHERE name = ?"_s);
            done.addBindValue(kSecretsInKeychain);
            if (!done.exec()) {
                *error = Database::errorFrom(done.lastError(), tr("finish moving the secrets"));
                return false;
            }
            return true;
        },
        error);
}

QStringList VaultRecords::keychainLeftovers(StorageError* error)
{
    QStringList names;
    QSqlQuery query(m_db.connection());
    if (!query.exec(u"SELECT name FROM pending_secrets ORDER BY created_at, name"_s)) {
        *error = Database::errorFrom(query.lastError(), tr("read the keychain items to remove"));
        return names;
    }
    while (query.next())
        names.append(query.value(0).toString());
    return names;
}

bool VaultRecords::clearKeychainLeftovers(const QStringList& names, StorageError* error)
{
    return m_db.inTransaction(
        [&] {
            QSqlQuery query(m_db.connection());
            query.prepare(u"DELETE FROM pending_secrets WHERE name = ?"_s);
            for (const QString& name : names) {
                query.addBindValue(name);
                if (!query.exec()) {
                    *error = Database::errorFrom(query.lastError(), tr("clear the keychain items to remove"));
                    return false;
                }
            }
            return true;
        },
        error);
}

} // namespace exadesk
