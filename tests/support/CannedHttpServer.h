#pragma once

#include <QByteArray>
#include <QTcpServer>

// A loopback server that answers every request with the same raw bytes: for what a real Exa
// never sends (redirects, HTML error pages, broken JSON) and clients must still handle.
namespace testsupport {

class CannedHttpServer : public QTcpServer
{
    Q_OBJECT

public:
    explicit CannedHttpServer(QByteArray response, QObject* parent = nullptr);

    quint16 start(); // on 127.0.0.1, a free port
    int requestCount() const { return m_requests; }
    const QByteArray& lastRequest() const { return m_lastRequest; }

    // A whole HTTP/1.1 response with a Content-Length.
    static QByteArray response(int status, const QByteArray& contentType, const QByteArray& body,
                               const QByteArray& extraHeaders = {});

private:
    QByteArray m_response;
    int m_requests = 0;
    QByteArray m_lastRequest;
};

} // namespace testsupport
