#pragma once

#include "exa/ExaCall.h"
#include "exa/ExaError.h"
#include "resilience/Outcome.h"

#include <QJsonObject>
#include <QList>
#include <QNetworkReply>
#include <QObject>

namespace exadesk {

// One attempt of a call: which key and proxy carried it and how it went.
struct AttemptRecord
{
    int number = 0; // 1 for the first
    QString keyId;
    QString keyLabel;
    QString proxyId;
    exa::ExaRoute route = exa::ExaRoute::Other;
    int httpStatus = 0; // 0 when Exa did not answer
    Outcome outcome = Outcome::Success;
    qint64 startedAtMs = 0;
    qint64 latencyMs = 0;
    QString error; // masked, for people
    double costDollars = 0.0; // what Exa billed for it (a streamed answer's is in its last event)
};

// A call handed to the engine, as its caller sees it. It ends exactly once: finished() when Exa
// answered 2xx, failed() otherwise; ended() follows either. Delete it (deleteLater) when done
// with it; deleting a running call cancels it.
//
// The engine that carries the call out derives from it and fills it in as the call goes on,
// through the protected part below.
class PendingCall : public QObject
{
    Q_OBJECT

public:
    const exa::ExaCall& call() const { return m_call; }
    bool isEnded() const { return m_ended; }
    bool isSuccess() const { return m_ended && !m_error.isError(); }
    const exa::ExaError& error() const { return m_error; }

    // The final answer as Exa sent it (also for an error Exa returned, such as a 400).
    int httpStatus() const { return m_httpStatus; }
    const QList<QNetworkReply::RawHeaderPair>& headers() const { return m_headers; }
    QByteArray header(QByteArrayView name) const;
    const QByteArray& body() const { return m_body; }
    QJsonObject json() const;

    const QList<AttemptRecord>& attempts() const { return m_attempts; }
    // The key and proxy of the last attempt.
    QString keyId() const { return m_attempts.isEmpty() ? QString() : m_attempts.constLast().keyId; }
    QString proxyId() const { return m_attempts.isEmpty() ? QString() : m_attempts.constLast().proxyId; }

    // While a streamed answer flows, the key carrying it (its attempt is recorded when it ends).
    QString streamingKeyId() const { return m_ended ? QString() : m_streamingKeyId; }

    // Ends the call with a Cancelled error, whatever stage it is at.
    void cancel();
    // A streamed answer's reader cannot keep up: its data is left with the network (and the
    // attempt's silence is not held against it) until resumed.
    void pauseReading(bool paused)
    {
        if (!m_ended)
            requestPause(paused);
    }

Q_SIGNALS:
    void attempted(const exadesk::AttemptRecord& attempt);
    // Streamed calls only: the answer has begun (status and headers known); no retry follows.
    void headersReceived();
    void dataReceived(const QByteArray& chunk);
    void finished();
    void failed(const exa::ExaError& error);
    void ended();

protected:
    PendingCall(exa::ExaCall call, QObject* parent);

    // The caller cancelled: end the call (now, or once its attempt on the wire has ended).
    virtual void requestCancel() = 0;
    virtual void requestPause(bool paused) { Q_UNUSED(paused); }

    void setAnswer(int httpStatus, QList<QNetworkReply::RawHeaderPair> headers, QByteArray body);
    void setError(exa::ExaError error) { m_error = std::move(error); }
    void addAttempt(const AttemptRecord& attempt) { m_attempts.append(attempt); }
    // A streamed answer began through `keyId`; headersReceived() follows.
    void beginStream(int httpStatus, QList<QNetworkReply::RawHeaderPair> headers, const QString& keyId);
    // Marks the call ended; the signals follow from the event loop, so whoever submitted it can
    // connect first.
    void markEnded();

private:
    exa::ExaCall m_call;
    bool m_ended = false;
    exa::ExaError m_error;
    int m_httpStatus = 0;
    QList<QNetworkReply::RawHeaderPair> m_headers;
    QByteArray m_body;
    QList<AttemptRecord> m_attempts;
    QString m_streamingKeyId;
};

} // namespace exadesk
