#pragma once

#include <QObject>
#include <QString>

#include <chrono>
#include <functional>

// The engine's one source of time. Every timestamp and every timer in the pool, the resilience
// parts and the gateway comes from a Clock, so tests can run hours of cool-downs in
// milliseconds with a manual clock of their own (tests/support/ManualClock.h).
namespace exadesk {

using TimerId = quint64;

// A moment as people read it on their own clock: "14:02:10".
QString localClockTime(qint64 msSinceEpoch);

class Clock
{
public:
    virtual ~Clock() = default;

    // Milliseconds since the Unix epoch.
    virtual qint64 nowMs() const = 0;
    // Runs `action` once, on the event loop, when the clock reaches `atMs`. Never runs it from
    // inside this call, even when `atMs` has passed.
    virtual TimerId callAt(qint64 atMs, std::function<void()> action) = 0;
    // Forgets a timer that has not fired; unknown ids are ignored.
    virtual void cancel(TimerId id) = 0;

    // The wall clock with Qt's precise timers.
    static Clock& system();
};

// A single-shot timer on a Clock that stops itself when destroyed.
class ClockTimer
{
public:
    explicit ClockTimer(Clock& clock)
        : m_clock(&clock)
    { }
    ~ClockTimer() { stop(); }
    ClockTimer(const ClockTimer&) = delete;
    ClockTimer& operator=(const ClockTimer&) = delete;

    void startAt(qint64 atMs, std::function<void()> action);
    void start(std::chrono::milliseconds delay, std::function<void()> action)
    {
        startAt(m_clock->nowMs() + delay.count(), std::move(action));
    }
    void stop();
    bool isActive() const { return m_id != 0; }
    qint64 dueAtMs() const { return m_dueMs; }

private:
    Clock* m_clock;
    TimerId m_id = 0;
    qint64 m_dueMs = 0;
};

} // namespace exadesk
