#pragma once

#include "EngineDriver.h"
#include "ExaTransports.h"
#include "FakeExaServer.h"
#include "ManualClock.h"
#include "Wait.h"
#include "gateway/Gateway.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>

// What the engine's scenario suites share: the fixture that starts a gateway against the fake
// Exa server over one transport.
namespace gatewaytest {

using namespace exadesk;
using namespace Qt::StringLiterals;
using fakeexa::FakeExaOptions;
using fakeexa::FakeExaServer;
using fakeexa::FakeOutcome;
using testsupport::ManualClock;

inline QString secretOf(int n)
{
    return u"scenario-key-%1-0000-1111-2222"_s.arg(n, 4, 10, QChar(u'0'));
}

// A gateway on a ManualClock and the fake Exa server behind the transport of the test's parameter,
// with the keys it was started with.
class GatewayFixture : public ::testing::TestWithParam<testsupport::Transport>
{
protected:
    void SetUp() override
    {
        if (GetParam() == testsupport::Transport::TlsHttp2 && testsupport::NginxFront::program().isEmpty())
            GTEST_SKIP() << "nginx is not installed (scripts/install-deps.sh installs it)";
    }

    void start(int keyCount, GatewayOptions options = {}, KeyPolicy keyPolicy = {}, QStringList accepted = {})
    {
        FakeExaOptions fakeOptions;
        fakeOptions.keys = accepted;
        fakeOptions.instant = true;
        server = std::make_unique<FakeExaServer>(fakeOptions);
        QString error;
        ASSERT_TRUE(front.start(*server, GetParam(), &error)) << qPrintable(error);
        options.client.baseUrl = front.baseUrl();
        options.client.extraCaCertificates = front.extraCa();
        options.randomSeed = 2026;
        gateway = std::make_unique<Gateway>(clock, options, keyPolicy);
        for (int i = 0; i < keyCount; ++i) {
            KeyConfig key;
            key.id = u"key-%1"_s.arg(i);
            key.label = u"Key %1"_s.arg(i);
            key.secret = secretOf(i);
            ASSERT_EQ(gateway->addKey(key), i);
        }
    }

    void script(int key, QList<FakeOutcome> outcomes) { server->script().set(secretOf(key), std::move(outcomes)); }
    // The next request of `key` gets no answer; hungOn() says when it has arrived.
    void hangNext(int key)
    {
        FakeOutcome hang;
        hang.hang = true;
        script(key, {hang});
    }
    bool hungOn(int key)
    {
        return testsupport::waitUntil([&] { return server->stats(secretOf(key)).hung == 1; });
    }
    static FakeOutcome status(int code, int times = 1, QByteArray retryAfter = {})
    {
        FakeOutcome outcome;
        outcome.status = code;
        outcome.tag = fakeexa::defaultTagFor(code);
        outcome.message = fakeexa::defaultMessageFor(code);
        outcome.times = times;
        outcome.retryAfter = std::move(retryAfter);
        return outcome;
    }

    PendingCall* submit(const exa::ExaCall& call)
    {
        PendingCall* pending = gateway->submit(call);
        QObject::connect(pending, &PendingCall::ended, pending, [this, pending] { ++endings[pending]; });
        calls.append(pending);
        return pending;
    }
    PendingCall* search(const QString& query = u"rust async runtimes"_s)
    {
        exa::SearchRequest request;
        request.query = query;
        return submit(exa::ExaCall::search(request));
    }
    int endedCount() const
    {
        int total = 0;
        for (const auto& [call, count] : endings)
            total += count;
        return total;
    }
    bool runAll()
    {
        return testsupport::driveUntil(clock, *gateway, [this] { return endedCount() >= calls.size(); });
    }
    bool runOne(PendingCall* call)
    {
        return testsupport::driveUntil(clock, *gateway, [this, call] { return endings[call] > 0; });
    }
    const KeyEntry& key(int index) const { return gateway->keys().at(index); }

    ManualClock clock;
    std::unique_ptr<FakeExaServer> server;
    testsupport::ExaFront front;
    std::unique_ptr<Gateway> gateway;
    QList<PendingCall*> calls;
    std::map<PendingCall*, int> endings;
};

} // namespace gatewaytest

// Each scenario runs over every transport production uses.
#define EXADESK_OVER_EVERY_TRANSPORT(Suite)                                                                            \
    INSTANTIATE_TEST_SUITE_P(Transports, Suite,                                                                        \
                             ::testing::Values(testsupport::Transport::PlainHttp, testsupport::Transport::TlsHttp1,    \
                                               testsupport::Transport::TlsHttp2),                                      \
                             [](const auto& transport) { return testsupport::nameOf(transport.param); })
