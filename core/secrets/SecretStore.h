#pragma once

#include <QCoreApplication>
#include <QHash>
#include <QObject>
#include <QString>

#include <chrono>
#include <optional>

// The OS keychain, which guards the vault key (that seals API keys and proxy passwords) and the
// local port's token. Asynchronous: the UI never waits on a keychain, which may be slow, locked
// or prompting the user.
namespace exadesk {

struct SecretError
{
    enum class Kind
    {
        None,
        NotFound, // no such entry
        NoService, // no keychain service runs here (a headless server)
        Locked, // the keychain is locked
        AccessDenied, // the keychain, or the user, refused
        TimedOut, // no answer in time (often: an unlock prompt nobody sees)
        Other,
    };
    Kind kind = Kind::None;
    QString message; // what happened and what to do; never contains a secret

    bool isError() const { return kind != Kind::None; }
};

// The names of keychain items: a data folder's vault key and the local port's token. Before the
// vault, each key and proxy password had an item of its own (forKey(), forProxy()): they are
// read once, to be sealed, and removed.
struct SecretName
{
    static QString forVault(const QString& vaultName) { return QStringLiteral("vault:") + vaultName; }
    static QString serverToken() { return QStringLiteral("server-token"); }
    static QString forKey(const QString& keyId) { return QStringLiteral("key:") + keyId; }
    static QString forProxy(const QString& proxyId) { return QStringLiteral("proxy:") + proxyId; }
};

// One keychain operation. finished() comes exactly once, always from the event loop.
class SecretJob : public QObject
{
    Q_OBJECT

public:
    enum class Operation
    {
        Read,
        Write,
        Remove
    };

    SecretJob(Operation operation, QString name, QObject* parent = nullptr);

    Operation operation() const { return m_operation; }
    const QString& name() const { return m_name; }
    bool isFinished() const { return m_finished; }
    const SecretError& error() const { return m_error; }
    // What a read found.
    const QString& secret() const { return m_secret; }

    // Ends the job; later calls are ignored.
    void finish(SecretError error, QString secret = {});
    // As finish(), from the event loop.
    void finishLater(SecretError error, QString secret = {});

Q_SIGNALS:
    void finished();

private:
    Operation m_operation;
    QString m_name;
    bool m_finished = false;
    SecretError m_error;
    QString m_secret;
};

class SecretStore : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    // Jobs belong to the store until deleted; delete them when done (deleteLater).
    virtual SecretJob* read(const QString& name) = 0;
    virtual SecretJob* write(const QString& name, const QString& secret) = 0;
    virtual SecretJob* remove(const QString& name) = 0;
};

// The operating system's keychain through QtKeychain: Secret Service on Linux, Keychain on
// macOS, Credential Manager on Windows. Never falls back to a file.
class KeychainSecretStore : public SecretStore
{
    Q_OBJECT

public:
    static constexpr auto kDefaultService = "ExaDesk";

    explicit KeychainSecretStore(QString service = QString::fromLatin1(kDefaultService),
                                 std::chrono::milliseconds timeout = std::chrono::seconds(15),
                                 QObject* parent = nullptr);

    SecretJob* read(const QString& name) override;
    SecretJob* write(const QString& name, const QString& secret) override;
    SecretJob* remove(const QString& name) override;

private:
    SecretJob* start(SecretJob::Operation operation, const QString& name, const QString& secret);

    QString m_service;
    std::chrono::milliseconds m_timeout;
};

// The sentence for a keychain failure of this kind.
SecretError secretError(SecretError::Kind kind, const QString& detail = {});

} // namespace exadesk
