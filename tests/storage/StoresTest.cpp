// The stores on a real SQLite file: keys' and proxies' rows and the keychain journal, history
// with full-text search, the request log with retention, and settings.
#include "engine/KeyStateJournal.h"
#include "gateway/Gateway.h"
#include "storage/Database.h"
#include "storage/HistoryStore.h"
#include "storage/PoolRecords.h"
#include "storage/RequestLog.h"
#include "storage/Settings.h"
#include "storage/VaultRecords.h"

#include <QDateTime>
#include <QJsonArray>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace exadesk;
using namespace Qt::StringLiterals;

namespace {

class StoresTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(dir.isValid());
        ASSERT_TRUE(db.open(&error)) << qPrintable(error.message);
    }

    static KeyRecord keyNamed(const QString& id)
    {
        KeyRecord key;
        key.id = id;
        key.label = u"Label of "_s + id;
        key.masked = u"exa-…"_s + id.right(4);
        key.tags = {u"team"_s, u"prod"_s};
        return key;
    }

    QTemporaryDir dir;
    Database db{dir.filePath(u"exadesk.sqlite"_s)};
    StorageError error;
};

} // namespace

TEST_F(StoresTest, KeysAreKeptAndABatchLandsWholeOrNotAtAll)
{
    PoolRecords records(db);
    ASSERT_TRUE(records.insertKeys({keyNamed(u"key-0001"_s), keyNamed(u"key-0002"_s)}, {}, &error))
        << qPrintable(error.message);
    // A batch with one bad row (a duplicate) adds none of its rows.
    EXPECT_FALSE(records.insertKeys({keyNamed(u"key-0003"_s), keyNamed(u"key-0001"_s)}, {}, &error));
    EXPECT_EQ(error.kind, StorageError::Kind::Failed);
    error = {};
    QList<KeyRecord> keys = records.keys(&error);
    ASSERT_EQ(keys.size(), 2);
    EXPECT_EQ(keys[0].tags, QStringList({u"team"_s, u"prod"_s}));

    KeyRecord changed = keys[0];
    changed.state = KeyState::Invalid;
    changed.requests = 7;
    changed.lastError = u"Exa answered 401"_s;
    ASSERT_TRUE(records.updateKey(changed, &error));
    EXPECT_EQ(records.key(u"key-0001"_s, &error)->state, KeyState::Invalid);
    EXPECT_EQ(records.key(u"key-0001"_s, &error)->requests, 7);
    ASSERT_TRUE(records.setSecretMissing({u"key-0002"_s}, true, &error));
    EXPECT_TRUE(records.key(u"key-0002"_s, &error)->secretMissing);
    ASSERT_TRUE(records.removeKeys({u"key-0001"_s}, &error));
    EXPECT_EQ(records.keys(&error).size(), 1);
}

TEST_F(StoresTest, SealedSecretsGoAndComeWithTheirRows)
{
    PoolRecords records(db);
    VaultRecords vault(db);
    ASSERT_TRUE(records.insertKeys({keyNamed(u"key-0001"_s), keyNamed(u"key-0002"_s)}, {"sealed-1"_ba}, &error));
    EXPECT_EQ(vault.sealedKeys(&error), (QHash<QString, QByteArray>{{u"key-0001"_s, "sealed-1"_ba}}));
    EXPECT_TRUE(vault.anySealed(&error));
    ASSERT_TRUE(vault.storeSealed({{u"key-0002"_s, "sealed-2"_ba}}, {}, {u"key-0001"_s}, &error));
    EXPECT_EQ(vault.sealedKeys(&error).value(u"key-0002"_s), "sealed-2"_ba);
    EXPECT_TRUE(records.key(u"key-0001"_s, &error)->secretMissing);
    ASSERT_TRUE(records.removeKeys({u"key-0001"_s, u"key-0002"_s}, &error));
    EXPECT_FALSE(vault.anySealed(&error));

    VaultRecord saved{u"v1"_s, "check"_ba, true, {}, 0, 0, {}, 0};
    ASSERT_TRUE(vault.saveVault(saved, &error));
    EXPECT_EQ(vault.vault(&error)->name, u"v1"_s);
    EXPECT_FALSE(vault.vault(&error)->hasPassphrase());
    ASSERT_TRUE(vault.forgetSealed(&error));
    EXPECT_FALSE(vault.vault(&error).has_value());
    EXPECT_FALSE(error.isError()) << qPrintable(error.message);
}

TEST_F(StoresTest, ProxiesAreKeptWithoutPasswords)
{
    PoolRecords records(db);
    ASSERT_TRUE(records.insertProxy(
        {u"socks5://alice@127.0.0.1:1080"_s, u"socks5://alice@127.0.0.1:1080"_s, true, true, 0}, {}, &error));
    QList<ProxyRecord> proxies = records.proxies(&error);
    ASSERT_EQ(proxies.size(), 1);
    EXPECT_TRUE(proxies[0].hasPassword);
    proxies[0].enabled = false;
    ASSERT_TRUE(records.updateProxy(proxies[0], &error));
    EXPECT_FALSE(records.proxies(&error)[0].enabled);
    ASSERT_TRUE(records.removeProxy(proxies[0].id, &error));
    EXPECT_TRUE(records.proxies(&error).isEmpty());
}

TEST_F(StoresTest, HistoryIsFoundByQueryTitleUrlAndTextAndReopensWhole)
{
    HistoryStore history(db);
    StoredSearch rust{
        0, u"search"_s, u"rust async runtimes"_s, {{u"query"_s, u"rust async runtimes"_s}}, u"key-0001"_s, 0.005, 1'000,
        0, {}};
    const qint64 first = history.add(rust,
                                     {{u"https://tokio.rs"_s,
                                       u"Tokio"_s,
                                       u"An asynchronous runtime for Rust."_s,
                                       {{u"id"_s, u"https://tokio.rs"_s}}},
                                      {u"https://async.rs"_s, u"async-std"_s, u"Async version of std."_s, {}}},
                                     &error);
    ASSERT_GT(first, 0) << qPrintable(error.message);
    StoredSearch batteries{0, u"search"_s, u"solid-state batteries"_s, {}, {}, 0.005, 2'000, 0, {}};
    const qint64 second = history.add(
        batteries, {{u"https://example.org/ssb"_s, u"Solid electrolytes"_s, u"Lithium metal anodes."_s, {}}}, &error);
    ASSERT_GT(second, 0);

    const auto ids = [&](const QString& text) {
        QList<qint64> found;
        for (const StoredSearch& search : history.find(text, 10, &error))
            found.append(search.id);
        return found;
    };
    EXPECT_EQ(ids(u"rust"_s), QList<qint64>({first})); // the query
    EXPECT_EQ(ids(u"electrolytes"_s), QList<qint64>({second})); // a title
    EXPECT_EQ(ids(u"tokio.rs"_s), QList<qint64>({first})); // a url
    EXPECT_EQ(ids(u"lithium"_s), QList<qint64>({second})); // the text
    EXPECT_EQ(ids(u"asynchr"_s), QList<qint64>({first})); // a prefix
    EXPECT_EQ(ids(u"runtime rust"_s), QList<qint64>({first})); // every word, any order
    EXPECT_TRUE(ids(u"rust batteries"_s).isEmpty());
    EXPECT_EQ(ids(u""_s), QList<qint64>({second, first})); // nothing typed: the newest
    // FTS5 syntax typed by a person is just words.
    EXPECT_TRUE(ids(u"\"unbalanced AND OR NEAR("_s).isEmpty());
    EXPECT_FALSE(error.isError()) << qPrintable(error.message);

    const QList<StoredSearch> recent = history.recent(1, &error);
    ASSERT_EQ(recent.size(), 1);
    EXPECT_EQ(recent[0].query, u"solid-state batteries"_s);
    const QList<StoredResult> results = history.results(first, &error);
    ASSERT_EQ(results.size(), 2);
    EXPECT_EQ(results[0].url, u"https://tokio.rs"_s);
    EXPECT_EQ(results[0].raw.value(u"id"_s).toString(), u"https://tokio.rs"_s);

    ASSERT_TRUE(history.remove(first, &error));
    EXPECT_TRUE(ids(u"tokio"_s).isEmpty());
    EXPECT_TRUE(history.results(first, &error).isEmpty());
}

TEST_F(StoresTest, AnAnswerIsKeptWithItsCitations)
{
    HistoryStore history(db);
    StoredSearch asked{
        0, u"answer"_s, u"who made rust"_s, {}, {}, 0.005, 3'000, 0, u"Graydon Hoare, at Mozilla [1]."_s};
    const qint64 id = history.add(
        asked, {{u"https://en.wikipedia.org/wiki/Rust"_s, u"Rust (programming language)"_s, {}, {}}}, &error);
    ASSERT_GT(id, 0) << qPrintable(error.message);
    const QList<StoredSearch> recent = history.recent(1, &error);
    ASSERT_EQ(recent.size(), 1);
    EXPECT_EQ(recent[0].answer, u"Graydon Hoare, at Mozilla [1]."_s);
    EXPECT_EQ(recent[0].resultCount, 1);
    EXPECT_EQ(history.find(u"rust"_s, 5, &error).value(0).answer, recent[0].answer);
}

TEST_F(StoresTest, TheRequestLogIsFilteredAndTrimmedToItsRetention)
{
    RequestLog log(db);
    const qint64 day = 24 * 3600'000LL;
    const qint64 now = 100 * day;
    ASSERT_TRUE(
        log.append({{0,
                     now - 40 * day,
                     u"search"_s,
                     u"old"_s,
                     u"key-1"_s,
                     u"direct"_s,
                     200,
                     1,
                     120,
                     0.005,
                     {},
                     CallSource::Window,
                     {{1, now - 40 * day, u"key-1"_s, u"direct"_s, 200, u"success"_s, 120, {}}}},
                    {0,
                     now - day,
                     u"search"_s,
                     u"recent"_s,
                     u"key-1"_s,
                     u"direct"_s,
                     429,
                     2,
                     300,
                     0,
                     {},
                     CallSource::LocalPort,
                     {{1, now - day, u"key-2"_s, u"direct"_s, 429, u"rate limited"_s, 100, u"slow down"_s},
                      {2, now - day + 150, u"key-1"_s, u"direct"_s, 429, u"rate limited"_s, 150, u"slow down"_s}}},
                    {0,
                     now,
                     u"contents"_s,
                     QString(500, u'x'),
                     u"key-2"_s,
                     u"direct"_s,
                     200,
                     1,
                     90,
                     0.001,
                     {},
                     CallSource::CommandLine,
                     {}}},
                   &error))
        << qPrintable(error.message);
    const QList<RequestLogEntry> all = log.recent(10, &error);
    ASSERT_EQ(all.size(), 3);
    EXPECT_EQ(all.first().query.size(), RequestLog::kQueryLength);
    EXPECT_EQ(all.at(0).source, CallSource::CommandLine);
    EXPECT_EQ(all.at(1).source, CallSource::LocalPort);
    EXPECT_EQ(log.recent(10, &error, 429).size(), 1);
    EXPECT_EQ(log.recent(10, &error, 0, u"key-2"_s).size(), 1);

    // Each attempt comes back as it was written, first first.
    const QList<LoggedAttempt> attempts = log.attempts(all.at(1).id, &error);
    ASSERT_EQ(attempts.size(), 2);
    EXPECT_EQ(attempts.at(0).keyId, u"key-2"_s);
    EXPECT_EQ(attempts.at(1).number, 2);
    EXPECT_EQ(attempts.at(1).atMs, now - day + 150);
    EXPECT_EQ(attempts.at(1).outcome, u"rate limited"_s);
    EXPECT_EQ(attempts.at(1).error, u"slow down"_s);
    EXPECT_TRUE(log.attempts(all.at(0).id, &error).isEmpty());

    // Trimming takes an entry's attempts with it.
    const qint64 oldest = all.at(2).id;
    ASSERT_EQ(log.attempts(oldest, &error).size(), 1);
    EXPECT_EQ(log.prune(setting::LogRetentionDays.number, now, &error), 1);
    EXPECT_EQ(log.recent(10, &error).size(), 2);
    EXPECT_TRUE(log.attempts(oldest, &error).isEmpty());
    EXPECT_FALSE(error.isError()) << qPrintable(error.message);
}

TEST_F(StoresTest, KeysTakeBackTheirRefusalCountersAndTodaysUseAndKeepThemCurrent)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    KeyRecord refused{u"k-refused"_s,
                      u"refused"_s,
                      {},
                      {},
                      u"exa-…0001"_s,
                      KeyState::Invalid,
                      3,
                      0,
                      0,
                      3,
                      0.0,
                      u"Exa refused the key"_s,
                      now,
                      now,
                      0,
                      0.0,
                      false};
    KeyRecord busy{u"k-busy"_s, u"busy"_s, {}, {},  u"exa-…0002"_s, KeyState::Active, 7, 6, 1, 0, 0.5, {},
                   now,         now,       2,  0.0, false};
    PoolRecords records(db);
    ASSERT_TRUE(records.insertKeys({refused, busy}, {}, &error)) << qPrintable(error.message);
    // Today the busy key carried two attempts; a day ago one more, and today one that never
    // reached Exa: neither counts, as the engine does not count them.
    const auto call = [](qint64 atMs, const QString& keyId, const QString& outcome) {
        return RequestLogEntry{0,
                               atMs,
                               u"search"_s,
                               u"q"_s,
                               keyId,
                               u"direct"_s,
                               200,
                               1,
                               5,
                               0.01,
                               {},
                               CallSource::Window,
                               {{1, atMs, keyId, u"direct"_s, 200, outcome, 5, {}}}};
    };
    ASSERT_TRUE(RequestLog(db).append({call(now, busy.id, u"success"_s), call(now, busy.id, u"success"_s),
                                       call(now - 26 * 3600'000LL, busy.id, u"success"_s),
                                       call(now, busy.id, u"proxy failure"_s)},
                                      &error));

    Gateway gateway(Clock::system());
    gateway.addKey({refused.id, refused.label, u"secret-refused-0123456789"_s, {}, {}, 0, 0.0});
    gateway.addKey({busy.id, busy.label, u"secret-busy-0123456789"_s, {}, {}, 2, 0.0}); // 2 requests a day
    KeyStateJournal journal(gateway, db);
    journal.restore(records.keys(&error));
    const KeyEntry& first = gateway.keys().at(0);
    EXPECT_EQ(first.health.state, KeyState::Invalid);
    EXPECT_EQ(first.health.reason, refused.lastError);
    const KeyEntry& second = gateway.keys().at(1);
    EXPECT_EQ(second.stats.requests, 7);
    EXPECT_DOUBLE_EQ(second.stats.costDollars, 0.5);
    EXPECT_EQ(second.stats.requestsToday, 2);
    EXPECT_EQ(second.health.state, KeyState::CoolingDown); // its daily cap is reached already

    // What was restored is not written back; what the engine learns from now on is: a new
    // secret revives the refused key.
    ASSERT_TRUE(journal.flush());
    EXPECT_EQ(records.key(refused.id, &error)->requests, refused.requests);
    ASSERT_TRUE(gateway.updateKey(0, {refused.id, refused.label, u"secret-renewed-0123456789"_s, {}, {}, 0, 0.0}));
    ASSERT_TRUE(journal.flush());
    EXPECT_EQ(records.key(refused.id, &error)->state, KeyState::Active);
    EXPECT_EQ(records.key(refused.id, &error)->label, refused.label); // the rest of the row untouched
}

TEST_F(StoresTest, TwoProgramsCountingOneKeyAddUpInItsRow)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const KeyRecord row{u"k"_s, u"shared"_s, {}, {},  u"exa-…0003"_s, KeyState::Active, 10, 10, 0, 0, 1.0, {},
                        now,    now,         0,  0.0, false};
    PoolRecords records(db);
    ASSERT_TRUE(records.insertKeys({row}, {}, &error));
    // The window and `exadesk serve`, each with its own engine over the same row.
    Gateway window(Clock::system());
    Gateway serve(Clock::system());
    KeyStateJournal windowJournal(window, db);
    KeyStateJournal serveJournal(serve, db);
    for (auto [gateway, journal] : {std::pair{&window, &windowJournal}, std::pair{&serve, &serveJournal}}) {
        gateway->addKey({row.id, row.label, u"secret-shared-0123456789"_s, {}, {}, 0, 0.0});
        journal->restore(records.keys(&error));
    }
    const auto countMore = [](Gateway& gateway, int requests, double dollars) {
        KeyMemory memory;
        memory.stats = gateway.keys().at(0).stats;
        memory.stats.requests += requests;
        memory.stats.successes += requests;
        memory.stats.costDollars += dollars;
        gateway.restoreKey(0, memory);
    };
    countMore(window, 2, 0.25);
    countMore(serve, 3, 0.5);
    ASSERT_TRUE(serveJournal.flush());
    ASSERT_TRUE(windowJournal.flush());
    countMore(window, 1, 0.25);
    ASSERT_TRUE(windowJournal.flush());
    const std::optional<KeyRecord> stored = records.key(row.id, &error);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->requests, 16);
    EXPECT_EQ(stored->successes, 16);
    EXPECT_DOUBLE_EQ(stored->costDollars, 2.0);
}

TEST_F(StoresTest, SettingsAreRowsReadThroughTheRegistry)
{
    Settings settings(db);
    EXPECT_EQ(settings.values(&error).number(setting::RetryAttempts), setting::RetryAttempts.number);
    ASSERT_TRUE(settings.setValue(u"retry.attempts"_s, u"6"_s, &error));
    ASSERT_TRUE(settings.setValue(u"recheck.enabled"_s, u"off"_s, &error));
    ASSERT_TRUE(settings.setValue(u"retry.attempts"_s, u"5"_s, &error));
    EXPECT_EQ(settings.values(&error).number(setting::RetryAttempts), 5);
    EXPECT_FALSE(settings.values(&error).flag(setting::RecheckEnabled));
    ASSERT_TRUE(settings.setValue(u"ui.language"_s, u"zh_CN"_s, &error));
    EXPECT_EQ(settings.all(&error).size(), 3);
    ASSERT_TRUE(settings.remove(u"ui.language"_s, &error));
    EXPECT_EQ(settings.value(u"ui.language"_s, &error), std::nullopt);
    // A value the setting does not take reads as its default; a default stored goes away.
    ASSERT_TRUE(settings.setValue(u"retry.attempts"_s, u"99"_s, &error));
    EXPECT_EQ(settings.values(&error).number(setting::RetryAttempts), setting::RetryAttempts.number);
    ASSERT_TRUE(settings.store(
        {{u"retry.attempts"_s, setting::RetryAttempts.defaultValue()}, {u"retry.budget-percent"_s, u"30"_s}}, &error));
    EXPECT_FALSE(settings.values(&error).isStored(setting::RetryAttempts));
    EXPECT_EQ(settings.values(&error).number(setting::RetryBudgetPercent), 30);
    EXPECT_FALSE(error.isError()) << qPrintable(error.message);
}
