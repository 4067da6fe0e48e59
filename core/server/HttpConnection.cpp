#include "HttpConnection.h"

#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>

#include <algorithm>
#include <atomic>

#ifdef Q_OS_WIN
#include <winsock2.h>
#else
#include <sys/socket.h>
#endif

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

// After a refusal the client may still be sending a body we will not read; closing at once
// would reset the connection before it reads why. It gets this long to stop.
constexpr int kLingerMs = 2'000;

bool isTokenChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isToken(QByteArrayView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), isTokenChar);
}

// What may not appear in a header value, read or written: it could end the header, or the
// head, early.
bool hasControlCharacter(QByteArrayView text)
{
    return std::any_of(text.begin(), text.end(), [](char c) { return (c >= 0 && c < 0x20 && c != '\t') || c == 0x7f; });
}

bool hasConnectionOption(QByteArrayView value, QByteArrayView option)
{
    for (QByteArrayView part : value.toByteArray().split(',')) {
        if (part.trimmed().compare(option, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

void endWriting(qintptr descriptor)
{
    if (descriptor == -1)
        return;
#ifdef Q_OS_WIN
    ::shutdown(static_cast<SOCKET>(descriptor), SD_SEND);
#else
    ::shutdown(static_cast<int>(descriptor), SHUT_WR);
#endif
}

} // namespace

QByteArray HttpRequest::header(QByteArrayView lowerCaseName) const
{
    for (const auto& [name, value] : headers) {
        if (name == lowerCaseName)
            return value;
    }
    return {};
}

bool HttpRequest::hasHeader(QByteArrayView lowerCaseName) const
{
    return headerCount(lowerCaseName) > 0;
}

int HttpRequest::headerCount(QByteArrayView lowerCaseName) const
{
    return static_cast<int>(std::count_if(headers.cbegin(), headers.cend(),
                                          [&](const auto& header) { return header.first == lowerCaseName; }));
}

QByteArray errorBody(QByteArrayView tag, const QString& message)
{
    static std::atomic<quint64> next{1};
    const QJsonObject body{
        {"requestId"_L1, u"exadesk-%1"_s.arg(next++)}, {"error"_L1, message}, {"tag"_L1, QString::fromLatin1(tag)}};
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

const char* reasonPhrase(int status)
{
    switch (status) {
    case 100:
        return "Continue";
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 304:
        return "Not Modified";
    case 307:
        return "Temporary Redirect";
    case 308:
        return "Permanent Redirect";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 402:
        return "Payment Required";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 411:
        return "Length Required";
    case 413:
        return "Content Too Large";
    case 414:
        return "URI Too Long";
    case 415:
        return "Unsupported Media Type";
    case 422:
        return "Unprocessable Content";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return "";
    }
}

HttpConnection::HttpConnection(QTcpSocket* socket, const HttpLimits& limits, QObject* parent)
    : QObject(parent)
    , m_socket(socket)
    , m_limits(limits)
{
    static quint64 opened = 0; // the event loop's thread only
    m_serial = ++opened;
    socket->setParent(this);
    // Answers go out as soon as they are written, not when Nagle's algorithm allows.
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    // While a request is handled the next one waits in the kernel, not in our memory.
    socket->setReadBufferSize(m_limits.maxHeaderBytes + m_limits.maxBodyBytes + 4096);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &HttpConnection::onTimeout);
    connect(socket, &QTcpSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(socket, &QTcpSocket::disconnected, this, &HttpConnection::shutdown);
    connect(socket, &QTcpSocket::bytesWritten, this, &HttpConnection::onBytesWritten);
    // A client that connects must start its request soon; from its first byte it has the read
    // time for the whole request (process() moves on to ReadingHead).
    m_timer.start(m_limits.firstByteTimeout);
    if (socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &HttpConnection::process, Qt::QueuedConnection);
}

HttpConnection::~HttpConnection() = default;

bool HttpConnection::isBackedUp() const
{
    return m_socket && m_socket->bytesToWrite() > m_limits.maxUnsentBytes;
}

QByteArray HttpConnection::peerAddress() const
{
    return m_socket ? m_socket->peerAddress().toString().toLatin1() : QByteArray();
}

void HttpConnection::onReadyRead()
{
    if (m_state == State::Closing) {
        m_socket->readAll(); // a refused request's body: read and dropped while we linger
        return;
    }
    process();
}

void HttpConnection::process()
{
    if (!m_socket || m_state == State::Handling || m_state == State::Streaming || m_state == State::Closing
        || m_waitingForClient)
        return;
    m_buffer += m_socket->readAll();
    for (;;) {
        if (m_state == State::Idle) {
            if (m_buffer.isEmpty())
                return;
            m_state = State::ReadingHead;
            armTimer();
        }
        if (m_state == State::ReadingHead) {
            // Empty lines before a request are allowed (some clients send one after a body).
            qsizetype skip = 0;
            while (m_buffer.size() >= skip + 2 && m_buffer.at(skip) == '\r' && m_buffer.at(skip + 1) == '\n')
                skip += 2;
            if (skip > 0) {
                m_buffer.remove(0, skip);
                m_scanned = 0;
            }
            const qsizetype headEnd = m_buffer.indexOf("\r\n\r\n", std::max<qsizetype>(0, m_scanned - 3));
            // A line ended by a bare LF is refused at once rather than waited on for a CR LF.
            const qsizetype headSeen = headEnd < 0 ? m_buffer.size() : headEnd + 4;
            for (qsizetype i = m_scanned; i < headSeen; ++i) {
                if (m_buffer.at(i) == '\n' && (i == 0 || m_buffer.at(i - 1) != '\r')) {
                    refuse(400, "MALFORMED_REQUEST", tr("The request's lines must end with CR LF, not a bare LF."));
                    return;
                }
            }
            if (headSeen > m_limits.maxHeaderBytes) {
                refuseOversizedHead();
                return;
            }
            if (headEnd < 0) {
                m_scanned = m_buffer.size();
                return;
            }
            if (!parseHead(headEnd))
                return;
            m_buffer.remove(0, headEnd + 4);
            m_scanned = 0;
            // Who may ask is known from the head: a stranger's body is not waited for.
            if (m_headCheck) {
                if (const std::optional<Refusal> refusal = m_headCheck(m_request)) {
                    refuse(refusal->status, refusal->tag, refusal->message);
                    return;
                }
            }
            if (m_bodyLength > m_limits.maxBodyBytes) {
                refuse(413, "REQUEST_BODY_TOO_LARGE",
                       tr("The request body has %1 bytes; the local port takes at most %2.")
                           .arg(m_bodyLength)
                           .arg(m_limits.maxBodyBytes));
                return;
            }
            if (m_bodyLength > 0 && m_buffer.isEmpty()
                && hasConnectionOption(m_request.header("expect"), "100-continue"))
                m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
            m_state = State::ReadingBody;
        }
        if (m_state == State::ReadingBody) {
            if (m_buffer.size() < m_bodyLength)
                return;
            m_request.body = m_buffer.left(m_bodyLength);
            m_buffer.remove(0, m_bodyLength);
            m_state = State::Handling;
            m_timer.stop();
            Q_EMIT requestReady();
            return; // the next request is read once this one is answered
        }
    }
}

void HttpConnection::refuseOversizedHead()
{
    const qsizetype lineEnd = m_buffer.indexOf("\r\n");
    if (lineEnd < 0 || lineEnd > m_limits.maxHeaderBytes)
        refuse(414, "REQUEST_LINE_TOO_LONG",
               tr("The request line is longer than the %1 bytes allowed.").arg(m_limits.maxHeaderBytes));
    else
        refuse(431, "REQUEST_HEADERS_TOO_LARGE",
               tr("The request's headers are larger than the %1 bytes allowed.").arg(m_limits.maxHeaderBytes));
}

bool HttpConnection::parseHead(qsizetype headEnd)
{
    m_request = {};
    m_bodyLength = 0;
    const QByteArrayView head(m_buffer.constData(), headEnd);
    const qsizetype lineEnd = head.indexOf("\r\n");
    const QByteArrayView requestLine = lineEnd < 0 ? head : head.first(lineEnd);

    const qsizetype firstSpace = requestLine.indexOf(' ');
    const qsizetype lastSpace = requestLine.lastIndexOf(' ');
    if (firstSpace <= 0 || lastSpace == firstSpace) {
        refuse(400, "MALFORMED_REQUEST", tr("The request line is not 'METHOD /path HTTP/1.1'."));
        return false;
    }
    m_request.method = requestLine.first(firstSpace).toByteArray();
    m_request.target = requestLine.sliced(firstSpace + 1, lastSpace - firstSpace - 1).toByteArray();
    const QByteArrayView version = requestLine.sliced(lastSpace + 1);
    if (!isToken(m_request.method)) {
        refuse(400, "MALFORMED_REQUEST", tr("The request line is not 'METHOD /path HTTP/1.1'."));
        return false;
    }
    if (version == "HTTP/1.1") {
        m_request.minorVersion = 1;
    } else if (version == "HTTP/1.0") {
        m_request.minorVersion = 0;
    } else {
        refuse(version.startsWith("HTTP/") ? 505 : 400, "MALFORMED_REQUEST",
               tr("Only HTTP/1.1 and HTTP/1.0 are spoken here."));
        return false;
    }
    if (m_request.method == "CONNECT") {
        refuse(405, "NOT_A_PROXY", tr("ExaDesk serves Exa's API only; it is not a proxy for CONNECT tunnels."));
        return false;
    }
    if (!m_request.target.startsWith('/')) {
        refuse(400, "NOT_A_PROXY",
               tr("ExaDesk serves Exa's API at its own address only; a request for another address (absolute "
                  "form) is refused."));
        return false;
    }
    if (!std::all_of(m_request.target.cbegin(), m_request.target.cend(), [](char c) { return c > 0x20 && c < 0x7f; })) {
        refuse(400, "MALFORMED_REQUEST", tr("The request target holds characters that must be percent-encoded."));
        return false;
    }
    const qsizetype question = m_request.target.indexOf('?');
    m_request.path = question < 0 ? m_request.target : m_request.target.first(question);
    m_request.query = question < 0 ? QByteArray() : m_request.target.sliced(question + 1);

    QByteArray contentLength;
    qsizetype position = lineEnd < 0 ? head.size() : lineEnd + 2;
    while (position < head.size()) {
        qsizetype end = head.indexOf("\r\n", position);
        if (end < 0)
            end = head.size();
        const QByteArrayView line = head.sliced(position, end - position);
        position = end + 2;
        if (line.startsWith(' ') || line.startsWith('\t')) {
            refuse(400, "MALFORMED_REQUEST", tr("Folded header lines are not accepted."));
            return false;
        }
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(line.first(colon))) {
            refuse(400, "MALFORMED_REQUEST", tr("A header line is not 'Name: value'."));
            return false;
        }
        const QByteArrayView value = line.sliced(colon + 1).trimmed();
        if (hasControlCharacter(value)) {
            refuse(400, "MALFORMED_REQUEST", tr("A header value holds a control character."));
            return false;
        }
        if (m_request.headers.size() >= m_limits.maxHeaderCount) {
            refuse(431, "REQUEST_HEADERS_TOO_LARGE",
                   tr("The request has more than the %1 headers allowed.").arg(m_limits.maxHeaderCount));
            return false;
        }
        QByteArray name = line.first(colon).toByteArray().toLower();
        if (name == "content-length") {
            if (value.isEmpty() || value.size() > 15 || !std::all_of(value.begin(), value.end(), ::isdigit)
                || (!contentLength.isNull() && contentLength != value)) {
                refuse(400, "MALFORMED_REQUEST", tr("The Content-Length header is not one whole number."));
                return false;
            }
            contentLength = value.toByteArray();
        }
        m_request.headers.append({std::move(name), value.toByteArray()});
    }
    if (m_request.hasHeader("transfer-encoding")) {
        // A body in chunks and a length together is how requests are smuggled past a proxy.
        if (!contentLength.isNull())
            refuse(400, "MALFORMED_REQUEST", tr("A request may not have both Content-Length and Transfer-Encoding."));
        else
            refuse(411, "LENGTH_REQUIRED", tr("Send the request body with a Content-Length header, not in chunks."));
        return false;
    }
    m_bodyLength = contentLength.isNull() ? 0 : contentLength.toLongLong();
    const QByteArray connection = m_request.header("connection");
    m_request.keepAlive = m_request.minorVersion == 1 ? !hasConnectionOption(connection, "close")
                                                      : hasConnectionOption(connection, "keep-alive");
    return true;
}

QByteArray HttpConnection::statusAndHeaders(int status, const HttpHeaders& headers, qsizetype contentLength)
{
    QByteArray out;
    out.reserve(256);
    out += "HTTP/1.1 ";
    out += QByteArray::number(status);
    out += ' ';
    out += reasonPhrase(status);
    out += "\r\n";
    for (const auto& [name, value] : headers) {
        // A value with a line break in it would write headers (or a body) of its own.
        if (!isToken(name) || hasControlCharacter(value))
            continue;
        out += name;
        out += ": ";
        out += value;
        out += "\r\n";
    }
    if (contentLength >= 0) {
        out += "Content-Length: ";
        out += QByteArray::number(contentLength);
        out += "\r\n";
    } else if (m_request.minorVersion == 1) {
        out += "Transfer-Encoding: chunked\r\n";
    } else {
        m_closeAfterResponse = true; // HTTP/1.0 knows no chunks: the end of the body is the close
    }
    if (m_closeAfterResponse || !m_request.keepAlive)
        out += "Connection: close\r\n";
    else if (m_request.minorVersion == 0)
        out += "Connection: keep-alive\r\n"; // HTTP/1.0 closes unless told otherwise
    out += "\r\n";
    return out;
}

void HttpConnection::respond(int status, const HttpHeaders& headers, const QByteArray& body)
{
    if (!m_socket || m_state != State::Handling)
        return;
    QByteArray out = statusAndHeaders(status, headers, body.size());
    if (m_request.method != "HEAD")
        out += body;
    m_socket->write(out);
    finishResponse();
}

void HttpConnection::beginStream(int status, const HttpHeaders& headers)
{
    if (!m_socket || m_state != State::Handling)
        return;
    m_state = State::Streaming;
    m_socket->write(statusAndHeaders(status, headers, -1));
}

void HttpConnection::writeChunk(QByteArrayView data)
{
    if (!m_socket || m_state != State::Streaming || data.isEmpty())
        return;
    if (m_request.minorVersion == 0) {
        m_socket->write(data.data(), data.size());
        noteStreamBacklog();
        return;
    }
    QByteArray out = QByteArray::number(data.size(), 16);
    out += "\r\n";
    out += data;
    out += "\r\n";
    m_socket->write(out);
    noteStreamBacklog();
}

void HttpConnection::noteStreamBacklog()
{
    // A stream's client that stays behind for the idle time is closed (its call is cancelled).
    if (!isBackedUp() || m_timer.isActive())
        return;
    m_timer.start(m_limits.idleTimeout);
}

void HttpConnection::endStream()
{
    if (!m_socket || m_state != State::Streaming)
        return;
    if (m_request.minorVersion == 1)
        m_socket->write("0\r\n\r\n");
    finishResponse();
}

void HttpConnection::abort()
{
    if (!m_socket)
        return;
    // Without the last chunk (or with fewer bytes than announced) the client knows the answer
    // is incomplete.
    closeAfterWriting();
}

void HttpConnection::closeWhenIdle()
{
    m_closeAfterResponse = true;
    const bool midRequest = (m_state == State::ReadingHead || m_state == State::ReadingBody) && !m_buffer.isEmpty();
    if (m_socket && !isHandling() && !midRequest && m_state != State::Closing) {
        closeAfterWriting();
    }
}

void HttpConnection::closeNow()
{
    if (!m_socket)
        return;
    m_socket->abort();
    shutdown();
}

void HttpConnection::closeAfterWriting()
{
    // What is written still goes out; a client that stops reading is cut off in the end.
    m_state = State::Closing;
    m_waitingForClient = false;
    m_timer.start(m_limits.idleTimeout);
    m_socket->disconnectFromHost();
}

void HttpConnection::refuse(int status, QByteArrayView tag, const QString& message)
{
    if (!m_socket)
        return;
    m_closeAfterResponse = true;
    m_waitingForClient = false;
    const QByteArray body = errorBody(tag, message);
    HttpHeaders headers{{"Content-Type", "application/json"}};
    if (status == 401)
        headers.emplaceBack("WWW-Authenticate", "Bearer");
    m_socket->write(statusAndHeaders(status, headers, body.size()) + body);
    // A lingering close: once the answer is out, our side ends (the client reads it and sees
    // the end), while what the client still sends is read and dropped for a moment. Closing
    // outright with unread bytes would reset the connection before the client read why.
    m_state = State::Closing;
    m_timer.start(kLingerMs);
    const auto endOurSide = [this] {
        if (m_socket && m_socket->bytesToWrite() == 0)
            endWriting(m_socket->socketDescriptor());
    };
    connect(m_socket, &QTcpSocket::bytesWritten, this, endOurSide);
    m_socket->flush();
    endOurSide();
    Q_EMIT refused(status);
}

void HttpConnection::finishResponse()
{
    if (m_closeAfterResponse || !m_request.keepAlive) {
        closeAfterWriting();
        return;
    }
    m_state = State::Idle;
    m_request = {};
    if (isBackedUp()) {
        // A client that sends requests without reading the answers gets no more answers until
        // it does; one that never does is closed when the idle time runs out.
        m_waitingForClient = true;
        m_timer.start(m_limits.idleTimeout);
        return;
    }
    armTimer();
    if (!m_buffer.isEmpty() || m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &HttpConnection::process, Qt::QueuedConnection);
}

void HttpConnection::onBytesWritten()
{
    // Only a client that is behind is watched here: a stream's (its timer runs while it is
    // behind, see noteStreamBacklog()) or one sending requests without reading the answers.
    const bool behind
        = (m_state == State::Streaming && m_timer.isActive()) || (m_state == State::Idle && m_waitingForClient);
    if (!m_socket || !behind)
        return;
    if (m_socket->bytesToWrite() > m_limits.maxUnsentBytes / 2) {
        // Still behind, but taking what is sent: a slow reader is not a stalled one.
        m_timer.start(m_limits.idleTimeout);
        return;
    }
    if (m_state == State::Streaming) {
        m_timer.stop();
        Q_EMIT caughtUp();
        return;
    }
    m_waitingForClient = false;
    armTimer();
    if (!m_buffer.isEmpty() || m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &HttpConnection::process, Qt::QueuedConnection);
}

void HttpConnection::armTimer()
{
    switch (m_state) {
    case State::Idle:
        m_timer.start(m_limits.idleTimeout);
        break;
    case State::ReadingHead:
        m_timer.start(m_limits.readTimeout);
        break;
    case State::ReadingBody: // still within the request's read time
        break;
    case State::Handling:
    case State::Streaming:
    case State::Closing:
        m_timer.stop();
        break;
    }
}

void HttpConnection::onTimeout()
{
    if (!m_socket)
        return;
    const bool began = m_state == State::ReadingBody || (m_state == State::ReadingHead && !m_buffer.isEmpty());
    if (began) {
        refuse(408, "REQUEST_TIMEOUT",
               tr("The request did not arrive within %1 seconds.").arg(m_limits.readTimeout.count() / 1000.0));
        return;
    }
    m_state = State::Closing;
    m_socket->abort(); // idle, or lingering after a refusal
}

void HttpConnection::shutdown()
{
    if (m_state == State::Closing && !m_socket)
        return;
    m_state = State::Closing;
    m_timer.stop();
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    Q_EMIT closed();
    deleteLater();
}

} // namespace exadesk
