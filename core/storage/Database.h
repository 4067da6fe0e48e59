#pragma once

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QString>

#include <functional>

// The one SQLite database in the user's data folder: WAL, foreign keys, a busy timeout and
// schema versions with forward migrations. Everything lives here; secrets only sealed.
namespace exadesk {

struct StorageError
{
    enum class Kind
    {
        None,
        Locked, // another program holds the database
        Corrupt, // not a database, or damaged
        TooNew, // written by a newer ExaDesk
        CannotOpen, // the folder or file cannot be made or read
        Failed, // a statement failed
    };
    Kind kind = Kind::None;
    QString message; // for people: what is wrong and what to do

    bool isError() const { return kind != Kind::None; }
};

class Database
{
    Q_DECLARE_TR_FUNCTIONS(Database)

public:
    static constexpr int kSchemaVersion = 7;

    // EXADESK_DATA_DIR when set (tests, portable use), else the platform's data folder.
    static QString dataDir();
    static QString defaultPath();

    explicit Database(QString path);
    ~Database();
    // How long a statement waits for another program's lock before it fails (default 5 s).
    void setBusyTimeout(int ms) { m_busyTimeoutMs = ms; }
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    // Opens (creating the file and folder if needed) and migrates to kSchemaVersion. Nothing is
    // lost on failure: a database that cannot be migrated is left as it was.
    bool open(StorageError* error);
    void close();
    bool isOpen() const { return m_db.isOpen(); }
    const QString& path() const { return m_path; }
    QSqlDatabase& connection() { return m_db; }
    int schemaVersion();

    // Runs `work` in one transaction: all of it lands, or none of it.
    bool inTransaction(const std::function<bool()>& work, StorageError* error);

    // Renames a broken database (and its -wal and -shm files) aside to
    // "<name>.broken-<time>", so a fresh one can start while the old file is kept.
    static QString moveAside(const QString& path, QString* error);

    // Text for a NOT NULL column: a null QString would bind as SQL NULL.
    static QString text(const QString& value) { return value.isNull() ? QStringLiteral("") : value; }

    // A failed statement, as a StorageError that says what to do.
    static StorageError errorFrom(const QSqlError& sqlError, const QString& what);

private:
    bool migrate(StorageError* error);

    QString m_path;
    QString m_connectionName;
    int m_busyTimeoutMs = 5'000;
    QSqlDatabase m_db;
};

} // namespace exadesk
