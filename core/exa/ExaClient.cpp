#include "ExaClient.h"

#include "ExaReply.h"
#include "OneShotBody.h"
#include "base/Version.h"

#include <QFile>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QSslConfiguration>

#include <algorithm>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcExaClient, "exadesk.exa", QtInfoMsg)

namespace exa {

QUrl ExaClientOptions::defaultBaseUrl()
{
    return QUrl(u"https://api.exa.ai"_s);
}

QString ExaClientOptions::defaultUserAgent()
{
    return u"ExaDesk/"_s + QLatin1StringView(exadesk::kVersion);
}

std::optional<QList<QSslCertificate>> loadCaBundle(const QString& path, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = ExaClient::tr("Cannot read the CA bundle %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    QList<QSslCertificate> certificates = QSslCertificate::fromData(file.readAll(), QSsl::Pem);
    if (certificates.isEmpty()) {
        if (error)
            *error = ExaClient::tr("The CA bundle %1 holds no PEM certificate.").arg(path);
        return std::nullopt;
    }
    return certificates;
}

ExaClient::ExaClient(ExaClientOptions options, QNetworkAccessManager* network, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_network(network ? network : new QNetworkAccessManager(this))
{ }

void ExaClient::setOptions(ExaClientOptions options)
{
    // Qt keeps a connection, with the TLS settings it was opened with, for later requests to the
    // same host; new trust settings must not be ignored because of it.
    const bool trustChanged = options.extraCaCertificates != m_options.extraCaCertificates;
    m_options = std::move(options);
    if (trustChanged)
        m_network->clearConnectionCache();
}

QUrl ExaClient::urlFor(const ExaCall& call) const
{
    QUrl url = m_options.baseUrl;
    QString basePath = url.path(QUrl::FullyEncoded);
    while (basePath.endsWith(u'/'))
        basePath.chop(1);
    // The call's path is already percent-encoded where it needs to be (a research id, say).
    url.setPath(basePath + call.path, QUrl::TolerantMode);
    url.setQuery(call.query);
    return url;
}

ExaReply* ExaClient::send(const ExaCall& call, const QString& apiKey)
{
    // Copying a key often brings spaces or a line end along; inside a header a line break would
    // even start a new header.
    const QString key = apiKey.trimmed();
    const bool sendable = !key.isEmpty()
        && std::all_of(key.begin(), key.end(), [](QChar c) { return c.unicode() > 0x20 && c.unicode() < 0x7f; });
    if (!sendable) {
        ExaError error;
        error.kind = ExaError::Kind::InvalidKey;
        error.message = key.isEmpty() ? tr("No API key was given.")
                                      : tr("The API key contains a space, a line break or another character that "
                                           "cannot be sent; copy it again from the Exa dashboard.");
        return new ExaReply(call, error, this);
    }

    QNetworkRequest request(urlFor(call));
    request.setRawHeader("x-api-key", key.toUtf8());
    if (!m_options.userAgent.isEmpty())
        request.setHeader(QNetworkRequest::UserAgentHeader, m_options.userAgent);
    if (!call.body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
    request.setRawHeader("Accept", call.streamed ? "text/event-stream" : "application/json");
    // A redirect to another host must not take the key with it.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::SameOriginRedirectPolicy);
    if (!m_options.extraCaCertificates.isEmpty()) {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.addCaCertificates(m_options.extraCaCertificates);
        request.setSslConfiguration(ssl);
    }

    // Every call, GET or not, goes with a body Qt cannot rewind, so that Qt never sends it a
    // second time by itself (see OneShotBody). Its length is given and buffering is off, so Qt
    // streams it rather than copying it somewhere it could rewind.
    request.setHeader(QNetworkRequest::ContentLengthHeader, call.body.size());
    request.setAttribute(QNetworkRequest::DoNotBufferUploadDataAttribute, true);
    auto* body = new OneShotBody(call.body);
    qCDebug(lcExaClient) << call.method.constData() << request.url().toDisplayString();
    QNetworkReply* reply = m_network->sendCustomRequest(request, call.method, body);
    body->setParent(reply);
    if (call.streamed) {
        // A stream whose reader pauses waits in the network, not in memory. The limit is set
        // once Qt has started the request (queued, as the request was): set earlier, Qt drops it.
        QMetaObject::invokeMethod(
            reply, [reply] { reply->setReadBufferSize(ExaReply::kStreamBufferBytes); }, Qt::QueuedConnection);
    }
    return new ExaReply(reply, call, key, {m_options.timeout, m_options.maxUnreadStreamBytes}, this);
}

ExaReply* ExaClient::search(const SearchRequest& request, const QString& apiKey)
{
    return send(ExaCall::search(request), apiKey);
}

ExaReply* ExaClient::findSimilar(const FindSimilarRequest& request, const QString& apiKey)
{
    return send(ExaCall::findSimilar(request), apiKey);
}

ExaReply* ExaClient::contents(const ContentsRequest& request, const QString& apiKey)
{
    return send(ExaCall::contents(request), apiKey);
}

ExaReply* ExaClient::answer(const AnswerRequest& request, const QString& apiKey)
{
    return send(ExaCall::answer(request), apiKey);
}

} // namespace exa
