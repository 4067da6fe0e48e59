#pragma once

#include <QSignalSpy>
#include <QTest>

#include <gtest/gtest.h>

#include <functional>

// Waiting in tests means running the event loop until something happens, with a limit, never
// sleeping for a guessed time.
namespace testsupport {

inline constexpr int kDefaultWaitMs = 10'000;

inline bool waitUntil(const std::function<bool()>& condition, int timeoutMs = kDefaultWaitMs)
{
    return QTest::qWaitFor(condition, timeoutMs);
}

// Waits until `spy` has recorded at least `count` signals.
inline bool waitForSignals(QSignalSpy& spy, int count = 1, int timeoutMs = kDefaultWaitMs)
{
    return QTest::qWaitFor([&] { return spy.count() >= count; }, timeoutMs);
}

// Waits until a task (anything with isFinished() and a finished() signal) has ended, and gives
// it back.
template <typename Task>
Task* finish(Task* task, int timeoutMs = 30'000)
{
    QSignalSpy finished(task, &Task::finished);
    EXPECT_TRUE(task->isFinished() || waitForSignals(finished, 1, timeoutMs)) << "the task did not end in time";
    return task;
}

} // namespace testsupport
