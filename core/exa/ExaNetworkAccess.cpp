#include "ExaNetworkAccess.h"

#include <QCoreApplication>
#include <QHash>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QPointer>
#include <QTcpSocket>

#include <cstring>

using namespace Qt::StringLiterals;

namespace exa {

// Kept-alive connections, by host and port, waiting for their next call.
class Http1Pool : public QObject
{
public:
    using QObject::QObject;

    static constexpr int kMaxIdlePerHost = 64;

    // The most recently used idle connection to host:port, or null.
    QTcpSocket* take(const QString& host, quint16 port)
    {
        QList<QTcpSocket*>& idle = m_idle[keyOf(host, port)];
        while (!idle.isEmpty()) {
            QTcpSocket* socket = idle.takeLast();
            socket->disconnect(this);
            if (socket->state() == QAbstractSocket::ConnectedState && socket->bytesAvailable() == 0)
                return socket;
            socket->deleteLater();
        }
        return nullptr;
    }

    void giveBack(QTcpSocket* socket, const QString& host, quint16 port)
    {
        const QString key = keyOf(host, port);
        QList<QTcpSocket*>& idle = m_idle[key];
        socket->disconnect();
        if (idle.size() >= kMaxIdlePerHost || socket->state() != QAbstractSocket::ConnectedState) {
            socket->abort();
            socket->deleteLater();
            return;
        }
        socket->setParent(this);
        // An idle connection the server closes, or that says anything unasked, is done.
        const auto drop = [this, socket, key] {
            m_idle[key].removeOne(socket);
            socket->disconnect(this);
            socket->abort();
            socket->deleteLater();
        };
        connect(socket, &QTcpSocket::disconnected, this, drop);
        connect(socket, &QTcpSocket::readyRead, this, drop);
        idle.append(socket);
    }

private:
    static QString keyOf(const QString& host, quint16 port) { return host + u':' + QString::number(port); }

    QHash<QString, QList<QTcpSocket*>> m_idle;
};

namespace {

// One call over one pooled connection, as a QNetworkReply so ExaReply reads it like any other.
class Http1Reply : public QNetworkReply
{
    Q_DECLARE_TR_FUNCTIONS(Http1Reply)

public:
    Http1Reply(Http1Pool* pool, const QNetworkRequest& request, const QByteArray& verb, const QByteArray& body,
               QObject* parent)
        : QNetworkReply(parent)
        , m_pool(pool)
        , m_host(request.url().host())
        , m_port(static_cast<quint16>(request.url().port(80)))
        , m_head(verb == "HEAD")
    {
        setRequest(request);
        setUrl(request.url());
        setOperation(QNetworkAccessManager::CustomOperation);
        setAttribute(QNetworkRequest::CustomVerbAttribute, verb);
        open(QIODevice::ReadOnly | QIODevice::Unbuffered);

        const QUrl& url = request.url();
        QByteArray target = url.path(QUrl::FullyEncoded).toLatin1();
        if (target.isEmpty())
            target = "/";
        if (url.hasQuery())
            target += '?' + url.query(QUrl::FullyEncoded).toLatin1();
        m_request.reserve(256 + body.size());
        // Host is the address alone: user information, if the URL has any, is not sent in it.
        QByteArray host = url.host(QUrl::FullyEncoded).toLatin1();
        if (host.contains(':'))
            host = '[' + host + ']';
        if (url.port() != -1)
            host += ':' + QByteArray::number(url.port());
        m_request += verb + ' ' + target + " HTTP/1.1\r\nHost: " + host + "\r\n";
        for (const QByteArray& name : request.rawHeaderList())
            m_request += name + ": " + request.rawHeader(name) + "\r\n";
        if (!body.isEmpty() || verb == "POST" || verb == "PUT")
            m_request += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
        m_request += "\r\n" + body;
        // A kept-alive connection takes the request now (its answer can only come from the
        // event loop). A new one is opened from the event loop, as Qt's replies do: whoever
        // sent the request has connected to it by then, and a refusal at once is still heard.
        if (QTcpSocket* idle = m_pool->take(m_host, m_port))
            start(idle);
        else
            QMetaObject::invokeMethod(
                this, [this] { start(nullptr); }, Qt::QueuedConnection);
    }

    ~Http1Reply() override
    {
        if (m_socket) {
            m_socket->disconnect(this);
            m_socket->abort();
            m_socket->deleteLater();
        }
    }

    void abort() override
    {
        if (isFinished())
            return;
        fail(OperationCanceledError, tr("Operation canceled"));
    }

    qint64 bytesAvailable() const override { return m_data.size() + QIODevice::bytesAvailable(); }
    bool isSequential() const override { return true; }

protected:
    qint64 readData(char* data, qint64 maxSize) override
    {
        if (m_data.isEmpty())
            return isFinished() ? -1 : 0;
        const qint64 count = std::min<qint64>(maxSize, m_data.size());
        std::memcpy(data, m_data.constData(), static_cast<size_t>(count));
        m_data.remove(0, count);
        return count;
    }

private:
    enum class Stage
    {
        Head,
        Body,
        Done
    };
    enum class Framing
    {
        Length,
        Chunked,
        UntilClose
    };

    // Sends the request on `idle`, or on a new connection.
    void start(QTcpSocket* idle)
    {
        if (m_stage == Stage::Done) // aborted before it began
            return;
        m_socket = idle;
        m_reused = idle != nullptr;
        if (!m_reused) {
            m_socket = new QTcpSocket(this);
            m_socket->setProxy(QNetworkProxy::NoProxy);
            // A request is written in one piece; it must leave at once, not when Nagle allows.
            connect(m_socket, &QTcpSocket::connected, m_socket,
                    [socket = m_socket.data()] { socket->setSocketOption(QAbstractSocket::LowDelayOption, 1); });
        }
        m_socket->setParent(this);
        connect(m_socket, &QTcpSocket::readyRead, this, &Http1Reply::onReadyRead);
        connect(m_socket, &QTcpSocket::disconnected, this, &Http1Reply::onClosed);
        connect(m_socket, &QTcpSocket::errorOccurred, this, &Http1Reply::onSocketError);
        // Connected only now that the reply listens: a refusal may be reported at once.
        if (!m_reused)
            m_socket->connectToHost(m_host, m_port);
        // Written while still connecting, it leaves as soon as the connection stands.
        if (m_socket && m_stage != Stage::Done)
            m_socket->write(m_request);
    }

    void onReadyRead()
    {
        m_in += m_socket->readAll();
        m_receivedAny = true;
        parse();
    }

    void parse()
    {
        const QPointer<Http1Reply> alive(this);
        while (alive && m_stage != Stage::Done) {
            if (m_stage == Stage::Head) {
                if (!parseHead())
                    return;
                Q_EMIT metaDataChanged(); // a reader may abort here: the loop checks
                continue;
            }
            if (!parseBody())
                return;
        }
    }

    // Reads the status line and headers; false while they are incomplete (or on failure).
    bool parseHead()
    {
        const qsizetype end = m_in.indexOf("\r\n\r\n");
        if (end < 0) {
            if (m_in.size() > 256 * 1024)
                fail(ProtocolFailure, tr("The server's response headers are too large."));
            return false;
        }
        const QList<QByteArray> lines = m_in.left(end).split('\n');
        m_in.remove(0, end + 4);
        const QByteArray statusLine = lines.constFirst().trimmed();
        const QList<QByteArray> parts = statusLine.split(' ');
        bool ok = false;
        const int status = parts.value(1).toInt(&ok);
        if (!statusLine.startsWith("HTTP/1.") || !ok) {
            fail(ProtocolFailure, tr("The server did not answer in HTTP/1.1."));
            return false;
        }
        if (status >= 100 && status < 200)
            return parseHead(); // 100 Continue and friends: the real answer follows
        QHash<QByteArray, QByteArray> seen;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray& line = lines[i];
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0)
                continue;
            const QByteArray name = line.left(colon).trimmed();
            const QByteArray value = line.mid(colon + 1).trimmed();
            QByteArray& combined = seen[name.toLower()];
            combined = combined.isEmpty() ? value : combined + ", " + value;
            setRawHeader(name, combined);
        }
        setAttribute(QNetworkRequest::HttpStatusCodeAttribute, status);
        setAttribute(QNetworkRequest::HttpReasonPhraseAttribute, statusLine.mid(statusLine.indexOf(' ', 9) + 1));
        const QByteArray connection = seen.value("connection").toLower();
        m_keepAlive
            = statusLine.startsWith("HTTP/1.1") ? !connection.contains("close") : connection.contains("keep-alive");
        if (m_head || status == 204 || status == 304) {
            m_framing = Framing::Length;
            m_remaining = 0;
        } else if (seen.value("transfer-encoding").toLower().contains("chunked")) {
            m_framing = Framing::Chunked;
            m_remaining = kBetweenChunks;
        } else if (seen.contains("content-length")) {
            m_framing = Framing::Length;
            m_remaining = seen.value("content-length").toLongLong(&ok);
            if (!ok || m_remaining < 0) {
                fail(ProtocolFailure, tr("The server sent an invalid Content-Length."));
                return false;
            }
        } else {
            m_framing = Framing::UntilClose;
            m_keepAlive = false;
        }
        m_stage = Stage::Body;
        return true;
    }

    // Moves what arrived of the body on; true when the body is complete.
    bool parseBody()
    {
        switch (m_framing) {
        case Framing::UntilClose:
            deliver(std::exchange(m_in, {}));
            return false;
        case Framing::Length: {
            const qint64 count = std::min<qint64>(m_remaining, m_in.size());
            m_remaining -= count;
            if (count > 0) {
                if (!deliver(m_in.left(count)))
                    return false;
                m_in.remove(0, count);
            }
            if (m_remaining > 0)
                return false;
            complete();
            return true;
        }
        case Framing::Chunked:
            for (;;) {
                if (m_remaining == kTrailers) {
                    // After the last chunk: trailers, if any, end with an empty line.
                    const qsizetype end = m_in.startsWith("\r\n") ? 0 : m_in.indexOf("\r\n\r\n");
                    if (end < 0)
                        return false;
                    m_in.remove(0, end == 0 ? 2 : end + 4);
                    complete();
                    return true;
                }
                if (m_remaining == kBetweenChunks) {
                    const qsizetype lineEnd = m_in.indexOf("\r\n");
                    if (lineEnd < 0)
                        return false;
                    bool ok = false;
                    const QByteArray sizeText = m_in.left(lineEnd).split(';').constFirst().trimmed();
                    const qint64 size = sizeText.size() <= 15 ? sizeText.toLongLong(&ok, 16) : -1;
                    if (!ok || size < 0) {
                        fail(ProtocolFailure, tr("The server sent a malformed chunked body."));
                        return false;
                    }
                    m_in.remove(0, lineEnd + 2);
                    m_remaining = size == 0 ? kTrailers : size;
                    continue;
                }
                // Inside a chunk: its bytes, then a line end.
                if (m_in.size() < m_remaining + 2)
                    return false;
                if (QByteArrayView(m_in).sliced(m_remaining, 2) != "\r\n") {
                    fail(ProtocolFailure, tr("The server sent a malformed chunked body."));
                    return false;
                }
                if (!deliver(m_in.left(m_remaining)))
                    return false;
                m_in.remove(0, m_remaining + 2);
                m_remaining = kBetweenChunks;
            }
        }
        return false;
    }

    // False when a reader aborted (or deleted) the reply meanwhile.
    bool deliver(const QByteArray& bytes)
    {
        if (bytes.isEmpty())
            return true;
        m_data += bytes;
        const QPointer<Http1Reply> alive(this);
        Q_EMIT readyRead();
        return alive && m_stage != Stage::Done;
    }

    void complete()
    {
        m_stage = Stage::Done;
        QTcpSocket* socket = std::exchange(m_socket, nullptr);
        socket->disconnect(this);
        if (m_keepAlive && m_in.isEmpty()) {
            m_pool->giveBack(socket, m_host, m_port);
        } else {
            socket->disconnectFromHost();
            socket->deleteLater();
        }
        setFinished(true);
        Q_EMIT finished();
    }

    void onClosed()
    {
        if (m_stage == Stage::Done)
            return;
        if (m_stage == Stage::Body && m_framing == Framing::UntilClose) {
            m_in += m_socket->readAll();
            if (!deliver(std::exchange(m_in, {})))
                return;
            m_keepAlive = false;
            complete();
            return;
        }
        if (!retryOnNewConnection())
            fail(RemoteHostClosedError, tr("Connection closed"));
    }

    // A kept-alive connection the server had closed meanwhile fails before anything is
    // answered: the call goes out once more, on a new connection.
    bool retryOnNewConnection()
    {
        if (!m_reused || m_receivedAny || m_retried)
            return false;
        m_retried = true;
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
        start(nullptr);
        return true;
    }

    void onSocketError(QAbstractSocket::SocketError error)
    {
        if (m_stage == Stage::Done || error == QAbstractSocket::RemoteHostClosedError)
            return; // onClosed() decides
        if (retryOnNewConnection())
            return;
        const QString text = m_socket ? m_socket->errorString() : QString();
        switch (error) {
        case QAbstractSocket::ConnectionRefusedError:
            fail(ConnectionRefusedError, text);
            break;
        case QAbstractSocket::HostNotFoundError:
            fail(HostNotFoundError, text);
            break;
        case QAbstractSocket::SocketTimeoutError:
            fail(TimeoutError, text);
            break;
        default:
            fail(UnknownNetworkError, text);
            break;
        }
    }

    void fail(NetworkError code, const QString& message)
    {
        m_stage = Stage::Done;
        if (QTcpSocket* socket = std::exchange(m_socket, nullptr)) {
            socket->disconnect(this);
            socket->abort();
            socket->deleteLater();
        }
        setError(code, message);
        const QPointer<Http1Reply> alive(this);
        Q_EMIT errorOccurred(code);
        if (!alive)
            return;
        setFinished(true);
        Q_EMIT finished();
    }

    Http1Pool* m_pool;
    QString m_host;
    quint16 m_port;
    bool m_head;
    QByteArray m_request;
    QPointer<QTcpSocket> m_socket;
    bool m_reused = false;
    bool m_retried = false;
    bool m_receivedAny = false;
    Stage m_stage = Stage::Head;
    Framing m_framing = Framing::Length;
    // Body bytes still to come; chunked: bytes of the current chunk, or one of these.
    static constexpr qint64 kBetweenChunks = -1;
    static constexpr qint64 kTrailers = -2;
    qint64 m_remaining = 0;
    bool m_keepAlive = true;
    QByteArray m_in; // received, not yet parsed
    QByteArray m_data; // body, not yet read by the caller
};

} // namespace

ExaNetworkAccess::ExaNetworkAccess(QObject* parent)
    : QNetworkAccessManager(parent)
    , m_pool(new Http1Pool(this))
{ }

ExaNetworkAccess::~ExaNetworkAccess() = default;

bool ExaNetworkAccess::carriesItself(const QUrl& url) const
{
    if (url.scheme() != "http"_L1 || proxyFactory())
        return false;
    const QNetworkProxy::ProxyType type = proxy().type();
    return type == QNetworkProxy::NoProxy
        || (type == QNetworkProxy::DefaultProxy && QNetworkProxy::applicationProxy().type() == QNetworkProxy::NoProxy);
}

QNetworkReply* ExaNetworkAccess::createRequest(Operation operation, const QNetworkRequest& request,
                                               QIODevice* outgoingData)
{
    if (!carriesItself(request.url()) || request.attribute(kQtCarries).toBool())
        return QNetworkAccessManager::createRequest(operation, request, outgoingData);
    QByteArray verb;
    switch (operation) {
    case GetOperation:
        verb = "GET";
        break;
    case PostOperation:
        verb = "POST";
        break;
    case PutOperation:
        verb = "PUT";
        break;
    case DeleteOperation:
        verb = "DELETE";
        break;
    case HeadOperation:
        verb = "HEAD";
        break;
    default:
        verb = request.attribute(QNetworkRequest::CustomVerbAttribute).toByteArray();
        break;
    }
    const QByteArray body = outgoingData ? outgoingData->readAll() : QByteArray();
    return new Http1Reply(m_pool, request, verb, body, this);
}

} // namespace exa
