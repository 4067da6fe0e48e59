#include "pool/KeyPool.h"

#include "gateway/Gateway.h"

#include <QDateTime>
#include <QSignalSpy>

#include <gtest/gtest.h>

using namespace exadesk;
using namespace std::chrono_literals;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kStart = 1'767'225'600'000; // 2026-01-01T00:00:00Z

KeyConfig keyNamed(int n)
{
    KeyConfig config;
    config.id = u"key-%1"_s.arg(n);
    config.label = u"Key %1"_s.arg(n);
    config.secret = u"secret-%1-0123456789"_s.arg(n);
    return config;
}

KeyReport reportOf(Outcome outcome, int proxy = 0)
{
    KeyReport report;
    report.outcome = outcome;
    report.proxy = proxy;
    report.latencyMs = 5;
    report.error = toString(outcome);
    return report;
}

class KeyPoolTest : public ::testing::Test
{
protected:
    void addKeys(int count)
    {
        for (int i = 0; i < count; ++i)
            ASSERT_EQ(pool.add(keyNamed(i), now), i);
    }
    int take(const QList<int>& tried = {})
    {
        const auto index = pool.acquire(RateClass::Search, now, tried);
        return index.value_or(-1);
    }

    KeyPolicy unlimited()
    {
        KeyPolicy policy;
        policy.searchRatePerSecond = 0;
        policy.contentsRatePerSecond = 0;
        return policy;
    }

    qint64 now = kStart;
    KeyPool pool{unlimited()};
};

} // namespace

TEST_F(KeyPoolTest, RoundRobinSpreadsEvenlyAndSkipsKeysTheCallTried)
{
    addKeys(3);
    QList<int> served(3, 0);
    for (int i = 0; i < 300; ++i)
        ++served[take()];
    EXPECT_EQ(served, QList<int>({100, 100, 100}));
    EXPECT_EQ(take({0, 1}), 2);
    EXPECT_EQ(take({0, 1, 2}), -1);
    EXPECT_EQ(pool.shortage(RateClass::Search, now, {0, 1, 2}).reason(), u"every usable key was tried"_s);
}

TEST_F(KeyPoolTest, LeastRecentlyUsedPrefersAKeyThatCameBack)
{
    KeyPolicy policy = unlimited();
    policy.selection = KeySelection::LeastRecentlyUsed;
    pool.setPolicy(policy, now);
    addKeys(3);
    EXPECT_EQ(take(), 0);
    pool.setEnabled(1, false, now);
    EXPECT_EQ(take(), 2);
    EXPECT_EQ(take(), 0);
    pool.setEnabled(1, true, now);
    EXPECT_EQ(take(), 1); // never used: the least recently used
    EXPECT_EQ(take(), 2);
}

TEST_F(KeyPoolTest, DuplicatesAreRefused)
{
    addKeys(1);
    KeyConfig sameSecret = keyNamed(0);
    sameSecret.id = u"other"_s;
    EXPECT_EQ(pool.add(sameSecret, now), -1);
    KeyConfig sameId = keyNamed(1);
    sameId.id = keyNamed(0).id;
    EXPECT_EQ(pool.add(sameId, now), -1);
}

TEST_F(KeyPoolTest, A429CoolsDownWithoutAStrikeUntilRetryAfter)
{
    addKeys(2);
    QSignalSpy changed(&pool, &KeyPool::keyStateChanged);
    KeyReport report = reportOf(Outcome::RateLimited);
    report.retryAfter = 30s;
    pool.report(take(), report, now);
    EXPECT_EQ(pool.at(0).health.state, KeyState::CoolingDown);
    EXPECT_EQ(pool.at(0).health.untilMs, now + 30'000);
    EXPECT_EQ(pool.at(0).health.breaker.consecutiveFailures(), 0);
    EXPECT_EQ(pool.at(0).stats.rateLimited, 1);
    EXPECT_EQ(changed.count(), 1);
    EXPECT_EQ(take(), 1);
    EXPECT_EQ(take(), 1);

    now += 29'999;
    EXPECT_EQ(take(), 1);
    now += 1;
    pool.processDue(now);
    EXPECT_EQ(pool.at(0).health.state, KeyState::Active);
    EXPECT_EQ(changed.count(), 2);
}

TEST_F(KeyPoolTest, ThreeFailuresInARowOpenTheBreaker)
{
    addKeys(1);
    for (int i = 0; i < 2; ++i)
        pool.report(take(), reportOf(Outcome::UpstreamError), now);
    EXPECT_EQ(pool.at(0).health.state, KeyState::Active);
    pool.report(take(), reportOf(Outcome::Timeout), now);
    EXPECT_EQ(pool.at(0).health.state, KeyState::BreakerOpen);
    EXPECT_EQ(take(), -1);
    const KeyShortage shortage = pool.shortage(RateClass::Search, now);
    EXPECT_FALSE(shortage.wait);
    EXPECT_TRUE(shortage.reason().contains(QDateTime::fromMSecsSinceEpoch(now + 30'000).toString(u"HH:mm:ss"_s)))
        << qPrintable(shortage.reason());

    now += 30'000;
    EXPECT_EQ(take(), 0); // the probe
    EXPECT_EQ(take(), -1); // only one
    EXPECT_TRUE(pool.shortage(RateClass::Search, now).wait);
    KeyReport probe = reportOf(Outcome::Success);
    probe.probe = true;
    pool.report(0, probe, now);
    EXPECT_EQ(pool.at(0).health.state, KeyState::Active);
    EXPECT_EQ(take(), 0);
}

TEST_F(KeyPoolTest, ALateSuccessDoesNotCloseAnOpenBreaker)
{
    addKeys(1);
    const int straggler = take(); // sent before the breaker opens
    for (int i = 0; i < 3; ++i)
        pool.report(take(), reportOf(Outcome::UpstreamError), now);
    ASSERT_EQ(pool.at(0).health.state, KeyState::BreakerOpen);
    pool.report(straggler, reportOf(Outcome::Success), now);
    EXPECT_EQ(pool.at(0).health.state, KeyState::BreakerOpen);
    EXPECT_EQ(pool.at(0).health.breaker.state(now), CircuitBreaker::State::Open);
    EXPECT_EQ(take(), -1);
}

TEST_F(KeyPoolTest, A429WithoutRetryAfterCoolsDownForASecondDoublingUpToTheMost)
{
    addKeys(1);
    QList<qint64> cooldowns;
    for (int i = 0; i < 8; ++i) {
        pool.report(take(), reportOf(Outcome::RateLimited), now);
        ASSERT_EQ(pool.at(0).health.state, KeyState::CoolingDown);
        cooldowns.append(pool.at(0).health.untilMs - now);
        now = pool.at(0).health.untilMs;
        pool.processDue(now);
    }
    const qint64 first = pool.policy().firstCooldown.count();
    const qint64 most = pool.policy().maxCooldown.count();
    QList<qint64> expected;
    for (int i = 0; i < 8; ++i)
        expected.append(std::min(first << i, most));
    EXPECT_EQ(cooldowns, expected);
    EXPECT_EQ(cooldowns.constFirst(), 1'000);
    // A success ends the streak: the next 429 starts from a second again.
    pool.report(take(), reportOf(Outcome::Success), now);
    pool.report(take(), reportOf(Outcome::RateLimited), now);
    EXPECT_EQ(pool.at(0).health.untilMs - now, first);
}

TEST_F(KeyPoolTest, ABreakerOpeningDuringALongerCoolDownKeepsTheCoolDown)
{
    addKeys(1);
    const int first = take();
    const int second = take();
    const int third = take();
    KeyReport limited = reportOf(Outcome::RateLimited);
    limited.retryAfter = 120s;
    pool.report(take(), limited, now);
    for (const int key : {first, second, third})
        pool.report(key, reportOf(Outcome::Timeout), now);
    EXPECT_EQ(pool.at(0).health.state, KeyState::CoolingDown);
    EXPECT_EQ(pool.at(0).health.untilMs, now + 120'000);
    // When the cool-down ends the breaker, long half-open by then, lets one probe through.
    now += 120'000;
    pool.processDue(now);
    EXPECT_EQ(pool.at(0).health.state, KeyState::BreakerOpen);
    bool probe = false;
    EXPECT_EQ(pool.acquire(RateClass::Search, now, {}, &probe), 0);
    EXPECT_TRUE(probe);
    EXPECT_EQ(take(), -1);
}

TEST_F(KeyPoolTest, OnlyTheProbeDecidesAnOpenBreaker)
{
    addKeys(1);
    for (int i = 0; i < 3; ++i)
        pool.report(take(), reportOf(Outcome::UpstreamError), now);
    const qint64 openUntil = pool.at(0).health.breaker.openUntilMs();
    now = openUntil;
    bool probe = false;
    ASSERT_EQ(pool.acquire(RateClass::Search, now, {}, &probe), 0);
    EXPECT_TRUE(probe);
    // A request from before the breaker opened fails late: not the probe, nothing changes.
    pool.report(0, reportOf(Outcome::Timeout), now);
    EXPECT_EQ(pool.at(0).health.breaker.openUntilMs(), openUntil);
    EXPECT_EQ(take(), -1); // the probe is still out
    // The probe's 429: Exa took the key, so the breaker closes, and the key cools down.
    KeyReport limited = reportOf(Outcome::RateLimited);
    limited.probe = true;
    limited.retryAfter = 60s;
    pool.report(0, limited, now);
    EXPECT_EQ(pool.at(0).health.state, KeyState::CoolingDown);
    EXPECT_EQ(pool.at(0).health.untilMs, now + 60'000);
    EXPECT_EQ(pool.at(0).health.breaker.state(now), CircuitBreaker::State::Closed);
}

TEST_F(KeyPoolTest, AnAnswerForADisabledKeyKeepsItDisabled)
{
    addKeys(1);
    const int key = take();
    pool.setEnabled(key, false, now);
    pool.report(key, reportOf(Outcome::KeyInvalid), now); // the attempt was on its way
    EXPECT_EQ(pool.at(0).health.state, KeyState::Disabled);
    EXPECT_EQ(pool.at(0).stats.errors, 1);
    EXPECT_EQ(pool.nextRecheckMs(), -1);
}

TEST_F(KeyPoolTest, AbsolvingAProbesBlameLeavesNoProbeBehind)
{
    addKeys(1);
    for (int i = 0; i < 3; ++i)
        pool.report(take(), reportOf(Outcome::UpstreamError, 1), now);
    now = pool.at(0).health.breaker.openUntilMs();
    bool probe = false;
    ASSERT_EQ(pool.acquire(RateClass::Search, now, {}, &probe), 0);
    KeyReport failed = reportOf(Outcome::Timeout, 2);
    failed.probe = probe;
    pool.report(0, failed, now);
    pool.absolve(2, now);
    // Back to where proxy 2 found it: half-open, with its probe free to go again.
    EXPECT_EQ(pool.at(0).health.state, KeyState::BreakerOpen);
    EXPECT_EQ(take(), 0);
}

TEST_F(KeyPoolTest, AbsolvingLeavesAProbeThatIsStillOutAlone)
{
    addKeys(1);
    // An attempt through proxy 2 is on its way when the breaker opens (three failures via 1).
    const int straggler = take();
    for (int i = 0; i < 3; ++i)
        pool.report(take(), reportOf(Outcome::UpstreamError, 1), now);
    now = pool.at(0).health.breaker.openUntilMs();
    ASSERT_EQ(take(), 0); // the probe goes out
    // The straggler times out through proxy 2, which is then blamed.
    pool.report(straggler, reportOf(Outcome::Timeout, 2), now);
    pool.absolve(2, now);
    EXPECT_EQ(take(), -1); // still one probe at a time
}

TEST_F(KeyPoolTest, AnAttemptThatNeverLeftDoesNotCountAgainstTheDailyCap)
{
    KeyConfig capped = keyNamed(0);
    capped.dailyRequestCap = 2;
    pool.add(capped, now);
    pool.report(take(), reportOf(Outcome::ProxyFailure), now);
    EXPECT_EQ(pool.at(0).stats.requestsToday, 0);
    EXPECT_EQ(take(), 0);
    EXPECT_EQ(take(), 0);
    EXPECT_EQ(take(), -1);
}

TEST_F(KeyPoolTest, AKeyGivenBackIsAsIfNeverTaken)
{
    KeyConfig capped = keyNamed(0);
    capped.dailyRequestCap = 2;
    pool.add(capped, now);
    EXPECT_EQ(take(), 0);
    EXPECT_EQ(take(), 0); // the cap is reached with this one...
    ASSERT_EQ(pool.at(0).health.state, KeyState::CoolingDown);
    pool.giveBack(0, RateClass::Search, false, now); // ...which did not go after all
    EXPECT_EQ(pool.at(0).health.state, KeyState::Active);
    EXPECT_EQ(pool.at(0).stats.requestsToday, 1);
    EXPECT_EQ(take(), 0);
    EXPECT_EQ(take(), -1);
}

TEST_F(KeyPoolTest, InvalidKeysAreReCheckedWithBackoffAndRevived)
{
    addKeys(2);
    pool.report(take(), reportOf(Outcome::KeyInvalid), now);
    EXPECT_EQ(pool.at(0).health.state, KeyState::Invalid);
    EXPECT_EQ(pool.nextRecheckMs(), now + 10 * 60'000);
    EXPECT_TRUE(pool.dueRechecks(now).isEmpty());

    now += 10 * 60'000;
    EXPECT_EQ(pool.dueRechecks(now), QList<int>({0}));
    pool.beginRecheck(0);
    EXPECT_TRUE(pool.dueRechecks(now).isEmpty());
    pool.finishRecheck(0, Outcome::KeyInvalid, u"still refused"_s, now);
    EXPECT_EQ(pool.nextRecheckMs(), now + 20 * 60'000);
    // A failed check that says nothing about the key keeps the interval.
    now += 20 * 60'000;
    pool.beginRecheck(0);
    pool.finishRecheck(0, Outcome::UpstreamError, u"503"_s, now);
    EXPECT_EQ(pool.nextRecheckMs(), now + 20 * 60'000);

    now += 20 * 60'000;
    pool.beginRecheck(0);
    pool.finishRecheck(0, Outcome::Success, {}, now);
    EXPECT_EQ(pool.at(0).health.state, KeyState::Active);
    EXPECT_EQ(pool.nextRecheckMs(), -1);
}

TEST_F(KeyPoolTest, ReChecksCanBeTurnedOff)
{
    KeyPolicy policy = unlimited();
    policy.recheck = false;
    pool.setPolicy(policy, now);
    addKeys(1);
    pool.report(take(), reportOf(Outcome::KeyExhausted), now);
    EXPECT_EQ(pool.nextRecheckMs(), -1);
    EXPECT_TRUE(pool.dueRechecks(now + 365LL * 24 * 3600'000).isEmpty());
}

TEST_F(KeyPoolTest, ShortageSaysWhy)
{
    addKeys(3);
    for (int i = 0; i < 3; ++i)
        pool.report(i, reportOf(Outcome::KeyInvalid), now);
    EXPECT_EQ(pool.shortage(RateClass::Search, now).reason(), u"all 3 keys are invalid"_s);
    pool.setEnabled(0, false, now);
    EXPECT_EQ(pool.shortage(RateClass::Search, now).reason(), u"no key can be used now (2 invalid, 1 disabled)"_s);
    KeyPool empty;
    EXPECT_EQ(empty.shortage(RateClass::Search, now).reason(), u"no API keys have been added yet"_s);
}

TEST_F(KeyPoolTest, RateLimitsMakeCallsWaitRatherThanFail)
{
    pool.setPolicy(KeyPolicy{}, now); // 10 per second on /search
    addKeys(1);
    for (int i = 0; i < 10; ++i)
        ASSERT_EQ(take(), 0);
    EXPECT_EQ(take(), -1);
    const KeyShortage shortage = pool.shortage(RateClass::Search, now);
    EXPECT_TRUE(shortage.wait);
    EXPECT_EQ(shortage.untilMs, now + 100);
    // /contents has its own, larger allowance.
    EXPECT_TRUE(pool.acquire(RateClass::Contents, now).has_value());
    now += 100;
    EXPECT_EQ(take(), 0);
}

TEST_F(KeyPoolTest, DailyCapsParkAKeyUntilMidnight)
{
    KeyConfig capped = keyNamed(0);
    capped.dailyRequestCap = 2;
    pool.add(capped, now);
    EXPECT_EQ(take(), 0);
    EXPECT_EQ(take(), 0);
    EXPECT_EQ(take(), -1);
    const QDate today = QDateTime::fromMSecsSinceEpoch(now).toLocalTime().date();
    EXPECT_EQ(pool.at(0).health.untilMs, today.addDays(1).startOfDay().toMSecsSinceEpoch());
    now = pool.at(0).health.untilMs;
    EXPECT_EQ(take(), 0);
    EXPECT_EQ(pool.at(0).stats.requestsToday, 1);

    KeyConfig dollars = keyNamed(1);
    dollars.dailyDollarCap = 0.01;
    pool.add(dollars, now);
    KeyReport success = reportOf(Outcome::Success);
    success.costDollars = 0.005;
    pool.report(1, success, now);
    EXPECT_EQ(pool.at(1).health.state, KeyState::Active);
    pool.report(1, success, now);
    EXPECT_EQ(pool.at(1).health.state, KeyState::CoolingDown);
    EXPECT_DOUBLE_EQ(pool.at(1).stats.costDollars, 0.01);
}

TEST_F(KeyPoolTest, AbsolveUndoesWhatAProxyCostTheKeys)
{
    addKeys(2);
    for (int i = 0; i < 3; ++i) {
        pool.report(0, reportOf(Outcome::Timeout, 3), now);
        pool.report(1, reportOf(Outcome::Timeout, 4), now);
    }
    pool.absolve(3, now);
    EXPECT_EQ(pool.at(0).health.state, KeyState::Active);
    EXPECT_EQ(pool.at(0).health.breaker.consecutiveFailures(), 0);
    EXPECT_EQ(pool.at(1).health.state, KeyState::BreakerOpen); // its trouble came through another proxy
    EXPECT_EQ(pool.at(0).stats.errors, 3); // what happened stays counted
}

TEST_F(KeyPoolTest, ParkingAProxyNeverLiftsACoolDown)
{
    addKeys(1);
    pool.report(take(), reportOf(Outcome::Timeout, 3), now);
    KeyReport limited = reportOf(Outcome::RateLimited, 3);
    limited.retryAfter = 20s;
    pool.report(take(), limited, now);
    pool.absolve(3, now);
    EXPECT_EQ(pool.at(0).health.state, KeyState::CoolingDown);
    EXPECT_EQ(pool.at(0).health.untilMs, now + 20'000);
    EXPECT_EQ(pool.at(0).health.breaker.consecutiveFailures(), 0);
    EXPECT_EQ(take(), -1);
}

TEST_F(KeyPoolTest, ShortageSaysWhenEveryKeyIsRateLimited)
{
    addKeys(3);
    pool.report(2, reportOf(Outcome::KeyInvalid), now);
    KeyReport limited = reportOf(Outcome::RateLimited);
    limited.retryAfter = 4s;
    pool.report(0, limited, now);
    EXPECT_FALSE(pool.shortage(RateClass::Search, now).rateLimited); // key 1 is still free
    limited.retryAfter = 2s;
    pool.report(1, limited, now);
    const KeyShortage shortage = pool.shortage(RateClass::Search, now);
    EXPECT_TRUE(shortage.rateLimited);
    EXPECT_FALSE(shortage.wait);
    EXPECT_EQ(shortage.freeAtMs, now + 2'000);
    // A key resting for its daily cap is not rate limited.
    KeyConfig capped = keyNamed(5);
    capped.dailyRequestCap = 1;
    pool.add(capped, now);
    ASSERT_EQ(take(), 3);
    EXPECT_FALSE(pool.shortage(RateClass::Search, now).rateLimited);
}

TEST_F(KeyPoolTest, AKeyRestingForItsDailyCapIsNotRateLimitedEvenAfterA429)
{
    KeyConfig capped = keyNamed(0);
    capped.dailyRequestCap = 2;
    pool.add(capped, now);
    ASSERT_EQ(take(), 0);
    pool.report(0, reportOf(Outcome::RateLimited), now);
    ASSERT_EQ(pool.at(0).health.state, KeyState::CoolingDown);
    now += 60'000;
    ASSERT_EQ(take(), 0); // the cap is reached with this one
    ASSERT_EQ(pool.at(0).health.state, KeyState::CoolingDown);
    const KeyShortage shortage = pool.shortage(RateClass::Search, now);
    EXPECT_FALSE(shortage.rateLimited);
    EXPECT_EQ(shortage.freeAtMs, pool.at(0).health.untilMs);
}

TEST_F(KeyPoolTest, LatencyIsTheMedianOfTheLastAnswers)
{
    addKeys(1);
    EXPECT_EQ(pool.at(0).stats.latency.median(), -1);
    KeyReport report = reportOf(Outcome::Success);
    for (const qint64 ms : {100, 300, 200}) {
        report.latencyMs = ms;
        pool.report(take(), report, now);
    }
    EXPECT_EQ(pool.at(0).stats.latency.median(), 200);
    // One very slow answer does not move it...
    report.latencyMs = 60'000;
    pool.report(take(), report, now);
    EXPECT_EQ(pool.at(0).stats.latency.median(), 250);
    EXPECT_EQ(pool.at(0).stats.latency.last(), 60'000);
    // ...a slowdown that lasts takes over once it fills most of the window, and old answers age out.
    report.latencyMs = 900;
    for (int i = 0; i < LatencySamples::kKept; ++i)
        pool.report(take(), report, now);
    EXPECT_EQ(pool.at(0).stats.latency.median(), 900);
    EXPECT_EQ(pool.at(0).stats.latency.count(), LatencySamples::kKept);
}

TEST(LatencySamplesTest, ACopyIsItsOwn)
{
    // The samples are made at the first answer; copies (the window's, the journal's) must not
    // share them.
    LatencySamples none;
    const LatencySamples noneCopy = none;
    EXPECT_EQ(noneCopy.median(), -1);
    EXPECT_EQ(noneCopy.count(), 0);

    LatencySamples original;
    original.add(100);
    original.add(300);
    LatencySamples copy = original;
    copy.add(900);
    copy.add(900);
    EXPECT_EQ(original.median(), 200);
    EXPECT_EQ(original.count(), 2);
    EXPECT_EQ(copy.median(), 600);
    EXPECT_EQ(copy.count(), 4);
    copy = none;
    EXPECT_EQ(copy.count(), 0);
    copy.add(50);
    EXPECT_EQ(copy.median(), 50);
    EXPECT_EQ(none.count(), 0);
    original = copy;
    EXPECT_EQ(original.median(), 50);
    // A move is a copy: what was moved from keeps its samples.
    LatencySamples moved = std::move(original);
    EXPECT_EQ(moved.median(), 50);
    original.add(150); // NOLINT(bugprone-use-after-move): the point of the check
    EXPECT_EQ(original.median(), 100);
    EXPECT_EQ(original.count(), 2);
}

TEST(ProxyPoolTest, ReadsProxyAddressesAndKeepsPasswordsOutOfIds)
{
    QString error;
    const auto socks = ProxyConfig::fromUrl(u"socks5://alice:s3cret@127.0.0.1:1080"_s, &error);
    ASSERT_TRUE(socks) << qPrintable(error);
    EXPECT_EQ(socks->type, ProxyType::Socks5);
    EXPECT_EQ(socks->password, u"s3cret"_s);
    EXPECT_EQ(socks->id(), u"socks5://alice@127.0.0.1:1080"_s);
    EXPECT_EQ(ProxyConfig::fromUrl(u"http://proxy.local:3128"_s, &error)->toNetworkProxy().type(),
              QNetworkProxy::HttpProxy);
    EXPECT_EQ(ProxyConfig::fromUrl(u"direct"_s, &error)->type, ProxyType::Direct);
    EXPECT_FALSE(ProxyConfig::fromUrl(u"ftp://host:21"_s, &error));
    EXPECT_TRUE(error.contains(u"ftp"_s));
    EXPECT_FALSE(ProxyConfig::fromUrl(u"http://host"_s, &error));
    EXPECT_TRUE(error.contains(u"no port"_s));
    EXPECT_FALSE(ProxyConfig::fromUrl(u"socks5://bob:hunter2@:1080"_s, &error));
    EXPECT_FALSE(error.contains(u"hunter2"_s));
}

namespace {

ProxyConfig proxyNumbered(int n)
{
    QString error;
    return *ProxyConfig::fromUrl(u"http://10.0.0.%1:3128"_s.arg(n), &error);
}

QList<int> bindAll(ProxyPool& proxies, std::vector<ProxyBinding>& bindings, qint64 now)
{
    QList<int> result;
    for (size_t k = 0; k < bindings.size(); ++k)
        result.append(proxies.bind(ProxyPool::hashOf(u"key-%1"_s.arg(k)), bindings[k], now));
    return result;
}

} // namespace

// Scenario 6: 1,000 keys over 5 proxies.
TEST(ProxyPoolTest, RendezvousBindingIsStableAndMovesOnlyWhatItMust)
{
    const qint64 now = kStart;
    ProxyPool proxies;
    for (int p = 1; p <= 5; ++p)
        proxies.add(proxyNumbered(p));
    std::vector<ProxyBinding> bindings(1'000);
    const QList<int> first = bindAll(proxies, bindings, now);
    QList<int> perProxy(proxies.size(), 0);
    for (const int proxy : first)
        ++perProxy[proxy];
    EXPECT_EQ(perProxy[0], 0); // the implicit "direct" is not used once proxies exist
    for (int p = 1; p <= 5; ++p)
        EXPECT_GT(perProxy[p], 120) << "proxy " << p; // about 200 each

    // The same key always gets the same proxy: with the cache, and from scratch (a restart).
    EXPECT_EQ(bindAll(proxies, bindings, now), first);
    std::vector<ProxyBinding> fresh(1'000);
    ProxyPool restarted;
    for (int p = 1; p <= 5; ++p)
        restarted.add(proxyNumbered(p));
    EXPECT_EQ(bindAll(restarted, fresh, now), first);

    // Taking one away moves its keys and only its keys.
    proxies.remove(3);
    const QList<int> without = bindAll(proxies, bindings, now);
    for (int k = 0; k < 1'000; ++k) {
        if (first[k] == 3)
            EXPECT_NE(without[k], 3);
        else
            EXPECT_EQ(without[k], first[k]) << "key " << k;
    }

    // Adding a sixth (to the original five) moves about 1/6 of keys, all of them to it.
    const int sixth = restarted.add(proxyNumbered(6));
    const QList<int> with = bindAll(restarted, fresh, now);
    int moved = 0;
    for (int k = 0; k < 1'000; ++k) {
        if (with[k] != first[k]) {
            ++moved;
            EXPECT_EQ(with[k], sixth);
        }
    }
    EXPECT_GE(moved, 100);
    EXPECT_LE(moved, 250);
}

TEST(ProxyPoolTest, AProxyThatRefusesConnectionsInARowGivesItsKeysAwayUntilAGoodProbe)
{
    qint64 now = kStart;
    ProxyPool proxies;
    proxies.add(proxyNumbered(1));
    proxies.add(proxyNumbered(2));
    std::vector<ProxyBinding> bindings(200);
    const QList<int> first = bindAll(proxies, bindings, now);

    const int inARow = proxies.policy().connectFailures;
    ASSERT_GT(inARow, 1);
    for (int i = 0; i + 1 < inARow; ++i)
        proxies.report(1, ProxyOutcome::ConnectFailed, 0, u"refused"_s, now);
    proxies.report(1, ProxyOutcome::Reached, 5, {}, now); // a hiccup, not a dead proxy
    for (int i = 0; i + 1 < inARow; ++i)
        proxies.report(1, ProxyOutcome::ConnectFailed, 0, u"refused"_s, now);
    EXPECT_TRUE(proxies.isUsable(1, now));
    proxies.report(1, ProxyOutcome::ConnectFailed, 0, u"refused"_s, now);
    EXPECT_FALSE(proxies.isUsable(1, now));
    for (const int proxy : bindAll(proxies, bindings, now))
        EXPECT_EQ(proxy, 2);

    // An answer to a call sent before it was parked does not bring it back; its probe does.
    proxies.report(1, ProxyOutcome::Reached, 5, {}, now);
    EXPECT_FALSE(proxies.isUsable(1, now));
    now += proxies.policy().breaker.openTime.count();
    EXPECT_EQ(bindAll(proxies, bindings, now), first); // half-open: back for its probe
    ASSERT_TRUE(proxies.onAttemptStarted(1, now));
    EXPECT_FALSE(proxies.isUsable(1, now)); // while the probe runs, its keys go elsewhere
    proxies.report(1, ProxyOutcome::Reached, 5, {}, now, true);
    EXPECT_EQ(bindAll(proxies, bindings, now), first);
}

TEST(ProxyPoolTest, DisabledProxiesNeverFallBackToDirect)
{
    const qint64 now = kStart;
    ProxyPool proxies;
    ProxyBinding binding;
    EXPECT_EQ(proxies.bind(1, binding, now), 0); // nothing configured: direct
    proxies.add(proxyNumbered(1));
    proxies.setEnabled(1, false, now);
    EXPECT_EQ(proxies.bind(1, binding, now), -1);
    EXPECT_EQ(proxies.unavailableReason(now), u"all 1 proxies are disabled"_s);
}

namespace {

// `calls` through `proxy`, every `failEvery`-th failing (0: none).
void carry(ProxyPool& proxies, int proxy, int calls, int failEvery, qint64 now)
{
    for (int i = 1; i <= calls; ++i) {
        const bool failed = failEvery > 0 && i % failEvery == 0;
        proxies.report(proxy, failed ? ProxyOutcome::Failed : ProxyOutcome::Reached, 5, u"reset"_s, now);
    }
}

} // namespace

TEST(ProxyPoolTest, AProxyIsParkedOnlyWhenItsFailuresStandOutAgainstItsPeers)
{
    const qint64 now = kStart;
    ProxyPool proxies;
    for (int i = 1; i <= 4; ++i)
        proxies.add(proxyNumbered(i));
    // Exa failing a third of all calls fails them through every proxy alike: nobody stands out.
    for (int proxy = 1; proxy <= 4; ++proxy)
        carry(proxies, proxy, 60, 3, now);
    EXPECT_EQ(proxies.parkedCount(now), 0);
    // One proxy whose calls fail far more often than its peers' does.
    carry(proxies, 4, 40, 1, now);
    EXPECT_EQ(proxies.parkedCount(now), 1);
    EXPECT_FALSE(proxies.isUsable(4, now));
    EXPECT_TRUE(proxies.at(4).reason.contains("other proxies"_L1)) << qPrintable(proxies.at(4).reason);
}

TEST(ProxyPoolTest, AProxyWithFewCallsOrNoPeersIsNotJudged)
{
    const qint64 now = kStart;
    ProxyPool proxies;
    proxies.add(proxyNumbered(1));
    proxies.add(proxyNumbered(2));
    carry(proxies, 1, proxies.policy().outlierMinRequests - 1, 1, now);
    EXPECT_TRUE(proxies.isUsable(1, now)); // too few calls to tell
    carry(proxies, 1, 10, 1, now);
    EXPECT_TRUE(proxies.isUsable(1, now)); // its peer carried nothing: it may be Exa
    carry(proxies, 2, 30, 0, now);
    carry(proxies, 1, 1, 1, now);
    EXPECT_FALSE(proxies.isUsable(1, now));
}

TEST(ProxyPoolTest, NoMoreThanAThirdOfTheProxiesIsParkedAtOnce)
{
    qint64 now = kStart;
    ProxyPool proxies;
    for (int i = 1; i <= 6; ++i)
        proxies.add(proxyNumbered(i));
    for (int proxy = 1; proxy <= 4; ++proxy) {
        for (int i = 0; i < proxies.policy().connectFailures; ++i)
            proxies.report(proxy, ProxyOutcome::ConnectFailed, 0, u"refused"_s, now);
    }
    EXPECT_EQ(proxies.parkedCount(now), 2);
    EXPECT_FALSE(proxies.isUsable(1, now));
    EXPECT_FALSE(proxies.isUsable(2, now));
    EXPECT_TRUE(proxies.isUsable(3, now));
    // Once one is back, another may take its place.
    now += proxies.policy().breaker.openTime.count();
    proxies.onAttemptStarted(1, now);
    proxies.report(1, ProxyOutcome::Reached, 5, {}, now, true);
    proxies.report(3, ProxyOutcome::ConnectFailed, 0, u"refused"_s, now);
    EXPECT_FALSE(proxies.isUsable(3, now));
}

TEST(ProxyPoolTest, APacedProxySlowsOnExasRateLimitsAndSpeedsUpAgain)
{
    qint64 now = kStart;
    ProxyPolicy policy;
    policy.ratePerSecond = 8;
    ProxyPool proxies(policy);
    const int proxy = proxies.add(proxyNumbered(1));
    int carried = 0;
    while (proxies.tryTakeToken(proxy, now))
        ++carried;
    EXPECT_EQ(carried, 8); // a second's worth at once
    EXPECT_EQ(proxies.nextTokenAtMs(proxy, now), now + 125);
    proxies.notePace(proxy, true);
    EXPECT_DOUBLE_EQ(proxies.at(proxy).pace.currentRate(), 4.0);
    // Saving other settings keeps what it learnt; a new pace starts over.
    ProxyPolicy saved = policy;
    saved.connectFailures = policy.connectFailures + 1;
    proxies.setPolicy(saved);
    EXPECT_DOUBLE_EQ(proxies.at(proxy).pace.currentRate(), 4.0);
    saved.ratePerSecond = 10;
    proxies.setPolicy(saved);
    EXPECT_DOUBLE_EQ(proxies.at(proxy).pace.currentRate(), 10.0);
    saved.ratePerSecond = 8;
    proxies.setPolicy(saved);
    proxies.notePace(proxy, true);
    EXPECT_DOUBLE_EQ(proxies.at(proxy).pace.currentRate(), 4.0);
    proxies.notePace(proxy, false);
    EXPECT_GT(proxies.at(proxy).pace.currentRate(), 4.0);
    for (int i = 0; i < 40; ++i)
        proxies.notePace(proxy, false);
    EXPECT_DOUBLE_EQ(proxies.at(proxy).pace.currentRate(), 8.0);
    // Unpaced (the default), it never runs out.
    ProxyPool unpaced;
    const int free = unpaced.add(proxyNumbered(2));
    for (int i = 0; i < 1'000; ++i)
        ASSERT_TRUE(unpaced.tryTakeToken(free, now));
}

TEST(ProxyPoolTest, ARetryLeavesThroughAnotherProxyWithoutMovingTheKey)
{
    const qint64 now = kStart;
    ProxyPool proxies;
    proxies.add(proxyNumbered(1));
    proxies.add(proxyNumbered(2));
    ProxyBinding binding;
    const int usual = proxies.bind(42, binding, now);
    const int other = usual == 1 ? 2 : 1;
    EXPECT_EQ(proxies.bind(42, binding, now, {usual}), other);
    EXPECT_EQ(binding.proxy, usual);
    EXPECT_EQ(proxies.bind(42, binding, now), usual);
    EXPECT_EQ(proxies.bind(42, binding, now, {1, 2}), usual); // nowhere else to go
}

TEST(GatewayFetchTest, PagesOnThisComputerOrItsNetworkAreNotFetchedForTheWeb)
{
    GatewayOptions options;
    options.client.baseUrl = QUrl(u"https://api.exa.ai"_s);
    Gateway gateway(Clock::system(), options);
    ASSERT_EQ(gateway.addKey(keyNamed(1)), 0);
    const QString key = keyNamed(1).id;
    for (const QString& url :
         {u"http://127.0.0.1/favicon.ico"_s, u"http://localhost:8080/a.png"_s, u"http://192.168.1.1/reboot"_s,
          u"http://10.0.0.7/x.ico"_s, u"http://172.20.1.1/x.ico"_s, u"http://[::1]/x.ico"_s,
          u"http://169.254.169.254/latest/meta-data"_s, u"file:///etc/passwd"_s, u"ftp://example.com/x"_s})
        EXPECT_EQ(gateway.fetchAsKey(key, QUrl(url)), nullptr) << qPrintable(url);
    EXPECT_EQ(gateway.fetchAsKey(u"no-such-key"_s, QUrl(u"https://example.com/favicon.ico"_s)), nullptr);
}
