// The engine's hot path without the network: pick a key (KeyPool::acquire), find its proxy
// (ProxyPool::bind), book the answer (KeyPool::report, ProxyPool::report). Pools of 100 to
// 100,000 keys over 1,000 proxies; the target is under 1 us per round and O(log n) growth.
// Then what a pool under stress asks often: why no key is free (every key resting), the proxy of
// a key when none is usable, a proxy's failure judged against its peers; each under 2 us.
#include "pool/KeyPool.h"
#include "pool/ProxyPool.h"

#include <QString>

#include <benchmark/benchmark.h>
#include <random>

using namespace exadesk;
using namespace Qt::StringLiterals;

namespace {

constexpr int kProxies = 1'000;
constexpr qint64 kStart = 1'767'225'600'000;

struct Pools
{
    explicit Pools(int keys, bool rateLimited)
        : keyPool(policy(rateLimited))
    {
        for (int p = 0; p < kProxies; ++p) {
            ProxyConfig proxy;
            proxy.type = ProxyType::Http;
            proxy.host = u"10.%1.%2.1"_s.arg(p / 256).arg(p % 256);
            proxy.port = 3128;
            proxyPool.add(proxy);
        }
        for (int k = 0; k < keys; ++k) {
            const QString secret = u"bench-%1-0000-1111-2222"_s.arg(k);
            keyPool.add({u"key-%1"_s.arg(k), u"Key %1"_s.arg(k), secret, {}, {}, 0, 0.0}, kStart);
            // Bind once up front: the steady state is what a running app sees.
            proxyPool.bind(keyPool.at(k).hash, keyPool.bindingOf(k), kStart);
        }
    }

    static KeyPolicy policy(bool rateLimited)
    {
        KeyPolicy policy;
        if (!rateLimited) {
            policy.searchRatePerSecond = 0;
            policy.contentsRatePerSecond = 0;
        }
        return policy;
    }

    // One call's worth of pool work; `outcome` is what Exa answered.
    bool round(qint64 now, Outcome outcome)
    {
        const auto key = keyPool.acquire(RateClass::Search, now);
        if (!key)
            return false;
        const int proxy = proxyPool.bind(keyPool.at(*key).hash, keyPool.bindingOf(*key), now);
        proxyPool.onAttemptStarted(proxy, now);
        KeyReport report;
        report.outcome = outcome;
        report.proxy = proxy;
        report.latencyMs = 120;
        report.costDollars = 0.005;
        keyPool.report(*key, report, now);
        proxyPool.report(proxy, outcome == Outcome::Success ? ProxyOutcome::Reached : ProxyOutcome::Failed, 120, {},
                         now);
        return true;
    }

    KeyPool keyPool;
    ProxyPool proxyPool;
};

// Every call succeeds: the cost of the bookkeeping itself.
void acquireAndReport(benchmark::State& state)
{
    Pools pools(static_cast<int>(state.range(0)), false);
    qint64 now = kStart;
    for (auto _ : state) {
        benchmark::DoNotOptimize(pools.round(now, Outcome::Success));
        now += 1;
    }
    state.SetComplexityN(state.range(0));
}
BENCHMARK(acquireAndReport)->RangeMultiplier(10)->Range(100, 100'000)->Complexity(benchmark::oLogN);

// Trouble (0.5% 429s, 0.5% 5xx) with Exa's rate limits on: keys cool down, breakers open, and
// keys come back through the pool's timed heap.
void acquireAndReportWithTrouble(benchmark::State& state)
{
    Pools pools(static_cast<int>(state.range(0)), true);
    std::mt19937 random(11);
    std::uniform_int_distribution<int> perMille(0, 999);
    // Time moves so each key is asked about once a second.
    const qint64 callsPerMs = std::max<qint64>(1, state.range(0) / 1'000);
    qint64 now = kStart;
    qint64 calls = 0;
    qint64 served = 0;
    for (auto _ : state) {
        const int roll = perMille(random);
        const Outcome outcome = roll < 5 ? Outcome::RateLimited : roll < 10 ? Outcome::UpstreamError : Outcome::Success;
        served += pools.round(now, outcome) ? 1 : 0;
        if (++calls % callsPerMs == 0)
            now += 1;
    }
    state.counters["served"] = benchmark::Counter(static_cast<double>(served) / static_cast<double>(calls));
    state.SetComplexityN(state.range(0));
}
BENCHMARK(acquireAndReportWithTrouble)->RangeMultiplier(10)->Range(1'000, 100'000)->Complexity(benchmark::oLogN);

// Every key cooling down (Exa rate limited them all): each waiting call asks the pool why, and
// when the first key is back (KeyPool::shortage), with the three keys it already tried.
void shortageWhenEveryKeyRests(benchmark::State& state)
{
    Pools pools(static_cast<int>(state.range(0)), false);
    const int keys = static_cast<int>(state.range(0));
    for (int k = 0; k < keys; ++k) {
        KeyReport report;
        report.outcome = Outcome::RateLimited;
        report.retryAfter = std::chrono::milliseconds(60'000 + k);
        pools.keyPool.report(k, report, kStart);
    }
    const QList<int> tried{0, keys / 2, keys - 1};
    for (auto _ : state)
        benchmark::DoNotOptimize(pools.keyPool.shortage(RateClass::Search, kStart + 1, tried));
    state.SetComplexityN(state.range(0));
}
BENCHMARK(shortageWhenEveryKeyRests)->RangeMultiplier(10)->Range(100, 100'000)->Complexity(benchmark::oLogN);

// Every proxy parked or disabled: each call asks for its key's proxy and hears there is none
// (ProxyPool::bind), keys taken in turn.
void bindingWithNoProxyUsable(benchmark::State& state)
{
    Pools pools(1'000, false);
    for (int p = 1; p <= kProxies; ++p)
        pools.proxyPool.setEnabled(p, false, kStart);
    int key = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(
            pools.proxyPool.bind(pools.keyPool.at(key).hash, pools.keyPool.bindingOf(key), kStart));
        key = (key + 1) % 1'000;
    }
}
BENCHMARK(bindingWithNoProxyUsable);

// A proxy's failure is judged against its peers' (outlier detection), over 1,000 proxies.
void proxyFailureJudged(benchmark::State& state)
{
    Pools pools(100, false);
    qint64 now = kStart;
    int proxy = 1;
    for (auto _ : state) {
        pools.proxyPool.report(proxy, (proxy % 10) == 0 ? ProxyOutcome::Failed : ProxyOutcome::Reached, 120, {}, now);
        proxy = proxy % kProxies + 1;
        ++now;
    }
}
BENCHMARK(proxyFailureJudged);

} // namespace

BENCHMARK_MAIN();
