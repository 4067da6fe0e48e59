#pragma once

#include "base/Clock.h"
#include "exa/ExaReply.h"

#include <QPointer>

namespace exadesk {

// One attempt of a call on the wire: the key and way out carrying it, whether it is the probe of
// either's breaker, its reply, and its own time limit (renewed while a streamed answer talks).
class Attempt
{
public:
    struct Route
    {
        int key = -1;
        bool keyProbe = false; // the attempt is its key's breaker probe
        int proxy = -1;
        bool proxyProbe = false; // ... or its proxy's
    };

    Attempt(Clock& clock, Route route, exa::ExaReply* reply, qint64 limitMs);
    Attempt(const Attempt&) = delete;
    Attempt& operator=(const Attempt&) = delete;

    const Route& route() const { return m_route; }
    int key() const { return m_route.key; }
    int proxy() const { return m_route.proxy; }
    exa::ExaReply* reply() const { return m_reply; }
    qint64 startedAtMs() const { return m_startedAtMs; }
    qint64 limitMs() const { return m_limitMs; }
    // Its own limit passed (not the call's deadline).
    bool timedOut() const { return m_timedOut; }

    // The limit counts again from now: a streamed answer may take as long as it keeps talking.
    void renewLimit();
    // Cuts the reply short; its finished() follows.
    void abort();
    // Its reader is behind: the reply stops reading and the limit stops counting, until resumed.
    void pause(bool paused);
    // The reply has finished: the limit stops.
    void settle() { m_timer.stop(); }

private:
    void expire();

    Route m_route;
    QPointer<exa::ExaReply> m_reply;
    qint64 m_startedAtMs;
    qint64 m_limitMs;
    bool m_timedOut = false;
    ClockTimer m_timer;
};

} // namespace exadesk
