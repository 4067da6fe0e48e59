#pragma once

#include "ExaCall.h"
#include "ExaError.h"
#include "logging/KeyMask.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QNetworkReply>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>

namespace exa {

// A header's value from a reply's raw headers (names compare case-insensitively); empty if absent.
QByteArray headerValue(const QList<QNetworkReply::RawHeaderPair>& headers, QByteArrayView name);

// The answer to one ExaCall, arriving on the event loop. Exactly one finished() per reply,
// whether Exa answered, the network failed, the time ran out or the caller cancelled.
class ExaReply : public QObject
{
    Q_OBJECT

public:
    ~ExaReply() override;

    const ExaCall& call() const { return m_call; }
    bool isFinished() const { return m_finished; }
    // The call failed when error().isError(); an HTTP error keeps Exa's body in body().
    const ExaError& error() const { return m_error; }
    bool isSuccess() const { return m_finished && !m_error.isError(); }

    int httpStatus() const { return m_httpStatus; }
    QByteArray contentType() const;
    QByteArray rawHeader(QByteArrayView name) const;
    const QList<QNetworkReply::RawHeaderPair>& rawHeaders() const { return m_headers; }
    const QByteArray& body() const { return m_body; }
    // The body as a JSON object; empty when it is not one.
    QJsonObject json() const;

    std::chrono::milliseconds elapsed() const;
    bool wasHttp2Used() const { return m_http2Used; }

    // Cancels a running call; finished() follows with ExaError::Kind::Cancelled.
    void abort();
    // A streamed answer whose reader is behind: while paused, its data is left with the network
    // (which over HTTP/1.1 stops reading once kStreamBufferBytes wait) and the silence limit
    // does not run. Should the network hold more than the client's maxUnreadStreamBytes all the
    // same (HTTP/2 reads on regardless), the answer is abandoned: finished() with
    // ExaError::Kind::Cancelled and readerFellBehind().
    void setPaused(bool paused);
    bool readerFellBehind() const { return m_readerFellBehind; }

    // The most of a whole answer that is read; a larger one fails as InvalidResponse.
    static constexpr qsizetype kMaxBodyBytes = 64 * 1024 * 1024;
    // Of a streamed answer only its last events are kept in body() (its cost is in them); the
    // rest went out through dataReceived().
    static constexpr qsizetype kStreamTailBytes = 1024 * 1024;
    static constexpr qsizetype kStreamBufferBytes = 256 * 1024;

Q_SIGNALS:
    // Status and headers are known; the body may still be on its way.
    void headersReceived();
    // A piece of the body as it arrives (streamed answers: one or more server-sent events).
    void dataReceived(const QByteArray& chunk);
    void finished();

private:
    friend class ExaClient;
    struct Limits
    {
        std::chrono::milliseconds timeout{0};
        qsizetype maxUnreadStreamBytes = 0;
    };
    ExaReply(QNetworkReply* reply, ExaCall call, const QString& apiKey, Limits limits, QObject* parent);
    // A call that failed before it could be sent; finished() follows on the event loop.
    ExaReply(ExaCall call, ExaError error, QObject* parent);

    // These return false when a slot of the signal they emit deleted this reply.
    bool readHeaders();
    bool readBody();
    // Aborts the network reply, with `why` set; false when a slot deleted this reply meanwhile.
    bool cutShort(bool& why);
    void onTimeout();
    void complete();
    void finish();
    ExaError networkError() const;

    QPointer<QNetworkReply> m_reply; // owned by its manager; deleted by us
    ExaCall m_call;
    // The key, only to mask it in what came back.
    exadesk::KeyForms m_keyForms;
    exadesk::StreamKeyMask m_streamMask;
    std::chrono::milliseconds m_timeout{0};
    qsizetype m_maxUnreadStreamBytes = 0;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_elapsedMs = -1;

    bool m_headersRead = false;
    bool m_finished = false;
    bool m_timedOut = false;
    bool m_http2Used = false;
    bool m_tooLarge = false;
    bool m_paused = false;
    bool m_readerFellBehind = false;
    int m_httpStatus = 0;
    QList<QNetworkReply::RawHeaderPair> m_headers;
    QByteArray m_body;
    QStringList m_sslErrors;
    ExaError m_error;
};

} // namespace exa
