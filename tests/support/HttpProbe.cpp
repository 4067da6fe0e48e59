#include "HttpProbe.h"

#include "Wait.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QSslConfiguration>

namespace testsupport {

QByteArray HttpAnswer::header(QByteArrayView name) const
{
    for (const auto& [key, value] : headers) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QJsonObject HttpAnswer::json() const
{
    return QJsonDocument::fromJson(body).object();
}

HttpAnswer sendHttp(const HttpCall& call)
{
    QNetworkAccessManager network;
    QNetworkRequest request(call.url);
    request.setTransferTimeout(call.timeoutMs);
    for (const auto& [name, value] : call.headers)
        request.setRawHeader(name, value);
    if (!call.caCertificates.isEmpty()) {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.addCaCertificates(call.caCertificates);
        request.setSslConfiguration(ssl);
    }
    HttpAnswer answer;
    QNetworkReply* reply = network.sendCustomRequest(request, call.method, call.body);
    QObject::connect(reply, &QNetworkReply::readyRead, reply, [&answer, reply] {
        ++answer.readyReadCount;
        answer.body += reply->readAll();
    });
    QObject::connect(reply, &QNetworkReply::finished, reply, [&answer, reply] {
        answer.body += reply->readAll();
        answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        answer.headers = reply->rawHeaderPairs();
        answer.error = reply->error();
        answer.finished = true;
    });
    waitUntil([&] { return answer.finished; }, call.timeoutMs + 5'000);
    reply->deleteLater();
    return answer;
}

HttpAnswer postJson(const QUrl& url, const QByteArray& body, const QByteArray& key, int timeoutMs)
{
    HttpCall call;
    call.url = url;
    call.body = body;
    call.timeoutMs = timeoutMs;
    call.headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    if (!key.isEmpty())
        call.headers.append(qMakePair(QByteArray("x-api-key"), key));
    return sendHttp(call);
}

HttpAnswer getWithKey(const QUrl& url, const QByteArray& key)
{
    HttpCall call;
    call.method = "GET";
    call.url = url;
    if (!key.isEmpty())
        call.headers.append(qMakePair(QByteArray("x-api-key"), key));
    return sendHttp(call);
}

} // namespace testsupport
