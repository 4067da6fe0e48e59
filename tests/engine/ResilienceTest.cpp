#include "ManualClock.h"
#include "base/Clock.h"
#include "gateway/Classify.h"
#include "resilience/Backoff.h"
#include "resilience/CircuitBreaker.h"
#include "resilience/Outcome.h"
#include "resilience/RateLimiter.h"

#include <QDateTime>

#include <gtest/gtest.h>

using namespace exadesk;
using testsupport::ManualClock;
using namespace std::chrono_literals;

TEST(ManualClockTest, FiresTimersInTimeOrderOnlyWhenAdvanced)
{
    ManualClock clock;
    const qint64 start = clock.nowMs();
    QList<int> fired;
    clock.callAt(start + 300, [&] { fired.append(3); });
    clock.callAt(start + 100, [&] { fired.append(1); });
    const TimerId cancelled = clock.callAt(start + 200, [&] { fired.append(2); });
    clock.cancel(cancelled);
    EXPECT_TRUE(fired.isEmpty());

    clock.advance(150ms);
    EXPECT_EQ(fired, QList<int>({1}));
    EXPECT_EQ(clock.nowMs(), start + 150);
    EXPECT_TRUE(clock.advanceToNextTimer());
    EXPECT_EQ(fired, QList<int>({1, 3}));
    EXPECT_EQ(clock.nowMs(), start + 300);
    EXPECT_FALSE(clock.advanceToNextTimer());
}

TEST(ManualClockTest, ATimerSetFromATimerFiresInTheSameAdvanceWhenDue)
{
    ManualClock clock;
    int fired = 0;
    clock.callAt(clock.nowMs() + 10, [&] {
        ++fired;
        clock.callAt(clock.nowMs() + 10, [&] { ++fired; });
    });
    clock.advance(15ms);
    EXPECT_EQ(fired, 1);
    clock.advance(5ms);
    EXPECT_EQ(fired, 2);
}

TEST(ManualClockTest, ClockTimerStopsWhenDestroyed)
{
    ManualClock clock;
    int fired = 0;
    {
        ClockTimer timer(clock);
        timer.start(10ms, [&] { ++fired; });
        EXPECT_TRUE(timer.isActive());
    }
    clock.advance(1s);
    EXPECT_EQ(fired, 0);
    EXPECT_FALSE(clock.hasPendingTimers());
}

TEST(BackoffTest, FullJitterStaysUnderAGrowingCappedCeiling)
{
    const BackoffPolicy policy{100ms, 1'000ms};
    EXPECT_EQ(policy.ceiling(0), 100ms);
    EXPECT_EQ(policy.ceiling(1), 200ms);
    EXPECT_EQ(policy.ceiling(3), 800ms);
    EXPECT_EQ(policy.ceiling(4), 1'000ms);
    EXPECT_EQ(policy.ceiling(500), 1'000ms);

    std::mt19937_64 random(7);
    std::chrono::milliseconds smallest = 1h, largest = 0ms;
    for (int i = 0; i < 2'000; ++i) {
        const auto delay = policy.delay(2, random);
        smallest = std::min(smallest, delay);
        largest = std::max(largest, delay);
    }
    // Spread over the whole range, not bunched at the ceiling.
    EXPECT_GE(smallest, 0ms);
    EXPECT_LT(smallest, 40ms);
    EXPECT_LE(largest, 400ms);
    EXPECT_GT(largest, 360ms);
}

TEST(RetryAfterTest, ReadsSecondsAndHttpDates)
{
    const qint64 now = QDateTime(QDate(2026, 3, 1), QTime(12, 0, 0), Qt::UTC).toMSecsSinceEpoch();
    EXPECT_EQ(parseRetryAfter("30", now), 30s);
    EXPECT_EQ(parseRetryAfter(" 0 ", now), 0s);
    EXPECT_EQ(parseRetryAfter("Sun, 01 Mar 2026 12:02:10 GMT", now), 130s);
    // A date in the past means "now"; an absurd wait is capped at a day.
    EXPECT_EQ(parseRetryAfter("Sun, 01 Mar 2026 11:00:00 GMT", now), 0s);
    EXPECT_EQ(parseRetryAfter("99999999", now), 24h);
    EXPECT_FALSE(parseRetryAfter("", now));
    EXPECT_FALSE(parseRetryAfter("-5", now));
    EXPECT_FALSE(parseRetryAfter("soon", now));
}

TEST(CircuitBreakerTest, OpensAfterThresholdProbesOnceAndDoublesOnFailedProbes)
{
    const BreakerPolicy policy{3, 1'000ms, 3'000ms};
    CircuitBreaker breaker;
    qint64 now = 0;
    EXPECT_FALSE(breaker.recordFailure(now, policy));
    EXPECT_FALSE(breaker.recordFailure(now, policy));
    EXPECT_TRUE(breaker.recordFailure(now, policy));
    EXPECT_EQ(breaker.state(now), CircuitBreaker::State::Open);
    EXPECT_FALSE(breaker.allows(now + 999));

    now += 1'000;
    EXPECT_EQ(breaker.state(now), CircuitBreaker::State::HalfOpen);
    EXPECT_TRUE(breaker.allows(now));
    breaker.takeProbe();
    EXPECT_FALSE(breaker.allows(now)); // one probe only
    EXPECT_FALSE(breaker.recordFailure(now, policy)); // a request from before: not the probe
    EXPECT_EQ(breaker.openUntilMs(), now);
    EXPECT_TRUE(breaker.recordFailure(now, policy, true));
    EXPECT_EQ(breaker.openUntilMs(), now + 2'000);

    now += 2'000;
    breaker.takeProbe();
    EXPECT_TRUE(breaker.recordFailure(now, policy, true));
    EXPECT_EQ(breaker.openUntilMs(), now + 3'000); // capped

    now += 3'000;
    breaker.takeProbe();
    EXPECT_TRUE(breaker.recordSuccess());
    EXPECT_EQ(breaker.state(now), CircuitBreaker::State::Closed);
    EXPECT_EQ(breaker.consecutiveFailures(), 0);
}

TEST(CircuitBreakerTest, ASuccessResetsTheCount)
{
    const BreakerPolicy policy{3, 1'000ms, 3'000ms};
    CircuitBreaker breaker;
    breaker.recordFailure(0, policy);
    breaker.recordFailure(0, policy);
    EXPECT_FALSE(breaker.recordSuccess());
    EXPECT_FALSE(breaker.recordFailure(0, policy));
    EXPECT_EQ(breaker.state(0), CircuitBreaker::State::Closed);
}

TEST(RateLimiterTest, PacesToItsRateAndHalvesAfterA429)
{
    RateLimiter limiter(10.0);
    const qint64 now = 1'000'000;
    int taken = 0;
    while (limiter.tryTake(now))
        ++taken;
    EXPECT_EQ(taken, 10); // one second's burst
    EXPECT_EQ(limiter.nextTokenAtMs(now), now + 100);
    EXPECT_TRUE(limiter.tryTake(now + 100));
    EXPECT_FALSE(limiter.tryTake(now + 100));

    limiter.onRateLimited();
    EXPECT_DOUBLE_EQ(limiter.currentRate(), 5.0);
    EXPECT_EQ(limiter.nextTokenAtMs(now + 100), now + 300);
    for (int i = 0; i < 10; ++i)
        limiter.onSuccess();
    EXPECT_DOUBLE_EQ(limiter.currentRate(), 10.0);
    limiter.onSuccess();
    EXPECT_DOUBLE_EQ(limiter.currentRate(), 10.0); // never above what was configured
}

TEST(RateLimiterTest, ZeroMeansUnlimited)
{
    RateLimiter limiter(0.0);
    for (int i = 0; i < 10'000; ++i)
        ASSERT_TRUE(limiter.tryTake(0));
}

TEST(RetryBudgetTest, RetriesStayWithinTheReserveAndTheRatio)
{
    RetryBudget budget(0.2, 10.0);
    int retries = 0;
    for (int call = 0; call < 1'000; ++call) {
        budget.onCall();
        while (budget.tryRetry())
            ++retries;
    }
    EXPECT_LE(retries, 10 + 200);
    EXPECT_GE(retries, 200);
}

TEST(OutcomeTest, FollowsTheErrorTable)
{
    const auto http = [](int status, exa::ErrorTag tag = exa::ErrorTag::None) {
        exa::ExaError error;
        error.kind = exa::ExaError::Kind::Http;
        error.httpStatus = status;
        error.tag = tag;
        return error;
    };
    EXPECT_EQ(classify({}, false), Outcome::Success);
    EXPECT_EQ(classify(http(400), false), Outcome::RequestError);
    EXPECT_EQ(classify(http(404), false), Outcome::RequestError);
    EXPECT_EQ(classify(http(422), false), Outcome::RequestError);
    EXPECT_EQ(classify(http(403, exa::ErrorTag::FeatureDisabled), false), Outcome::RequestError);
    EXPECT_EQ(classify(http(403, exa::ErrorTag::InvalidApiKey), false), Outcome::KeyInvalid);
    EXPECT_EQ(classify(http(401), false), Outcome::KeyInvalid);
    EXPECT_EQ(classify(http(402), false), Outcome::KeyExhausted);
    EXPECT_EQ(classify(http(429), false), Outcome::RateLimited);
    EXPECT_EQ(classify(http(500), false), Outcome::UpstreamError);
    EXPECT_EQ(classify(http(503), false), Outcome::UpstreamError);
    EXPECT_EQ(classify(http(407), true), Outcome::ProxyFailure);

    exa::ExaError refused;
    refused.kind = exa::ExaError::Kind::Network;
    refused.networkError = QNetworkReply::ConnectionRefusedError;
    EXPECT_EQ(classify(refused, false), Outcome::ProxyFailure);
    EXPECT_EQ(classify(refused, true), Outcome::ProxyFailure);
    refused.networkError = QNetworkReply::RemoteHostClosedError;
    EXPECT_EQ(classify(refused, true), Outcome::UpstreamError);

    exa::ExaError timeout;
    timeout.kind = exa::ExaError::Kind::Timeout;
    EXPECT_EQ(classify(timeout, false), Outcome::Timeout);
    EXPECT_TRUE(isRetryable(Outcome::Timeout));
    EXPECT_FALSE(isRetryable(Outcome::RequestError));
}
