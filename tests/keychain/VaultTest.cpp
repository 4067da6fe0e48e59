// Keys and proxies with their secrets: the database (a real SQLite file) and a secret store
// kept in agreement, with a store in memory and with the real Secret Service.
#include "engine/Vault.h"

#include "MemorySecretStore.h"
#include "Wait.h"
#include "pool/KeysFile.h"

#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <memory>

using namespace exadesk;
using testsupport::MemorySecretStore;
using namespace Qt::StringLiterals;
using testsupport::finish;

namespace {

const QString kFirst = u"11111111-2222-3333-4444-555555559f3c"_s;
const QString kSecond = u"22222222-3333-4444-5555-66666666aaaa"_s;

QList<NewKey> newKeys(const QString& text)
{
    QList<NewKey> keys;
    for (const KeyLine& line : KeysFile::parse(text).keys)
        keys.append({line.line, line.label, line.secret, {}, {}});
    return keys;
}

class VaultTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(dir.isValid());
        StorageError error;
        ASSERT_TRUE(db.open(&error)) << qPrintable(error.message);
    }

    QTemporaryDir dir;
    Database db{dir.filePath(u"exadesk.sqlite"_s)};
    PoolRecords records{db};
    MemorySecretStore memory;
    Vault vault{db, memory};
};

} // namespace

TEST_F(VaultTest, AddsGoodKeysAndSaysWhatBecameOfEachOther)
{
    ASSERT_TRUE(finish(vault.addKeys(newKeys(u"work,"_s + kFirst)))->error().isEmpty());
    QList<NewKey> batch = newKeys(u"personal,"_s + kSecond + u"\nagain,"_s + kFirst);
    batch.append({3, u"typo"_s, u"not a key"_s, {}, {}});
    batch.append({4, u"twice"_s, kSecond, {}, {}});
    PoolTask* task = finish(vault.addKeys(batch));
    EXPECT_TRUE(task->error().isEmpty()) << qPrintable(task->error());
    ASSERT_EQ(task->items().size(), 4);
    EXPECT_EQ(task->items()[0].result, TaskItem::Result::Done);
    EXPECT_EQ(task->items()[1].result, TaskItem::Result::Duplicate);
    EXPECT_EQ(task->items()[1].message, u"already in the pool"_s);
    EXPECT_EQ(task->items()[2].result, TaskItem::Result::Malformed);
    EXPECT_EQ(task->items()[3].result, TaskItem::Result::Duplicate);
    EXPECT_EQ(task->items()[3].message, u"the same key as line 1"_s);
    for (const TaskItem& item : task->items())
        EXPECT_FALSE(item.message.contains(u"not a key"_s) || item.message.contains(u"aaaa"_s));

    StorageError error;
    const QList<KeyRecord> rows = records.keys(&error);
    ASSERT_EQ(rows.size(), 2);
    EXPECT_EQ(rows[1].label, u"personal"_s);
    EXPECT_EQ(rows[1].masked, u"exa-…aaaa"_s);
    EXPECT_EQ(memory.entries().value(SecretName::forKey(rows[1].id)), kSecond);
    EXPECT_TRUE(records.pendingSecrets(&error).isEmpty());

    VaultLoad* loaded = finish(vault.load());
    ASSERT_EQ(loaded->keys.size(), 2);
    EXPECT_EQ(loaded->keys[0].secret, kFirst);
}

TEST_F(VaultTest, ACrashBetweenSecretAndRowLeavesNothingVisibleAndStartUpCleansUp)
{
    // As a crash would leave it, over an hour ago: noted, secret written, no row.
    const QString name = SecretName::forKey(KeysFile::idFor(kFirst));
    StorageError error;
    QSqlQuery note(db.connection());
    ASSERT_TRUE(note.exec(u"INSERT INTO pending_secrets (name, created_at) VALUES ('%1', 1000)"_s.arg(name)));
    // And one noted just now: an import still running elsewhere, whose secret is on its way.
    const QString running = SecretName::forKey(u"key-still-being-written"_s);
    ASSERT_TRUE(records.notePendingSecrets({running}, &error));
    ASSERT_TRUE(finish(vault.addKeys(newKeys(kSecond)))->error().isEmpty());
    QSignalSpy written(memory.write(name, kFirst), &SecretJob::finished);
    ASSERT_TRUE(testsupport::waitForSignals(written));

    VaultLoad* loaded = finish(vault.load());
    EXPECT_TRUE(loaded->error().isEmpty()) << qPrintable(loaded->error());
    ASSERT_EQ(loaded->keys.size(), 1);
    EXPECT_EQ(loaded->keys[0].secret, kSecond);
    EXPECT_FALSE(memory.entries().contains(name));
    EXPECT_EQ(records.pendingSecrets(&error), QStringList({running}));
}

TEST_F(VaultTest, ARowWhoseSecretIsGoneIsFlaggedNotUsed)
{
    ASSERT_TRUE(finish(vault.addKeys(newKeys(kFirst + u'\n' + kSecond)))->error().isEmpty());
    QSignalSpy removed(memory.remove(SecretName::forKey(KeysFile::idFor(kFirst))), &SecretJob::finished);
    ASSERT_TRUE(testsupport::waitForSignals(removed));

    VaultLoad* loaded = finish(vault.load());
    ASSERT_EQ(loaded->keys.size(), 1);
    EXPECT_EQ(loaded->keys[0].secret, kSecond);
    StorageError error;
    EXPECT_TRUE(records.key(KeysFile::idFor(kFirst), &error)->secretMissing);
    EXPECT_FALSE(records.key(KeysFile::idFor(kSecond), &error)->secretMissing);
}

TEST_F(VaultTest, RemovingKeysRemovesTheirSecrets)
{
    ASSERT_TRUE(finish(vault.addKeys(newKeys(kFirst + u'\n' + kSecond)))->error().isEmpty());
    PoolTask* task = finish(vault.removeKeys({KeysFile::idFor(kFirst)}));
    EXPECT_TRUE(task->error().isEmpty()) << qPrintable(task->error());
    StorageError error;
    EXPECT_EQ(records.keys(&error).size(), 1);
    EXPECT_EQ(memory.entries().size(), 1);
    EXPECT_TRUE(records.pendingSecrets(&error).isEmpty());
}

TEST_F(VaultTest, AProxyPasswordGoesToTheSecretStoreOnly)
{
    QString parseError;
    const auto proxy = ProxyConfig::fromUrl(u"socks5://alice:proxy-pass@127.0.0.1:1080"_s, &parseError);
    ASSERT_TRUE(proxy);
    ASSERT_TRUE(finish(vault.addProxy(*proxy))->error().isEmpty());
    StorageError error;
    const QList<ProxyRecord> rows = records.proxies(&error);
    ASSERT_EQ(rows.size(), 1);
    EXPECT_FALSE(rows[0].url.contains(u"proxy-pass"_s));
    EXPECT_TRUE(rows[0].hasPassword);
    VaultLoad* loaded = finish(vault.load());
    ASSERT_EQ(loaded->proxies.size(), 1);
    EXPECT_EQ(loaded->proxies[0].password, u"proxy-pass"_s);
    EXPECT_EQ(loaded->proxies[0].user, u"alice"_s);
    ASSERT_TRUE(finish(vault.removeProxy(rows[0].id))->error().isEmpty());
    EXPECT_TRUE(memory.entries().isEmpty());
}

TEST_F(VaultTest, ALockedKeychainStopsAnImportCleanlyAndSaysSo)
{
    memory.failWith(SecretError::Kind::Locked);
    PoolTask* task = finish(vault.addKeys(newKeys(kFirst + u'\n' + kSecond)));
    EXPECT_TRUE(task->error().contains(u"locked"_s)) << qPrintable(task->error());
    EXPECT_EQ(task->count(TaskItem::Result::Failed), 2);
    StorageError error;
    EXPECT_TRUE(records.keys(&error).isEmpty());
    EXPECT_TRUE(records.pendingSecrets(&error).isEmpty());
}

TEST(VaultWithKeychainTest, KeysSurviveInTheRealKeychain)
{
    if (qEnvironmentVariableIsEmpty("EXADESK_SECRET_SERVICE"))
        GTEST_SKIP() << "needs the Secret Service that tests/support/with-secret-service.sh starts (run it "
                        "through ctest)";
    QTemporaryDir dir;
    Database db(dir.filePath(u"exadesk.sqlite"_s));
    StorageError error;
    ASSERT_TRUE(db.open(&error)) << qPrintable(error.message);
    const QString service = u"ExaDesk-vault-test-%1"_s.arg(QCoreApplication::applicationPid());
    {
        KeychainSecretStore keychain(service);
        Vault vault(db, keychain);
        PoolTask* added = finish(vault.addKeys(newKeys(u"work,"_s + kFirst + u"\nhome,"_s + kSecond)));
        ASSERT_TRUE(added->error().isEmpty()) << qPrintable(added->error());
        EXPECT_EQ(added->count(TaskItem::Result::Done), 2);
    }
    KeychainSecretStore keychain(service);
    Vault vault(db, keychain);
    VaultLoad* loaded = finish(vault.load());
    ASSERT_TRUE(loaded->error().isEmpty()) << qPrintable(loaded->error());
    ASSERT_EQ(loaded->keys.size(), 2);
    EXPECT_EQ(loaded->keys[0].label, u"work"_s);
    EXPECT_EQ(loaded->keys[0].secret, kFirst);
    ASSERT_TRUE(finish(vault.removeKeys({loaded->keys[0].id, loaded->keys[1].id}))->error().isEmpty());
}
