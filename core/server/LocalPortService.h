#pragma once

#include "LocalServer.h"

#include <QObject>
#include <QPointer>

namespace exadesk {

class AccessTokenTask;
class CallService;
class SecretStore;

// The local port as the app's window and tray use it: start() fetches the access token from
// the keychain (making one the first time) without blocking, then listens; stop() closes it.
// Failures come as one sentence for a person.
class LocalPortService : public QObject
{
    Q_OBJECT

public:
    LocalPortService(CallService& service, SecretStore& secrets, QObject* parent = nullptr);

    // Address, port, hosts, origins and limits; the token comes from the keychain.
    void setOptions(const LocalServerOptions& options) { m_options = options; }
    const LocalServerOptions& options() const { return m_options; }

    void start();
    void stop();
    // Makes a new token (the old one stops working at once when the port runs).
    void regenerateToken();

    bool isRunning() const { return m_server.isRunning(); }
    bool isStarting() const { return !m_tokenTask.isNull(); }
    QUrl endpoint() const { return m_server.endpoint(); }
    // The token of the running port, or the last one read.
    const QByteArray& token() const { return m_token; }
    qint64 requestsServed() const { return m_server.metrics().requests(); }
    LocalServer& server() { return m_server; }

Q_SIGNALS:
    void runningChanged(bool running);
    void failed(const QString& message);
    void tokenChanged();
    void requestServed(const exadesk::ServedRequest& request);

private:
    void listen();

    SecretStore& m_secrets;
    LocalServer m_server;
    LocalServerOptions m_options;
    QByteArray m_token;
    QPointer<AccessTokenTask> m_tokenTask;
};

} // namespace exadesk
