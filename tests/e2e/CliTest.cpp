// `exadesk` on the command line, as a person runs it, against the fake Exa program.
#include "FakeExaProcess.h"
#include "HttpProbe.h"
#include "TestCertificates.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using testsupport::ProgramRun;

namespace {

const QString kKey = u"cli-key-4d2a-9f3c-77aa"_s;

class CliTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        QString error;
        base = fake.start({u"--key"_s, kKey}, &error);
        ASSERT_TRUE(base.isValid()) << qPrintable(error);
    }

    ProgramRun exadesk(QStringList arguments, const QString& key = kKey)
    {
        // A data folder of the test's own: nothing of the user's is read or written.
        return testsupport::runProgram(testsupport::exadeskPath(), arguments,
                                       {{u"EXA_API_KEY"_s, key}, {u"EXADESK_DATA_DIR"_s, dataDir.path()}});
    }

    ProgramRun search(const QStringList& extra, const QString& key = kKey)
    {
        return exadesk(QStringList{u"search"_s} + extra + QStringList{u"--base-url"_s, base.toString()}, key);
    }

    testsupport::FakeExaProcess fake;
    QUrl base;
    QTemporaryDir dataDir;
};

TEST_F(CliTest, PrintsReadableResults)
{
    const ProgramRun run = search({u"rust async"_s, u"--num"_s, u"3"_s});
    ASSERT_EQ(run.exitCode, 0) << qPrintable(run.err);
    EXPECT_TRUE(run.err.isEmpty()) << qPrintable(run.err);
    const QStringList lines = run.out.split(u'\n');
    EXPECT_TRUE(lines.at(0).startsWith("1. "_L1)) << qPrintable(run.out);
    EXPECT_TRUE(lines.at(0).contains("Rust Async"_L1)) << qPrintable(run.out);
    EXPECT_TRUE(lines.at(1).trimmed().startsWith("https://"_L1)) << qPrintable(run.out);
    EXPECT_TRUE(run.out.contains("\n2. "_L1) && run.out.contains("\n3. "_L1)) << qPrintable(run.out);
    EXPECT_FALSE(run.out.contains("\n4. "_L1));
    EXPECT_TRUE(run.out.contains(u"3 results · neural · $0.0050"_s)) << qPrintable(run.out);
}

TEST_F(CliTest, JsonIsExasResponseAsItCame)
{
    const ProgramRun run = search({u"rust"_s, u"async"_s, u"--json"_s, u"--num"_s, u"2"_s});
    ASSERT_EQ(run.exitCode, 0) << qPrintable(run.err);
    const QJsonObject printed = QJsonDocument::fromJson(run.out.toUtf8()).object();
    ASSERT_FALSE(printed.isEmpty()) << qPrintable(run.out);

    // The same search sent by hand gives the same results: nothing was re-shaped on the way.
    const testsupport::HttpAnswer direct = testsupport::postJson(
        base.resolved(QUrl(u"/search"_s)), R"({"query":"rust async","numResults":2})", kKey.toUtf8());
    EXPECT_EQ(printed.value("results"_L1), direct.json().value("results"_L1));
    EXPECT_EQ(printed.value("costDollars"_L1), direct.json().value("costDollars"_L1));
}

TEST_F(CliTest, ContentsOptionsArePrinted)
{
    const ProgramRun run
        = search({u"vector databases"_s, u"--num"_s, u"1"_s, u"--highlights"_s, u"--summary"_s, u"--text"_s});
    ASSERT_EQ(run.exitCode, 0) << qPrintable(run.err);
    EXPECT_TRUE(run.out.contains("   > "_L1)) << qPrintable(run.out);
    EXPECT_TRUE(run.out.contains("Summary: "_L1)) << qPrintable(run.out);
    EXPECT_TRUE(run.out.contains("vector databases"_L1)) << qPrintable(run.out);
}

TEST_F(CliTest, AWrongKeyPrintsExasMessageAndNoSecret)
{
    const QString wrong = u"wrong-key-1234-5678-abcd"_s;
    const ProgramRun run = search({u"rust async"_s}, wrong);
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_FALSE(run.crashed);
    EXPECT_TRUE(run.out.isEmpty());
    EXPECT_TRUE(run.err.contains("401 INVALID_API_KEY: Invalid API key."_L1)) << qPrintable(run.err);
    EXPECT_TRUE(run.err.contains(u"exa-…abcd"_s)) << qPrintable(run.err);
    EXPECT_FALSE(run.err.contains(wrong)) << "the key itself must never be printed";
}

TEST_F(CliTest, AWrongKeyWithJsonStillPrintsExasBody)
{
    const ProgramRun run = search({u"rust"_s, u"--json"_s}, u"wrong-key-1234-5678-abcd"_s);
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_EQ(QJsonDocument::fromJson(run.out.toUtf8()).object().value("tag"_L1).toString(), u"INVALID_API_KEY"_s);
}

TEST_F(CliTest, AKeysFileIsAPoolThatGoesPastABadKey)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    QFile file(dir.filePath(u"keys"_s));
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    const QString refused = u"refused-key-0000-1111-2222"_s;
    file.write(u"# team keys\nold,%1\nnot a key\ncurrent,%2\n"_s.arg(refused, kKey).toUtf8());
    file.close();
    ASSERT_TRUE(file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));

    const ProgramRun run = search({u"rust async"_s, u"--keys-file"_s, file.fileName()}, {});
    ASSERT_EQ(run.exitCode, 0) << qPrintable(run.err);
    EXPECT_TRUE(run.out.startsWith("1. "_L1)) << qPrintable(run.out);
    // The malformed line is named, without repeating what was on it.
    EXPECT_TRUE(run.err.contains(u"line 3:"_s)) << qPrintable(run.err);
    EXPECT_FALSE(run.err.contains(u"not a key"_s)) << qPrintable(run.err);
    const QJsonObject stats = testsupport::getWithKey(base.resolved(QUrl(u"/_fake/stats"_s)), {}).json();
    const QJsonObject keys = stats.value("keys"_L1).toObject();
    EXPECT_EQ(keys.value(refused).toObject().value("requests"_L1).toInt(), 1);
    EXPECT_EQ(keys.value(kKey).toObject().value("requests"_L1).toInt(), 1);

    ASSERT_TRUE(file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup));
    const ProgramRun shared = search({u"rust async"_s, u"--keys-file"_s, file.fileName()}, {});
    EXPECT_EQ(shared.exitCode, 1);
    EXPECT_TRUE(shared.err.contains(u"chmod 600"_s)) << qPrintable(shared.err);
}

TEST_F(CliTest, AProxyThatIsNotAProxyIsABadCommandLine)
{
    const ProgramRun run = search({u"rust"_s, u"--proxy"_s, u"gopher://127.0.0.1:70"_s});
    EXPECT_EQ(run.exitCode, 2);
    EXPECT_TRUE(run.err.contains(u"gopher"_s)) << qPrintable(run.err);
}

TEST_F(CliTest, NoKeyIsOneLineThatSaysWhatToDo)
{
    const ProgramRun run = search({u"rust async"_s}, QString());
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_EQ(run.err.trimmed().count(u'\n'), 0) << qPrintable(run.err);
    EXPECT_TRUE(run.err.contains("EXA_API_KEY"_L1)) << qPrintable(run.err);
}

TEST_F(CliTest, BadCommandLinesExitWith2)
{
    for (const QStringList& arguments :
         {QStringList{u"--num"_s, u"0"_s, u"q"_s}, QStringList{u"--num"_s, u"x"_s, u"q"_s},
          QStringList{u"--type"_s, u"sideways"_s, u"q"_s}, QStringList{u"--category"_s, u"memes"_s, u"q"_s},
          QStringList{u"--published-after"_s, u"yesterday"_s, u"q"_s}, QStringList{u"--no-such-option"_s, u"q"_s},
          QStringList{}}) {
        const ProgramRun run = search(arguments);
        EXPECT_EQ(run.exitCode, 2) << qPrintable(arguments.join(u' ')) << ": " << qPrintable(run.err);
        EXPECT_TRUE(run.err.startsWith("exadesk: "_L1)) << qPrintable(run.err);
    }
    const ProgramRun unknown = exadesk({u"frobnicate"_s});
    EXPECT_EQ(unknown.exitCode, 2);
    EXPECT_TRUE(unknown.err.contains("'frobnicate' is not a command"_L1)) << qPrintable(unknown.err);
    EXPECT_EQ(exadesk({u"search"_s, u"q"_s, u"--base-url"_s, u"ftp://example.com"_s}).exitCode, 2);
}

TEST_F(CliTest, HelpAndVersion)
{
    const ProgramRun help = exadesk({u"--help"_s});
    EXPECT_EQ(help.exitCode, 0);
    EXPECT_TRUE(help.out.contains("search"_L1) && help.out.contains("Exit codes"_L1)) << qPrintable(help.out);

    const ProgramRun searchHelp = exadesk({u"search"_s, u"--help"_s});
    EXPECT_EQ(searchHelp.exitCode, 0);
    EXPECT_TRUE(searchHelp.out.contains("exadesk search [options] QUERY"_L1)) << qPrintable(searchHelp.out);
    for (const auto option : {"--num"_L1, "--type"_L1, "--category"_L1, "--text"_L1, "--highlights"_L1, "--summary"_L1,
                              "--json"_L1, "--base-url"_L1})
        EXPECT_TRUE(searchHelp.out.contains(option)) << option.data();

    const ProgramRun version = exadesk({u"--version"_s});
    EXPECT_EQ(version.exitCode, 0);
    EXPECT_TRUE(version.out.startsWith("ExaDesk 0."_L1)) << qPrintable(version.out);
}

TEST_F(CliTest, UnreachableServerIsAClearError)
{
    QTcpServer probe;
    ASSERT_TRUE(probe.listen(QHostAddress::LocalHost, 0));
    const QString closed = u"http://127.0.0.1:%1"_s.arg(probe.serverPort());
    probe.close();
    const ProgramRun run = exadesk({u"search"_s, u"q"_s, u"--base-url"_s, closed});
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_TRUE(run.err.contains("connection was refused"_L1)) << qPrintable(run.err);
}

TEST_F(CliTest, ASlowServerIsGivenUpOn)
{
    ASSERT_EQ(testsupport::postJson(base.resolved(QUrl(u"/_fake/script"_s)), R"({"keys": {"*": [{"hang": true}]}})", {})
                  .status,
              200);
    const ProgramRun run = search({u"q"_s, u"--timeout"_s, u"0.5"_s});
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_TRUE(run.err.contains("did not answer within 0.5 s"_L1)) << qPrintable(run.err);
}

TEST(CliWindow, WithoutADisplayTheWindowSaysWhatToDoInsteadOfCrashing)
{
    const ProgramRun run = testsupport::runProgram(
        testsupport::exadeskPath(), {},
        {{u"DISPLAY"_s, QString()}, {u"WAYLAND_DISPLAY"_s, QString()}, {u"QT_QPA_PLATFORM"_s, QString()}});
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_FALSE(run.crashed);
    EXPECT_TRUE(run.err.contains("no display"_L1)) << qPrintable(run.err);
}

TEST(CliTls, TrustsAnExtraCaBundleWhenAsked)
{
    testsupport::FakeExaProcess fake;
    QString error;
    const QUrl base = fake.start({u"--tls-cert"_s, testsupport::certificatePath(u"server.pem"_s), u"--tls-key"_s,
                                  testsupport::certificatePath(u"server.key"_s)},
                                 &error);
    ASSERT_EQ(base.scheme(), u"https"_s) << qPrintable(error);
    const QList<QPair<QString, QString>> env{{u"EXA_API_KEY"_s, kKey}};
    const QStringList common{u"search"_s, u"tls"_s, u"--base-url"_s, base.toString()};

    const ProgramRun untrusted = testsupport::runProgram(testsupport::exadeskPath(), common, env);
    EXPECT_EQ(untrusted.exitCode, 1);
    EXPECT_TRUE(untrusted.err.contains("secure connection"_L1)) << qPrintable(untrusted.err);

    const ProgramRun trusted = testsupport::runProgram(
        testsupport::exadeskPath(), common + QStringList{u"--ca-bundle"_s, testsupport::certificatePath(u"ca.pem"_s)},
        env);
    EXPECT_EQ(trusted.exitCode, 0) << qPrintable(trusted.err);

    const ProgramRun missing = testsupport::runProgram(
        testsupport::exadeskPath(), common + QStringList{u"--ca-bundle"_s, u"/nonexistent.pem"_s}, env);
    EXPECT_EQ(missing.exitCode, 1);
    EXPECT_TRUE(missing.err.contains("/nonexistent.pem"_L1)) << qPrintable(missing.err);
}

} // namespace
