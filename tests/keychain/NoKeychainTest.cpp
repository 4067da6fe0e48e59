// No keychain here (no session bus, no display: a headless server): every operation fails
// soon, with a message that says what to do, and nothing is written anywhere else.
#include "Wait.h"
#include "secrets/SecretStore.h"

#include <QDir>
#include <QSignalSpy>

#include <gtest/gtest.h>

using namespace exadesk;
using namespace Qt::StringLiterals;

TEST(NoKeychainTest, EveryOperationSaysThatNoKeychainServiceRuns)
{
    if (qEnvironmentVariableIsEmpty("EXADESK_NO_SECRET_SERVICE"))
        GTEST_SKIP() << "needs the setting tests/support/without-secret-service.sh makes (run it through ctest)";
    KeychainSecretStore store(u"ExaDesk-test"_s, std::chrono::seconds(10));
    for (SecretJob* job : {store.write(u"key:x"_s, u"11111111-2222-3333-4444-555555559f3c"_s), store.read(u"key:x"_s),
                           store.remove(u"key:x"_s)}) {
        QSignalSpy finished(job, &SecretJob::finished);
        ASSERT_TRUE(job->isFinished() || testsupport::waitForSignals(finished, 1, 15'000));
        EXPECT_EQ(job->error().kind, SecretError::Kind::NoService) << qPrintable(job->error().message);
        EXPECT_TRUE(job->error().message.contains(u"No keychain service is running"_s))
            << qPrintable(job->error().message);
        EXPECT_TRUE(job->error().message.contains(u"--keys-file"_s));
        EXPECT_FALSE(job->error().message.contains(u"555555559f3c"_s));
    }
    // No fallback file with the secret in it.
    EXPECT_TRUE(QDir(qEnvironmentVariable("XDG_CONFIG_HOME")).isEmpty());
}
