// The fake's scripted faults, its control routes, TLS and the program: what the key pool's
// scenario tests and benchmarks rely on.
#include "FakeExaProcess.h"
#include "FakeExaServerFixture.h"
#include "HttpProbe.h"
#include "TestCertificates.h"
#include "Wait.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using fakeexa::FakeExaOptions;
using fakeexa::FakeExaServer;
using fakeexa::tests::FakeExaServerTest;
using fakeexa::tests::kKey;
using fakeexa::tests::kOtherKey;
using testsupport::HttpAnswer;
using testsupport::postJson;

namespace {

// --- scripted outcomes -----------------------------------------------------------------------

TEST_F(FakeExaServerTest, ScriptedOutcomesAreServedInOrderPerKey)
{
    loadScript(R"({"keys": {"fake-key-aaaa-1111": [
        {"status": 429, "retryAfter": 30},
        {"status": 500, "times": 2},
        {"status": 402, "tag": "API_KEY_BUDGET_EXCEEDED"}
    ]}})");
    const QJsonObject body{{"query"_L1, u"x"_s}};

    const HttpAnswer limited = post(u"/search"_s, body);
    expectExaError(limited, 429, u"RATE_LIMIT_EXCEEDED"_s);
    EXPECT_EQ(limited.header("retry-after"), "30");
    EXPECT_EQ(post(u"/search"_s, body).status, 500);
    EXPECT_EQ(post(u"/search"_s, body).status, 500);
    expectExaError(post(u"/search"_s, body), 402, u"API_KEY_BUDGET_EXCEEDED"_s);
    EXPECT_EQ(post(u"/search"_s, body).status, 200) << "an empty queue answers normally";
    EXPECT_EQ(post(u"/search"_s, body, kOtherKey).status, 200) << "other keys are not scripted";

    const fakeexa::KeyStats stats = server->stats(QString::fromLatin1(kKey));
    EXPECT_EQ(stats.requests, 5);
    EXPECT_EQ(stats.answered.value(429), 1);
    EXPECT_EQ(stats.answered.value(500), 2);
    EXPECT_EQ(stats.answered.value(402), 1);
    EXPECT_EQ(stats.answered.value(200), 1);
    EXPECT_EQ(server->totalRequests(), 6);
}

TEST_F(FakeExaServerTest, WildcardAndForeverOutcomes)
{
    loadScript(R"({"keys": {"*": [{"status": 503, "times": -1}], "fake-key-bbbb-2222": [{"status": 200}]}})");
    const QJsonObject body{{"query"_L1, u"x"_s}};
    for (int i = 0; i < 3; ++i)
        expectExaError(post(u"/search"_s, body), 503, u"SERVICE_OVERLOADED"_s);
    EXPECT_EQ(post(u"/search"_s, body, kOtherKey).status, 200);
    EXPECT_EQ(post(u"/search"_s, body, kOtherKey).status, 503) << "its own queue ran out; '*' applies";
}

TEST_F(FakeExaServerTest, HttpDateRetryAfterIsSentAsGiven)
{
    loadScript(R"({"keys": {"*": [{"status": 429, "retryAfter": "Wed, 21 Oct 2026 07:28:00 GMT"}]}})");
    EXPECT_EQ(post(u"/search"_s, {{"query"_L1, u"x"_s}}).header("retry-after"), "Wed, 21 Oct 2026 07:28:00 GMT");
}

TEST_F(FakeExaServerTest, DelayedOutcomeWaitsAndInstantModeDoesNot)
{
    loadScript(R"({"keys": {"*": [{"status": 200, "delayMs": 300}]}})");
    QElapsedTimer clock;
    clock.start();
    EXPECT_EQ(post(u"/search"_s, {{"query"_L1, u"x"_s}}).status, 200);
    EXPECT_GE(clock.elapsed(), 300);

    server->setInstant(true);
    loadScript(R"({"keys": {"*": [{"status": 200, "delayMs": 60000}]}})");
    clock.restart();
    EXPECT_EQ(post(u"/search"_s, {{"query"_L1, u"x"_s}}).status, 200);
    EXPECT_LT(clock.elapsed(), 30'000);
}

TEST_F(FakeExaServerTest, ADroppedConnectionIsOneFailedRequest)
{
    loadScript(R"({"keys": {"*": [{"drop": true}]}})");
    const HttpAnswer dropped = postJson(url(u"/search"_s), R"({"query":"x"})", kKey);
    EXPECT_EQ(dropped.error, QNetworkReply::RemoteHostClosedError);
    EXPECT_TRUE(dropped.body.isEmpty());
    const fakeexa::KeyStats stats = server->stats(QString::fromLatin1(kKey));
    EXPECT_EQ(stats.dropped, 1);
    EXPECT_EQ(stats.requests, 1) << "the client must see the drop, not resend behind our back";
    EXPECT_EQ(postJson(url(u"/search"_s), R"({"query":"x"})", kKey).status, 200);
}

TEST_F(FakeExaServerTest, HungAnswersNeverCome)
{
    loadScript(R"({"keys": {"*": [{"hang": true}]}})");
    const HttpAnswer hung = postJson(url(u"/search"_s), R"({"query":"x"})", kKey, 400);
    EXPECT_EQ(hung.status, 0);
    EXPECT_EQ(hung.error, QNetworkReply::OperationCanceledError) << "the client's own timeout ended it";
    EXPECT_EQ(server->stats(QString::fromLatin1(kKey)).hung, 1);
}

TEST_F(FakeExaServerTest, TruncatedAnswersAreIncomplete)
{
    loadScript(R"({"keys": {"*": [{"truncate": true}]}})");
    const HttpAnswer truncated = postJson(url(u"/search"_s), R"({"query":"x"})", kKey);
    EXPECT_NE(truncated.error, QNetworkReply::NoError);
    EXPECT_TRUE(QJsonDocument::fromJson(truncated.body).isNull()) << "half a body is not JSON";
    EXPECT_EQ(server->stats(QString::fromLatin1(kKey)).dropped, 1);
}

TEST_F(FakeExaServerTest, ScriptAndStatsOverHttp)
{
    const HttpAnswer set
        = postJson(url(u"/_fake/script"_s), R"({"keys": {"fake-key-aaaa-1111": [{"status": 401}]}})", {});
    ASSERT_EQ(set.status, 200) << set.body.constData();
    expectExaError(post(u"/search"_s, {{"query"_L1, u"x"_s}}), 401, u"INVALID_API_KEY"_s);

    const HttpAnswer stats = testsupport::getWithKey(url(u"/_fake/stats"_s), {});
    const QJsonObject key = stats.json().value("keys"_L1).toObject().value(QString::fromLatin1(kKey)).toObject();
    EXPECT_EQ(key.value("requests"_L1).toInt(), 1);
    EXPECT_EQ(key.value("answered"_L1).toObject().value("401"_L1).toInt(), 1);

    const HttpAnswer bad = postJson(url(u"/_fake/script"_s), R"({"keys": {"k": [{"stauts": 500}]}})", {});
    EXPECT_EQ(bad.status, 400);
    EXPECT_TRUE(bad.json().value("error"_L1).toString().contains("stauts"_L1)) << bad.body.constData();

    const HttpAnswer requests = testsupport::getWithKey(url(u"/_fake/requests"_s), {});
    const QJsonArray recorded = requests.json().value("requests"_L1).toArray();
    ASSERT_FALSE(recorded.isEmpty());
    const QJsonObject searchRequest = recorded.at(1).toObject();
    EXPECT_EQ(searchRequest.value("path"_L1).toString(), u"/search"_s);
    EXPECT_EQ(searchRequest.value("headers"_L1).toObject().value("x-api-key"_L1).toString(), u"…1111"_s)
        << "keys are shown masked";
    for (const QJsonValue& request : recorded) {
        const QJsonObject headers = request.toObject().value("headers"_L1).toObject();
        for (auto it = headers.begin(); it != headers.end(); ++it)
            EXPECT_FALSE(it.value().toString().contains(QString::fromLatin1(kKey))) << qPrintable(it.key());
    }

    EXPECT_EQ(postJson(url(u"/_fake/reset"_s), {}, {}).status, 200);
    EXPECT_EQ(server->totalRequests(), 0);
    EXPECT_EQ(post(u"/search"_s, {{"query"_L1, u"x"_s}}).status, 200) << "reset clears the script";
}

// --- TLS and the program ---------------------------------------------------------------------

TEST_F(FakeExaServerTest, ServesHttpsWithTheTestCertificate)
{
    server.reset();
    server = std::make_unique<FakeExaServer>(FakeExaOptions{});
    server->useTls(testsupport::serverCertificate(), testsupport::serverKey());
    ASSERT_TRUE(server->listen());
    EXPECT_EQ(server->baseUrl().scheme(), u"https"_s);

    testsupport::HttpCall call;
    call.url = url(u"/search"_s);
    call.body = R"({"query":"tls"})";
    call.headers = {{"Content-Type", "application/json"}, {"x-api-key", kKey}};
    call.caCertificates = testsupport::testCa();
    EXPECT_EQ(testsupport::sendHttp(call).status, 200);
}

TEST(FakeExaProgram, ServesWithKeysAndAScriptFromTheCommandLine)
{
    QTemporaryDir dir;
    const QString scriptPath = dir.filePath(u"script.json"_s);
    QFile script(scriptPath);
    ASSERT_TRUE(script.open(QIODevice::WriteOnly));
    script.write(R"({"keys": {"program-key-123456": [{"status": 503}]}})");
    script.close();

    testsupport::FakeExaProcess fake;
    QString error;
    const QUrl base = fake.start({u"--key"_s, u"program-key-123456"_s, u"--script"_s, scriptPath}, &error);
    ASSERT_TRUE(base.isValid()) << qPrintable(error);
    EXPECT_EQ(base.host(), u"127.0.0.1"_s);

    const QByteArray body = R"({"query":"x"})";
    const QUrl search = base.resolved(QUrl(u"/search"_s));
    EXPECT_EQ(postJson(search, body, "program-key-123456").status, 503);
    EXPECT_EQ(postJson(search, body, "program-key-123456").status, 200);
    EXPECT_EQ(postJson(search, body, "some-other-key-0000").status, 401);
}

TEST(FakeExaProgram, RefusesNonLoopbackAddressesAndBadScripts)
{
    const QString program = testsupport::FakeExaProcess::programPath();
    const testsupport::ProgramRun outside = testsupport::runProgram(program, {u"--bind"_s, u"0.0.0.0"_s});
    EXPECT_EQ(outside.exitCode, 2);
    EXPECT_TRUE(outside.err.contains("loopback"_L1)) << qPrintable(outside.err);

    QTemporaryDir dir;
    QFile script(dir.filePath(u"bad.json"_s));
    ASSERT_TRUE(script.open(QIODevice::WriteOnly));
    script.write(R"({"keys": {"k": [{"status": 99}]}})");
    script.close();
    const testsupport::ProgramRun bad = testsupport::runProgram(program, {u"--script"_s, script.fileName()});
    EXPECT_EQ(bad.exitCode, 2);
    EXPECT_TRUE(bad.err.contains("status"_L1)) << qPrintable(bad.err);
}

} // namespace
