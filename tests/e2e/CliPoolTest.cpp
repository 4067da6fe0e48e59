// `exadesk keys`, `proxies` and `export` as a person runs them, with a real Secret Service (the
// test's wrapper starts one), a data folder of the test's own and the fake Exa program.
#include "FakeExaProcess.h"
#include "HttpProbe.h"
#include "LocalProxy.h"
#include "storage/HistoryStore.h"
#include "storage/RequestLog.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using namespace exadesk;
using testsupport::ProgramRun;

namespace {

const QString kWork = u"11111111-2222-3333-4444-555555559f3c"_s;
const QString kHome = u"22222222-3333-4444-5555-66666666aaaa"_s;

class CliPoolTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        if (qEnvironmentVariableIsEmpty("EXADESK_SECRET_SERVICE"))
            GTEST_SKIP() << "needs the Secret Service that tests/support/with-secret-service.sh starts (run it "
                            "through ctest)";
        QString error;
        base = fake.start({u"--key"_s, kWork}, &error); // Exa knows the work key only
        ASSERT_TRUE(base.isValid()) << qPrintable(error);
    }

    ProgramRun exadesk(const QStringList& arguments, const QByteArray& input = {})
    {
        return testsupport::runProgram(testsupport::exadeskPath(), arguments,
                                       {{u"EXA_API_KEY"_s, {}}, {u"EXADESK_DATA_DIR"_s, data.path()}}, 30'000, input);
    }

    void importBoth()
    {
        const ProgramRun run = exadesk(
            {u"keys"_s, u"import"_s, u"-"_s},
            (u"# team keys\nwork,"_s + kWork + u"\nhome,"_s + kHome + u"\nshort\nagain,"_s + kWork + u'\n').toUtf8());
        ASSERT_EQ(run.exitCode, 0) << qPrintable(run.err);
        EXPECT_EQ(run.out.trimmed(), u"2 added, 1 duplicate, 1 not added"_s);
        EXPECT_TRUE(run.err.contains(u"line 4: malformed: the key is too short"_s)) << qPrintable(run.err);
        EXPECT_TRUE(run.err.contains(u"line 5: duplicate (the same key as line 2)"_s)) << qPrintable(run.err);
    }

    testsupport::FakeExaProcess fake;
    QUrl base;
    QTemporaryDir data;
};

} // namespace

TEST_F(CliPoolTest, ImportedKeysAreListedMaskedAndServeSearches)
{
    importBoth();
    const ProgramRun list = exadesk({u"keys"_s, u"list"_s});
    ASSERT_EQ(list.exitCode, 0) << qPrintable(list.err);
    EXPECT_TRUE(list.out.contains(u"work"_s) && list.out.contains(u"exa-…9f3c"_s)) << qPrintable(list.out);
    EXPECT_TRUE(list.out.contains(u"home"_s) && list.out.contains(u"exa-…aaaa"_s)) << qPrintable(list.out);
    for (const ProgramRun& run : {list, exadesk({u"keys"_s, u"list"_s, u"--json"_s})}) {
        EXPECT_FALSE(run.out.contains(kWork) || run.out.contains(kHome));
    }
    // The database holds no secret.
    QFile db(QDir(data.path()).filePath(u"exadesk.sqlite"_s));
    ASSERT_TRUE(db.open(QIODevice::ReadOnly));
    EXPECT_FALSE(db.readAll().contains(kWork.toUtf8()));

    // With no key given, the search uses the stored pool: the home key is refused, work serves.
    const ProgramRun search = exadesk({u"search"_s, u"rust"_s, u"--num"_s, u"2"_s, u"--base-url"_s, base.toString()});
    ASSERT_EQ(search.exitCode, 0) << qPrintable(search.err);
    EXPECT_TRUE(search.out.startsWith(u"1. "_s)) << qPrintable(search.out);

    ASSERT_EQ(exadesk({u"keys"_s, u"disable"_s, u"work"_s}).exitCode, 0);
    EXPECT_TRUE(exadesk({u"keys"_s, u"list"_s}).out.contains(u"disabled"_s));
    const ProgramRun withoutWork = exadesk({u"search"_s, u"rust"_s, u"--base-url"_s, base.toString()});
    EXPECT_EQ(withoutWork.exitCode, 1);
    EXPECT_TRUE(withoutWork.err.contains(u"(key home)"_s)) << qPrintable(withoutWork.err);

    const ProgramRun removed = exadesk({u"keys"_s, u"remove"_s, u"home"_s});
    ASSERT_EQ(removed.exitCode, 0) << qPrintable(removed.err);
    EXPECT_FALSE(exadesk({u"keys"_s, u"list"_s}).out.contains(u"home"_s));
    EXPECT_EQ(exadesk({u"keys"_s, u"remove"_s, u"nobody"_s}).exitCode, 1);
}

TEST_F(CliPoolTest, AKeyIsAddedFromStandardInputNeverFromTheCommandLine)
{
    const ProgramRun added = exadesk({u"keys"_s, u"add"_s, u"--label"_s, u"laptop"_s}, (kWork + u'\n').toUtf8());
    ASSERT_EQ(added.exitCode, 0) << qPrintable(added.err);
    EXPECT_EQ(added.out.trimmed(), u"Added laptop (exa-…9f3c)."_s);
    EXPECT_EQ(exadesk({u"keys"_s, u"add"_s, kWork}).exitCode, 2);
    const ProgramRun again = exadesk({u"keys"_s, u"add"_s}, kWork.toUtf8());
    EXPECT_EQ(again.exitCode, 1);
    EXPECT_TRUE(again.err.contains(u"already in the pool"_s)) << qPrintable(again.err);
}

TEST_F(CliPoolTest, TestingKeysMarksTheRefusedOne)
{
    importBoth();
    const ProgramRun run = exadesk({u"keys"_s, u"test"_s, u"--base-url"_s, base.toString()});
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_TRUE(run.out.contains(u"work (exa-…9f3c): works"_s)) << qPrintable(run.out);
    EXPECT_TRUE(run.out.contains(u"home (exa-…aaaa): Exa answered 401"_s)) << qPrintable(run.out);
    const QJsonArray keys = QJsonDocument::fromJson(exadesk({u"keys"_s, u"list"_s, u"--json"_s}).out.toUtf8()).array();
    ASSERT_EQ(keys.size(), 2);
    EXPECT_EQ(keys[1].toObject().value(u"state"_s).toString(), u"invalid"_s);
}

TEST_F(CliPoolTest, ExportsLeaveSecretsOutUnlessAskedAndThenWriteAPrivateFile)
{
    importBoth();
    ASSERT_EQ(exadesk({u"proxies"_s, u"add"_s, u"socks5://alice:proxy-pass@127.0.0.1:1080"_s}).exitCode, 0);
    const ProgramRun plain = exadesk({u"export"_s});
    ASSERT_EQ(plain.exitCode, 0) << qPrintable(plain.err);
    const QJsonObject exported = QJsonDocument::fromJson(plain.out.toUtf8()).object();
    EXPECT_EQ(exported.value(u"keys"_s).toArray().size(), 2);
    EXPECT_EQ(exported.value(u"proxies"_s).toArray().size(), 1);
    EXPECT_FALSE(plain.out.contains(kWork) || plain.out.contains(u"proxy-pass"_s)) << qPrintable(plain.out);

    EXPECT_EQ(exadesk({u"export"_s, u"--with-secrets"_s}).exitCode, 2);
    const QString path = QDir(data.path()).filePath(u"backup.json"_s);
    const ProgramRun withSecrets = exadesk({u"export"_s, u"--with-secrets"_s, u"--output"_s, path});
    ASSERT_EQ(withSecrets.exitCode, 0) << qPrintable(withSecrets.err);
    EXPECT_TRUE(withSecrets.err.contains(u"warning"_s)) << qPrintable(withSecrets.err);
    QFile file(path);
    EXPECT_EQ(file.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther), QFileDevice::Permissions());
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    const QByteArray content = file.readAll();
    EXPECT_TRUE(content.contains(kWork.toUtf8()) && content.contains("proxy-pass"));
}

TEST_F(CliPoolTest, ProxiesAreKeptWithoutTheirPasswordsInSight)
{
    const ProgramRun added = exadesk({u"proxies"_s, u"add"_s, u"socks5://alice:proxy-pass@127.0.0.1:1080"_s,
                                      u"http://127.0.0.1:3128"_s, u"ftp://127.0.0.1:21"_s});
    EXPECT_EQ(added.exitCode, 1);
    EXPECT_EQ(added.out.trimmed(), u"2 added, 1 not added"_s);
    EXPECT_TRUE(added.err.contains(u"ftp"_s)) << qPrintable(added.err);
    const ProgramRun list = exadesk({u"proxies"_s, u"list"_s});
    EXPECT_TRUE(list.out.contains(u"socks5://alice@127.0.0.1:1080"_s)) << qPrintable(list.out);
    EXPECT_TRUE(list.out.contains(u"password sealed"_s));
    EXPECT_FALSE(list.out.contains(u"proxy-pass"_s));
    // A second add of the same proxy changes nothing (its password stays as it was).
    const ProgramRun again = exadesk({u"proxies"_s, u"add"_s, u"socks5://alice:other-pass@127.0.0.1:1080"_s});
    EXPECT_EQ(again.exitCode, 1);
    EXPECT_TRUE(again.err.contains(u"already there"_s)) << qPrintable(again.err);
    // Removed as it was added (password and all) or as listed; an unknown one is an error.
    ASSERT_EQ(exadesk({u"proxies"_s, u"remove"_s, u"socks5://alice:proxy-pass@127.0.0.1:1080"_s}).exitCode, 0);
    EXPECT_FALSE(exadesk({u"proxies"_s, u"list"_s}).out.contains(u"alice"_s));
    const ProgramRun unknown = exadesk({u"proxies"_s, u"remove"_s, u"http://127.0.0.1:9999"_s});
    EXPECT_EQ(unknown.exitCode, 1);
    EXPECT_TRUE(unknown.err.contains(u"there is no proxy"_s)) << qPrintable(unknown.err);
}

TEST_F(CliPoolTest, WhatASearchLearnsOfAKeyOutlivesIt)
{
    importBoth();
    const auto key = [this](const QString& label) {
        const QJsonArray keys
            = QJsonDocument::fromJson(exadesk({u"keys"_s, u"list"_s, u"--json"_s}).out.toUtf8()).array();
        for (const QJsonValue& value : keys) {
            if (value.toObject().value(u"label"_s).toString() == label)
                return value.toObject();
        }
        return QJsonObject();
    };
    const auto requestsSeen = [this](const QString& secret) {
        const QJsonObject stats = testsupport::getWithKey(base.resolved(QUrl(u"/_fake/stats"_s)), {}).json();
        return stats.value(u"keys"_s).toObject().value(secret).toObject().value(u"requests"_s).toInt();
    };
    // Only the home key, which Exa refuses: the search fails, and the refusal is kept.
    ASSERT_EQ(exadesk({u"keys"_s, u"disable"_s, u"work"_s}).exitCode, 0);
    EXPECT_EQ(exadesk({u"search"_s, u"rust"_s, u"--base-url"_s, base.toString()}).exitCode, 1);
    EXPECT_EQ(key(u"home"_s).value(u"state"_s).toString(), u"invalid"_s);
    EXPECT_EQ(key(u"home"_s).value(u"requests"_s).toInt(), 1);
    ASSERT_EQ(requestsSeen(kHome), 1);

    // The next run knows: the home key is not sent again, the work key serves, and its
    // counters and cost go on in its row.
    ASSERT_EQ(exadesk({u"keys"_s, u"enable"_s, u"work"_s}).exitCode, 0);
    for (int run = 1; run <= 2; ++run) {
        const ProgramRun search = exadesk({u"search"_s, u"rust"_s, u"--base-url"_s, base.toString()});
        ASSERT_EQ(search.exitCode, 0) << qPrintable(search.err);
        EXPECT_EQ(key(u"work"_s).value(u"requests"_s).toInt(), run);
    }
    EXPECT_EQ(requestsSeen(kHome), 1);
    EXPECT_GT(key(u"work"_s).value(u"costDollars"_s).toDouble(), 0.0);
    EXPECT_EQ(key(u"work"_s).value(u"state"_s).toString(), u"active"_s);
}

TEST_F(CliPoolTest, TestingProxiesSaysWhichReachExa)
{
    if (testsupport::LocalProxy::program(testsupport::LocalProxy::Kind::Http).isEmpty())
        GTEST_SKIP() << "tinyproxy is not installed (scripts/install-deps.sh installs it)";
    testsupport::LocalProxy working;
    ASSERT_TRUE(working.start(testsupport::LocalProxy::Kind::Http)) << qPrintable(working.errorOutput());
    const QString dead = u"http://127.0.0.1:%1"_s.arg(testsupport::freePort());
    ASSERT_EQ(exadesk({u"proxies"_s, u"add"_s, working.url(), dead}).exitCode, 0);

    const ProgramRun run = exadesk({u"proxies"_s, u"test"_s, u"--base-url"_s, base.toString()});
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_TRUE(run.out.contains(working.url() + u": works: Exa's address answered"_s)) << qPrintable(run.out);
    EXPECT_TRUE(run.out.contains(dead + u": failed: Connection refused"_s)) << qPrintable(run.out);
    // One by name; an unknown name is an error.
    const ProgramRun one = exadesk({u"proxies"_s, u"test"_s, working.url(), u"--base-url"_s, base.toString()});
    EXPECT_EQ(one.exitCode, 0) << qPrintable(one.out + one.err);
    EXPECT_FALSE(one.out.contains(dead));
    const ProgramRun unknown = exadesk({u"proxies"_s, u"test"_s, u"http://127.0.0.1:1"_s});
    EXPECT_EQ(unknown.exitCode, 1);
    EXPECT_TRUE(unknown.err.contains(u"there is no proxy"_s)) << qPrintable(unknown.err);
}

TEST_F(CliPoolTest, SettingsAreRowsTheSearchReadsAndSearchesAreRecorded)
{
    EXPECT_EQ(exadesk({u"settings"_s, u"set"_s, u"retry.attempts"_s, u"99"_s}).exitCode, 2);
    EXPECT_EQ(exadesk({u"settings"_s, u"set"_s, u"no.such.thing"_s, u"1"_s}).exitCode, 2);
    ASSERT_EQ(exadesk({u"settings"_s, u"set"_s, u"request.user-agent"_s, u"Lab-Notebook/2"_s}).exitCode, 0);
    EXPECT_EQ(exadesk({u"settings"_s, u"get"_s, u"request.user-agent"_s}).out.trimmed(), u"Lab-Notebook/2"_s);
    const ProgramRun list = exadesk({u"settings"_s, u"list"_s});
    EXPECT_TRUE(list.out.contains(u"retry.attempts"_s) && list.out.contains(u"(default)"_s)) << qPrintable(list.out);

    importBoth();
    ASSERT_EQ(exadesk({u"keys"_s, u"disable"_s, u"home"_s}).exitCode, 0);
    const ProgramRun search = exadesk({u"search"_s, u"zeolite catalysts"_s, u"--base-url"_s, base.toString()});
    ASSERT_EQ(search.exitCode, 0) << qPrintable(search.err);
    // The engine read the setting: Exa saw its User-Agent.
    const QJsonArray requests
        = testsupport::getWithKey(base.resolved(QUrl(u"/_fake/requests"_s)), {}).json().value(u"requests"_s).toArray();
    QString userAgent;
    for (const QJsonValue& request : requests) {
        if (request.toObject().value(u"path"_s).toString() == u"/search"_s)
            userAgent = request.toObject().value(u"headers"_s).toObject().value(u"user-agent"_s).toString();
    }
    EXPECT_EQ(userAgent, u"Lab-Notebook/2"_s);

    // The search is in the history, found by its words, with its results; and in the request log.
    Database db(QDir(data.path()).filePath(u"exadesk.sqlite"_s));
    StorageError error;
    ASSERT_TRUE(db.open(&error)) << qPrintable(error.message);
    const QList<StoredSearch> found = HistoryStore(db).find(u"zeolite"_s, 10, &error);
    ASSERT_EQ(found.size(), 1);
    EXPECT_GT(found[0].resultCount, 0);
    const QList<RequestLogEntry> log = RequestLog(db).recent(10, &error);
    ASSERT_EQ(log.size(), 1);
    EXPECT_EQ(log[0].status, 200);
    EXPECT_EQ(log[0].attempts, 1);
    EXPECT_FALSE(log[0].keyId.isEmpty());
}

TEST_F(CliPoolTest, ADamagedDatabaseIsExplainedAndCanBeMovedAside)
{
    QFile file(QDir(data.path()).filePath(u"exadesk.sqlite"_s));
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(QByteArray("not a database at all\n").repeated(100));
    file.close();
    const ProgramRun list = exadesk({u"keys"_s, u"list"_s});
    EXPECT_EQ(list.exitCode, 1);
    EXPECT_TRUE(list.err.contains(u"damaged"_s) && list.err.contains(u"exadesk database move-aside"_s))
        << qPrintable(list.err);
    const ProgramRun moved = exadesk({u"database"_s, u"move-aside"_s});
    ASSERT_EQ(moved.exitCode, 0) << qPrintable(moved.err);
    EXPECT_EQ(exadesk({u"keys"_s, u"list"_s}).exitCode, 0);
    EXPECT_EQ(QDir(data.path()).entryList({u"exadesk.sqlite.broken-*"_s}).size(), 1);
}
