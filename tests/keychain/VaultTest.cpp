// Keys and proxies with their secrets: rows in a real SQLite file, each secret sealed beside its
// row with one vault key, which a secret store (in memory, or the real Secret Service) keeps, or
// a passphrase guards. The failure modes: a keychain item missing or different, a wrong
// passphrase, a sealed value changed or moved to another row, a locked keychain; and the move
// of secrets an older ExaDesk kept as keychain items of their own.
#include "engine/Vault.h"

#include "MemorySecretStore.h"
#include "Wait.h"
#include "pool/KeysFile.h"
#include "storage/VaultRecords.h"

#include <QFile>
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

QString manyKeys(int count)
{
    QString text;
    for (int i = 0; i < count; ++i)
        text += u"key%1,%2-1111-2222-3333-444444444444\n"_s.arg(i).arg(i, 8, 10, QLatin1Char('0'));
    return text;
}

VaultPassphrase given(const QString& passphrase)
{
    return {passphrase, {}};
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

    // The bytes of the database and its write-ahead log, as someone who copies them sees them.
    QByteArray databaseBytes()
    {
        QByteArray bytes;
        for (const QString& suffix : {QString(), u"-wal"_s}) {
            QFile file(db.path() + suffix);
            if (file.open(QIODevice::ReadOnly))
                bytes += file.readAll();
        }
        return bytes;
    }

    bool runSql(const QString& statement)
    {
        QSqlQuery query(db.connection());
        return query.exec(statement);
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
    // The database holds them sealed; the keychain holds the vault key alone.
    const QByteArray bytes = databaseBytes();
    EXPECT_FALSE(bytes.contains(kFirst.toUtf8()) || bytes.contains(kSecond.toUtf8()));
    ASSERT_EQ(memory.entries().size(), 1);
    EXPECT_TRUE(memory.entries().cbegin().key().startsWith(u"vault:"_s));

    VaultLoad* loaded = finish(vault.load());
    ASSERT_EQ(loaded->keys.size(), 2);
    EXPECT_TRUE(loaded->keys[0].secret == kFirst) << "the secret differs";
    EXPECT_TRUE(loaded->keys[1].secret == kSecond) << "the secret differs";
}

TEST_F(VaultTest, ThousandsOfKeysCostOneKeychainWriteAndOneRead)
{
    PoolTask* added = finish(vault.addKeys(newKeys(manyKeys(3'000))));
    ASSERT_TRUE(added->error().isEmpty()) << qPrintable(added->error());
    EXPECT_EQ(added->count(TaskItem::Result::Done), 3'000);
    EXPECT_EQ(memory.started(SecretJob::Operation::Write), 1);
    EXPECT_EQ(memory.entries().size(), 1);

    // The next start: one read opens them all, in the order they were imported.
    Vault later{db, memory};
    VaultLoad* loaded = finish(later.load());
    ASSERT_TRUE(loaded->error().isEmpty()) << qPrintable(loaded->error());
    ASSERT_EQ(loaded->keys.size(), 3'000);
    EXPECT_EQ(loaded->keys.constFirst().label, u"key0"_s);
    EXPECT_EQ(loaded->keys.constLast().label, u"key2999"_s);
    EXPECT_EQ(memory.started(SecretJob::Operation::Read), 1);
    EXPECT_EQ(memory.started(SecretJob::Operation::Write), 1);
}

TEST_F(VaultTest, ASealedValueChangedOutsideIsReportedForThatKeyAlone)
{
    ASSERT_TRUE(finish(vault.addKeys(newKeys(u"work,"_s + kFirst + u"\nhome,"_s + kSecond)))->error().isEmpty());
    // One bit of the work key's ciphertext flipped, as a damaged disk or a meddler would.
    const QString id = KeysFile::idFor(kFirst);
    StorageError readError;
    QByteArray sealed = VaultRecords(db).sealedKeys(&readError).value(id);
    ASSERT_GT(sealed.size(), 30);
    sealed[30] = static_cast<char>(sealed.at(30) ^ 1);
    QSqlQuery change(db.connection());
    change.prepare(u"UPDATE keys SET sealed_secret = ? WHERE id = ?"_s);
    change.addBindValue(sealed);
    change.addBindValue(id);
    ASSERT_TRUE(change.exec());

    Vault later{db, memory};
    VaultLoad* loaded = finish(later.load());
    EXPECT_TRUE(loaded->error().isEmpty()) << qPrintable(loaded->error());
    ASSERT_EQ(loaded->keys.size(), 1);
    EXPECT_TRUE(loaded->keys[0].secret == kSecond) << "the secret differs";
    ASSERT_EQ(loaded->count(TaskItem::Result::Failed), 1);
    EXPECT_TRUE(loaded->items()[0].message.contains(u"work"_s)) << qPrintable(loaded->items()[0].message);
    EXPECT_FALSE(loaded->items()[0].message.contains(kFirst));
    StorageError error;
    EXPECT_TRUE(records.key(KeysFile::idFor(kFirst), &error)->secretMissing);
    EXPECT_FALSE(records.key(KeysFile::idFor(kSecond), &error)->secretMissing);
}

TEST_F(VaultTest, SealedValuesSwappedBetweenRowsDoNotOpen)
{
    ASSERT_TRUE(finish(vault.addKeys(newKeys(u"work,"_s + kFirst + u"\nhome,"_s + kSecond)))->error().isEmpty());
    // Each row's id is bound into its value: moved to the other row, neither opens.
    StorageError readError;
    const QHash<QString, QByteArray> sealed = VaultRecords(db).sealedKeys(&readError);
    const QString first = KeysFile::idFor(kFirst);
    const QString second = KeysFile::idFor(kSecond);
    ASSERT_TRUE(VaultRecords(db).storeSealed({{first, sealed.value(second)}, {second, sealed.value(first)}}, {}, {},
                                             &readError));

    Vault later{db, memory};
    VaultLoad* loaded = finish(later.load());
    EXPECT_TRUE(loaded->error().isEmpty()) << qPrintable(loaded->error());
    EXPECT_TRUE(loaded->keys.isEmpty());
    EXPECT_EQ(loaded->count(TaskItem::Result::Failed), 2);
}

TEST_F(VaultTest, AMissingKeychainItemSaysWhyAndTheWayBack)
{
    ASSERT_TRUE(finish(vault.addKeys(newKeys(u"work,"_s + kFirst + u"\nhome,"_s + kSecond)))->error().isEmpty());
    StorageError error;
    ASSERT_TRUE(runSql(u"UPDATE keys SET requests = 7 WHERE label = 'work'"_s));
    // As on another computer, where the data folder was restored from a backup.
    memory.drop(memory.entries().cbegin().key());

    Vault elsewhere{db, memory};
    VaultLoad* loaded = finish(elsewhere.load());
    EXPECT_TRUE(loaded->error().contains(u"no key for the secrets in this data folder"_s))
        << qPrintable(loaded->error());
    EXPECT_TRUE(loaded->error().contains(u"exadesk vault start-over --yes"_s)) << qPrintable(loaded->error());
    EXPECT_TRUE(memory.entries().isEmpty()); // nothing made behind the user's back
    EXPECT_EQ(records.keys(&error).size(), 2); // and nothing lost

    // The way back: a new vault, then the keys imported again keep their rows.
    ASSERT_TRUE(finish(elsewhere.opener().startOver())->error().isEmpty());
    PoolTask* again = finish(elsewhere.addKeys(newKeys(kFirst + u'\n' + kSecond)));
    EXPECT_EQ(again->count(TaskItem::Result::Done), 2) << qPrintable(again->error());
    Vault reloadedVault{db, memory};
    VaultLoad* reloaded = finish(reloadedVault.load());
    ASSERT_EQ(reloaded->keys.size(), 2);
    EXPECT_EQ(reloaded->keys[0].label, u"work"_s);
    EXPECT_TRUE(reloaded->keys[0].secret == kFirst) << "the secret differs";
    EXPECT_EQ(records.key(KeysFile::idFor(kFirst), &error)->requests, 7);
    EXPECT_FALSE(records.key(KeysFile::idFor(kFirst), &error)->secretMissing);
}

TEST_F(VaultTest, LostSecretsComeBackOnceEachAndNewKeysBesideThemAreAdded)
{
    ASSERT_TRUE(finish(vault.addKeys(newKeys(u"work,"_s + kFirst)))->error().isEmpty());
    ASSERT_TRUE(finish(vault.opener().startOver())->error().isEmpty());
    // A lost key twice, then a new one: the second is a duplicate; the first gets its secret
    // back into its row, the new one a row of its own.
    const QList<NewKey> batch{{1, {}, kFirst, {}, {}}, {2, {}, kFirst, {}, {}}, {3, u"home"_s, kSecond, {}, {}}};
    PoolTask* again = finish(vault.addKeys(batch));
    EXPECT_EQ(again->count(TaskItem::Result::Done), 2) << qPrintable(again->error());
    EXPECT_EQ(again->count(TaskItem::Result::Duplicate), 1);
    Vault later{db, memory};
    VaultLoad* loaded = finish(later.load());
    ASSERT_EQ(loaded->keys.size(), 2);
    EXPECT_EQ(loaded->keys[0].label, u"work"_s);
    EXPECT_TRUE(loaded->keys[0].secret == kFirst);
    EXPECT_EQ(loaded->keys[1].label, u"home"_s);
    EXPECT_TRUE(loaded->keys[1].secret == kSecond);
}

TEST_F(VaultTest, ADifferentKeyInTheKeychainIsRefused)
{
    ASSERT_TRUE(finish(vault.addKeys(newKeys(kFirst)))->error().isEmpty());
    QByteArray other = VaultKey::generate()->exported();
    memory.put(memory.entries().cbegin().key(), QString::fromLatin1(other.toBase64()));

    Vault later{db, memory};
    VaultLoad* loaded = finish(later.load());
    EXPECT_TRUE(loaded->error().contains(u"different key"_s)) << qPrintable(loaded->error());
    EXPECT_TRUE(loaded->keys.isEmpty());
    StorageError error;
    EXPECT_FALSE(records.key(KeysFile::idFor(kFirst), &error)->secretMissing); // not written off
}

TEST_F(VaultTest, APassphraseGuardsTheVaultWithoutAnyKeychain)
{
    memory.failWith(SecretError::Kind::NoService); // a server without a keychain
    Vault guarded{db, memory, given(u"correct horse battery staple"_s)};
    PoolTask* added = finish(guarded.addKeys(newKeys(kFirst + u'\n' + kSecond)));
    ASSERT_TRUE(added->error().isEmpty()) << qPrintable(added->error());
    EXPECT_EQ(memory.started(SecretJob::Operation::Write), 0);
    EXPECT_FALSE(databaseBytes().contains(kFirst.toUtf8()));

    Vault loadedVault{db, memory, given(u"correct horse battery staple"_s)};
    VaultLoad* loaded = finish(loadedVault.load());
    ASSERT_TRUE(loaded->error().isEmpty()) << qPrintable(loaded->error());
    ASSERT_EQ(loaded->keys.size(), 2);
    EXPECT_TRUE(loaded->keys[1].secret == kSecond) << "the secret differs";

    Vault wrongVault{db, memory, given(u"correct horse battery stapler"_s)};
    VaultLoad* wrong = finish(wrongVault.load());
    EXPECT_TRUE(wrong->error().contains(u"passphrase is wrong"_s)) << qPrintable(wrong->error());
    EXPECT_TRUE(wrong->keys.isEmpty());

    Vault noneVault{db, memory};
    VaultLoad* none = finish(noneVault.load());
    EXPECT_TRUE(none->error().contains(u"--vault-passphrase-file"_s)) << qPrintable(none->error());

    // Asked for (on a terminal) when it is needed.
    int asked = 0;
    VaultPassphrase prompt{std::nullopt, [&asked] {
                               ++asked;
                               return std::optional<QString>(u"correct horse battery staple"_s);
                           }};
    Vault promptedVault{db, memory, prompt};
    VaultLoad* prompted = finish(promptedVault.load());
    EXPECT_TRUE(prompted->error().isEmpty()) << qPrintable(prompted->error());
    EXPECT_EQ(prompted->keys.size(), 2);
    EXPECT_EQ(asked, 1);
    StorageError error;
    EXPECT_EQ(records.keys(&error).size(), 2);
}

TEST_F(VaultTest, APassphraseSetLaterOpensTheVaultWhereTheKeychainCannot)
{
    ASSERT_TRUE(finish(vault.addKeys(newKeys(kFirst)))->error().isEmpty());
    ASSERT_TRUE(finish(vault.opener().setPassphrase(u"spare key"_s, false))->error().isEmpty());
    memory.drop(memory.entries().cbegin().key());

    Vault noKeychainVault{db, memory};
    VaultLoad* noKeychain = finish(noKeychainVault.load());
    EXPECT_TRUE(noKeychain->error().contains(u"Give the vault passphrase instead"_s))
        << qPrintable(noKeychain->error());
    Vault loadedVault{db, memory, given(u"spare key"_s)};
    VaultLoad* loaded = finish(loadedVault.load());
    ASSERT_TRUE(loaded->error().isEmpty()) << qPrintable(loaded->error());
    ASSERT_EQ(loaded->keys.size(), 1);
    EXPECT_TRUE(loaded->keys[0].secret == kFirst) << "the secret differs";
}

TEST_F(VaultTest, RemovingKeysLeavesTheVaultKeyAlone)
{
    ASSERT_TRUE(finish(vault.addKeys(newKeys(kFirst + u'\n' + kSecond)))->error().isEmpty());
    PoolTask* task = finish(vault.removeKeys({KeysFile::idFor(kFirst)}));
    EXPECT_TRUE(task->error().isEmpty()) << qPrintable(task->error());
    StorageError error;
    EXPECT_EQ(records.keys(&error).size(), 1);
    EXPECT_EQ(VaultRecords(db).sealedKeys(&error).size(), 1);
    EXPECT_EQ(memory.entries().size(), 1);
    EXPECT_EQ(memory.started(SecretJob::Operation::Remove), 0);
}

TEST_F(VaultTest, AProxyPasswordIsSealedBesideItsRow)
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
    EXPECT_FALSE(databaseBytes().contains("proxy-pass"));
    Vault loadedVault{db, memory};
    VaultLoad* loaded = finish(loadedVault.load());
    ASSERT_EQ(loaded->proxies.size(), 1);
    EXPECT_TRUE(loaded->proxies[0].password == u"proxy-pass"_s) << "the secret differs";
    EXPECT_EQ(loaded->proxies[0].user, u"alice"_s);
    ASSERT_TRUE(finish(vault.removeProxy(rows[0].id))->error().isEmpty());
    EXPECT_TRUE(records.proxies(&error).isEmpty());
}

TEST_F(VaultTest, ALockedKeychainStopsAnImportCleanlyAndSaysSo)
{
    memory.failWith(SecretError::Kind::Locked);
    PoolTask* task = finish(vault.addKeys(newKeys(kFirst + u'\n' + kSecond)));
    EXPECT_TRUE(task->error().contains(u"locked"_s)) << qPrintable(task->error());
    EXPECT_EQ(task->count(TaskItem::Result::Failed), 2);
    StorageError error;
    EXPECT_TRUE(records.keys(&error).isEmpty());
    EXPECT_FALSE(VaultRecords(db).vault(&error).has_value());

    // Unlocked, the same import goes through.
    memory.failWith(SecretError::Kind::None);
    EXPECT_EQ(finish(vault.addKeys(newKeys(kFirst + u'\n' + kSecond)))->count(TaskItem::Result::Done), 2);
}

// A database from before the vault: rows without sealed values, each secret an item of its own
// (and a note an interrupted add left for a secret whose row never landed).
class KeychainMigrationTest : public VaultTest
{
protected:
    void SetUp() override
    {
        VaultTest::SetUp();
        StorageError error;
        KeyRecord first;
        first.id = KeysFile::idFor(kFirst);
        first.label = u"work"_s;
        first.masked = u"exa-…9f3c"_s;
        KeyRecord second;
        second.id = KeysFile::idFor(kSecond);
        second.label = u"home"_s;
        second.masked = u"exa-…aaaa"_s;
        ASSERT_TRUE(records.insertKeys({first, second}, {{}, {}}, &error)) << qPrintable(error.message);
        ASSERT_TRUE(records.insertProxy(
            {u"socks5://alice@127.0.0.1:1080"_s, u"socks5://alice@127.0.0.1:1080"_s, true, true, 0}, {}, &error));
        ASSERT_TRUE(runSql(u"INSERT INTO engine_notes (name, value) VALUES ('secrets-in-keychain', '1')"_s));
        ASSERT_TRUE(runSql(u"INSERT INTO pending_secrets (name, created_at) VALUES ('key:orphan', 1000)"_s));
        memory.put(SecretName::forKey(first.id), kFirst);
        memory.put(SecretName::forKey(second.id), kSecond);
        memory.put(SecretName::forProxy(u"socks5://alice@127.0.0.1:1080"_s), u"proxy-pass"_s);
        memory.put(u"key:orphan"_s, u"33333333-4444-5555-6666-777777777777"_s);
    }
};

TEST_F(KeychainMigrationTest, SecretsMoveIntoTheVaultAndTheOldItemsGo)
{
    VaultLoad* loaded = finish(vault.load());
    ASSERT_TRUE(loaded->error().isEmpty()) << qPrintable(loaded->error());
    ASSERT_EQ(loaded->keys.size(), 2);
    EXPECT_TRUE(loaded->keys[0].secret == kFirst) << "the secret differs";
    EXPECT_TRUE(loaded->keys[1].secret == kSecond) << "the secret differs";
    ASSERT_EQ(loaded->proxies.size(), 1);
    EXPECT_TRUE(loaded->proxies[0].password == u"proxy-pass"_s) << "the secret differs";
    // Only the vault key is left in the keychain.
    ASSERT_EQ(memory.entries().size(), 1);
    EXPECT_TRUE(memory.entries().cbegin().key().startsWith(u"vault:"_s));
    StorageError error;
    EXPECT_FALSE(VaultRecords(db).secretsInKeychain(&error));
    EXPECT_TRUE(VaultRecords(db).keychainLeftovers(&error).isEmpty());
    EXPECT_FALSE(databaseBytes().contains(kFirst.toUtf8()));

    // The next start reads the keychain once.
    const int reads = memory.started(SecretJob::Operation::Read);
    Vault againVault{db, memory};
    VaultLoad* again = finish(againVault.load());
    EXPECT_EQ(again->keys.size(), 2);
    EXPECT_EQ(memory.started(SecretJob::Operation::Read), reads + 1);
}

TEST_F(KeychainMigrationTest, AKeychainThatFailsMidwayKeepsEverySecretForTheNextStart)
{
    memory.failWith(SecretError::Kind::Locked);
    VaultLoad* stopped = finish(vault.load());
    EXPECT_TRUE(stopped->error().contains(u"locked"_s)) << qPrintable(stopped->error());
    EXPECT_EQ(memory.entries().size(), 4); // nothing removed

    memory.failWith(SecretError::Kind::None);
    Vault loadedVault{db, memory};
    VaultLoad* loaded = finish(loadedVault.load());
    ASSERT_TRUE(loaded->error().isEmpty()) << qPrintable(loaded->error());
    EXPECT_EQ(loaded->keys.size(), 2);
    EXPECT_EQ(memory.entries().size(), 1);
}

TEST_F(KeychainMigrationTest, AnItemAlreadyGoneLeavesItsKeyFlagged)
{
    memory.drop(SecretName::forKey(KeysFile::idFor(kFirst)));
    VaultLoad* loaded = finish(vault.load());
    ASSERT_TRUE(loaded->error().isEmpty()) << qPrintable(loaded->error());
    ASSERT_EQ(loaded->keys.size(), 1);
    EXPECT_TRUE(loaded->keys[0].secret == kSecond) << "the secret differs";
    StorageError error;
    EXPECT_TRUE(records.key(KeysFile::idFor(kFirst), &error)->secretMissing);
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
    EXPECT_TRUE(loaded->keys[0].secret == kFirst) << "the secret differs";
    ASSERT_TRUE(finish(vault.opener().startOver())->error().isEmpty()); // the item goes too
}
