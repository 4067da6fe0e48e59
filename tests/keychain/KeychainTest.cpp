// A real Secret Service (GNOME Keyring in its own D-Bus session, started by the test's wrapper):
// entries are written, read, overwritten and removed for real.
#include "MemorySecretStore.h"
#include "Wait.h"
#include "secrets/SecretStore.h"

#include <QCoreApplication>
#include <QDirIterator>
#include <QFile>
#include <QSignalSpy>

#include <gtest/gtest.h>

using namespace exadesk;
using testsupport::MemorySecretStore;
using namespace Qt::StringLiterals;

namespace {

// Runs a job to its end and hands it back (deleted with the store).
SecretJob* wait(SecretJob* job)
{
    QSignalSpy finished(job, &SecretJob::finished);
    EXPECT_TRUE(job->isFinished() || testsupport::waitForSignals(finished, 1, 20'000));
    return job;
}

class KeychainTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        if (qEnvironmentVariableIsEmpty("EXADESK_SECRET_SERVICE"))
            GTEST_SKIP() << "needs the Secret Service that tests/support/with-secret-service.sh starts (run it "
                            "through ctest)";
    }

    // A service name of this run's own, so runs never see each other's entries.
    KeychainSecretStore store{u"ExaDesk-test-%1"_s.arg(QCoreApplication::applicationPid())};
};

} // namespace

TEST_F(KeychainTest, WritesReadsOverwritesAndRemovesRealEntries)
{
    const QString name = SecretName::forKey(u"key-0123456789abcdef"_s);
    const QString secret = u"11111111-2222-3333-4444-555555559f3c"_s;

    SecretJob* written = wait(store.write(name, secret));
    ASSERT_FALSE(written->error().isError()) << qPrintable(written->error().message);
    SecretJob* read = wait(store.read(name));
    ASSERT_FALSE(read->error().isError()) << qPrintable(read->error().message);
    EXPECT_EQ(read->secret(), secret);

    const QString replaced = u"99999999-8888-7777-6666-55555555aaaa"_s;
    ASSERT_FALSE(wait(store.write(name, replaced))->error().isError());
    EXPECT_EQ(wait(store.read(name))->secret(), replaced);

    // Nothing was written in plain text anywhere in this run's folders.
    for (const char* variable : {"XDG_DATA_HOME", "XDG_CONFIG_HOME"}) {
        QDirIterator files(qEnvironmentVariable(variable), QDir::Files, QDirIterator::Subdirectories);
        while (files.hasNext()) {
            QFile file(files.next());
            ASSERT_TRUE(file.open(QIODevice::ReadOnly));
            EXPECT_FALSE(file.readAll().contains(replaced.toUtf8())) << qPrintable(file.fileName());
        }
    }

    SecretJob* removed = wait(store.remove(name));
    ASSERT_FALSE(removed->error().isError()) << qPrintable(removed->error().message);
    SecretJob* gone = wait(store.read(name));
    EXPECT_EQ(gone->error().kind, SecretError::Kind::NotFound) << qPrintable(gone->error().message);
    EXPECT_TRUE(gone->secret().isEmpty());
}

TEST_F(KeychainTest, EntriesAreSeparateAndSurviveANewStore)
{
    ASSERT_FALSE(wait(store.write(SecretName::forProxy(u"socks5://alice@127.0.0.1:1080"_s), u"proxy-pass"_s))
                     ->error()
                     .isError());
    ASSERT_FALSE(
        wait(store.write(SecretName::serverToken(), u"token-0123456789abcdef0123456789ab"_s))->error().isError());
    KeychainSecretStore later{u"ExaDesk-test-%1"_s.arg(QCoreApplication::applicationPid())};
    SecretJob* proxy = wait(later.read(SecretName::forProxy(u"socks5://alice@127.0.0.1:1080"_s)));
    EXPECT_EQ(proxy->secret(), u"proxy-pass"_s) << qPrintable(proxy->error().message);
    SecretJob* token = wait(later.read(SecretName::serverToken()));
    EXPECT_EQ(token->secret(), u"token-0123456789abcdef0123456789ab"_s);
    wait(later.remove(SecretName::forProxy(u"socks5://alice@127.0.0.1:1080"_s)));
    wait(later.remove(SecretName::serverToken()));
}

TEST(MemorySecretStoreTest, BehavesLikeAKeychain)
{
    MemorySecretStore memory;
    EXPECT_EQ(wait(memory.read(u"key:x"_s))->error().kind, SecretError::Kind::NotFound);
    ASSERT_FALSE(wait(memory.write(u"key:x"_s, u"secret"_s))->error().isError());
    EXPECT_EQ(wait(memory.read(u"key:x"_s))->secret(), u"secret"_s);
    memory.failWith(SecretError::Kind::Locked);
    SecretJob* locked = wait(memory.read(u"key:x"_s));
    EXPECT_EQ(locked->error().kind, SecretError::Kind::Locked);
    EXPECT_TRUE(locked->error().message.contains(u"Unlock"_s)) << qPrintable(locked->error().message);
}
