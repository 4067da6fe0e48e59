// A database written by ExaDesk 0.1.0 (tests/storage/data/README.md says how) opens with today's
// code and keeps what it held: every setting, read through today's registry and applied to the
// engine, the keys' rows with their states, the proxies, the history and the request log.
#include "MemorySecretStore.h"
#include "engine/Engine.h"
#include "gateway/Gateway.h"
#include "server/LocalServer.h"
#include "storage/HistoryStore.h"
#include "storage/PoolRecords.h"
#include "storage/RequestLog.h"

#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace exadesk;
using namespace Qt::StringLiterals;

namespace {

// What 0.1.0 was told to store, setting by setting.
const QMap<QString, QString> kWritten{
    {u"retry.attempts"_s, u"6"_s},
    {u"retry.backoff-base-ms"_s, u"300"_s},
    {u"retry.backoff-cap-ms"_s, u"12000"_s},
    {u"retry.deadline-seconds"_s, u"90"_s},
    {u"retry.budget-percent"_s, u"35"_s},
    {u"breaker.failure-threshold"_s, u"5"_s},
    {u"breaker.open-seconds"_s, u"45"_s},
    {u"recheck.enabled"_s, u"off"_s},
    {u"recheck.first-minutes"_s, u"15"_s},
    {u"rate.search-per-second"_s, u"7"_s},
    {u"rate.contents-per-second"_s, u"70"_s},
    {u"gateway.max-in-flight"_s, u"48"_s},
    {u"request.timeout-seconds"_s, u"40"_s},
    {u"request.user-agent"_s, u"FixtureAgent/1.0"_s},
    {u"request.base-url"_s, u"http://127.0.0.1:9/"_s},
    {u"log.retention-days"_s, u"60"_s},
    {u"server.port"_s, u"18787"_s},
    {u"server.bind"_s, u"127.0.0.1"_s},
    {u"server.allowed-hosts"_s, u"myhost.local"_s},
    {u"server.allowed-origins"_s, u"http://localhost:3000"_s},
    {u"server.max-body-kib"_s, u"2048"_s},
    {u"server.max-connections"_s, u"256"_s},
};

class UpgradeTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(dir.isValid());
        ASSERT_TRUE(
            QFile::copy(QStringLiteral(EXADESK_SOURCE_DIR "/tests/storage/data/written-by-0.1.0.sqlite"), path));
        QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }

    QTemporaryDir dir;
    const QString path = dir.filePath(u"exadesk.sqlite"_s);
};

} // namespace

TEST_F(UpgradeTest, TheRowsOfEarlierRunsAreAllThere)
{
    Database db(path);
    StorageError error;
    ASSERT_TRUE(db.open(&error)) << qPrintable(error.message);
    EXPECT_EQ(db.schemaVersion(), Database::kSchemaVersion);

    const QList<KeyRecord> keys = PoolRecords(db).keys(&error);
    ASSERT_EQ(keys.size(), 2);
    EXPECT_EQ(keys[0].label, u"work"_s);
    EXPECT_EQ(keys[0].state, KeyState::Active);
    EXPECT_EQ(keys[0].masked, u"exa-…9f3c"_s);
    EXPECT_EQ(keys[0].requests, 1); // the search
    EXPECT_EQ(keys[1].label, u"home"_s);
    EXPECT_EQ(keys[1].state, KeyState::Disabled);

    const QList<ProxyRecord> proxies = PoolRecords(db).proxies(&error);
    ASSERT_EQ(proxies.size(), 2);
    EXPECT_EQ(proxies[0].id, u"http://127.0.0.1:3128"_s);
    EXPECT_EQ(proxies[1].id, u"socks5://user@127.0.0.1:1080"_s);
    EXPECT_TRUE(proxies[1].hasPassword);

    const QList<StoredSearch> history = HistoryStore(db).recent(10, &error);
    ASSERT_EQ(history.size(), 1);
    EXPECT_EQ(history[0].query, u"rust async runtimes"_s);
    EXPECT_EQ(HistoryStore(db).results(history[0].id, &error).size(), 3);
    const QList<RequestLogEntry> log = RequestLog(db).recent(10, &error);
    ASSERT_EQ(log.size(), 1);
    EXPECT_EQ(log[0].source, CallSource::CommandLine);
    EXPECT_EQ(RequestLog(db).attempts(log[0].id, &error).size(), 1);
    EXPECT_FALSE(error.isError()) << qPrintable(error.message);
}

TEST_F(UpgradeTest, EverySettingIsKeptAndTheEngineRunsWithIt)
{
    // Every setting 0.1.0 wrote is one today's registry knows, under the same name.
    for (auto written = kWritten.cbegin(); written != kWritten.cend(); ++written)
        ASSERT_TRUE(SettingsRegistry::find(written.key())) << qPrintable(written.key());
    testsupport::MemorySecretStore secrets;
    EngineSetup setup;
    setup.databasePath = path;
    setup.secrets = &secrets;
    Engine engine(setup);
    ASSERT_TRUE(engine.database()) << qPrintable(engine.databaseError().message);
    const SettingValues values = engine.settings();
    // Those are kept; one added since reads as its default.
    for (const Setting* each : setting::kAll) {
        EXPECT_EQ(values.isStored(*each), kWritten.contains(each->key())) << each->name;
        EXPECT_EQ(values.raw(*each), kWritten.value(each->key(), each->defaultValue())) << each->name;
    }

    const GatewayOptions& options = engine.gateway().options();
    EXPECT_EQ(options.maxAttempts, 6);
    EXPECT_EQ(options.backoff.base, std::chrono::milliseconds(300));
    EXPECT_EQ(options.backoff.cap, std::chrono::milliseconds(12'000));
    EXPECT_EQ(options.deadline, std::chrono::seconds(90));
    EXPECT_DOUBLE_EQ(options.retryBudgetRatio, 0.35);
    EXPECT_EQ(options.maxInFlight, 48);
    EXPECT_EQ(options.client.timeout, std::chrono::seconds(40));
    EXPECT_EQ(options.client.userAgent, u"FixtureAgent/1.0"_s);
    EXPECT_EQ(options.client.baseUrl, QUrl(u"http://127.0.0.1:9/"_s));
    const KeyPolicy& policy = engine.gateway().keys().policy();
    EXPECT_EQ(policy.breaker.failureThreshold, 5);
    EXPECT_EQ(policy.breaker.openTime, std::chrono::seconds(45));
    EXPECT_FALSE(policy.recheck);
    EXPECT_EQ(policy.firstRecheck, std::chrono::minutes(15));
    EXPECT_DOUBLE_EQ(policy.searchRatePerSecond, 7);
    EXPECT_DOUBLE_EQ(policy.contentsRatePerSecond, 70);
    const LocalServerOptions port = LocalServerOptions::fromSettings(values);
    EXPECT_EQ(port.port, 18787);
    EXPECT_EQ(port.addresses, QList<QHostAddress>{QHostAddress(u"127.0.0.1"_s)});
    EXPECT_EQ(port.extraHosts, QStringList{u"myhost.local"_s});
    EXPECT_EQ(port.allowedOrigins, QStringList{u"http://localhost:3000"_s});
    EXPECT_EQ(port.limits.maxBodyBytes, 2048 * 1024);
    EXPECT_EQ(port.maxConnections, 256);
    EXPECT_EQ(values.number(setting::LogRetentionDays), 60);
}
