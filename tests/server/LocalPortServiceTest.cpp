// The local port as the window and tray start it: the token from the keychain (made once),
// failures as sentences, a new token that takes over at once.
#include "server/LocalPortService.h"

#include "LocalServerFixture.h"
#include "MemorySecretStore.h"
#include "Wait.h"
#include "secrets/SecretStore.h"

using namespace servertests;
using testsupport::MemorySecretStore;
using testsupport::waitForSignals;

namespace {

const QByteArray kSearch = R"({"query":"rust async runtimes","numResults":2})";

class LocalPortServiceTest : public LocalServerTest
{
protected:
    void SetUp() override
    {
        LocalServerTest::SetUp();
        KeyPolicy policy;
        policy.recheck = false;
        GatewayOptions options;
        options.client.baseUrl = fake->baseUrl();
        gateway = std::make_unique<Gateway>(Clock::system(), options, policy);
        gateway->addKey({u"id-pool"_s, u"pool"_s, kPoolKey, {}, {}, 0, 0.0});
        service = std::make_unique<LocalPortService>(*gateway, secrets);
        LocalServerOptions serverOptions;
        serverOptions.port = 0;
        service->setOptions(serverOptions);
    }

    bool startAndWait()
    {
        QSignalSpy running(service.get(), &LocalPortService::runningChanged);
        QSignalSpy failed(service.get(), &LocalPortService::failed);
        service->start();
        testsupport::waitUntil([&] { return !running.isEmpty() || !failed.isEmpty(); });
        if (!failed.isEmpty())
            lastFailure = failed.constFirst().constFirst().toString();
        return service->isRunning();
    }

    int searchWith(const QByteArray& token)
    {
        port = service->server().port();
        return exchange(rawRequest("POST", "/search", port, {{"x-api-key", token}}, kSearch)).status;
    }

    MemorySecretStore secrets;
    std::unique_ptr<LocalPortService> service;
    QString lastFailure;
};

TEST_F(LocalPortServiceTest, MakesTheTokenOnceAndServesWithIt)
{
    ASSERT_TRUE(startAndWait()) << qPrintable(lastFailure);
    const QByteArray token = service->token();
    EXPECT_TRUE(token.startsWith("exd_"));
    EXPECT_EQ(secrets.entries().value(SecretName::serverToken()).toLatin1(), token);
    EXPECT_EQ(searchWith(token), 200);
    EXPECT_EQ(service->requestsServed(), 1);
    EXPECT_EQ(service->endpoint().host(), u"127.0.0.1"_s);

    service->stop();
    EXPECT_FALSE(service->isRunning());
    // Started again, it finds the same token in the keychain.
    ASSERT_TRUE(startAndWait());
    EXPECT_EQ(service->token(), token);
}

TEST_F(LocalPortServiceTest, ANewTokenTakesOverAtOnce)
{
    ASSERT_TRUE(startAndWait());
    const QByteArray old = service->token();
    QSignalSpy changed(service.get(), &LocalPortService::tokenChanged);
    service->regenerateToken();
    ASSERT_TRUE(waitForSignals(changed));
    EXPECT_NE(service->token(), old);
    EXPECT_EQ(searchWith(old), 401);
    EXPECT_EQ(searchWith(service->token()), 200);
    EXPECT_EQ(secrets.entries().value(SecretName::serverToken()).toLatin1(), service->token());
}

TEST_F(LocalPortServiceTest, SaysWhyItDidNotStart)
{
    secrets.failWith(SecretError::Kind::NoService);
    EXPECT_FALSE(startAndWait());
    EXPECT_TRUE(lastFailure.contains(u"keychain"_s)) << qPrintable(lastFailure);

    secrets.failWith(SecretError::Kind::None);
    ASSERT_TRUE(startAndWait());
    LocalPortService second(*gateway, secrets);
    LocalServerOptions options;
    options.port = service->server().port();
    second.setOptions(options);
    QSignalSpy failed(&second, &LocalPortService::failed);
    second.start();
    ASSERT_TRUE(waitForSignals(failed));
    EXPECT_TRUE(failed.constFirst().constFirst().toString().contains(u"in use"_s));
    EXPECT_FALSE(second.isRunning());
}

} // namespace
