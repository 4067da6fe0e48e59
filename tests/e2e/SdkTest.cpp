// The official Exa clients through ExaDesk's local port, as a user would point them at it: the
// exa-js SDK with `new Exa(token, baseURL)`, and exa-mcp-server (stdio) with its fetch sent to
// the port. Behind the port: `exadesk serve` with two keys, one of which Exa refuses.
#include "FakeExaProcess.h"
#include "HttpProbe.h"
#include "ServeProcess.h"
#include "Wait.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using testsupport::ProgramRun;

namespace {

const QString kGoodKey = u"0b6f7c1e-5d2a-4c39-9e41-7a8d2f3b9f3c"_s;
const QString kDeadKey = u"9c1d2e3f-4a5b-4c6d-8e7f-112233447e21"_s;
const QByteArray kToken = "exd_sdk_e2e_token_6b1f0c2d9a8e7f3c";

class SdkTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        node = QStandardPaths::findExecutable(u"node"_s);
        if (node.isEmpty())
            GTEST_SKIP() << "Node.js is not installed (scripts/install-deps.sh installs it)";
        if (!QFile::exists(jsFile(u"node_modules/exa-js/package.json"_s)))
            GTEST_SKIP() << "the SDKs are not installed in " << EXADESK_JS_DIR
                         << " (the build runs npm ci; was the npm registry reachable?)";

        QString error;
        const QUrl base = fake.start({u"--key"_s, kGoodKey, u"--instant"_s}, &error);
        ASSERT_TRUE(base.isValid()) << qPrintable(error);
        const QString keys = dir.filePath(u"keys.txt"_s);
        writePrivate(keys, (u"dead,"_s + kDeadKey + u"\ngood,"_s + kGoodKey + u'\n').toUtf8());
        const QString token = dir.filePath(u"token"_s);
        writePrivate(token, kToken + '\n');
        port = serve.start({u"--keys-file"_s, keys, u"--base-url"_s, base.toString(), u"--token-file"_s, token},
                           {{u"EXADESK_DATA_DIR"_s, dir.filePath(u"data"_s)}, {u"EXA_API_KEY"_s, {}}}, &error);
        ASSERT_NE(port, 0) << qPrintable(error);
    }

    static QString jsFile(const QString& name) { return QDir(QStringLiteral(EXADESK_JS_DIR)).filePath(name); }

    static void writePrivate(const QString& path, const QByteArray& content)
    {
        QFile file(path);
        ASSERT_TRUE(file.open(QIODevice::WriteOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        file.write(content);
    }

    QString endpoint() const { return u"http://127.0.0.1:%1"_s.arg(port); }

    // Runs one of the JS checks and returns the report it prints.
    QJsonObject runCheck(const QString& script)
    {
        const ProgramRun run
            = testsupport::runProgram(node, {jsFile(script), endpoint(), QString::fromLatin1(kToken)}, {}, 120'000);
        EXPECT_EQ(run.exitCode, 0) << qPrintable(run.out) << qPrintable(run.err);
        const QJsonObject report = QJsonDocument::fromJson(run.out.trimmed().toUtf8()).object();
        EXPECT_FALSE(report.isEmpty()) << qPrintable(run.out) << qPrintable(run.err);
        return report;
    }

    QByteArray metrics() const { return testsupport::getWithKey(QUrl(endpoint() + u"/metrics"_s), kToken).body; }

    QString node;
    QTemporaryDir dir;
    testsupport::FakeExaProcess fake;
    testsupport::ServeProcess serve;
    quint16 port = 0;
};

TEST_F(SdkTest, ExaJsRunsEveryCallThroughThePortAndTheDeadKeyIsMarkedInvalid)
{
    const QJsonObject report = runCheck(u"sdk-check.mjs"_s);
    for (const QString& call : QStringList{u"search"_s, u"searchAndContents"_s, u"findSimilar"_s, u"getContents"_s}) {
        const QJsonObject entry = report.value(call).toObject();
        EXPECT_TRUE(entry.value("ok"_L1).toBool())
            << qPrintable(call) << ": " << qPrintable(entry.value("error"_L1).toString());
        EXPECT_GT(entry.value("results"_L1).toInt(), 0) << qPrintable(call);
    }
    EXPECT_EQ(report.value("searchAndContents"_L1).toObject().value("withText"_L1).toInt(), 2);
    EXPECT_EQ(report.value("getContents"_L1).toObject().value("withText"_L1).toInt(), 1);
    for (const QString& call : QStringList{u"answer"_s, u"streamAnswer"_s}) {
        const QJsonObject entry = report.value(call).toObject();
        EXPECT_TRUE(entry.value("ok"_L1).toBool())
            << qPrintable(call) << ": " << qPrintable(entry.value("error"_L1).toString());
        EXPECT_GT(entry.value("answerLength"_L1).toInt(), 0) << qPrintable(call);
        EXPECT_GT(entry.value("citations"_L1).toInt(), 0) << qPrintable(call);
    }
    // The streamed answer came in pieces, as Exa sent them.
    EXPECT_GT(report.value("streamAnswer"_L1).toObject().value("chunks"_L1).toInt(), 2);
    // A client without the port's token is turned away.
    const QJsonObject refused = report.value("invalidToken"_L1).toObject();
    EXPECT_TRUE(refused.value("refused"_L1).toBool());
    EXPECT_EQ(refused.value("status"_L1).toInt(), 401);

    // Every call succeeded although one key of two is refused by Exa: the pool marked it.
    const QByteArray text = metrics();
    EXPECT_TRUE(text.contains("exadesk_keys{state=\"invalid\"} 1\n")) << text.constData();
    EXPECT_TRUE(text.contains("exadesk_keys{state=\"active\"} 1\n")) << text.constData();
    EXPECT_TRUE(text.contains("exadesk_upstream_attempts_total{outcome=\"key invalid\"} 1\n")) << text.constData();
    const testsupport::HttpAnswer health = testsupport::getWithKey(QUrl(endpoint() + u"/healthz"_s), {});
    EXPECT_EQ(health.json().value("keys"_L1).toObject().value("usable"_L1).toInt(), 1);

    // The request log names keys masked, never whole, and never the token.
    testsupport::waitUntil([&] { return serve.errorOutput().contains(u"POST /answer"_s); });
    const QString log = serve.errorOutput();
    EXPECT_TRUE(log.contains(u"POST /search 200"_s)) << qPrintable(log);
    EXPECT_TRUE(log.contains(u"POST /answer 200"_s)) << qPrintable(log);
    for (const QString& secret : {kGoodKey, kDeadKey, QString::fromLatin1(kToken)})
        EXPECT_FALSE(log.contains(secret)) << "the log holds a secret";
}

TEST_F(SdkTest, ExaMcpServerSearchesAndFetchesThroughThePort)
{
    const ProgramRun version = testsupport::runProgram(node, {u"--version"_s});
    if (version.out.mid(1).section(u'.', 0, 0).toInt() < 20)
        GTEST_SKIP() << "exa-mcp-server needs Node.js 20 or later; this is " << qPrintable(version.out.trimmed());
    const QJsonObject report = runCheck(u"mcp-check.mjs"_s);
    const QJsonArray tools = report.value("tools"_L1).toArray();
    EXPECT_TRUE(tools.contains(u"web_search_exa"_s));
    EXPECT_TRUE(tools.contains(u"web_fetch_exa"_s));
    const QJsonObject search = report.value("search"_L1).toObject();
    EXPECT_FALSE(search.value("isError"_L1).toBool()) << qPrintable(search.value("text"_L1).toString());
    EXPECT_FALSE(search.value("urls"_L1).toArray().isEmpty()) << qPrintable(search.value("text"_L1).toString());
    const QJsonObject fetched = report.value("fetch"_L1).toObject();
    EXPECT_FALSE(fetched.value("isError"_L1).toBool()) << qPrintable(fetched.value("text"_L1).toString());
    EXPECT_GT(fetched.value("length"_L1).toInt(), 0);
    // Both tools' calls went through the port.
    testsupport::waitUntil([&] { return serve.errorOutput().contains(u"POST /contents"_s); });
    const QString log = serve.errorOutput();
    EXPECT_TRUE(log.contains(u"POST /search 200"_s)) << qPrintable(log);
    EXPECT_TRUE(log.contains(u"POST /contents 200"_s)) << qPrintable(log);
}

} // namespace
