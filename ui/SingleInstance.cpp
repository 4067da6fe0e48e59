#include "SingleInstance.h"

#include <QCryptographicHash>
#include <QDir>
#include <QLocalServer>
#include <QLocalSocket>

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

constexpr QByteArrayView kShow = "show\n";

} // namespace

SingleInstance::SingleInstance(const QString& dataDir, QObject* parent)
    : QObject(parent)
{
    // Socket names are short and shared by every user of the machine: the user's name and the
    // folder's path, hashed.
    const QByteArray owner = qEnvironmentVariable("USER", qEnvironmentVariable("USERNAME")).toUtf8() + '\0'
        + QDir(dataDir).absolutePath().toUtf8();
    m_name = u"exadesk-"_s
        + QString::fromLatin1(QCryptographicHash::hash(owner, QCryptographicHash::Sha256).toHex().left(24));
}

bool SingleInstance::activateRunning(int timeoutMs)
{
    QLocalSocket socket;
    socket.connectToServer(m_name);
    if (!socket.waitForConnected(timeoutMs))
        return false;
    socket.write(kShow.data(), kShow.size());
    const bool sent = socket.waitForBytesWritten(timeoutMs);
    socket.disconnectFromServer();
    return sent;
}

bool SingleInstance::listen(QString* error)
{
    m_server = new QLocalServer(this);
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    // Nobody answered activateRunning(): a socket file still there was left by a crash.
    QLocalServer::removeServer(m_name);
    if (!m_server->listen(m_name)) {
        *error = m_server->errorString();
        return false;
    }
    connect(m_server, &QLocalServer::newConnection, this, [this] {
        while (QLocalSocket* socket = m_server->nextPendingConnection()) {
            connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
            connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
                // Only the one request there is; anything else is not ours and is dropped.
                if (socket->bytesAvailable() < kShow.size())
                    return;
                if (socket->read(kShow.size()) == kShow)
                    Q_EMIT activationRequested();
                socket->disconnectFromServer();
            });
        }
    });
    return true;
}

} // namespace exadesk
