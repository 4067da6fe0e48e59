// `exadesk mcp` as a client launches it: protocol messages alone on stdout, one per line; what
// is wrong said on stderr and, for a tool call, in its result; the answers still on their way
// given before it ends when stdin closes.
#include "FakeExaProcess.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using testsupport::ProgramRun;

namespace {

const QString kKey = u"0b6f7c1e-5d2a-4c39-9e41-7a8d2f3b9f3c"_s;

const QByteArray kInitialize
    = R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}})";
const QByteArray kSearch
    = R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"web_search_exa","arguments":{"query":"rust"}}})";

class McpCliTest : public ::testing::Test
{
protected:
    ProgramRun mcp(const QStringList& arguments, const QByteArray& input)
    {
        return testsupport::runProgram(testsupport::exadeskPath(), QStringList{u"mcp"_s} + arguments,
                                       {{u"EXADESK_DATA_DIR"_s, dir.filePath(u"data"_s)}, {u"EXA_API_KEY"_s, {}}},
                                       30'000, input);
    }

    // Every line of stdout is a JSON-RPC message; by id.
    static QHash<int, QJsonObject> answers(const ProgramRun& run)
    {
        QHash<int, QJsonObject> byId;
        for (const QString& line : run.out.split(u'\n', Qt::SkipEmptyParts)) {
            QJsonParseError error;
            const QJsonObject message = QJsonDocument::fromJson(line.toUtf8(), &error).object();
            EXPECT_EQ(error.error, QJsonParseError::NoError) << "not a protocol message: " << qPrintable(line);
            EXPECT_EQ(message["jsonrpc"_L1].toString(), u"2.0"_s) << qPrintable(line);
            byId.insert(message["id"_L1].toInt(), message);
        }
        return byId;
    }

    QTemporaryDir dir;
};

TEST_F(McpCliTest, WithoutAKeyItStillServesAndEachCallSaysWhatIsMissing)
{
    const ProgramRun run = mcp({}, kInitialize + '\n' + kSearch + '\n');
    EXPECT_EQ(run.exitCode, 0) << qPrintable(run.err);
    const QHash<int, QJsonObject> byId = answers(run);
    ASSERT_EQ(byId.size(), 2) << qPrintable(run.out);
    EXPECT_EQ(byId[1]["result"_L1]["protocolVersion"_L1].toString(), u"2025-06-18"_s);
    const QJsonObject result = byId[2]["result"_L1].toObject();
    EXPECT_TRUE(result["isError"_L1].toBool());
    EXPECT_TRUE(result["content"_L1][0]["text"_L1].toString().startsWith(u"web_search_exa error: "_s))
        << qPrintable(run.out);
    EXPECT_TRUE(run.err.contains(u"no API key"_s)) << qPrintable(run.err);
}

TEST_F(McpCliTest, AnswersOnTheirWayAreGivenBeforeItEnds)
{
    testsupport::FakeExaProcess fake;
    QString error;
    const QUrl exa = fake.start({u"--key"_s, kKey}, &error); // not instant: the answer takes a while
    ASSERT_TRUE(exa.isValid()) << qPrintable(error);
    const QString keys = dir.filePath(u"keys.txt"_s);
    QFile file(keys);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    file.write(kKey.toUtf8() + '\n');
    file.close();
    // The last line has no newline: stdin's end ends it.
    const ProgramRun run
        = mcp({u"--keys-file"_s, keys, u"--base-url"_s, exa.toString()}, kInitialize + "\r\n" + kSearch);
    EXPECT_EQ(run.exitCode, 0) << qPrintable(run.err);
    const QHash<int, QJsonObject> byId = answers(run);
    ASSERT_TRUE(byId.contains(2)) << qPrintable(run.out) << qPrintable(run.err);
    EXPECT_TRUE(byId[2]["result"_L1]["content"_L1][0]["text"_L1].toString().startsWith(u"Title: "_s));
    EXPECT_FALSE(run.out.contains(kKey));
    EXPECT_FALSE(run.err.contains(kKey));
}

TEST_F(McpCliTest, AnOverlongMessageIsDroppedAndTheServerGoesOn)
{
    const QByteArray overlong(17 * 1024 * 1024, 'x');
    const ProgramRun run = mcp({}, overlong + '\n' + kInitialize + '\n');
    EXPECT_EQ(run.exitCode, 0) << qPrintable(run.err);
    const QStringList lines = run.out.split(u'\n', Qt::SkipEmptyParts);
    ASSERT_EQ(lines.size(), 2) << qPrintable(run.out.left(400));
    const QJsonObject dropped = QJsonDocument::fromJson(lines[0].toUtf8()).object();
    EXPECT_EQ(dropped["error"_L1]["code"_L1].toInt(), -32600);
    EXPECT_TRUE(dropped["error"_L1]["message"_L1].toString().contains(u"16 MiB"_s));
    EXPECT_EQ(QJsonDocument::fromJson(lines[1].toUtf8()).object()["id"_L1].toInt(), 1);
}

TEST_F(McpCliTest, BadOptionsAreUsageErrors)
{
    const ProgramRun unknownTools = mcp({u"--tools"_s, u"get_code_context_exa"_s}, {});
    EXPECT_EQ(unknownTools.exitCode, 2);
    EXPECT_TRUE(unknownTools.err.contains(u"web_search_exa"_s)) << qPrintable(unknownTools.err);
    EXPECT_TRUE(unknownTools.out.isEmpty());
    const ProgramRun someUnknown = mcp({u"--tools"_s, u"web_search_exa,get_code_context_exa"_s}, kInitialize + '\n');
    EXPECT_EQ(someUnknown.exitCode, 0);
    EXPECT_TRUE(someUnknown.err.contains(u"there is no tool 'get_code_context_exa'"_s)) << qPrintable(someUnknown.err);
    EXPECT_EQ(mcp({u"--base-url"_s, u"ftp://example.com"_s}, {}).exitCode, 2);
    EXPECT_EQ(mcp({u"extra"_s}, {}).exitCode, 2);
}

} // namespace
