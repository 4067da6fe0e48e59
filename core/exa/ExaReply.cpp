#include "ExaReply.h"

#include "logging/KeyMask.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkRequest>
#include <QSslError>

using namespace Qt::StringLiterals;

namespace exa {
namespace {

QString hostOf(const QUrl& url)
{
    return url.port() > 0 ? u"%1:%2"_s.arg(url.host(), QString::number(url.port())) : url.host();
}

bool isSuccessStatus(int status)
{
    return status >= 200 && status < 300;
}

} // namespace

ExaReply::ExaReply(QNetworkReply* reply, ExaCall call, const QString& apiKey, Limits limits, QObject* parent)
    : QObject(parent)
    , m_reply(reply)
    , m_call(std::move(call))
    , m_keyForms(apiKey)
    , m_streamMask(m_keyForms)
    , m_timeout(limits.timeout)
    , m_maxUnreadStreamBytes(limits.maxUnreadStreamBytes)
{
    m_clock.start();
    m_timer.setSingleShot(true);
    // A deadline must not pass early, which a coarse timer may do.
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &ExaReply::onTimeout);
    if (m_timeout.count() > 0)
        m_timer.start(m_timeout);

    connect(reply, &QNetworkReply::metaDataChanged, this, &ExaReply::readHeaders);
    connect(reply, &QNetworkReply::readyRead, this, &ExaReply::readBody);
    connect(reply, &QNetworkReply::sslErrors, this, [this](const QList<QSslError>& errors) {
        for (const QSslError& error : errors)
            m_sslErrors.append(error.errorString());
    });
    connect(reply, &QNetworkReply::finished, this, &ExaReply::complete);
    // The network reply belongs to its manager, which may go first (a proxy removed).
    connect(reply, &QObject::destroyed, this, [this] {
        if (m_finished)
            return;
        m_error = {};
        m_error.kind = ExaError::Kind::Cancelled;
        m_error.message = tr("The call was cancelled: its network connection was closed.");
        m_body.clear(); // a part of an answer, never looked at
        finish();
    });
}

ExaReply::ExaReply(ExaCall call, ExaError error, QObject* parent)
    : QObject(parent)
    , m_call(std::move(call))
    , m_keyForms(QString())
    , m_streamMask(m_keyForms)
    , m_error(std::move(error))
{
    m_clock.start();
    // finished() is always asynchronous, so a caller can connect to it after send() returns.
    QMetaObject::invokeMethod(this, &ExaReply::finish, Qt::QueuedConnection);
}

ExaReply::~ExaReply()
{
    if (!m_reply)
        return;
    m_reply->disconnect(this);
    if (!m_finished)
        m_reply->abort();
    // Not `delete`: we may be destroyed from inside one of its signals.
    m_reply->deleteLater();
}

QByteArray ExaReply::contentType() const
{
    return rawHeader("content-type");
}

QByteArray headerValue(const QList<QNetworkReply::RawHeaderPair>& headers, QByteArrayView name)
{
    for (const auto& [key, value] : headers) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QByteArray ExaReply::rawHeader(QByteArrayView name) const
{
    return headerValue(m_headers, name);
}

QJsonObject ExaReply::json() const
{
    return QJsonDocument::fromJson(m_body).object();
}

std::chrono::milliseconds ExaReply::elapsed() const
{
    return std::chrono::milliseconds(m_elapsedMs >= 0 ? m_elapsedMs : m_clock.elapsed());
}

void ExaReply::abort()
{
    if (m_reply && !m_finished)
        m_reply->abort();
}

void ExaReply::setPaused(bool paused)
{
    if (m_paused == paused || m_finished)
        return;
    m_paused = paused;
    if (paused) {
        m_timer.stop();
        return;
    }
    if (m_timeout.count() > 0)
        m_timer.start(m_timeout);
    // What the network held meanwhile is read now, not when more arrives.
    QMetaObject::invokeMethod(
        this, [this] { readBody(); }, Qt::QueuedConnection);
}

bool ExaReply::readHeaders()
{
    if (m_headersRead || !m_reply)
        return true;
    const QVariant status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!status.isValid())
        return true;
    // A redirect that is followed announces its own headers first; only the final answer counts.
    const int code = status.toInt();
    if (code >= 300 && code < 400 && !m_reply->isFinished())
        return true;
    m_headersRead = true;
    m_httpStatus = code;
    m_headers = m_reply->rawHeaderPairs();
    // Whatever answered may have echoed the key in a header; it is never passed on.
    for (auto& header : m_headers)
        header.second = m_keyForms.masked(header.second);
    // Over HTTP/2, Qt 6.4 reads on whatever its read buffer: a limit would only move a paused
    // stream's backlog out of sight, into Qt's network thread. Without one it stays where
    // setPaused() can see it and give up on it.
    if (m_reply->readBufferSize() > 0 && m_reply->attribute(QNetworkRequest::Http2WasUsedAttribute).toBool())
        m_reply->setReadBufferSize(0);
    if (!m_call.streamed && m_reply->header(QNetworkRequest::ContentLengthHeader).toLongLong() > kMaxBodyBytes)
        return cutShort(m_tooLarge);
    const QPointer<ExaReply> alive(this);
    Q_EMIT headersReceived();
    return !alive.isNull();
}

bool ExaReply::readBody()
{
    if (!m_reply || !readHeaders())
        return false;
    if (m_tooLarge || m_readerFellBehind)
        return true;
    if (m_paused && !m_reply->isFinished()) {
        return m_reply->bytesAvailable() > m_maxUnreadStreamBytes ? cutShort(m_readerFellBehind) : true;
    }
    if (!m_call.streamed && m_body.size() + m_reply->bytesAvailable() > kMaxBodyBytes)
        return cutShort(m_tooLarge);
    QByteArray chunk = m_reply->readAll();
    if (m_call.streamed) {
        // Streamed data goes on as it comes, so the key is masked in it piece by piece.
        chunk = m_streamMask.feed(chunk);
        if (m_reply->isFinished())
            chunk += m_streamMask.finish();
    }
    if (chunk.isEmpty())
        return true;
    m_body += chunk;
    if (m_call.streamed && m_body.size() > kStreamTailBytes) {
        // Whole events only: from the first event boundary (LF LF or CR LF CR LF) in the tail.
        const qsizetype from = m_body.size() - kStreamTailBytes;
        const qsizetype lf = m_body.indexOf("\n\n", from);
        const qsizetype crlf = m_body.indexOf("\r\n\r\n", from);
        qsizetype end = lf < 0 ? -1 : lf + 2;
        if (crlf >= 0 && (end < 0 || crlf + 4 < end))
            end = crlf + 4;
        m_body.remove(0, end < 0 ? from : end);
    }
    // A stream may run long; the limit is on silence, not on the whole answer.
    if (m_call.streamed && m_timeout.count() > 0)
        m_timer.start(m_timeout);
    const QPointer<ExaReply> alive(this);
    Q_EMIT dataReceived(chunk);
    return !alive.isNull();
}

bool ExaReply::cutShort(bool& why)
{
    why = true;
    const QPointer<ExaReply> alive(this);
    m_reply->abort(); // finished() may follow at once, and a slot of it delete this reply
    return !alive.isNull();
}

void ExaReply::onTimeout()
{
    if (m_finished || !m_reply)
        return;
    m_timedOut = true;
    m_reply->abort();
}

void ExaReply::complete()
{
    // A slot of headersReceived() or dataReceived() may have deleted us.
    if (m_finished || !m_reply || !readBody())
        return;
    m_http2Used = m_reply->attribute(QNetworkRequest::Http2WasUsedAttribute).toBool();
    // Whatever answered may have echoed the key (a proxy's debug page, say); it is never shown
    // or passed on. A stream was masked piece by piece as it went.
    if (!m_call.streamed)
        m_body = m_keyForms.masked(m_body);

    const QString host = hostOf(m_reply->url());
    if (m_tooLarge) {
        m_error = {};
        m_error.kind = ExaError::Kind::InvalidResponse;
        m_error.httpStatus = m_httpStatus;
        m_error.message = tr("The answer from %1 is larger than %2 MiB; it was not read further.")
                              .arg(host)
                              .arg(kMaxBodyBytes / (1024 * 1024));
        m_body.clear();
    } else if (m_timedOut) {
        m_error.kind = ExaError::Kind::Timeout;
        const auto seconds = QString::number(static_cast<double>(m_timeout.count()) / 1000.0);
        m_error.message = m_call.streamed && !m_body.isEmpty()
            ? tr("The answer from %1 stopped arriving for %2 s; the call was abandoned.").arg(host, seconds)
            : tr("%1 did not answer within %2 s.").arg(host, seconds);
    } else if (m_readerFellBehind) {
        m_error.kind = ExaError::Kind::Cancelled;
        m_error.message = tr("The answer was abandoned: its reader fell more than %1 MiB behind.")
                              .arg(static_cast<double>(m_maxUnreadStreamBytes) / (1024 * 1024), 0, 'g', 3);
    } else if (m_reply->error() == QNetworkReply::OperationCanceledError) {
        m_error.kind = ExaError::Kind::Cancelled;
        m_error.message = tr("The call was cancelled.");
    } else if (m_httpStatus != 0 && !isSuccessStatus(m_httpStatus)) {
        // The body was masked above, before Exa's message is cut to an excerpt: no part of the
        // key survives.
        m_error = ExaError::fromHttp(m_httpStatus, m_body, rawHeader("retry-after"));
        if (m_httpStatus >= 300 && m_httpStatus < 400)
            m_error.message = tr("%1 redirected the call to another address; it was not followed, so the key "
                                 "did not leave this host.")
                                  .arg(host);
    } else if (m_reply->error() != QNetworkReply::NoError) {
        m_error = networkError();
    } else if (!m_call.streamed && m_body.isEmpty()) {
        // Every one of Exa's routes answers with a JSON object; nothing at all is a broken answer.
        m_error.kind = ExaError::Kind::InvalidResponse;
        m_error.httpStatus = m_httpStatus;
        m_error.message = tr("%1 answered %2 with an empty body.").arg(host, QString::number(m_httpStatus));
    } else if (!m_call.streamed) {
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(m_body, &parseError);
        if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
            m_error.kind = ExaError::Kind::InvalidResponse;
            m_error.httpStatus = m_httpStatus;
            m_error.message = tr("%1 answered %2 but its body is not Exa's JSON (%3 at byte %4).")
                                  .arg(host, QString::number(m_httpStatus), parseError.errorString(),
                                       QString::number(parseError.offset));
        }
    }

    finish();
}

void ExaReply::finish()
{
    if (m_finished)
        return;
    m_timer.stop();
    m_elapsedMs = m_clock.elapsed();
    // Nor in what is said of the answer (its body was masked in complete()).
    if (!m_keyForms.isEmpty()) {
        for (QString* text : {&m_error.message, &m_error.tagText, &m_error.requestId})
            *text = QString::fromUtf8(m_keyForms.masked(text->toUtf8()));
    }
    m_finished = true;
    Q_EMIT finished();
}

ExaError ExaReply::networkError() const
{
    ExaError error;
    error.kind = ExaError::Kind::Network;
    error.networkError = m_reply->error();
    const QString host = hostOf(m_reply->url());
    // Behind a proxy, the only connection we make ourselves is to the proxy.
    const QNetworkProxy proxy = m_reply->manager() ? m_reply->manager()->proxy() : QNetworkProxy();
    const bool viaProxy = proxy.type() != QNetworkProxy::NoProxy && proxy.type() != QNetworkProxy::DefaultProxy;
    if (viaProxy
        && (m_reply->error() == QNetworkReply::ConnectionRefusedError
            || m_reply->error() == QNetworkReply::UnknownNetworkError
            || m_reply->error() == QNetworkReply::HostNotFoundError)) {
        error.message = tr("Could not connect through the proxy %1:%2: %3")
                            .arg(proxy.hostName(), QString::number(proxy.port()), m_reply->errorString());
        return error;
    }
    switch (m_reply->error()) {
    case QNetworkReply::ContentReSendError:
        error.message = tr("The connection to %1 closed after the call was sent and before an answer came; it "
                           "was not sent again on its own.")
                            .arg(host);
        break;
    case QNetworkReply::ConnectionRefusedError:
        error.message = tr("Could not connect to %1: the connection was refused. Check the address and that the "
                           "service is running.")
                            .arg(host);
        break;
    case QNetworkReply::RemoteHostClosedError:
        error.message = tr("%1 closed the connection before the answer was complete.").arg(host);
        break;
    case QNetworkReply::HostNotFoundError:
        error.message = tr("The host %1 could not be found. Check the address and your network connection.").arg(host);
        break;
    case QNetworkReply::TimeoutError:
        error.message = tr("The connection to %1 timed out.").arg(host);
        break;
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
        error.message = tr("The network is unavailable.");
        break;
    case QNetworkReply::SslHandshakeFailedError: {
        error.kind = ExaError::Kind::Tls;
        const QString why = m_sslErrors.isEmpty() ? m_reply->errorString() : m_sslErrors.join(u"; "_s);
        error.message = tr("The secure connection to %1 failed: %2. If a proxy on your network inspects TLS, add "
                           "its CA certificate as a CA bundle.")
                            .arg(host, why);
        break;
    }
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::ProxyAuthenticationRequiredError:
        error.message = tr("The proxy failed: %1").arg(m_reply->errorString());
        break;
    case QNetworkReply::InsecureRedirectError:
    case QNetworkReply::TooManyRedirectsError:
        error.message = tr("%1 redirected the call to another address; it was not followed, so the key did "
                           "not leave this host.")
                            .arg(host);
        break;
    default:
        error.message = tr("The call to %1 failed: %2").arg(host, m_reply->errorString());
        break;
    }
    return error;
}

} // namespace exa
