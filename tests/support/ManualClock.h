#pragma once

#include "base/Clock.h"

#include <QHash>

#include <map>

namespace testsupport {

using exadesk::TimerId;

// Time that moves only when told to. Timers fire in time order from advance().
class ManualClock final : public exadesk::Clock
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

} // namespace testsupport
