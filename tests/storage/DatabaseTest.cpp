// The database on real SQLite files in a temporary folder: schema, migrations, and what
// happens with a locked, damaged or newer file.
#include "storage/Database.h"

#include "Wait.h"
#include "config/SettingsRegistry.h"
#include "storage/BatchedCallLog.h"
#include "storage/HistoryStore.h"
#include "storage/PoolRecords.h"
#include "storage/Settings.h"

#include <QDateTime>
#include <QFile>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace exadesk;
using namespace Qt::StringLiterals;

namespace {

QVariant scalar(QSqlDatabase& db, const QString& sql)
{
    QSqlQuery query(db);
    if (!query.exec(sql) || !query.next())
        return {};
    return query.value(0);
}

// A second, independent connection to the same file, as another program would have.
class OtherConnection
{
public:
    explicit OtherConnection(const QString& path)
    {
        m_db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"other"_s);
        m_db.setDatabaseName(path);
        m_db.open();
    }
    ~OtherConnection()
    {
        m_db.close();
        m_db = {};
        QSqlDatabase::removeDatabase(u"other"_s);
    }
    bool exec(const QString& sql)
    {
        QSqlQuery query(m_db);
        return query.exec(sql);
    }

private:
    QSqlDatabase m_db;
};

class DatabaseTest : public ::testing::Test
{
protected:
    QString path() const { return dir.filePath(u"exadesk.sqlite"_s); }

    QTemporaryDir dir;
};

} // namespace

TEST_F(DatabaseTest, ANewDatabaseHasTheLatestSchemaWithWalAndForeignKeys)
{
    Database db(path());
    StorageError error;
    ASSERT_TRUE(db.open(&error)) << qPrintable(error.message);
    EXPECT_EQ(db.schemaVersion(), Database::kSchemaVersion);
    EXPECT_EQ(scalar(db.connection(), u"PRAGMA journal_mode"_s).toString(), u"wal"_s);
    EXPECT_EQ(scalar(db.connection(), u"PRAGMA foreign_keys"_s).toInt(), 1);
    // No column anywhere holds a secret but sealed.
    QSqlQuery columns(db.connection());
    ASSERT_TRUE(columns.exec(u"SELECT name FROM pragma_table_info('keys') UNION ALL "
                             "SELECT name FROM pragma_table_info('proxies')"_s));
    const QStringList allowed{u"secret_missing"_s, u"has_password"_s, u"sealed_secret"_s, u"sealed_password"_s};
    while (columns.next()) {
        const QString name = columns.value(0).toString();
        EXPECT_TRUE(!(name.contains(u"secret"_s) || name.contains(u"password"_s)) || allowed.contains(name))
            << qPrintable(name);
    }
    // Only its owner may read it: it holds the search history.
    EXPECT_EQ(QFile(path()).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
              QFileDevice::Permissions());
    // Opening again migrates nothing and loses nothing.
    db.close();
    ASSERT_TRUE(db.open(&error)) << qPrintable(error.message);
    EXPECT_EQ(db.schemaVersion(), Database::kSchemaVersion);
}

TEST_F(DatabaseTest, AVersion1DatabaseIsMigratedWithItsData)
{
    {
        // Version 1 as it shipped, written by hand rather than by the code under test.
        OtherConnection v1(path());
        for (const QString& sql :
             {u"CREATE TABLE keys (id TEXT PRIMARY KEY, label TEXT NOT NULL, tags TEXT NOT NULL DEFAULT '', "
              "note TEXT NOT NULL DEFAULT '', masked TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'active', "
              "requests INTEGER NOT NULL DEFAULT 0, successes INTEGER NOT NULL DEFAULT 0, rate_limited INTEGER "
              "NOT NULL DEFAULT 0, errors INTEGER NOT NULL DEFAULT 0, cost_dollars REAL NOT NULL DEFAULT 0, "
              "last_error TEXT NOT NULL DEFAULT '', created_at INTEGER NOT NULL, last_used_at INTEGER NOT NULL "
              "DEFAULT 0)"_s,
              u"CREATE TABLE proxies (id TEXT PRIMARY KEY, url TEXT NOT NULL, enabled INTEGER NOT NULL DEFAULT 1, "
              "has_password INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL)"_s,
              u"CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)"_s,
              u"CREATE TABLE searches (id INTEGER PRIMARY KEY, route TEXT NOT NULL, query TEXT NOT NULL, request "
              "TEXT NOT NULL, key_id TEXT, cost_dollars REAL NOT NULL DEFAULT 0, created_at INTEGER NOT NULL)"_s,
              u"CREATE TABLE search_results (id INTEGER PRIMARY KEY, search_id INTEGER NOT NULL REFERENCES "
              "searches(id) ON DELETE CASCADE, position INTEGER NOT NULL, url TEXT NOT NULL, title TEXT NOT NULL "
              "DEFAULT '', text TEXT NOT NULL DEFAULT '', raw TEXT NOT NULL)"_s,
              u"CREATE INDEX search_results_by_search ON search_results(search_id, position)"_s,
              u"CREATE TABLE request_log (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, route TEXT NOT NULL, query "
              "TEXT NOT NULL DEFAULT '', key_id TEXT NOT NULL DEFAULT '', proxy_id TEXT NOT NULL DEFAULT '', "
              "status INTEGER NOT NULL, attempts INTEGER NOT NULL, latency_ms INTEGER NOT NULL, cost_dollars REAL "
              "NOT NULL DEFAULT 0, error TEXT NOT NULL DEFAULT '')"_s,
              u"INSERT INTO keys (id, label, masked, requests, created_at) VALUES ('k1', 'Work', 'exa-…9f3c', 42, "
              "1700000000000)"_s,
              u"INSERT INTO searches (route, query, request, created_at) VALUES ('search', 'tokio runtime', '{}', "
              "1700000000000)"_s,
              u"INSERT INTO search_results (search_id, position, url, title, raw) VALUES (1, 0, "
              "'https://tokio.rs', 'Tokio: an asynchronous Rust runtime', '{}')"_s,
              u"PRAGMA user_version = 1"_s}) {
            ASSERT_TRUE(v1.exec(sql)) << qPrintable(sql);
        }
    }

    Database db(path());
    StorageError error;
    ASSERT_TRUE(db.open(&error)) << qPrintable(error.message);
    EXPECT_EQ(db.schemaVersion(), Database::kSchemaVersion);
    PoolRecords records(db);
    const auto key = records.key(u"k1"_s, &error);
    ASSERT_TRUE(key);
    EXPECT_EQ(key->label, u"Work"_s);
    EXPECT_EQ(key->requests, 42);
    EXPECT_EQ(key->dailyRequestCap, 0);
    EXPECT_FALSE(key->secretMissing);
    // What was there before full-text search is found by it.
    HistoryStore history(db);
    EXPECT_EQ(history.find(u"asynchronous"_s, 10, &error).size(), 1);
    EXPECT_EQ(history.find(u"tokio"_s, 10, &error).size(), 1);
    EXPECT_FALSE(error.isError()) << qPrintable(error.message);
}

TEST_F(DatabaseTest, ADatabaseFromANewerVersionIsLeftAlone)
{
    {
        OtherConnection newer(path());
        ASSERT_TRUE(newer.exec(u"CREATE TABLE future (x)"_s));
        ASSERT_TRUE(newer.exec(u"PRAGMA user_version = 99"_s));
    }
    Database db(path());
    StorageError error;
    EXPECT_FALSE(db.open(&error));
    EXPECT_EQ(error.kind, StorageError::Kind::TooNew);
    EXPECT_TRUE(error.message.contains(u"newer ExaDesk"_s)) << qPrintable(error.message);
    OtherConnection check(path());
    EXPECT_TRUE(check.exec(u"SELECT x FROM future"_s));
}

TEST_F(DatabaseTest, ADamagedFileIsReportedAndCanBeMovedAsideKeepingIt)
{
    QFile file(path());
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    const QByteArray garbage = QByteArray("this is not a database, but somebody's notes\n").repeated(200);
    file.write(garbage);
    file.close();

    Database db(path());
    StorageError error;
    EXPECT_FALSE(db.open(&error));
    EXPECT_EQ(error.kind, StorageError::Kind::Corrupt) << qPrintable(error.message);
    EXPECT_TRUE(error.message.contains(u"moved aside"_s)) << qPrintable(error.message);

    QString moveError;
    const QString kept = Database::moveAside(path(), &moveError);
    ASSERT_FALSE(kept.isEmpty()) << qPrintable(moveError);
    QFile old(kept);
    ASSERT_TRUE(old.open(QIODevice::ReadOnly));
    EXPECT_EQ(old.readAll(), garbage);
    ASSERT_TRUE(db.open(&error)) << qPrintable(error.message);
    EXPECT_EQ(db.schemaVersion(), Database::kSchemaVersion);
}

TEST_F(DatabaseTest, ALockedDatabaseIsAClearErrorNotAHang)
{
    {
        Database setup(path());
        StorageError error;
        ASSERT_TRUE(setup.open(&error)) << qPrintable(error.message);
    }
    OtherConnection other(path());
    ASSERT_TRUE(other.exec(u"PRAGMA journal_mode = DELETE"_s));
    ASSERT_TRUE(other.exec(u"BEGIN EXCLUSIVE"_s));

    Database db(path());
    db.setBusyTimeout(200);
    StorageError error;
    EXPECT_FALSE(db.open(&error));
    EXPECT_EQ(error.kind, StorageError::Kind::Locked) << qPrintable(error.message);
    EXPECT_TRUE(error.message.contains(u"another program"_s)) << qPrintable(error.message);
    ASSERT_TRUE(other.exec(u"COMMIT"_s));
    EXPECT_TRUE(db.open(&error)) << qPrintable(error.message);
}

TEST_F(DatabaseTest, TheBatchedCallLogKeepsWhatALockedDatabaseRefused)
{
    Database db(path());
    db.setBusyTimeout(100);
    StorageError error;
    ASSERT_TRUE(db.open(&error)) << qPrintable(error.message);
    BatchedCallLog log(db);
    log.setInterval(std::chrono::milliseconds(20));
    QSignalSpy failed(&log, &BatchedCallLog::failed);
    QSignalSpy written(&log, &BatchedCallLog::written);
    const auto call = [](const QString& query) {
        FinishedCall finished;
        finished.route = u"search"_s;
        finished.query = query;
        finished.startedAtMs = QDateTime::currentMSecsSinceEpoch();
        finished.httpStatus = 200;
        finished.source = CallSource::LocalPort;
        return finished;
    };

    OtherConnection other(path());
    ASSERT_TRUE(other.exec(u"BEGIN IMMEDIATE"_s)); // another program holds the write lock
    log.add(call(u"one"_s));
    EXPECT_FALSE(log.flush());
    log.add(call(u"two"_s));
    EXPECT_FALSE(log.flush());
    ASSERT_EQ(failed.size(), 1); // said once, not once a batch
    EXPECT_TRUE(failed.constFirst().constFirst().toString().contains(u"another program"_s))
        << qPrintable(failed.constFirst().constFirst().toString());
    EXPECT_EQ(log.waiting(), 2);

    ASSERT_TRUE(other.exec(u"COMMIT"_s));
    ASSERT_TRUE(written.wait(5'000)); // tried again by itself
    ASSERT_EQ(written.size(), 1);
    EXPECT_EQ(written.constFirst().constFirst().toInt(), 2);
    const QList<RequestLogEntry> entries = RequestLog(db).recent(10, &error);
    ASSERT_EQ(entries.size(), 2);
    EXPECT_EQ(log.waiting(), 0);
}

TEST_F(DatabaseTest, TheBatchedCallLogWritesABusyPortInChunksBetweenEvents)
{
    Database db(path());
    StorageError error;
    ASSERT_TRUE(db.open(&error)) << qPrintable(error.message);
    BatchedCallLog log(db);
    log.setInterval(std::chrono::hours(1)); // only full chunks go by themselves here
    QSignalSpy written(&log, &BatchedCallLog::written);
    FinishedCall call;
    call.route = u"search"_s;
    call.startedAtMs = QDateTime::currentMSecsSinceEpoch();
    call.source = CallSource::LocalPort;
    const int total = 2 * BatchedCallLog::kChunk + 50;
    for (int i = 0; i < total; ++i)
        log.add(call);
    EXPECT_TRUE(written.isEmpty()); // nothing written while the requests come in
    ASSERT_TRUE(testsupport::waitUntil([&] { return written.size() >= 2; }));
    ASSERT_EQ(written.size(), 2);
    EXPECT_EQ(written.at(0).constFirst().toInt(), BatchedCallLog::kChunk);
    EXPECT_EQ(written.at(1).constFirst().toInt(), BatchedCallLog::kChunk);
    EXPECT_EQ(log.waiting(), 50); // the rest waits for its interval, or for flush()
    ASSERT_TRUE(log.flush());
    EXPECT_EQ(RequestLog(db).recent(1'000, &error).size(), total);
}

TEST_F(DatabaseTest, TheBatchedCallLogTrimsTheLogToItsRetention)
{
    Database db(path());
    StorageError error;
    ASSERT_TRUE(db.open(&error)) << qPrintable(error.message);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 day = 24 * 3600'000LL;
    ASSERT_TRUE(RequestLog(db).append(
        {{0, now - 10 * day, u"search"_s, u"old"_s, {}, {}, 200, 1, 5, 0.0, {}, CallSource::LocalPort, {}}}, &error));
    BatchedCallLog log(db);
    // As the app asks: the stored setting, read when the log is trimmed.
    ASSERT_TRUE(Settings(db).setValue(u"log.retention-days"_s, u"7"_s, &error));
    log.setRetention([&db] {
        StorageError ignored;
        return Settings(db).values(&ignored).number(setting::LogRetentionDays);
    });
    FinishedCall fresh;
    fresh.route = u"search"_s;
    fresh.query = u"fresh"_s;
    fresh.startedAtMs = now;
    fresh.source = CallSource::LocalPort;
    log.add(fresh);
    ASSERT_TRUE(log.flush());
    const QList<RequestLogEntry> kept = RequestLog(db).recent(10, &error);
    ASSERT_EQ(kept.size(), 1);
    EXPECT_EQ(kept.constFirst().query, u"fresh"_s);
}

TEST_F(DatabaseTest, DataDirComesFromTheEnvironmentWhenSet)
{
    qputenv("EXADESK_DATA_DIR", dir.filePath(u"portable"_s).toUtf8());
    EXPECT_EQ(Database::defaultPath(), dir.filePath(u"portable/exadesk.sqlite"_s));
    qunsetenv("EXADESK_DATA_DIR");
    EXPECT_NE(Database::defaultPath(), dir.filePath(u"portable/exadesk.sqlite"_s));
}
