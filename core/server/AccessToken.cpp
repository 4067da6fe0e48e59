#include "AccessToken.h"

#include "RequestGuard.h"
#include "base/PrivateFile.h"

#include <QFile>

namespace exadesk {

AccessTokenTask::AccessTokenTask(SecretStore& store, QObject* parent)
    : QObject(parent)
    , m_store(store)
{ }

AccessTokenTask* AccessTokenTask::load(SecretStore& store, QObject* parent)
{
    auto* task = new AccessTokenTask(store, parent);
    SecretJob* read = store.read(SecretName::serverToken());
    connect(read, &SecretJob::finished, task, [task, read] {
        read->deleteLater();
        if (read->error().kind == SecretError::Kind::NotFound
            || (!read->error().isError() && read->secret().isEmpty())) {
            task->m_token = RequestGuard::newAccessToken();
            task->m_created = true;
            task->store();
            return;
        }
        task->m_token = read->secret().toUtf8();
        task->finish(read->error());
    });
    return task;
}

AccessTokenTask* AccessTokenTask::regenerate(SecretStore& store, QObject* parent)
{
    auto* task = new AccessTokenTask(store, parent);
    task->m_token = RequestGuard::newAccessToken();
    task->m_created = true;
    task->store();
    return task;
}

void AccessTokenTask::store()
{
    SecretJob* write = m_store.write(SecretName::serverToken(), QString::fromLatin1(m_token));
    connect(write, &SecretJob::finished, this, [this, write] {
        write->deleteLater();
        finish(write->error());
    });
}

void AccessTokenTask::finish(SecretError error)
{
    if (error.isError())
        m_token.clear();
    m_error = std::move(error);
    m_finished = true;
    Q_EMIT finished();
}

std::optional<QByteArray> readTokenFile(const QString& path, QString* error)
{
    QFile file(path);
    if (!file.exists()) {
        *error = QCoreApplication::translate("AccessToken", "The token file %1 does not exist.").arg(path);
        return std::nullopt;
    }
    if (othersMayAccess(file)) {
        *error = QCoreApplication::translate("AccessToken",
                                             "The token file %1 can be read or changed by other users, so it is not "
                                             "used. Make it private with: chmod 600 %1")
                     .arg(path);
        return std::nullopt;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QCoreApplication::translate("AccessToken", "The token file %1 cannot be read: %2")
                     .arg(path, file.errorString());
        return std::nullopt;
    }
    const QByteArray token = file.read(4096).trimmed();
    const bool printable = std::all_of(token.cbegin(), token.cend(), [](char c) { return c > 0x20 && c < 0x7f; });
    if (token.size() < 16 || !printable) {
        *error = QCoreApplication::translate("AccessToken",
                                             "The token file %1 must hold one token of at least 16 visible "
                                             "characters (no spaces), such as one made with: openssl rand -hex 32")
                     .arg(path);
        return std::nullopt;
    }
    return token;
}

} // namespace exadesk
