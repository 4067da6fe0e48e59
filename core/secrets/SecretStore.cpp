#include "SecretStore.h"

#include <QPointer>
#include <QTimer>
#include <qt6keychain/keychain.h>

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(SecretStore)

public:
    static QString forKind(SecretError::Kind kind, const QString& detail)
    {
        switch (kind) {
        case SecretError::Kind::None:
            return {};
        case SecretError::Kind::NotFound:
            return tr("The keychain has no such entry; it may have been removed outside ExaDesk. Add the key "
                      "again.");
        case SecretError::Kind::NoService:
            return tr("No keychain service is running (%1). Start your desktop's keyring (GNOME Keyring, KWallet "
                      "or another Secret Service), or on a server use a keys file with --keys-file.")
                .arg(detail);
        case SecretError::Kind::Locked:
            return tr("The keychain is locked. Unlock it (for example by logging in to your desktop) and try "
                      "again.");
        case SecretError::Kind::AccessDenied:
            return tr("The keychain refused access. Allow ExaDesk when the keychain asks, or check its "
                      "settings.");
        case SecretError::Kind::TimedOut:
            return tr("The keychain did not answer within %1 s. It may be waiting for you to unlock it.").arg(detail);
        case SecretError::Kind::Other:
            return tr("The keychain failed: %1").arg(detail);
        }
        return {};
    }
};

// QtKeychain says "other error" for most Secret Service trouble; its text tells which.
SecretError::Kind kindOf(QKeychain::Error error, const QString& text)
{
    switch (error) {
    case QKeychain::NoError:
        return SecretError::Kind::None;
    case QKeychain::EntryNotFound:
        return SecretError::Kind::NotFound;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return SecretError::Kind::AccessDenied;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return SecretError::Kind::NoService;
    default:
        break;
    }
    // No session bus ("Could not connect", "Cannot autolaunch D-Bus"), or nobody on it
    // providing org.freedesktop.secrets.
    if (text.contains("org.freedesktop.secrets"_L1) || text.contains("D-Bus"_L1, Qt::CaseInsensitive)
        || text.contains("DBus"_L1, Qt::CaseInsensitive) || text.contains("Could not connect"_L1))
        return SecretError::Kind::NoService;
    if (text.contains("locked"_L1, Qt::CaseInsensitive) || text.contains("/collection/"_L1))
        return SecretError::Kind::Locked;
    return SecretError::Kind::Other;
}

} // namespace

SecretError secretError(SecretError::Kind kind, const QString& detail)
{
    return {kind, Text::forKind(kind, detail)};
}

SecretJob::SecretJob(Operation operation, QString name, QObject* parent)
    : QObject(parent)
    , m_operation(operation)
    , m_name(std::move(name))
{ }

void SecretJob::finish(SecretError error, QString secret)
{
    if (m_finished)
        return;
    m_finished = true;
    m_error = std::move(error);
    m_secret = std::move(secret);
    Q_EMIT finished();
}

void SecretJob::finishLater(SecretError error, QString secret)
{
    QMetaObject::invokeMethod(
        this, [this, error = std::move(error), secret = std::move(secret)]() mutable { finish(error, secret); },
        Qt::QueuedConnection);
}

KeychainSecretStore::KeychainSecretStore(QString service, std::chrono::milliseconds timeout, QObject* parent)
    : SecretStore(parent)
    , m_service(std::move(service))
    , m_timeout(timeout)
{ }

SecretJob* KeychainSecretStore::read(const QString& name)
{
    return start(SecretJob::Operation::Read, name, {});
}

SecretJob* KeychainSecretStore::write(const QString& name, const QString& secret)
{
    return start(SecretJob::Operation::Write, name, secret);
}

SecretJob* KeychainSecretStore::remove(const QString& name)
{
    return start(SecretJob::Operation::Remove, name, {});
}

SecretJob* KeychainSecretStore::start(SecretJob::Operation operation, const QString& name, const QString& secret)
{
    auto* job = new SecretJob(operation, name, this);
    QKeychain::Job* keychainJob = nullptr;
    switch (operation) {
    case SecretJob::Operation::Read:
        keychainJob = new QKeychain::ReadPasswordJob(m_service, this);
        break;
    case SecretJob::Operation::Write: {
        auto* write = new QKeychain::WritePasswordJob(m_service, this);
        write->setTextData(secret);
        keychainJob = write;
        break;
    }
    case SecretJob::Operation::Remove:
        keychainJob = new QKeychain::DeletePasswordJob(m_service, this);
        break;
    }
    keychainJob->setKey(name);
    // A secret is never written to a plain file behind the user's back.
    keychainJob->setInsecureFallback(false);
    keychainJob->setAutoDelete(true);

    const QPointer<SecretJob> guarded(job);
    connect(keychainJob, &QKeychain::Job::finished, job, [guarded](QKeychain::Job* done) {
        if (!guarded)
            return;
        const SecretError::Kind kind = kindOf(done->error(), done->errorString());
        QString found;
        if (kind == SecretError::Kind::None)
            if (auto* read = qobject_cast<QKeychain::ReadPasswordJob*>(done))
                found = read->textData();
        guarded->finish(secretError(kind, done->errorString()), found);
    });
    // A keyring that prompts on a display nobody sees never answers: give up in time.
    QTimer::singleShot(m_timeout, job, [job, seconds = m_timeout.count() / 1000.0] {
        job->finish(secretError(SecretError::Kind::TimedOut, QString::number(seconds)));
    });
    keychainJob->start();
    return job;
}

} // namespace exadesk
