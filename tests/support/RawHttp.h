#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QJsonObject>
#include <QList>
#include <QTcpSocket>

#include <optional>
#include <utility>

// HTTP/1.1 written byte by byte: for checking how a server treats requests no polite client
// would send (wrong Host, absolute targets, oversized or dribbled headers). Waits run the event
// loop, so the server may live on the same thread.
namespace testsupport {

using RawHeaders = QList<std::pair<QByteArray, QByteArray>>;

struct RawResponse
{
    int status = 0;
    QList<std::pair<QByteArray, QByteArray>> headers; // names in lower case
    QByteArray body; // de-chunked
    int chunks = 0; // for a chunked body: how many chunks it came in

    QByteArray header(QByteArrayView lowerCaseName) const;
    bool hasHeader(QByteArrayView lowerCaseName) const;
    QJsonObject json() const;
};

class RawClient
{
public:
    bool connectTo(quint16 port, const QHostAddress& address = QHostAddress(QHostAddress::LocalHost),
                   int timeoutMs = 5'000);
    void send(QByteArrayView bytes);
    // The next complete response (100 Continue skipped), or nothing when none came in time or
    // the connection closed first.
    std::optional<RawResponse> readResponse(int timeoutMs = 10'000);
    // True once the server has closed the connection (within the time).
    bool waitForClose(int timeoutMs = 10'000);
    // What has arrived and was not yet read as a response.
    const QByteArray& pending() const { return m_buffer; }
    // Runs the event loop until `bytes` appear in what has arrived.
    bool waitForBytes(QByteArrayView bytes, int timeoutMs = 10'000);
    // Runs the event loop until a response begins to arrive or the connection is closed.
    bool waitForAnswerOrClose(int timeoutMs = 10'000);
    bool isClosed() const { return m_socket.state() == QAbstractSocket::UnconnectedState; }
    void close() { m_socket.abort(); }

private:
    void pull();
    // Parses one response off the front of the buffer; nothing while incomplete.
    std::optional<RawResponse> take(bool closed);

    QTcpSocket m_socket;
    QByteArray m_buffer;
};

// A request as a client would write it, with Host 127.0.0.1:port and the given headers.
QByteArray rawRequest(const QByteArray& method, const QByteArray& target, quint16 port, const RawHeaders& headers = {},
                      const QByteArray& body = {});

} // namespace testsupport
