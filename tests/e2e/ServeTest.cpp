// `exadesk serve` and `exadesk token` as a person runs them: the access token made in and read
// from the (real) keychain, one log line per request, a clean stop on SIGTERM that lets the
// request in flight finish, and clear refusals.
#include "FakeExaProcess.h"
#include "HttpProbe.h"
#include "RawHttp.h"
#include "ServeProcess.h"
#include "TestCertificates.h"
#include "Wait.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpServer>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using testsupport::ProgramRun;

namespace {

const QString kKey = u"5f0e1d2c-3b4a-4958-8776-655443322f10"_s;

class ServeTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        if (qEnvironmentVariableIsEmpty("EXADESK_SECRET_SERVICE"))
            GTEST_SKIP() << "needs the Secret Service that tests/support/with-secret-service.sh starts (run it "
                            "through ctest)";
        keysFile = dir.filePath(u"keys.txt"_s);
        writeFile(keysFile, (kKey + u'\n').toUtf8(), true);
    }

    void startFake(const QStringList& extra = {})
    {
        QString error;
        base = fake.start(QStringList{u"--key"_s, kKey} + extra, &error);
        ASSERT_TRUE(base.isValid()) << qPrintable(error);
    }

    static void writeFile(const QString& path, const QByteArray& content, bool privately)
    {
        QFile file(path);
        ASSERT_TRUE(file.open(QIODevice::WriteOnly,
                              privately ? QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                        : QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther));
        file.write(content);
    }

    QList<QPair<QString, QString>> environment() const
    {
        return {{u"EXADESK_DATA_DIR"_s, dir.filePath(u"data"_s)}, {u"EXA_API_KEY"_s, {}}};
    }

    ProgramRun exadesk(const QStringList& arguments)
    {
        return testsupport::runProgram(testsupport::exadeskPath(), arguments, environment());
    }

    quint16 startServe(const QStringList& extra = {})
    {
        QString error;
        const quint16 port = serve.start(
            QStringList{u"--keys-file"_s, keysFile, u"--base-url"_s, base.toString()} + extra, environment(), &error);
        EXPECT_NE(port, 0) << qPrintable(error);
        return port;
    }

    static testsupport::HttpAnswer search(quint16 port, const QByteArray& token)
    {
        return testsupport::postJson(QUrl(u"http://127.0.0.1:%1/search"_s.arg(port)),
                                     R"({"query":"rust async runtimes","numResults":2})", token);
    }

    QTemporaryDir dir;
    QString keysFile;
    testsupport::FakeExaProcess fake;
    QUrl base;
    testsupport::ServeProcess serve;
};

TEST_F(ServeTest, TheTokenIsMadeOnceKeptInTheKeychainAndRegenerable)
{
    startFake();
    const ProgramRun first = exadesk({u"token"_s});
    ASSERT_EQ(first.exitCode, 0) << qPrintable(first.err);
    const QByteArray token = first.out.trimmed().toLatin1();
    EXPECT_TRUE(token.startsWith("exd_"));
    EXPECT_GE(token.size(), 40);
    EXPECT_TRUE(first.err.contains(u"made a new access token"_s)) << qPrintable(first.err);
    const ProgramRun again = exadesk({u"token"_s});
    EXPECT_EQ(again.out.trimmed().toLatin1(), token);
    EXPECT_FALSE(again.err.contains(u"made a new"_s));

    // The port takes the keychain's token, and only it.
    const quint16 port = startServe();
    ASSERT_NE(port, 0);
    EXPECT_EQ(search(port, token).status, 200);
    EXPECT_EQ(search(port, "exd_some_other_token_000000000000").status, 401);

    const ProgramRun regenerated = exadesk({u"token"_s, u"--regenerate"_s});
    ASSERT_EQ(regenerated.exitCode, 0) << qPrintable(regenerated.err);
    EXPECT_NE(regenerated.out.trimmed().toLatin1(), token);
    EXPECT_EQ(exadesk({u"token"_s}).out.trimmed(), regenerated.out.trimmed());
}

TEST_F(ServeTest, LogsOneLinePerRequestWithoutSecrets)
{
    startFake();
    const QString tokenFile = dir.filePath(u"token"_s);
    const QByteArray token = "exd_serve_test_token_5a6b7c8d9e0f";
    writeFile(tokenFile, token, true);
    const quint16 port = startServe({u"--token-file"_s, tokenFile});
    ASSERT_NE(port, 0);
    ASSERT_EQ(search(port, token).status, 200);
    ASSERT_EQ(search(port, "wrong-token-0000000000").status, 401);
    ASSERT_TRUE(testsupport::waitUntil([&] { return serve.errorOutput().count(u"/search"_s) >= 2; }));
    const QString log = serve.errorOutput();
    EXPECT_TRUE(log.contains(u"127.0.0.1 POST /search 200 1 attempt"_s)) << qPrintable(log);
    EXPECT_TRUE(log.contains(u"127.0.0.1 POST /search 401"_s)) << qPrintable(log);
    EXPECT_FALSE(log.contains(kKey));
    EXPECT_FALSE(log.contains(QString::fromLatin1(token)));
    EXPECT_FALSE(log.contains(u"wrong-token"_s));
}

// Behind a company proxy that inspects TLS, the port trusts the CA it is given, and only then.
TEST_F(ServeTest, TrustsAnExtraCaBundleWhenAsked)
{
    startFake({u"--tls-cert"_s, testsupport::certificatePath(u"server.pem"_s), u"--tls-key"_s,
               testsupport::certificatePath(u"server.key"_s)});
    ASSERT_EQ(base.scheme(), u"https"_s);
    const QString tokenFile = dir.filePath(u"token"_s);
    const QByteArray token = "exd_serve_test_token_ca0bundle00000";
    writeFile(tokenFile, token, true);
    const quint16 untrusted = startServe({u"--token-file"_s, tokenFile});
    ASSERT_NE(untrusted, 0);
    const testsupport::HttpAnswer refused = search(untrusted, token);
    EXPECT_EQ(refused.status, 502);
    EXPECT_TRUE(refused.body.contains("secure connection")) << refused.body.constData();

    testsupport::ServeProcess withCa;
    QString error;
    const quint16 trusted
        = withCa.start({u"--keys-file"_s, keysFile, u"--base-url"_s, base.toString(), u"--token-file"_s, tokenFile,
                        u"--ca-bundle"_s, testsupport::certificatePath(u"ca.pem"_s)},
                       environment(), &error);
    ASSERT_NE(trusted, 0) << qPrintable(error);
    EXPECT_EQ(search(trusted, token).status, 200);

    const ProgramRun missing = exadesk({u"serve"_s, u"--keys-file"_s, keysFile, u"--token-file"_s, tokenFile,
                                        u"--ca-bundle"_s, u"/nonexistent.pem"_s});
    EXPECT_EQ(missing.exitCode, 1);
    EXPECT_TRUE(missing.err.contains("/nonexistent.pem"_L1)) << qPrintable(missing.err);
}

TEST_F(ServeTest, FinishesTheRequestInFlightOnSigterm)
{
    const QString script = dir.filePath(u"slow.json"_s);
    writeFile(script, R"({"keys": {"*": [{"delayMs": 1500, "times": -1}]}})", true);
    startFake({u"--script"_s, script});
    const QString tokenFile = dir.filePath(u"token"_s);
    const QByteArray token = "exd_serve_test_token_5a6b7c8d9e0f";
    writeFile(tokenFile, token, true);
    const quint16 port = startServe({u"--token-file"_s, tokenFile});
    ASSERT_NE(port, 0);

    testsupport::RawClient client;
    ASSERT_TRUE(client.connectTo(port));
    client.send(testsupport::rawRequest("POST", "/search", port, {{"x-api-key", token}},
                                        R"({"query":"rust async runtimes","numResults":2})"));
    // Once the call is on its way to Exa, the service manager stops ExaDesk.
    ASSERT_TRUE(testsupport::waitUntil([&] {
        const testsupport::HttpAnswer metrics
            = testsupport::getWithKey(QUrl(u"http://127.0.0.1:%1/metrics"_s.arg(port)), token);
        return metrics.body.contains("exadesk_calls_in_flight 1\n");
    }));
    serve.terminate();
    const auto response = client.readResponse(10'000);
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->json().value("results"_L1).toArray().size(), 2);
    ASSERT_TRUE(serve.waitForExit());
    EXPECT_FALSE(serve.crashed());
    EXPECT_EQ(serve.exitCode(), 0);
    const QString log = serve.errorOutput();
    EXPECT_TRUE(log.contains(u"1 request in flight finishes first"_s)) << qPrintable(log);
    EXPECT_TRUE(log.contains(u"POST /search 200"_s)) << qPrintable(log);
    EXPECT_TRUE(log.contains(u"the local port is closed"_s)) << qPrintable(log);
}

TEST_F(ServeTest, RefusesATokenFileOthersCanRead)
{
    startFake();
    const QString tokenFile = dir.filePath(u"token"_s);
    writeFile(tokenFile, "exd_serve_test_token_5a6b7c8d9e0f", false);
    const ProgramRun run = exadesk({u"serve"_s, u"--port"_s, u"0"_s, u"--keys-file"_s, keysFile, u"--token-file"_s,
                                    tokenFile, u"--base-url"_s, base.toString()});
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_TRUE(run.err.contains(u"chmod 600"_s)) << qPrintable(run.err);
    EXPECT_FALSE(run.err.contains(u"exd_serve_test_token"_s));
}

TEST_F(ServeTest, SaysWhenThePortIsTaken)
{
    startFake();
    QTcpServer taken;
    ASSERT_TRUE(taken.listen(QHostAddress::LocalHost));
    const QString tokenFile = dir.filePath(u"token"_s);
    writeFile(tokenFile, "exd_serve_test_token_5a6b7c8d9e0f", true);
    const ProgramRun run = exadesk({u"serve"_s, u"--port"_s, QString::number(taken.serverPort()), u"--keys-file"_s,
                                    keysFile, u"--token-file"_s, tokenFile, u"--base-url"_s, base.toString()});
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_TRUE(run.err.contains(u"already in use"_s)) << qPrintable(run.err);
}

TEST_F(ServeTest, WarnsWhenListeningBeyondLoopback)
{
    startFake();
    const QString tokenFile = dir.filePath(u"token"_s);
    writeFile(tokenFile, "exd_serve_test_token_5a6b7c8d9e0f", true);
    const quint16 port = startServe({u"--token-file"_s, tokenFile, u"--bind"_s, u"0.0.0.0"_s});
    ASSERT_NE(port, 0);
    EXPECT_TRUE(serve.errorOutput().contains(u"warning: The port listens on 0.0.0.0"_s))
        << qPrintable(serve.errorOutput());
}

} // namespace
