// ExaDesk's MCP server as AI agents meet it: the official TypeScript SDK's client (pinned in
// tests/e2e/js) launches `exadesk mcp` over stdio, or talks to `exadesk serve`'s /mcp, agrees on
// each protocol version, lists the tools and calls every one against the fake Exa server (the
// first call past a rate-limited key and a refused one). And exa-mcp-server 3.4.1 beside it, on
// the same Exa: the same calls read the same.
#include "FakeExaProcess.h"
#include "HttpProbe.h"
#include "ServeProcess.h"
#include "storage/Database.h"
#include "storage/RequestLog.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace exadesk;
using namespace Qt::StringLiterals;
using testsupport::ProgramRun;

namespace {

const QString kGood = u"0b6f7c1e-5d2a-4c39-9e41-7a8d2f3b9f3c"_s;
const QString kSecond = u"9c1d2e3f-4a5b-4c6d-8e7f-112233447e21"_s;
const QString kThird = u"5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f70a11"_s;
const QByteArray kToken = "exd_mcp_e2e_token_3f9a1c7e5b2d4086";
const QStringList kAllTools{
    u"web_search_exa"_s, u"web_search_advanced_exa"_s, u"web_fetch_exa"_s,        u"find_similar_exa"_s,
    u"answer_exa"_s,     u"deep_researcher_start"_s,   u"deep_researcher_check"_s};

class McpSdkTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        node = QStandardPaths::findExecutable(u"node"_s);
        if (node.isEmpty())
            GTEST_SKIP() << "Node.js is not installed (scripts/install-deps.sh installs it)";
        if (!QFile::exists(jsFile(u"node_modules/@modelcontextprotocol/sdk/package.json"_s)))
            GTEST_SKIP() << "the MCP SDK is not installed in " << EXADESK_JS_DIR
                         << " (the build runs npm ci; was the npm registry reachable?)";
        const ProgramRun version = testsupport::runProgram(node, {u"--version"_s});
        if (version.out.mid(1).section(u'.', 0, 0).toInt() < 20)
            GTEST_SKIP() << "the MCP SDK needs Node.js 20 or later; this is " << qPrintable(version.out.trimmed());
        keysFile = dir.filePath(u"keys.txt"_s);
        writePrivate(keysFile,
                     (u"good,"_s + kGood + u"\nsecond,"_s + kSecond + u"\nthird,"_s + kThird + u'\n').toUtf8());
    }

    // The fake Exa server; with `limitedThenRefused`, its first answer is a 429 and its second a
    // 401, whichever keys they go to.
    void startExa(bool limitedThenRefused)
    {
        QStringList arguments{u"--key"_s, kGood, u"--key"_s, kSecond, u"--key"_s, kThird, u"--instant"_s};
        if (limitedThenRefused) {
            const QString script = dir.filePath(u"script.json"_s);
            writePrivate(script, R"({"keys": {"*": [{"status": 429}, {"status": 401}]}})");
            arguments += {u"--script"_s, script};
        }
        QString error;
        exa = fake.start(arguments, &error);
        ASSERT_TRUE(exa.isValid()) << qPrintable(error);
    }

    static QString jsFile(const QString& name) { return QDir(QStringLiteral(EXADESK_JS_DIR)).filePath(name); }

    static void writePrivate(const QString& path, const QByteArray& content)
    {
        QFile file(path);
        ASSERT_TRUE(file.open(QIODevice::WriteOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        file.write(content);
    }

    QString dataDir() const { return dir.filePath(u"data"_s); }

    QJsonObject runCheck(const QStringList& arguments)
    {
        const ProgramRun run
            = testsupport::runProgram(node, QStringList{jsFile(u"mcp-sdk-check.mjs"_s)} + arguments,
                                      {{u"EXADESK_DATA_DIR"_s, dataDir()}, {u"EXA_API_KEY"_s, {}}}, 120'000);
        EXPECT_EQ(run.exitCode, 0) << qPrintable(run.out) << qPrintable(run.err);
        const QJsonObject report = QJsonDocument::fromJson(run.out.trimmed().toUtf8()).object();
        EXPECT_FALSE(report.isEmpty()) << qPrintable(run.out) << qPrintable(run.err);
        for (const QString& secret : {kGood, kSecond, kThird})
            EXPECT_FALSE(run.out.contains(secret)) << "a key reached the client";
        return report;
    }

    // What every transport must show: each version agreed, the tools, every call answered.
    static void expectEveryToolWorked(const QJsonObject& report)
    {
        const QJsonArray runs = report["runs"_L1].toArray();
        ASSERT_EQ(runs.size(), 3) << QJsonDocument(report).toJson().constData();
        for (const QJsonValue& run : runs) {
            const QString asked = run["asked"_L1].toString();
            ASSERT_TRUE(run["error"_L1].isUndefined())
                << qPrintable(asked) << ": " << qPrintable(run["error"_L1].toString());
            EXPECT_EQ(run["agreed"_L1].toString(), asked);
            EXPECT_EQ(run["server"_L1].toString(), u"exadesk"_s);
            EXPECT_EQ(run["tools"_L1].toVariant().toStringList(), kAllTools) << qPrintable(asked);
            EXPECT_TRUE(run["ping"_L1].toBool());
            const QJsonObject search = run["calls"_L1]["search"_L1].toObject();
            EXPECT_FALSE(search["isError"_L1].toBool()) << qPrintable(search["text"_L1].toString());
            EXPECT_TRUE(search["text"_L1].toString().startsWith(u"Title: "_s)) << qPrintable(asked);
        }

        const QJsonObject first = runs[0].toObject();
        const QJsonObject calls = first["calls"_L1].toObject();
        EXPECT_EQ(first["urls"_L1].toArray().size(), 3);
        const auto text = [&](const char* call) { return calls[QLatin1StringView(call)]["text"_L1].toString(); };
        for (const char* call : {"fetch", "advanced", "similar", "answer", "researchStart", "researchCheck"})
            EXPECT_FALSE(calls[QLatin1StringView(call)]["isError"_L1].toBool())
                << call << ": " << qPrintable(text(call));
        EXPECT_TRUE(text("fetch").startsWith(u"# "_s)) << qPrintable(text("fetch"));
        EXPECT_EQ(text("fetch").count(u"\nURL: "_s), 2);
        const QJsonObject advanced = QJsonDocument::fromJson(text("advanced").toUtf8()).object();
        EXPECT_EQ(advanced["results"_L1].toArray().size(), 2) << qPrintable(text("advanced"));
        EXPECT_TRUE(text("similar").startsWith(u"Title: "_s));
        EXPECT_TRUE(text("answer").contains(u"\n\nCitations:\n[1] "_s)) << qPrintable(text("answer"));
        EXPECT_EQ(calls["researchStatuses"_L1].toArray().last().toString(), u"completed"_s);
        EXPECT_FALSE(calls["researchCheck"_L1]["report"_L1].toString().isEmpty());
        EXPECT_TRUE(calls["badArguments"_L1]["isError"_L1].toBool()) << "2025-11-25: the model is told";
        EXPECT_TRUE(text("badArguments").contains(u"'query' is required"_s));
        EXPECT_EQ(calls["unknownTool"_L1]["protocolError"_L1].toInt(), -32602);
    }

    // The request log of the data folder: every tool call there as MCP's, the first one after
    // three attempts (429, 401, then an answer).
    void expectLogged(int calls)
    {
        Database database(QDir(dataDir()).filePath(u"exadesk.sqlite"_s));
        StorageError error;
        ASSERT_TRUE(database.open(&error)) << qPrintable(error.message);
        QList<RequestLogEntry> log = RequestLog(database).recent(100, &error);
        ASSERT_EQ(log.size(), calls) << qPrintable(error.message);
        std::reverse(log.begin(), log.end()); // oldest first
        for (const RequestLogEntry& entry : std::as_const(log))
            EXPECT_EQ(entry.source, CallSource::Mcp) << qPrintable(entry.route);
        EXPECT_EQ(log[0].route, u"search"_s);
        EXPECT_EQ(log[0].query, u"rust async runtimes"_s);
        EXPECT_EQ(log[0].attempts, 3);
        EXPECT_EQ(log[0].status, 200);
    }

    QString node;
    QTemporaryDir dir;
    QString keysFile;
    testsupport::FakeExaProcess fake;
    QUrl exa;
};

// The calls to Exa of the check: under the first version one per tool, research checked twice
// (the fake finishes a task at its second look), the two refused calls none; then one search
// under each other version.
constexpr int kLoggedCalls = 6 + 2 + 2;

TEST_F(McpSdkTest, TheSdkLaunchesExadeskMcpAndCallsEveryTool)
{
    startExa(true);
    const QJsonObject report = runCheck({u"stdio"_s, testsupport::exadeskPath(), keysFile, exa.toString()});
    expectEveryToolWorked(report);
    expectLogged(kLoggedCalls);
}

TEST_F(McpSdkTest, TheSdkTalksToTheLocalPortsMcpEndpoint)
{
    startExa(true);
    const QString token = dir.filePath(u"token"_s);
    writePrivate(token, kToken + '\n');
    testsupport::ServeProcess serve;
    QString error;
    const quint16 port
        = serve.start({u"--keys-file"_s, keysFile, u"--base-url"_s, exa.toString(), u"--token-file"_s, token},
                      {{u"EXADESK_DATA_DIR"_s, dataDir()}, {u"EXA_API_KEY"_s, {}}}, &error);
    ASSERT_NE(port, 0) << qPrintable(error);
    const QString endpoint = u"http://127.0.0.1:%1"_s.arg(port);
    const QJsonObject report = runCheck({u"http"_s, endpoint, QString::fromLatin1(kToken)});
    expectEveryToolWorked(report);

    const QByteArray metrics = testsupport::getWithKey(QUrl(endpoint + u"/metrics"_s), kToken).body;
    EXPECT_TRUE(metrics.contains("exadesk_mcp_tool_calls_total{tool=\"answer_exa\",result=\"ok\"} 1\n"))
        << metrics.constData();
    EXPECT_TRUE(metrics.contains("exadesk_mcp_tool_calls_total{tool=\"web_search_exa\",result=\"ok\"} 3\n"))
        << metrics.constData();
    EXPECT_TRUE(metrics.contains("exadesk_upstream_attempts_total{outcome=\"rate limited\"} 1\n"))
        << metrics.constData();
    // Calls go to the log a batch at a time; SIGTERM writes what waits.
    serve.terminate();
    ASSERT_TRUE(serve.waitForExit());
    EXPECT_FALSE(serve.errorOutput().contains(QString::fromLatin1(kToken)));
    expectLogged(kLoggedCalls);
}

TEST_F(McpSdkTest, ResultsReadAsExaMcpServersOnTheSameAnswers)
{
    startExa(false);
    const QJsonObject report = runCheck({u"compare"_s, testsupport::exadeskPath(), keysFile, exa.toString(), kGood});
    const QJsonObject ours = report["exadesk"_L1].toObject();
    const QJsonObject theirs = report["exaMcpServer"_L1].toObject();
    ASSERT_FALSE(ours.isEmpty()) << QJsonDocument(report).toJson().constData();
    ASSERT_FALSE(theirs.isEmpty()) << QJsonDocument(report).toJson().constData();
    // The same tools, parameters and hints.
    EXPECT_EQ(ours["tools"_L1], theirs["tools"_L1]);
    // The same text, byte for byte, for the same answers from Exa.
    for (const QLatin1StringView call : {"search"_L1, "fetch"_L1, "failed"_L1, "mixed"_L1}) {
        const QJsonObject mine = ours[call].toObject();
        const QJsonObject reference = theirs[call].toObject();
        EXPECT_FALSE(reference["text"_L1].toString().isEmpty()) << qPrintable(call);
        EXPECT_EQ(mine["text"_L1].toString(), reference["text"_L1].toString()) << qPrintable(call);
        EXPECT_EQ(mine["isError"_L1].toBool(), reference["isError"_L1].toBool()) << qPrintable(call);
    }
    EXPECT_TRUE(theirs["failed"_L1]["isError"_L1].toBool());
    EXPECT_TRUE(ours["mixed"_L1]["text"_L1].toString().contains(u"Error fetching https://example.com/http-503: "_s));
}

} // namespace
