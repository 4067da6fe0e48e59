#include "RawHttp.h"

#include "Wait.h"

#include <QJsonDocument>

namespace testsupport {

QByteArray RawResponse::header(QByteArrayView lowerCaseName) const
{
    for (const auto& [name, value] : headers) {
        if (name == lowerCaseName)
            return value;
    }
    return {};
}

bool RawResponse::hasHeader(QByteArrayView lowerCaseName) const
{
    return std::any_of(headers.cbegin(), headers.cend(), [&](const auto& h) { return h.first == lowerCaseName; });
}

QJsonObject RawResponse::json() const
{
    return QJsonDocument::fromJson(body).object();
}

bool RawClient::connectTo(quint16 port, const QHostAddress& address, int timeoutMs)
{
    m_socket.connectToHost(address, port);
    return waitUntil([this] { return m_socket.state() == QAbstractSocket::ConnectedState || isClosed(); }, timeoutMs)
        && m_socket.state() == QAbstractSocket::ConnectedState;
}

void RawClient::send(QByteArrayView bytes)
{
    m_socket.write(bytes.data(), bytes.size());
    m_socket.flush();
}

void RawClient::pull()
{
    m_buffer += m_socket.readAll();
}

bool RawClient::waitForBytes(QByteArrayView bytes, int timeoutMs)
{
    return waitUntil(
        [&] {
            pull();
            return m_buffer.contains(bytes);
        },
        timeoutMs);
}

bool RawClient::waitForAnswerOrClose(int timeoutMs)
{
    return waitUntil(
        [this] {
            pull();
            return m_buffer.startsWith("HTTP/1.") || isClosed();
        },
        timeoutMs);
}

std::optional<RawResponse> RawClient::readResponse(int timeoutMs)
{
    std::optional<RawResponse> response;
    waitUntil(
        [&] {
            pull();
            response = take(isClosed());
            return response.has_value() || (isClosed() && m_socket.bytesAvailable() == 0);
        },
        timeoutMs);
    if (!response) {
        pull();
        response = take(isClosed());
    }
    return response;
}

bool RawClient::waitForClose(int timeoutMs)
{
    return waitUntil(
        [this] {
            pull();
            return isClosed();
        },
        timeoutMs);
}

std::optional<RawResponse> RawClient::take(bool closed)
{
    for (;;) {
        const qsizetype headEnd = m_buffer.indexOf("\r\n\r\n");
        if (headEnd < 0)
            return std::nullopt;
        const QList<QByteArray> lines = m_buffer.left(headEnd).split('\n');
        RawResponse response;
        const QList<QByteArray> statusLine = lines.constFirst().trimmed().split(' ');
        response.status = statusLine.value(1).toInt();
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon > 0)
                response.headers.append({lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed()});
        }
        qsizetype position = headEnd + 4;
        if (response.status == 100) {
            m_buffer.remove(0, position);
            continue;
        }
        if (response.hasHeader("content-length")) {
            const qsizetype length = response.header("content-length").toLongLong();
            if (m_buffer.size() < position + length)
                return std::nullopt;
            response.body = m_buffer.mid(position, length);
            m_buffer.remove(0, position + length);
            return response;
        }
        if (response.header("transfer-encoding").toLower() == "chunked") {
            for (;;) {
                const qsizetype sizeEnd = m_buffer.indexOf("\r\n", position);
                if (sizeEnd < 0)
                    return std::nullopt;
                bool ok = false;
                const qsizetype size = m_buffer.mid(position, sizeEnd - position).toLongLong(&ok, 16);
                if (!ok || m_buffer.size() < sizeEnd + 2 + size + 2)
                    return std::nullopt;
                if (size == 0) {
                    m_buffer.remove(0, sizeEnd + 4);
                    return response;
                }
                response.body += m_buffer.mid(sizeEnd + 2, size);
                ++response.chunks;
                position = sizeEnd + 2 + size + 2;
            }
        }
        if (!closed)
            return std::nullopt; // the body ends with the connection
        response.body = m_buffer.mid(position);
        m_buffer.clear();
        return response;
    }
}

QByteArray rawRequest(const QByteArray& method, const QByteArray& target, quint16 port, const RawHeaders& headers,
                      const QByteArray& body)
{
    QByteArray request = method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port) + "\r\n";
    for (const auto& [name, value] : headers)
        request += name + ": " + value + "\r\n";
    if (!body.isEmpty() || method == "POST")
        request += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
    request += "\r\n" + body;
    return request;
}

} // namespace testsupport
