#pragma once

#include "exa/ExaCall.h"
#include "exa/ExaError.h"
#include "resilience/Clock.h"
#include "resilience/Outcome.h"

#include <QJsonObject>
#include <QList>
#include <QNetworkReply>
#include <QObject>
#include <QPointer>

namespace exa {
class ExaReply;
}

namespace exadesk {

class Gateway;

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

// A call handed to the Gateway. It ends exactly once: finished() when Exa answered 2xx,
// failed() otherwise; ended() follows either. Delete it (deleteLater) when done with it;
// deleting a running call cancels it.
class PendingCall : public QObject
{
    Q_OBJECT

public:
    ~PendingCall() override;

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
    QString streamingKeyId() const;

    // Ends the call with a Cancelled error, whatever stage it is at.
    void cancel();

Q_SIGNALS:
    void attempted(const exadesk::AttemptRecord& attempt);
    // Streamed calls only: the answer has begun (status and headers known); no retry follows.
    void headersReceived();
    void dataReceived(const QByteArray& chunk);
    void finished();
    void failed(const exa::ExaError& error);
    void ended();

private:
    friend class Gateway;
    PendingCall(exa::ExaCall call, Clock& clock, Gateway* gateway);

    exa::ExaCall m_call;
    QPointer<Gateway> m_gateway;
    bool m_ended = false;
    exa::ExaError m_error;
    int m_httpStatus = 0;
    QList<QNetworkReply::RawHeaderPair> m_headers;
    QByteArray m_body;
    QList<AttemptRecord> m_attempts;

    // The gateway's bookkeeping.
    qint64 m_deadlineMs = 0;
    qint64 m_deadlineSpanMs = 0;
    int m_affinityKey = -1;
    bool m_pinned = false; // the caller chose the key (a test), not a research task
    QList<int> m_triedKeys;
    int m_upstreamFailures = 0;
    bool m_holdsSlot = false;
    bool m_queued = false;
    bool m_committed = false; // a streamed answer began: it is this attempt or nothing
    bool m_timedOut = false; // the attempt's own limit passed
    bool m_deadlinePassed = false; // the call's deadline passed
    bool m_cancelled = false;
    QPointer<exa::ExaReply> m_reply;
    int m_key = -1;
    bool m_keyProbe = false; // the attempt is its key's breaker probe
    int m_proxy = -1;
    bool m_proxyProbe = false; // ... or its proxy's
    qint64 m_attemptStartMs = 0;
    qint64 m_attemptLimitMs = 0;
    ClockTimer m_attemptTimer;
    ClockTimer m_retryTimer;
    ClockTimer m_deadlineTimer;
};

} // namespace exadesk
