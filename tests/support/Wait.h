#pragma once

#include <QSignalSpy>
#include <QTest>

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

} // namespace testsupport
