#include "GatewayCall.h"

namespace exadesk {
namespace {

using Stage = GatewayCall::Stage;

bool mayFollow(Stage from, Stage to)
{
    if (to == Stage::Ended)
        return from != Stage::Ended;
    switch (from) {
    case Stage::Queued:
        return to == Stage::Starting;
    case Stage::Starting:
        return to == Stage::Attempting || to == Stage::Queued;
    case Stage::Attempting:
        return to == Stage::Streaming || to == Stage::BackingOff;
    case Stage::BackingOff:
        return to == Stage::Starting;
    case Stage::Streaming:
    case Stage::Ended:
        return false;
    }
    return false;
}

} // namespace

GatewayCall::GatewayCall(exa::ExaCall call, Clock& clock, std::chrono::milliseconds deadline, QObject* parent)
    : PendingCall(std::move(call), parent)
    , m_deadlineSpanMs(deadline.count())
    , m_deadlineMs(clock.nowMs() + deadline.count())
    , m_backoffTimer(clock)
    , m_deadlineTimer(clock)
{ }

GatewayCall::~GatewayCall()
{
    if (m_stage != Stage::Ended)
        Q_EMIT abandoned();
}

void GatewayCall::setStage(Stage stage)
{
    Q_ASSERT_X(mayFollow(m_stage, stage), "GatewayCall::setStage", "a stage the call cannot go to from here");
    m_stage = stage;
}

void GatewayCall::chooseKey(KeyChoice choice, int key)
{
    m_keyChoice = choice;
    m_chosenKey = key;
}

void GatewayCall::beginAttempt(std::unique_ptr<Attempt> attempt)
{
    setStage(Stage::Attempting);
    attempt->reply()->setParent(this);
    m_attempt = std::move(attempt);
    ++m_attemptsStarted;
}

std::unique_ptr<Attempt> GatewayCall::takeAttempt()
{
    if (m_attempt)
        m_attempt->settle();
    return std::move(m_attempt);
}

void GatewayCall::commit(int httpStatus, QList<QNetworkReply::RawHeaderPair> headers, const QString& keyId)
{
    setStage(Stage::Streaming);
    m_deadlineTimer.stop();
    m_attempt->renewLimit();
    beginStream(httpStatus, std::move(headers), keyId);
}

void GatewayCall::backOff(std::chrono::milliseconds delay, std::function<void()> then)
{
    setStage(Stage::BackingOff);
    m_backoffTimer.start(delay, std::move(then));
}

void GatewayCall::end(bool quietly)
{
    if (m_stage == Stage::Ended)
        return;
    setStage(Stage::Ended);
    m_backoffTimer.stop();
    m_deadlineTimer.stop();
    if (m_attempt)
        m_attempt->settle();
    if (!quietly)
        markEnded();
}

void GatewayCall::requestPause(bool paused)
{
    if (m_attempt && m_stage == Stage::Streaming)
        m_attempt->pause(paused);
}

} // namespace exadesk
