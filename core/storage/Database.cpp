#include "Database.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>

#include <atomic>

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

// Each entry takes the schema from the version before it to its own number. Never edit one
// that has shipped: add the next.
const QList<QStringList>& migrations()
{
    static const QList<QStringList> steps{
        // 1: keys' metadata (never the secret), proxies (never a password), settings, search
        // history with its results, and the request log.
        {
            uR"(CREATE TABLE keys (
                id TEXT PRIMARY KEY,
                label TEXT NOT NULL,
                tags TEXT NOT NULL DEFAULT '',
                note TEXT NOT NULL DEFAULT '',
                masked TEXT NOT NULL,
                state TEXT NOT NULL DEFAULT 'active',
                requests INTEGER NOT NULL DEFAULT 0,
                successes INTEGER NOT NULL DEFAULT 0,
                rate_limited INTEGER NOT NULL DEFAULT 0,
                errors INTEGER NOT NULL DEFAULT 0,
                cost_dollars REAL NOT NULL DEFAULT 0,
                last_error TEXT NOT NULL DEFAULT '',
                created_at INTEGER NOT NULL,
                last_used_at INTEGER NOT NULL DEFAULT 0))"_s,
            uR"(CREATE TABLE proxies (
                id TEXT PRIMARY KEY,
                url TEXT NOT NULL,
                enabled INTEGER NOT NULL DEFAULT 1,
                has_password INTEGER NOT NULL DEFAULT 0,
                created_at INTEGER NOT NULL))"_s,
            uR"(CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL))"_s,
            uR"(CREATE TABLE searches (
                id INTEGER PRIMARY KEY,
                route TEXT NOT NULL,
                query TEXT NOT NULL,
                request TEXT NOT NULL,
                key_id TEXT,
                cost_dollars REAL NOT NULL DEFAULT 0,
                created_at INTEGER NOT NULL))"_s,
            uR"(CREATE TABLE search_results (
                id INTEGER PRIMARY KEY,
                search_id INTEGER NOT NULL REFERENCES searches(id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                url TEXT NOT NULL,
                title TEXT NOT NULL DEFAULT '',
                text TEXT NOT NULL DEFAULT '',
                raw TEXT NOT NULL))"_s,
            uR"(CREATE INDEX search_results_by_search ON search_results(search_id, position))"_s,
            uR"(CREATE TABLE request_log (
                id INTEGER PRIMARY KEY,
                at INTEGER NOT NULL,
                route TEXT NOT NULL,
                query TEXT NOT NULL DEFAULT '',
                key_id TEXT NOT NULL DEFAULT '',
                proxy_id TEXT NOT NULL DEFAULT '',
                status INTEGER NOT NULL,
                attempts INTEGER NOT NULL,
                latency_ms INTEGER NOT NULL,
                cost_dollars REAL NOT NULL DEFAULT 0,
                error TEXT NOT NULL DEFAULT ''))"_s,
        },
        // 2: full-text search over past queries and their results; daily caps and the flag for
        // a key whose secret is gone; the journal that keeps keychain and rows in agreement;
        // the request log by time, for retention.
        {
            uR"(CREATE VIRTUAL TABLE searches_fts USING fts5(query, content='searches', content_rowid='id'))"_s,
            uR"(CREATE VIRTUAL TABLE search_results_fts USING fts5(title, url, text,
                content='search_results', content_rowid='id'))"_s,
            uR"(INSERT INTO searches_fts(rowid, query) SELECT id, query FROM searches)"_s,
            uR"(INSERT INTO search_results_fts(rowid, title, url, text)
                SELECT id, title, url, text FROM search_results)"_s,
            uR"(CREATE TRIGGER searches_ai AFTER INSERT ON searches BEGIN
                INSERT INTO searches_fts(rowid, query) VALUES (new.id, new.query); END)"_s,
            uR"(CREATE TRIGGER searches_ad AFTER DELETE ON searches BEGIN
                INSERT INTO searches_fts(searches_fts, rowid, query) VALUES ('delete', old.id, old.query); END)"_s,
            uR"(CREATE TRIGGER search_results_ai AFTER INSERT ON search_results BEGIN
                INSERT INTO search_results_fts(rowid, title, url, text)
                VALUES (new.id, new.title, new.url, new.text); END)"_s,
            uR"(CREATE TRIGGER search_results_ad AFTER DELETE ON search_results BEGIN
                INSERT INTO search_results_fts(search_results_fts, rowid, title, url, text)
                VALUES ('delete', old.id, old.title, old.url, old.text); END)"_s,
            uR"(ALTER TABLE keys ADD COLUMN daily_request_cap INTEGER NOT NULL DEFAULT 0)"_s,
            uR"(ALTER TABLE keys ADD COLUMN daily_dollar_cap REAL NOT NULL DEFAULT 0)"_s,
            uR"(ALTER TABLE keys ADD COLUMN secret_missing INTEGER NOT NULL DEFAULT 0)"_s,
            uR"(CREATE TABLE pending_secrets (name TEXT PRIMARY KEY, created_at INTEGER NOT NULL))"_s,
            uR"(CREATE INDEX request_log_by_time ON request_log(at))"_s,
        },
        // 3: where a call came from (the window, the command line, the local port), and each of
        // its attempts: which key and proxy carried it and how it went.
        {
            uR"(ALTER TABLE request_log ADD COLUMN source TEXT NOT NULL DEFAULT '')"_s,
            uR"(CREATE TABLE request_attempts (
                request_id INTEGER NOT NULL REFERENCES request_log(id) ON DELETE CASCADE,
                number INTEGER NOT NULL,
                at INTEGER NOT NULL,
                key_id TEXT NOT NULL DEFAULT '',
                proxy_id TEXT NOT NULL DEFAULT '',
                status INTEGER NOT NULL,
                outcome TEXT NOT NULL,
                latency_ms INTEGER NOT NULL,
                error TEXT NOT NULL DEFAULT '',
                PRIMARY KEY (request_id, number)) WITHOUT ROWID)"_s,
        },
        // 4: attempts by time, for a key's use today.
        {
            uR"(CREATE INDEX request_attempts_by_time ON request_attempts(at))"_s,
        },
        // 5: what the engine learnt and the next run must know: a key found invalid or out of
        // credit (by the key's id, a hash of its secret, so keys given for one run count too) and
        // when it is checked again; the key each research task was started with, and whether its
        // cost was booked; where the round robin stopped.
        {
            uR"(CREATE TABLE key_health (
                key_id TEXT PRIMARY KEY,
                state TEXT NOT NULL,
                reason TEXT NOT NULL DEFAULT '',
                recheck_at INTEGER NOT NULL,
                recheck_interval_ms INTEGER NOT NULL,
                updated_at INTEGER NOT NULL))"_s,
            uR"(CREATE TABLE research_jobs (
                research_id TEXT PRIMARY KEY,
                key_id TEXT NOT NULL,
                billed INTEGER NOT NULL DEFAULT 0,
                created_at INTEGER NOT NULL))"_s,
            uR"(CREATE INDEX research_jobs_by_time ON research_jobs(created_at))"_s,
            uR"(CREATE TABLE engine_notes (name TEXT PRIMARY KEY, value TEXT NOT NULL))"_s,
        },
        // 6: secrets sealed with the vault key beside their rows; the vault (the keychain item's
        // name, a value that tells the right key, the passphrase's salt and cost); a database
        // with secrets still in the keychain is noted, for the move into sealed values.
        // pending_secrets now lists keychain items that are to go.
        {
            uR"(ALTER TABLE keys ADD COLUMN sealed_secret BLOB)"_s,
            uR"(ALTER TABLE proxies ADD COLUMN sealed_password BLOB)"_s,
            uR"(CREATE TABLE vault (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                name TEXT NOT NULL,
                check_value BLOB NOT NULL,
                in_keychain INTEGER NOT NULL,
                passphrase_salt BLOB,
                passphrase_operations INTEGER NOT NULL DEFAULT 0,
                passphrase_memory INTEGER NOT NULL DEFAULT 0,
                passphrase_sealed_key BLOB,
                created_at INTEGER NOT NULL))"_s,
            uR"(INSERT INTO engine_notes (name, value) SELECT 'secrets-in-keychain', '1'
                WHERE EXISTS (SELECT 1 FROM keys) OR EXISTS (SELECT 1 FROM proxies WHERE has_password = 1)
                   OR EXISTS (SELECT 1 FROM pending_secrets))"_s,
        },
        // 7: an answer's own text in the history, above its citations (its results).
        {
            uR"(ALTER TABLE searches ADD COLUMN answer TEXT NOT NULL DEFAULT '')"_s,
        },
    };
    return steps;
}

int sqliteCode(const QSqlError& error)
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok);
    return ok ? (code & 0xff) : 0;
}

} // namespace

QString Database::dataDir()
{
    const QString overridden = qEnvironmentVariable("EXADESK_DATA_DIR");
    if (!overridden.isEmpty())
        return QDir::cleanPath(overridden);
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

QString Database::defaultPath()
{
    return QDir(dataDir()).filePath(u"exadesk.sqlite"_s);
}

Database::Database(QString path)
    : m_path(std::move(path))
{
    static std::atomic<int> counter{0};
    m_connectionName = u"exadesk-%1"_s.arg(counter++);
}

Database::~Database()
{
    close();
}

void Database::close()
{
    if (!m_db.isValid())
        return;
    m_db.close();
    m_db = {};
    QSqlDatabase::removeDatabase(m_connectionName);
}

StorageError Database::errorFrom(const QSqlError& sqlError, const QString& what)
{
    StorageError error;
    const QString detail = sqlError.databaseText().isEmpty() ? sqlError.text() : sqlError.databaseText();
    switch (sqliteCode(sqlError)) {
    case 5: // SQLITE_BUSY
    case 6: // SQLITE_LOCKED
        error.kind = StorageError::Kind::Locked;
        error.message = tr("The database is in use by another program (%1). Close other copies of ExaDesk and try "
                           "again.")
                            .arg(detail);
        break;
    case 11: // SQLITE_CORRUPT
    case 26: // SQLITE_NOTADB
        error.kind = StorageError::Kind::Corrupt;
        error.message = tr("The database is damaged (%1). It can be moved aside, kept for you, and a fresh one "
                           "started.")
                            .arg(detail);
        break;
    default:
        error.kind = StorageError::Kind::Failed;
        error.message = tr("Could not %1: %2").arg(what, detail);
        break;
    }
    return error;
}

bool Database::open(StorageError* error)
{
    close();
    const QFileInfo file(m_path);
    if (!QDir().mkpath(file.absolutePath())) {
        *error = {StorageError::Kind::CannotOpen,
                  tr("Could not create the data folder %1. Check that you may write there, or set "
                     "EXADESK_DATA_DIR to another folder.")
                      .arg(file.absolutePath())};
        return false;
    }
    // History and labels are the user's own business: the file is private from the start
    // (SQLite gives its -wal and -shm files the same permissions).
    if (!file.exists()) {
        QFile create(m_path);
        create.open(QIODevice::WriteOnly | QIODevice::NewOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }
    m_db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connectionName);
    m_db.setDatabaseName(m_path);
    m_db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=%1"_s.arg(m_busyTimeoutMs));
    if (!m_db.open()) {
        *error = {StorageError::Kind::CannotOpen,
                  tr("Could not open the database %1: %2").arg(m_path, m_db.lastError().text())};
        close();
        return false;
    }
    // The first statements read the file: a damaged or foreign file shows here.
    QSqlQuery query(m_db);
    for (const QString& pragma :
         {u"PRAGMA foreign_keys = ON"_s, u"PRAGMA journal_mode = WAL"_s, u"PRAGMA synchronous = NORMAL"_s}) {
        if (!query.exec(pragma)) {
            *error = errorFrom(query.lastError(), tr("prepare the database"));
            close();
            return false;
        }
    }
    if (!migrate(error)) {
        close();
        return false;
    }
    return true;
}

int Database::schemaVersion()
{
    QSqlQuery query(m_db);
    if (!query.exec(u"PRAGMA user_version"_s) || !query.next())
        return -1;
    return query.value(0).toInt();
}

bool Database::migrate(StorageError* error)
{
    QSqlQuery check(m_db);
    if (!check.exec(u"SELECT count(*) FROM sqlite_master"_s)) {
        *error = errorFrom(check.lastError(), tr("read the database"));
        return false;
    }
    const int current = schemaVersion();
    if (current > kSchemaVersion) {
        *error = {StorageError::Kind::TooNew,
                  tr("The database was written by a newer ExaDesk (schema %1; this one knows %2). Update ExaDesk; "
                     "the database was not changed.")
                      .arg(current)
                      .arg(kSchemaVersion)};
        return false;
    }
    for (int version = current + 1; version <= kSchemaVersion; ++version) {
        const QStringList& statements = migrations().at(version - 1);
        const bool migrated = inTransaction(
            [&] {
                QSqlQuery query(m_db);
                for (const QString& statement : statements) {
                    if (!query.exec(statement)) {
                        *error = errorFrom(query.lastError(), tr("update the database to version %1").arg(version));
                        return false;
                    }
                }
                return query.exec(u"PRAGMA user_version = %1"_s.arg(version));
            },
            error);
        if (!migrated)
            return false;
    }
    return true;
}

bool Database::inTransaction(const std::function<bool()>& work, StorageError* error)
{
    if (!m_db.transaction()) {
        *error = errorFrom(m_db.lastError(), tr("start a transaction"));
        return false;
    }
    if (!work()) {
        m_db.rollback();
        if (!error->isError())
            *error = errorFrom(m_db.lastError(), tr("write to the database"));
        return false;
    }
    if (!m_db.commit()) {
        *error = errorFrom(m_db.lastError(), tr("save to the database"));
        m_db.rollback();
        return false;
    }
    return true;
}

QString Database::moveAside(const QString& path, QString* error)
{
    const QString stamp = QDateTime::currentDateTime().toString(u"yyyyMMdd-HHmmss"_s);
    const QString target = u"%1.broken-%2"_s.arg(path, stamp);
    for (const QString& suffix : {QString(), u"-wal"_s, u"-shm"_s}) {
        if (!QFile::exists(path + suffix))
            continue;
        if (!QFile::rename(path + suffix, target + suffix)) {
            *error = tr("Could not move %1 aside to %2. Move or remove it yourself and start again.")
                         .arg(path + suffix, target + suffix);
            return {};
        }
    }
    return target;
}

} // namespace exadesk
