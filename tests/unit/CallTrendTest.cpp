// The Overview's last hour: calls counted by how they ended, minute by minute, with latency
// percentiles from a constant-size histogram.
#include "calls/CallTrend.h"

#include "storage/CallJournal.h"

#include <gtest/gtest.h>

using namespace exadesk;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kNoon = 1'767'268'800'000; // 2026-01-01T12:00:00Z, on a minute

TEST(CallTrendTest, ResultsAreNamedFromStatusAttemptsAndLastOutcome)
{
    EXPECT_EQ(callResult(200, 1, u"success"_s), CallResult::Served);
    EXPECT_EQ(callResult(200, 3, u"success"_s), CallResult::Retried);
    EXPECT_EQ(callResult(400, 1, u"request error"_s), CallResult::Refused);
    EXPECT_EQ(callResult(422, 1, u"request error"_s), CallResult::Refused);
    EXPECT_EQ(callResult(0, 1, u"cancelled"_s), CallResult::Refused);
    // About the keys or time, not the request: the pool failed it.
    for (const int status : {401, 402, 408, 429, 500, 502, 503, 0})
        EXPECT_EQ(callResult(status, 3, u"timeout"_s), CallResult::Failed) << status;
    EXPECT_EQ(callResult(0, 0, {}), CallResult::Failed); // no key could take it
}

TEST(CallTrendTest, CountsEachMinuteOfTheLastHourOldestFirst)
{
    CallTrend trend;
    trend.add(kNoon - 59 * CallTrend::kMinuteMs, CallResult::Served, 100); // the first minute shown
    trend.add(kNoon - 60 * CallTrend::kMinuteMs, CallResult::Served, 100); // just too old
    trend.add(kNoon + 5'000, CallResult::Served, 100);
    trend.add(kNoon + 6'000, CallResult::Retried, 300);
    trend.add(kNoon + 7'000, CallResult::Failed, 0);
    trend.add(kNoon + 8'000, CallResult::Refused, 0);

    const QList<CallTrend::Span> hour = trend.lastHour(kNoon + 30'000);
    ASSERT_EQ(hour.size(), CallTrend::kMinutes);
    EXPECT_EQ(hour.first().startMs, kNoon - 59 * CallTrend::kMinuteMs);
    EXPECT_EQ(hour.first().count(CallResult::Served), 1);
    EXPECT_EQ(hour.last().startMs, kNoon);
    EXPECT_EQ(hour.last().count(CallResult::Served), 1);
    EXPECT_EQ(hour.last().count(CallResult::Retried), 1);
    EXPECT_EQ(hour.last().count(CallResult::Failed), 1);
    EXPECT_EQ(hour.last().count(CallResult::Refused), 1);
    EXPECT_EQ(hour.last().total(), 4);
    int total = 0;
    for (const CallTrend::Span& minute : hour)
        total += minute.total();
    EXPECT_EQ(total, 5);

    // An hour on, the ring's slots are reused: nothing old is counted again.
    const QList<CallTrend::Span> later = trend.lastHour(kNoon + 61 * CallTrend::kMinuteMs);
    for (const CallTrend::Span& minute : later)
        EXPECT_EQ(minute.total(), 0);
    trend.add(kNoon + 61 * CallTrend::kMinuteMs, CallResult::Served, 10);
    EXPECT_EQ(trend.lastHour(kNoon + 61 * CallTrend::kMinuteMs).last().total(), 1);
    // A call older than what its slot now holds is dropped, not mixed in.
    trend.add(kNoon + 1'000, CallResult::Served, 10);
    EXPECT_EQ(trend.lastHour(kNoon + 61 * CallTrend::kMinuteMs).last().total(), 1);
}

TEST(CallTrendTest, PercentilesAreWithinTheHistogramsPrecision)
{
    CallTrend trend;
    // 1..1000 ms, once each: p50 is 500 ms, p95 is 950 ms.
    for (int ms = 1; ms <= 1'000; ++ms)
        trend.add(kNoon + 1'000, CallResult::Served, ms);
    trend.add(kNoon + 1'000, CallResult::Failed, 99'999); // unanswered calls have no latency
    const CallTrend::Span minute = trend.lastHour(kNoon + 2'000).last();
    EXPECT_NEAR(minute.p50Ms, 500, 500 * 0.1);
    EXPECT_NEAR(minute.p95Ms, 950, 950 * 0.1);

    const CallTrend::Span empty = trend.lastHour(kNoon + 2'000).first();
    EXPECT_EQ(empty.p50Ms, 0);
    EXPECT_EQ(empty.p95Ms, 0);
}

TEST(CallTrendTest, LastMinutesAddsTheMinutesUpToNow)
{
    CallTrend trend;
    trend.add(kNoon - 10 * CallTrend::kMinuteMs, CallResult::Failed, 0);
    trend.add(kNoon - 4 * CallTrend::kMinuteMs, CallResult::Failed, 0);
    trend.add(kNoon - 1 * CallTrend::kMinuteMs, CallResult::Served, 200);
    trend.add(kNoon + 1'000, CallResult::Served, 200);
    const CallTrend::Span five = trend.lastMinutes(kNoon + 2'000, 5);
    EXPECT_EQ(five.total(), 3);
    EXPECT_EQ(five.count(CallResult::Failed), 1);
    EXPECT_NEAR(five.p50Ms, 200, 20);
    EXPECT_EQ(trend.lastMinutes(kNoon + 2'000, CallTrend::kMinutes).total(), 4);
}

TEST(CallTrendTest, AClockBeforeTheEpochIsNoPlaceInTheRing)
{
    CallTrend trend;
    trend.add(-5'000, CallResult::Failed, 10); // ignored, not written out of bounds
    trend.add(20'000, CallResult::Served, 10); // the first minute there is
    const QList<CallTrend::Span> hour = trend.lastHour(30'000);
    ASSERT_EQ(hour.size(), CallTrend::kMinutes);
    EXPECT_EQ(hour.last().count(CallResult::Served), 1);
    int total = 0;
    for (const CallTrend::Span& minute : hour)
        total += minute.total();
    EXPECT_EQ(total, 1);
    EXPECT_EQ(trend.lastMinutes(30'000, CallTrend::kMinutes).total(), 1);
    EXPECT_EQ(trend.lastMinutes(-1, 5).total(), 0);
}

TEST(CallTrendTest, AFinishedCallCountsWhenItEnded)
{
    CallTrend trend;
    FinishedCall call;
    call.startedAtMs = kNoon - 1'000; // started in the minute before, ended in this one
    call.latencyMs = 2'000;
    call.httpStatus = 200;
    call.attemptLog = {{1, call.startedAtMs, u"a"_s, u"direct"_s, 429, u"rate limited"_s, 5, {}},
                       {2, call.startedAtMs + 10, u"b"_s, u"direct"_s, 200, u"success"_s, 1'900, {}}};
    trend.add(call);
    const QList<CallTrend::Span> hour = trend.lastHour(kNoon + 5'000);
    EXPECT_EQ(hour.last().count(CallResult::Retried), 1);
    EXPECT_EQ(hour.at(hour.size() - 2).total(), 0);
}

} // namespace
