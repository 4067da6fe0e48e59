#include "CannedHttpServer.h"

#include <QTcpSocket>

namespace testsupport {

CannedHttpServer::CannedHttpServer(QByteArray response, QObject* parent)
    : QTcpServer(parent)
    , m_response(std::move(response))
{
    connect(this, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket* socket = nextPendingConnection()) {
            auto buffer = std::make_shared<QByteArray>();
            connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
                *buffer += socket->readAll();
                if (!buffer->contains("\r\n\r\n"))
                    return;
                ++m_requests;
                m_lastRequest = *buffer;
                buffer->clear();
                socket->write(m_response);
                socket->disconnectFromHost();
            });
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    });
}

quint16 CannedHttpServer::start()
{
    return listen(QHostAddress::LocalHost, 0) ? serverPort() : 0;
}

QByteArray CannedHttpServer::response(int status, const QByteArray& contentType, const QByteArray& body,
                                      const QByteArray& extraHeaders)
{
    return "HTTP/1.1 " + QByteArray::number(status) + " Canned\r\nContent-Type: " + contentType + "\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\nConnection: close\r\n" + extraHeaders + "\r\n" + body;
}

} // namespace testsupport
