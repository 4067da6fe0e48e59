#pragma once

#include "HttpMessage.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <optional>

class QTcpSocket;

namespace exadesk {

// One client connection of the local port: reads HTTP/1.1 requests within HttpLimits and
// writes their responses, whole or streamed (chunked). Requests are taken one at a time; a
// pipelined one waits until the current response is written. What cannot be a request we
// serve (malformed, too big, absolute-form, CONNECT, chunked bodies) is refused here with a
// clear message, and the connection closed. A client that does not read its answers is not
// read from either: what waits for it stays under HttpLimits::maxUnsentBytes per answer.
class HttpConnection : public QObject
{
    Q_OBJECT

public:
    // Takes ownership of `socket`.
    HttpConnection(QTcpSocket* socket, const HttpLimits& limits, QObject* parent = nullptr);
    ~HttpConnection() override;

    // Checks a request at the end of its head, before its body is read; a refusal closes the
    // connection.
    using HeadCheck = std::function<std::optional<Refusal>(const HttpRequest&)>;
    void setHeadCheck(HeadCheck check) { m_headCheck = std::move(check); }

    const HttpRequest& request() const { return m_request; }
    bool isHandling() const { return m_state == State::Handling || m_state == State::Streaming; }
    // Nothing of a request has arrived on it since the last answer (or since it opened).
    bool isIdle() const
    {
        return (m_state == State::Idle || m_state == State::ReadingHead) && m_buffer.isEmpty() && !m_waitingForClient;
    }
    // Connections opened earlier have smaller numbers.
    quint64 serial() const { return m_serial; }
    // A request on it showed the access token: the connection is a known client's.
    bool isTrusted() const { return m_trusted; }
    void markTrusted() { m_trusted = true; }
    // More is written than the client has taken (HttpLimits::maxUnsentBytes).
    bool isBackedUp() const;
    QByteArray peerAddress() const;

    // The answer to request(); the connection then reads the next one (or closes, when the
    // client asked to or close() was called).
    void respond(int status, const HttpHeaders& headers, const QByteArray& body);
    // A streamed answer: headers now, the body in pieces as they come, then the end. abort()
    // cuts it short so the client sees the answer is incomplete.
    void beginStream(int status, const HttpHeaders& headers);
    void writeChunk(QByteArrayView data);
    void endStream();
    void abort();

    // Closes now if idle, or after the response on its way (for a server that drains).
    void closeWhenIdle();
    // Closes at once, whatever it was doing; closed() follows.
    void closeNow();

Q_SIGNALS:
    // request() is complete; answer it with respond() or a stream.
    void requestReady();
    // The connection turned a request away itself (malformed, too big, too slow) and closes.
    void refused(int status);
    // The client went away or the connection was closed; the object deletes itself later.
    void closed();
    // A streamed answer's client has taken what waited for it, after isBackedUp().
    void caughtUp();

private:
    enum class State
    {
        Idle, // before the first request, or between requests
        ReadingHead,
        ReadingBody,
        Handling,
        Streaming,
        Closing
    };

    void onReadyRead();
    void process();
    bool parseHead(qsizetype headEnd);
    // The head outgrew HttpLimits::maxHeaderBytes: 414 when its first line did, else 431.
    void refuseOversizedHead();
    void refuse(int status, QByteArrayView tag, const QString& message);
    void finishResponse();
    void onBytesWritten();
    void noteStreamBacklog();
    void closeAfterWriting();
    void armTimer();
    void onTimeout();
    void shutdown();
    QByteArray statusAndHeaders(int status, const HttpHeaders& headers, qsizetype contentLength);

    QPointer<QTcpSocket> m_socket;
    HttpLimits m_limits;
    State m_state = State::Idle;
    QByteArray m_buffer; // received, not yet consumed
    qsizetype m_scanned = 0; // how far the head's end was looked for
    qsizetype m_bodyLength = 0;
    HttpRequest m_request;
    bool m_closeAfterResponse = false;
    bool m_waitingForClient = false; // the next request waits until the client reads
    bool m_trusted = false;
    quint64 m_serial = 0;
    HeadCheck m_headCheck;
    QTimer m_timer;
};

} // namespace exadesk
