#include "ManualClock.h"

#include <algorithm>

namespace testsupport {

ManualClock::ManualClock(qint64 startMs)
    : m_nowMs(startMs)
{ }

TimerId ManualClock::callAt(qint64 atMs, std::function<void()> action)
{
    const TimerId id = m_nextId++;
    // A timer set for the past fires at the next advance, never from inside callAt().
    const qint64 due = std::max(atMs, m_nowMs);
    m_timers.emplace(std::pair{due, id}, std::move(action));
    m_dueById.insert(id, due);
    return id;
}

void ManualClock::cancel(TimerId id)
{
    const auto due = m_dueById.find(id);
    if (due == m_dueById.end())
        return;
    m_timers.erase(std::pair{due.value(), id});
    m_dueById.erase(due);
}

void ManualClock::advance(std::chrono::milliseconds delta)
{
    const qint64 target = m_nowMs + delta.count();
    while (!m_timers.empty() && m_timers.begin()->first.first <= target) {
        m_nowMs = std::max(m_nowMs, m_timers.begin()->first.first);
        fireDueTimers();
    }
    m_nowMs = target;
}

bool ManualClock::advanceToNextTimer()
{
    if (m_timers.empty())
        return false;
    m_nowMs = std::max(m_nowMs, m_timers.begin()->first.first);
    fireDueTimers();
    return true;
}

void ManualClock::fireDueTimers()
{
    // One at a time: an action may set or cancel other timers.
    while (!m_timers.empty() && m_timers.begin()->first.first <= m_nowMs) {
        auto node = m_timers.extract(m_timers.begin());
        m_dueById.remove(node.key().second);
        node.mapped()();
    }
}

} // namespace testsupport
