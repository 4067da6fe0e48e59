#pragma once

#include "Attempt.h"
#include "calls/PendingCall.h"

#include <memory>

namespace exadesk {

// A call as the gateway carries it out: the PendingCall its caller holds, with the gateway's
// side of it. Its life is one Stage at a time:
//
//   Queued -> Starting -> Attempting -> (Streaming) -> Ended
//               ^   |         |
//               |   +-> Queued (waiting for a key or a way out)
//               +-- BackingOff <-+ (a retry)
//
// and any stage may go to Ended (a failure, a cancel, the deadline).
class GatewayCall final : public PendingCall
{
    Q_OBJECT

public:
    enum class Stage
    {
        Queued, // in the gateway's queue: waiting for a key, a way out or a free slot
        Starting, // taken from the queue or its backoff: looking for a key
        Attempting, // an attempt is on the wire
        Streaming, // a streamed answer has begun: this attempt or nothing
        BackingOff, // waiting before the next attempt
        Ended,
    };
    // Why the call is being stopped from outside, while an attempt may still be on the wire.
    enum class Stop
    {
        None,
        Cancelled, // by its caller
        DeadlinePassed, // the call's own deadline
    };
    // Which keys may carry it.
    enum class KeyChoice
    {
        Any,
        JobKey, // a follow-up of a research task: the key that started it
        Pinned, // the caller chose the key (a test of it)
    };

    GatewayCall(exa::ExaCall call, Clock& clock, std::chrono::milliseconds deadline, QObject* parent);
    ~GatewayCall() override;

    Stage stage() const { return m_stage; }
    void setStage(Stage stage);
    Stop stop() const { return m_stop; }
    void setStop(Stop stop) { m_stop = stop; }
    // A call that has started an attempt holds one of the gateway's in-flight slots until it ends.
    bool holdsSlot() const { return m_attemptsStarted > 0 && m_stage != Stage::Ended; }

    KeyChoice keyChoice() const { return m_keyChoice; }
    int chosenKey() const { return m_chosenKey; }
    void chooseKey(KeyChoice choice, int key);
    // Keys that refused this call, which it does not ask again.
    QList<int>& triedKeys() { return m_triedKeys; }
    // How many of its attempts failed on Exa's side so far (for the backoff), then one more.
    int countUpstreamFailure() { return m_upstreamFailures++; }
    // Proxies an attempt of this call failed to get through: its next attempts leave through
    // another one when there is one.
    const QList<int>& avoidedProxies() const { return m_avoidedProxies; }
    void avoidProxy(int proxy)
    {
        if (!m_avoidedProxies.contains(proxy))
            m_avoidedProxies.append(proxy);
    }

    qint64 deadlineMs() const { return m_deadlineMs; }
    qint64 deadlineSpanMs() const { return m_deadlineSpanMs; }
    void onDeadline(std::function<void()> action) { m_deadlineTimer.startAt(m_deadlineMs, std::move(action)); }

    Attempt* attempt() const { return m_attempt.get(); }
    void beginAttempt(std::unique_ptr<Attempt> attempt);
    // The attempt on the wire has ended: the call takes it back.
    std::unique_ptr<Attempt> takeAttempt();
    // A streamed 2xx answer began through `keyId`: no deadline and no retry from here.
    void commit(int httpStatus, QList<QNetworkReply::RawHeaderPair> headers, const QString& keyId);
    void backOff(std::chrono::milliseconds delay, std::function<void()> then);
    // Ends the call; its caller hears of it from the event loop. `quietly`: the call is being
    // deleted, nobody is told.
    void end(bool quietly = false);

    using PendingCall::addAttempt;
    using PendingCall::setAnswer;
    using PendingCall::setError;

Q_SIGNALS:
    void cancelRequested();
    // Deleted by its caller before it ended.
    void abandoned();

protected:
    void requestCancel() override { Q_EMIT cancelRequested(); }
    void requestPause(bool paused) override;

private:
    Stage m_stage = Stage::Queued;
    Stop m_stop = Stop::None;
    KeyChoice m_keyChoice = KeyChoice::Any;
    int m_chosenKey = -1;
    QList<int> m_triedKeys;
    QList<int> m_avoidedProxies;
    int m_upstreamFailures = 0;
    int m_attemptsStarted = 0;
    qint64 m_deadlineSpanMs;
    qint64 m_deadlineMs;
    std::unique_ptr<Attempt> m_attempt;
    ClockTimer m_backoffTimer;
    ClockTimer m_deadlineTimer;
};

} // namespace exadesk
