#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QNetworkReply>
#include <QSslCertificate>
#include <QUrl>

// Plain HTTP from a test, independent of the client under test: for checking servers (the fake
// Exa server, the local port) as any other client would see them.
namespace testsupport {

struct HttpAnswer
{
    int status = 0;
    QByteArray body;
    QList<QNetworkReply::RawHeaderPair> headers;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    int readyReadCount = 0; // how many pieces the body came in
    bool finished = false;

    QByteArray header(QByteArrayView name) const;
    QJsonObject json() const;
};

struct HttpCall
{
    QByteArray method = "POST";
    QUrl url;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    int timeoutMs = 10'000;
    QList<QSslCertificate> caCertificates; // trusted besides the system's
};

HttpAnswer sendHttp(const HttpCall& call);
// POST `body` as JSON with `x-api-key: key` (no key header when `key` is empty).
HttpAnswer postJson(const QUrl& url, const QByteArray& body, const QByteArray& key, int timeoutMs = 10'000);
HttpAnswer getWithKey(const QUrl& url, const QByteArray& key);

} // namespace testsupport
