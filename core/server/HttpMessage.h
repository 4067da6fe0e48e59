#pragma once

#include "config/SettingsRegistry.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <chrono>
#include <utility>

namespace exadesk {

using HttpHeaders = QList<std::pair<QByteArray, QByteArray>>;

// One request as the local port read it: the request line's parts as sent, header names in
// lower case, and the whole body (bounded by HttpLimits).
struct HttpRequest
{
    QByteArray method;
    QByteArray target; // origin-form: path and query, still percent-encoded
    QByteArray path;
    QByteArray query; // without the '?'
    int minorVersion = 1; // HTTP/1.x
    HttpHeaders headers;
    QByteArray body;
    bool keepAlive = true;

    // The first value of a header (names compare in lower case), or empty.
    QByteArray header(QByteArrayView lowerCaseName) const;
    bool hasHeader(QByteArrayView lowerCaseName) const;
    int headerCount(QByteArrayView lowerCaseName) const;
};

// Why a request is turned away: the status, Exa-style tag and a sentence for the client.
struct Refusal
{
    int status = 403;
    QByteArray tag;
    QString message;
};

// What one client may send and how long it may take. A client that dribbles its request is
// closed when the read time runs out, however steadily it dribbles.
struct HttpLimits
{
    qsizetype maxHeaderBytes = 16 * 1024; // request line and headers together
    int maxHeaderCount = 64;
    qsizetype maxBodyBytes = qsizetype{setting::ServerMaxBodyKib.number} * 1024;
    std::chrono::milliseconds firstByteTimeout{5'000}; // a new connection's wait for its first byte
    std::chrono::milliseconds readTimeout{15'000}; // from a request's first byte to its last
    std::chrono::milliseconds idleTimeout{60'000}; // a kept-alive connection with no request
    // Answers written but not yet taken by the client: above this no further request is read
    // until the client catches up.
    qsizetype maxUnsentBytes = 1024 * 1024;
};

// Exa's error body ({requestId, error, tag}), so clients built for Exa show our refusals too.
QByteArray errorBody(QByteArrayView tag, const QString& message);
const char* reasonPhrase(int status);

} // namespace exadesk
