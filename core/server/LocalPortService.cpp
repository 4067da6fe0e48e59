#include "LocalPortService.h"

#include "AccessToken.h"

namespace exadesk {

LocalPortService::LocalPortService(CallService& service, SecretStore& secrets, QObject* parent)
    : QObject(parent)
    , m_secrets(secrets)
    , m_server(service)
{
    connect(&m_server, &LocalServer::runningChanged, this, &LocalPortService::runningChanged);
    connect(&m_server, &LocalServer::requestServed, this, &LocalPortService::requestServed);
}

void LocalPortService::start()
{
    if (isRunning() || isStarting())
        return;
    m_tokenTask = AccessTokenTask::load(m_secrets, this);
    connect(m_tokenTask, &AccessTokenTask::finished, this, [this, task = m_tokenTask.data()] {
        task->deleteLater();
        m_tokenTask = nullptr;
        if (task->error().isError()) {
            Q_EMIT failed(tr("The local port was not started: its access token is kept in the system keychain, "
                             "which failed: %1")
                              .arg(task->error().message));
            return;
        }
        if (task->token() != m_token) {
            m_token = task->token();
            Q_EMIT tokenChanged();
        }
        listen();
    });
}

void LocalPortService::listen()
{
    LocalServerOptions options = m_options;
    options.accessToken = m_token;
    QString error;
    if (!m_server.start(options, &error))
        Q_EMIT failed(tr("The local port was not started: %1").arg(error));
}

void LocalPortService::stop()
{
    if (m_tokenTask) {
        m_tokenTask->disconnect(this);
        m_tokenTask->deleteLater();
        m_tokenTask = nullptr;
    }
    m_server.stop();
}

void LocalPortService::regenerateToken()
{
    // A start still reading the old token from the keychain starts with the new one instead.
    const bool startWaiting = isStarting();
    if (startWaiting) {
        m_tokenTask->disconnect(this);
        m_tokenTask->deleteLater();
        m_tokenTask = nullptr;
    }
    AccessTokenTask* task = AccessTokenTask::regenerate(m_secrets, this);
    connect(task, &AccessTokenTask::finished, this, [this, task, startWaiting] {
        task->deleteLater();
        if (task->error().isError()) {
            Q_EMIT failed(
                tr("No new access token was made: the system keychain failed: %1").arg(task->error().message));
            return;
        }
        m_token = task->token();
        m_server.setAccessToken(m_token);
        Q_EMIT tokenChanged();
        if (startWaiting)
            listen();
    });
}

} // namespace exadesk
