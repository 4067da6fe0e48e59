#include "Attempt.h"

namespace exadesk {

Attempt::Attempt(Clock& clock, Route route, exa::ExaReply* reply, qint64 limitMs)
    : m_route(route)
    , m_reply(reply)
    , m_startedAtMs(clock.nowMs())
    , m_limitMs(limitMs)
    , m_timer(clock)
{
    m_timer.startAt(m_startedAtMs + limitMs, [this] { expire(); });
}

void Attempt::renewLimit()
{
    m_timer.start(std::chrono::milliseconds(m_limitMs), [this] { expire(); });
}

void Attempt::pause(bool paused)
{
    if (!m_reply)
        return;
    m_reply->setPaused(paused);
    if (paused)
        m_timer.stop();
    else
        renewLimit();
}

void Attempt::abort()
{
    if (m_reply)
        m_reply->abort();
}

void Attempt::expire()
{
    m_timedOut = true;
    abort();
}

} // namespace exadesk
