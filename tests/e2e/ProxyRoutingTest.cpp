// Keys leaving through real proxies on loopback: tinyproxy (HTTP) and microsocks (SOCKS5) in
// front of the fake Exa server. Scenarios 7, 11 and 13 of the engine.
#include "EngineDriver.h"
#include "FakeExaServer.h"
#include "LocalProxy.h"
#include "ManualClock.h"
#include "Wait.h"
#include "gateway/Gateway.h"

#include <QElapsedTimer>

#include <gtest/gtest.h>

#include <memory>

using namespace exadesk;
using testsupport::ManualClock;
using namespace std::chrono_literals;
using namespace Qt::StringLiterals;
using testsupport::LocalProxy;

namespace {

QString secretOf(int n)
{
    return u"proxy-key-%1-0000-1111-2222"_s.arg(n, 4, 10, QChar(u'0'));
}

class ProxyRoutingTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        for (const auto kind : {LocalProxy::Kind::Http, LocalProxy::Kind::Socks5}) {
            if (LocalProxy::program(kind).isEmpty())
                GTEST_SKIP() << "tinyproxy and microsocks are not installed (scripts/install-deps.sh installs them)";
        }
    }

    void startServer(bool instant = true)
    {
        fakeexa::FakeExaOptions options;
        options.instant = instant;
        server = std::make_unique<fakeexa::FakeExaServer>(options);
        ASSERT_TRUE(server->listen());
    }

    void startGateway(Clock& clock, int keys, GatewayOptions options = {})
    {
        options.client.baseUrl = server->baseUrl();
        options.randomSeed = 7;
        gateway = std::make_unique<Gateway>(clock, options);
        for (int i = 0; i < keys; ++i) {
            KeyConfig key;
            key.id = u"key-%1"_s.arg(i);
            key.label = u"Key %1"_s.arg(i);
            key.secret = secretOf(i);
            ASSERT_EQ(gateway->addKey(key), i);
        }
    }

    int addProxy(const LocalProxy& proxy)
    {
        QString error;
        const auto config = ProxyConfig::fromUrl(proxy.url(), &error);
        EXPECT_TRUE(config) << qPrintable(error);
        return config ? gateway->addProxy(*config) : -1;
    }

    QList<PendingCall*> searches(int count)
    {
        QList<PendingCall*> calls;
        for (int i = 0; i < count; ++i) {
            exa::SearchRequest request;
            request.query = u"proxy routing %1"_s.arg(i);
            calls.append(gateway->submit(exa::ExaCall::search(request)));
        }
        return calls;
    }

    static bool allEnded(const QList<PendingCall*>& calls)
    {
        return std::all_of(calls.cbegin(), calls.cend(), [](PendingCall* call) { return call->isEnded(); });
    }

    static void expectAllSucceeded(const QList<PendingCall*>& calls)
    {
        for (PendingCall* call : calls)
            EXPECT_TRUE(call->isSuccess()) << qPrintable(call->error().message);
    }

    ManualClock clock; // outlives the gateway, whose timers it holds
    std::unique_ptr<fakeexa::FakeExaServer> server;
    std::unique_ptr<Gateway> gateway;
};

} // namespace

// 7. Requests really pass through HTTP and SOCKS5 proxies; killing one moves its keys to the
// other with no failed call.
TEST_F(ProxyRoutingTest, CallsPassThroughRealProxiesAndSurviveOneDying)
{
    LocalProxy http;
    LocalProxy socks;
    ASSERT_TRUE(http.start(LocalProxy::Kind::Http)) << qPrintable(http.errorOutput());
    ASSERT_TRUE(socks.start(LocalProxy::Kind::Socks5, {}, u"alice"_s, u"proxy-pass"_s))
        << qPrintable(socks.errorOutput());
    startServer();
    startGateway(Clock::system(), 20);
    const int viaHttp = addProxy(http);
    const int viaSocks = addProxy(socks);

    QList<int> before;
    for (int k = 0; k < 20; ++k)
        before.append(gateway->proxyFor(k));
    ASSERT_TRUE(before.contains(viaHttp) && before.contains(viaSocks));

    const QList<PendingCall*> first = searches(40);
    ASSERT_TRUE(testsupport::waitUntil([&] { return allEnded(first); }, 30'000));
    expectAllSucceeded(first);
    const ProxyStats& httpStats = gateway->proxies().at(viaHttp).stats;
    const ProxyStats& socksStats = gateway->proxies().at(viaSocks).stats;
    EXPECT_EQ(httpStats.successes + socksStats.successes, 40);
    EXPECT_GT(socksStats.successes, 0);
    // What came through tinyproxy carries its Via header; what came through SOCKS5 does not.
    int withVia = 0;
    for (const auto& request : server->recentRequests())
        withVia += request.header("via").contains("tinyproxy") ? 1 : 0;
    EXPECT_EQ(withVia, httpStats.successes);

    socks.kill();
    const QList<PendingCall*> second = searches(40);
    ASSERT_TRUE(testsupport::waitUntil([&] { return allEnded(second); }, 30'000));
    expectAllSucceeded(second);
    EXPECT_FALSE(gateway->proxies().isUsable(viaSocks, Clock::system().nowMs()));
    for (int k = 0; k < 20; ++k) {
        // Only the dead proxy's keys moved.
        EXPECT_EQ(gateway->proxyFor(k), viaHttp) << "key " << k;
        EXPECT_EQ(gateway->keys().at(k).health.state, KeyState::Active) << "key " << k;
    }
}

// A proxy removed while a call runs through it: the call moves to another proxy.
TEST_F(ProxyRoutingTest, RemovingAProxyMovesItsRunningCallsElsewhere)
{
    LocalProxy first;
    LocalProxy second;
    ASSERT_TRUE(first.start(LocalProxy::Kind::Http)) << qPrintable(first.errorOutput());
    ASSERT_TRUE(second.start(LocalProxy::Kind::Socks5)) << qPrintable(second.errorOutput());
    startServer();
    startGateway(Clock::system(), 1);
    const int removed = addProxy(first);
    const int kept = addProxy(second);
    const int bound = gateway->proxyFor(0);
    ASSERT_TRUE(bound == removed || bound == kept);
    fakeexa::FakeOutcome hang;
    hang.hang = true;
    server->script().set(secretOf(0), {hang});

    PendingCall* call = searches(1).constFirst();
    ASSERT_TRUE(testsupport::waitUntil([&] { return server->stats(secretOf(0)).hung == 1; }));
    gateway->removeProxy(bound);
    ASSERT_TRUE(testsupport::waitUntil([&] { return call->isEnded(); }));
    ASSERT_TRUE(call->isSuccess()) << qPrintable(call->error().message);
    ASSERT_EQ(call->attempts().size(), 2);
    EXPECT_EQ(call->attempts()[0].outcome, Outcome::ProxyFailure);
    EXPECT_EQ(call->attempts()[1].proxyId, gateway->proxies().at(bound == removed ? kept : removed).id);
    EXPECT_EQ(gateway->keys().at(0).health.state, KeyState::Active);
}

// 11. Exa's 429s on every key behind one proxy while keys behind another succeed: Exa answered
// through the proxy, so the proxy is not parked; the keys behind it cool down briefly and every
// call is served by the keys that are free.
TEST_F(ProxyRoutingTest, RateLimitsOnOneExitCoolItsKeysAndNeverParkTheProxy)
{
    LocalProxy limited;
    LocalProxy fine;
    ASSERT_TRUE(limited.start(LocalProxy::Kind::Http, u"127.0.0.2"_s)) << qPrintable(limited.errorOutput());
    ASSERT_TRUE(fine.start(LocalProxy::Kind::Http, u"127.0.0.3"_s)) << qPrintable(fine.errorOutput());
    startServer();
    // Exa refuses everything from the first proxy's exit address, whatever the key.
    server->script().set(u"ip:127.0.0.2"_s,
                         {fakeexa::FakeOutcome{429, u"RATE_LIMIT_EXCEEDED"_s, {}, {}, 0, false, false, false, -1}});
    startGateway(clock, 30);
    const int bad = addProxy(limited);
    const int good = addProxy(fine);
    int behindBad = 0;
    for (int k = 0; k < 30; ++k)
        behindBad += gateway->proxyFor(k) == bad ? 1 : 0;
    ASSERT_GE(behindBad, 3);

    QList<PendingCall*> calls = searches(60);
    ASSERT_TRUE(testsupport::driveUntil(clock, *gateway, [&] { return allEnded(calls); }));
    expectAllSucceeded(calls);
    EXPECT_GE(gateway->proxies().at(bad).stats.requests, 3);
    EXPECT_EQ(gateway->proxies().at(bad).breaker.state(clock.nowMs()), CircuitBreaker::State::Closed);
    for (int k = 0; k < 30; ++k) {
        const KeyEntry& key = gateway->keys().at(k);
        EXPECT_EQ(key.stats.errors, 0) << "key " << k;
        if (gateway->proxyFor(k) == good) {
            EXPECT_EQ(key.stats.rateLimited, 0) << "key " << k;
        } else if (key.stats.rateLimited > 0) {
            EXPECT_EQ(key.health.state, KeyState::CoolingDown) << "key " << k;
        }
    }
}

// 13. Concurrency is not capped by Qt's 6 connections per host: 64 calls that each take 300 ms
// upstream finish within a second, through one proxy and again direct.
TEST_F(ProxyRoutingTest, SixtyFourSlowCallsRunTogetherThroughOneProxyAndDirect)
{
    LocalProxy http;
    ASSERT_TRUE(http.start(LocalProxy::Kind::Http)) << qPrintable(http.errorOutput());
    startServer(false);
    fakeexa::FakeOutcome slow;
    slow.delayMs = 300;
    slow.times = -1;
    server->script().set(u"*"_s, {slow});

    for (const bool throughProxy : {true, false}) {
        SCOPED_TRACE(throughProxy ? "through tinyproxy" : "direct");
        startGateway(Clock::system(), 16);
        if (throughProxy)
            addProxy(http);
        QElapsedTimer elapsed;
        elapsed.start();
        const QList<PendingCall*> calls = searches(64);
        ASSERT_TRUE(testsupport::waitUntil([&] { return allEnded(calls); }, 10'000));
        const qint64 tookMs = elapsed.elapsed();
        expectAllSucceeded(calls);
        EXPECT_LT(tookMs, 1'000);
        std::cout << (throughProxy ? "[ through proxy ] " : "[ direct        ] ") << "64 calls of 300 ms took "
                  << tookMs << " ms\n";
    }
}
