// The engine as every face of ExaDesk assembles it: over a real SQLite file, a keychain in memory
// and the fake Exa server. Changes to the pool go through its tasks and land in the vault, the
// rows and the gateway together; a second engine over the same data folder sees what the first
// left; settings are checked, stored and applied in one place.
#include "FakeExaServer.h"
#include "MemorySecretStore.h"
#include "TestEngine.h"
#include "Wait.h"
#include "gateway/Gateway.h"
#include "logging/KeyMask.h"
#include "pool/KeysFile.h"
#include "storage/LearnedState.h"
#include "storage/PoolRecords.h"
#include "storage/RequestLog.h"
#include "storage/VaultRecords.h"

#include <QDateTime>
#include <QFile>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <memory>

using namespace exadesk;
using namespace Qt::StringLiterals;
using testsupport::finish;
using testsupport::waitUntil;

namespace {

const QString kWork = u"11111111-2222-3333-4444-555555559f3c"_s;
const QString kHome = u"22222222-3333-4444-5555-66666666aaaa"_s;
const QString kDead = u"33333333-4444-5555-6666-777777770dea"_s;

class EngineTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        fakeexa::FakeExaOptions options;
        options.keys = {kWork, kHome};
        options.instant = true;
        fake = std::make_unique<fakeexa::FakeExaServer>(options);
        ASSERT_TRUE(fake->listen());
        engine = open();
    }

    std::unique_ptr<Engine> open() { return testsupport::makeEngine(dir, secrets, fake->baseUrl(), settings); }

    int indexOf(const Engine& of, const QString& secret) const
    {
        return of.gateway().keys().indexOf(KeysFile::idFor(secret));
    }

    std::optional<KeyRecord> row(const QString& secret)
    {
        StorageError error;
        return PoolRecords(*engine->database()).key(KeysFile::idFor(secret), &error);
    }

    bool search(Engine& with)
    {
        exa::SearchRequest request;
        request.query = u"rust"_s;
        PendingCall* call = with.submit(exa::ExaCall::search(request));
        EXPECT_TRUE(waitUntil([&] { return call->isEnded(); }));
        const bool ok = call->isSuccess();
        call->deleteLater();
        return ok;
    }

    QTemporaryDir dir;
    std::unique_ptr<fakeexa::FakeExaServer> fake;
    testsupport::MemorySecretStore secrets;
    QMap<QString, QString> settings = testsupport::quietSettings();
    std::unique_ptr<Engine> engine;
};

} // namespace

TEST_F(EngineTest, WhatOneRunAddsTheNextLoadsAsItWasLeft)
{
    PoolTask* imported
        = finish(engine->keys().import(u"work,"_s + kWork + u"\nhome,"_s + kHome + u"\nnot a key\n"_s, {u"team"_s}));
    EXPECT_EQ(imported->count(TaskItem::Result::Done), 2);
    ASSERT_EQ(imported->items().size(), 3);
    EXPECT_EQ(imported->items()[2].line, 3);
    EXPECT_EQ(imported->items()[2].result, TaskItem::Result::Malformed);
    EXPECT_EQ(engine->gateway().keys().liveCount(), 2); // in the pool at once
    EXPECT_TRUE(finish(engine->keys().setEnabled({KeysFile::idFor(kHome)}, false))->error().isEmpty());
    EXPECT_EQ(engine->gateway().keys().at(indexOf(*engine, kHome)).health.state, KeyState::Disabled);
    PoolTask* proxies = finish(engine->proxies().add(u"# ours\nsocks5://alice:s3cret@127.0.0.1:1080\nftp://x\n"_s));
    EXPECT_EQ(proxies->count(TaskItem::Result::Done), 1);
    EXPECT_EQ(proxies->count(TaskItem::Result::Malformed), 1);
    EXPECT_EQ(engine->gateway().proxies().configuredCount(), 1);

    engine.reset();
    engine = open();
    EXPECT_EQ(engine->gateway().keys().liveCount(), 0); // nothing before it loads
    ASSERT_TRUE(finish(engine->load())->error().isEmpty());
    ASSERT_EQ(engine->gateway().keys().liveCount(), 2);
    const KeyEntry& work = engine->gateway().keys().at(indexOf(*engine, kWork));
    EXPECT_EQ(work.config.label, u"work"_s);
    EXPECT_EQ(work.config.tags, QStringList{u"team"_s});
    EXPECT_EQ(engine->gateway().keys().at(indexOf(*engine, kHome)).health.state, KeyState::Disabled);
    const int proxy = engine->gateway().proxies().indexOf(u"socks5://alice@127.0.0.1:1080"_s);
    ASSERT_GE(proxy, 0);
    EXPECT_EQ(engine->gateway().proxies().at(proxy).config.password, u"s3cret"_s);
    EXPECT_EQ(engine->keySecrets().value(KeysFile::idFor(kWork)), kWork);
}

TEST_F(EngineTest, TodaysCostAndLatencyComeBackAfterARestart)
{
    finish(engine->keys().import(u"work,"_s + kWork + u'\n'));
    for (int i = 0; i < 3; ++i) {
        exa::SearchRequest request;
        request.query = u"call %1"_s.arg(i);
        PendingCall* call = engine->submit(exa::ExaCall::search(request));
        ASSERT_TRUE(waitUntil([&] { return call->isEnded(); }));
        FinishedCall finished = finishedCall(*call, CallSource::Window);
        finished.route = u"search"_s;
        finished.startedAtMs = QDateTime::currentMSecsSinceEpoch();
        engine->record(finished);
        call->deleteLater();
    }
    const KeyStats before = engine->gateway().keys().at(indexOf(*engine, kWork)).stats;
    ASSERT_EQ(before.latency.count(), 3);
    ASSERT_GT(before.dollarsToday, 0.0);

    engine.reset(); // the log's last batch is written as it goes
    engine = open();
    ASSERT_TRUE(finish(engine->load())->error().isEmpty());
    const KeyStats after = engine->gateway().keys().at(indexOf(*engine, kWork)).stats;
    EXPECT_EQ(after.requestsToday, before.requestsToday);
    EXPECT_DOUBLE_EQ(after.dollarsToday, before.dollarsToday);
    EXPECT_DOUBLE_EQ(after.costDollars, before.costDollars);
    EXPECT_EQ(after.latency.count(), 3);
    EXPECT_EQ(after.latency.median(), before.latency.median());
}

TEST_F(EngineTest, ChangesReachRowsKeychainAndGatewayTogether)
{
    finish(engine->keys().import(u"work,"_s + kWork + u"\nhome,"_s + kHome + u'\n'));
    const QString home = KeysFile::idFor(kHome);

    finish(engine->keys().retag({home}, {u"paid"_s}));
    EXPECT_EQ(row(kHome)->tags, QStringList{u"paid"_s});
    EXPECT_EQ(engine->gateway().keys().at(indexOf(*engine, kHome)).config.tags, QStringList{u"paid"_s});

    finish(engine->keys().setEnabled({home}, false));
    EXPECT_EQ(row(kHome)->state, KeyState::Disabled);
    finish(engine->keys().setEnabled({home}, true));
    EXPECT_EQ(row(kHome)->state, KeyState::Active);
    EXPECT_EQ(engine->gateway().keys().at(indexOf(*engine, kHome)).health.state, KeyState::Active);

    PoolTask* removed = finish(engine->keys().remove({home}));
    EXPECT_EQ(removed->count(TaskItem::Result::Done), 1);
    EXPECT_FALSE(row(kHome));
    StorageError error;
    EXPECT_FALSE(VaultRecords(*engine->database()).sealedKeys(&error).contains(home));
    EXPECT_LT(indexOf(*engine, kHome), 0);
    EXPECT_EQ(engine->gateway().keys().liveCount(), 1);

    // Asked of a key that is not there, a change says so and changes nothing else.
    PoolTask* missing = finish(engine->keys().setEnabled({home}, false));
    ASSERT_EQ(missing->items().size(), 1);
    EXPECT_EQ(missing->items()[0].result, TaskItem::Result::Failed);
    EXPECT_TRUE(missing->items()[0].message.contains(home)) << qPrintable(missing->items()[0].message);
}

TEST_F(EngineTest, AnEngineThatDidNotLoadChangesTheRowsAlone)
{
    // As `exadesk keys disable` does: no keychain is read, the row changes, the next load sees it.
    finish(engine->keys().import(u"work,"_s + kWork + u'\n'));
    engine.reset();
    engine = open();
    secrets.failWith(SecretError::Kind::Locked);
    EXPECT_TRUE(finish(engine->keys().setEnabled({KeysFile::idFor(kWork)}, false))->error().isEmpty());
    EXPECT_EQ(row(kWork)->state, KeyState::Disabled);
    secrets.failWith(SecretError::Kind::None);
    ASSERT_TRUE(finish(engine->load())->error().isEmpty());
    EXPECT_EQ(engine->gateway().keys().at(indexOf(*engine, kWork)).health.state, KeyState::Disabled);
}

TEST_F(EngineTest, TestsGoThroughTheGatewayAndSayWhatTheyFound)
{
    finish(engine->keys().import(u"work,"_s + kWork + u"\ndead,"_s + kDead + u"\nhome,"_s + kHome + u'\n'));
    finish(engine->keys().setEnabled({KeysFile::idFor(kHome)}, false));
    const QStringList ids{KeysFile::idFor(kWork), KeysFile::idFor(kDead), KeysFile::idFor(kHome), u"key-nowhere"_s};
    PoolTask* tested = finish(engine->keys().test(ids));
    QHash<QString, TaskItem> verdicts;
    for (const TaskItem& item : tested->items())
        verdicts.insert(item.id, item);
    ASSERT_EQ(verdicts.size(), 4);
    EXPECT_EQ(verdicts.value(ids[0]).result, TaskItem::Result::Done);
    EXPECT_EQ(verdicts.value(ids[0]).message, u"works"_s);
    EXPECT_EQ(verdicts.value(ids[1]).result, TaskItem::Result::Failed);
    EXPECT_FALSE(verdicts.value(ids[1]).message.contains(kDead)) << "a verdict never shows the key";
    EXPECT_EQ(verdicts.value(ids[2]).result, TaskItem::Result::Skipped);
    EXPECT_EQ(verdicts.value(ids[3]).result, TaskItem::Result::Skipped);
    EXPECT_EQ(engine->gateway().keys().at(indexOf(*engine, kDead)).health.state, KeyState::Invalid);

    // Exa takes the key now: its test is a re-check, and it is good again.
    fake->setAcceptedKeys({kWork, kHome, kDead});
    PoolTask* again = finish(engine->keys().test({ids[1]}));
    ASSERT_EQ(again->items().size(), 1);
    EXPECT_EQ(again->items()[0].result, TaskItem::Result::Done) << qPrintable(again->items()[0].message);
    EXPECT_EQ(engine->gateway().keys().at(indexOf(*engine, kDead)).health.state, KeyState::Active);
}

TEST_F(EngineTest, AProxyTestedSaysWhetherExaAnswersThroughIt)
{
    QTcpServer closed;
    ASSERT_TRUE(closed.listen(QHostAddress::LocalHost));
    const quint16 deadPort = closed.serverPort();
    closed.close();
    const QString dead = u"http://127.0.0.1:%1"_s.arg(deadPort);
    finish(engine->proxies().add(dead));
    PoolTask* tested = finish(engine->proxies().test({dead, u"http://127.0.0.1:1"_s}));
    ASSERT_EQ(tested->items().size(), 2);
    QHash<QString, TaskItem> verdicts;
    for (const TaskItem& item : tested->items())
        verdicts.insert(item.id, item);
    EXPECT_EQ(verdicts.value(dead).result, TaskItem::Result::Failed);
    EXPECT_EQ(verdicts.value(u"http://127.0.0.1:1"_s).result, TaskItem::Result::Skipped);
    PoolTask* removed = finish(engine->proxies().remove({dead}));
    EXPECT_EQ(removed->count(TaskItem::Result::Done), 1);
    EXPECT_EQ(engine->gateway().proxies().configuredCount(), 0);
}

TEST_F(EngineTest, KeysGivenForARunServeWithWhatTheirRowsRemember)
{
    // A stored key Exa refused in an earlier run; the same key comes in a keys file this time.
    finish(engine->keys().import(u"dead,"_s + kDead + u'\n'));
    EXPECT_FALSE(search(*engine));
    engine.reset(); // what it learnt is written as it goes
    engine = open();
    ASSERT_EQ(row(kDead)->state, KeyState::Invalid);
    engine.reset();

    const QString file = dir.filePath(u"keys.txt"_s);
    QFile keys(file);
    ASSERT_TRUE(keys.open(QIODevice::WriteOnly));
    keys.write((u"ours,"_s + kDead + u"\nnot a key\nwork,"_s + kWork + u'\n').toUtf8());
    keys.close();
    keys.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    EngineSetup setup;
    setup.databasePath = dir.filePath(u"exadesk.sqlite"_s);
    setup.secrets = &secrets;
    setup.baseUrl = fake->baseUrl();
    setup.keysFile = file;
    engine = std::make_unique<Engine>(setup);
    PoolTask* loaded = finish(engine->load());
    ASSERT_TRUE(loaded->error().isEmpty()) << qPrintable(loaded->error());
    ASSERT_EQ(loaded->items().size(), 1);
    EXPECT_EQ(loaded->items()[0].line, 2);
    EXPECT_EQ(engine->gateway().keys().liveCount(), 2);
    // Parked as its row says, until its re-check; the other serves.
    EXPECT_EQ(engine->gateway().keys().at(indexOf(*engine, kDead)).health.state, KeyState::Invalid);
    EXPECT_TRUE(search(*engine));

    // One call from a shell, which never re-checks a key, takes the refusal back too while its
    // re-check is not due: the key is not sent upstream again...
    engine.reset();
    setup.oneShot = true;
    engine = std::make_unique<Engine>(setup);
    finish(engine->load());
    EXPECT_FALSE(engine->gateway().keys().policy().recheck);
    const int upstream = fake->stats(kDead).requests;
    EXPECT_EQ(engine->gateway().keys().at(indexOf(*engine, kDead)).health.state, KeyState::Invalid);
    EXPECT_EQ(engine->gateway().keys().at(indexOf(*engine, kDead)).stats.requests, row(kDead)->requests);
    for (int i = 0; i < 3; ++i)
        EXPECT_TRUE(search(*engine));
    EXPECT_EQ(fake->stats(kDead).requests, upstream);

    // ...and once it is due, that call is its re-check.
    StorageError error;
    const auto learned = LearnedState(*engine->database()).keyHealth(&error);
    ASSERT_EQ(learned.size(), 1);
    EXPECT_EQ(learned[0].keyId, KeysFile::idFor(kDead));
    KeyHealthRecord due = learned[0];
    due.recheckAtMs = QDateTime::currentMSecsSinceEpoch() - 1;
    ASSERT_TRUE(LearnedState(*engine->database()).saveKeyHealth({due}, &error)) << qPrintable(error.message);
    engine.reset();
    engine = std::make_unique<Engine>(setup);
    finish(engine->load());
    EXPECT_EQ(engine->gateway().keys().at(indexOf(*engine, kDead)).health.state, KeyState::Active);
}

TEST_F(EngineTest, AKeyFromAKeysFileFoundInvalidIsNotSentUpstreamInTheNextRun)
{
    const QString file = dir.filePath(u"keys.txt"_s);
    QFile keys(file);
    ASSERT_TRUE(keys.open(QIODevice::WriteOnly));
    keys.write((kDead + u'\n' + kWork + u'\n' + kHome + u'\n').toUtf8());
    keys.close();
    keys.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    EngineSetup setup;
    setup.databasePath = dir.filePath(u"exadesk.sqlite"_s);
    setup.secrets = &secrets;
    setup.baseUrl = fake->baseUrl();
    setup.keysFile = file;
    setup.oneShot = true;
    // Six searches from a shell, each a run of its own: only the first meets the dead key, and
    // each run goes on with the key after the one the last run used.
    for (int run = 0; run < 6; ++run) {
        engine.reset();
        engine = std::make_unique<Engine>(setup);
        finish(engine->load());
        ASSERT_TRUE(search(*engine)) << "run " << run;
    }
    EXPECT_FALSE(row(kDead)); // a keys file's key has no row, only what was learnt of it
    engine.reset();
    EXPECT_EQ(fake->stats(kDead).requests, 1);
    EXPECT_EQ(fake->stats(kWork).requests, 3);
    EXPECT_EQ(fake->stats(kHome).requests, 3);
}

TEST_F(EngineTest, SettingsAreCheckedStoredAndAppliedInOnePlace)
{
    QString problem;
    QString refused;
    EXPECT_FALSE(engine->saveSettings({{u"retry.attempts"_s, u"3"_s}, {u"server.bind"_s, u"not-an-address"_s}},
                                      &problem, &refused));
    EXPECT_EQ(refused, u"server.bind"_s);
    EXPECT_TRUE(problem.contains(u"not-an-address"_s)) << qPrintable(problem);
    EXPECT_FALSE(engine->settings().isStored(setting::RetryAttempts)) << "a refused value changes nothing";
    EXPECT_EQ(engine->gateway().options().maxAttempts, setting::RetryAttempts.number);

    ASSERT_TRUE(engine->saveSettings({{u"retry.attempts"_s, u"3"_s}, {u"breaker.open-seconds"_s, u"90"_s}}, &problem))
        << qPrintable(problem);
    EXPECT_EQ(engine->gateway().options().maxAttempts, 3);
    EXPECT_EQ(engine->gateway().keys().policy().breaker.openTime, std::chrono::seconds(90));
    // This run's Exa stays where it was given, whatever the settings say.
    EXPECT_EQ(engine->baseUrl(), fake->baseUrl());
    // Back to the default: the row goes.
    ASSERT_TRUE(engine->saveSettings({{u"retry.attempts"_s, setting::RetryAttempts.defaultValue()}}, &problem));
    EXPECT_FALSE(engine->settings().isStored(setting::RetryAttempts));
    EXPECT_EQ(engine->gateway().options().maxAttempts, setting::RetryAttempts.number);
}

TEST_F(EngineTest, CallsRecordedForTheLogArriveABatchAtATime)
{
    finish(engine->keys().import(u"work,"_s + kWork + u'\n'));
    exa::SearchRequest request;
    request.query = u"batched"_s;
    PendingCall* call = engine->submit(exa::ExaCall::search(request));
    ASSERT_TRUE(waitUntil([&] { return call->isEnded(); }));
    FinishedCall finished = finishedCall(*call, CallSource::LocalPort);
    finished.route = u"search"_s;
    finished.query = u"batched"_s;
    finished.startedAtMs = QDateTime::currentMSecsSinceEpoch();
    QSignalSpy logged(engine.get(), &Engine::callsLogged);
    engine->record(finished);
    ASSERT_TRUE(testsupport::waitForSignals(logged, 1, 5'000));
    StorageError error;
    const QList<RequestLogEntry> log = RequestLog(*engine->database()).recent(5, &error);
    ASSERT_EQ(log.size(), 1);
    EXPECT_EQ(log[0].query, u"batched"_s);
    EXPECT_EQ(log[0].source, CallSource::LocalPort);
    EXPECT_EQ(log[0].keyId, KeysFile::idFor(kWork));
    call->deleteLater();
}
