#pragma once

#include <QHash>
#include <QObject>
#include <QString>

#include <chrono>
#include <functional>
#include <map>

// The engine's one source of time. Every timestamp and every timer in the pool, the resilience
// parts and the gateway comes from a Clock, so tests can run hours of cool-downs in
// milliseconds with a ManualClock.
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

// Time that moves only when told to. Timers fire in time order from advance().
class ManualClock final : public Clock
{
public:
    explicit ManualClock(qint64 startMs = 1'767'225'600'000); // 2026-01-01T00:00:00Z

    qint64 nowMs() const override { return m_nowMs; }
    TimerId callAt(qint64 atMs, std::function<void()> action) override;
    void cancel(TimerId id) override;

    // Moves time forward by `delta`, firing every timer that falls due on the way.
    void advance(std::chrono::milliseconds delta);
    // Jumps to the earliest timer and fires it (and any due at the same moment). Returns false
    // when no timer is pending.
    bool advanceToNextTimer();
    bool hasPendingTimers() const { return !m_timers.empty(); }

private:
    void fireDueTimers();

    qint64 m_nowMs;
    TimerId m_nextId = 1;
    // Ordered by (time, id): timers due at the same moment fire in the order they were set.
    std::map<std::pair<qint64, TimerId>, std::function<void()>> m_timers;
    QHash<TimerId, qint64> m_dueById;
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
