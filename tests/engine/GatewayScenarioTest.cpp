// The engine's scenarios (issue "The engine"), each against the fake Exa server on loopback
// with the engine's time on a ManualClock, over each transport production uses: plain HTTP,
// TLS with HTTP/1.1 and TLS with HTTP/2.
#include "GatewayFixture.h"
#include "logging/KeyMask.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>

#include <gtest/gtest.h>

#include <iostream>
#include <limits>
#include <map>
#include <memory>
#include <random>

using namespace exadesk;
using testsupport::ManualClock;
using namespace std::chrono_literals;
using namespace Qt::StringLiterals;
using fakeexa::FakeExaServer;
using fakeexa::FakeOutcome;
using gatewaytest::secretOf;

namespace {

QString clockTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toLocalTime().toString(u"HH:mm:ss"_s);
}

class GatewayScenarioTest : public gatewaytest::GatewayFixture
{ };

} // namespace

// 1. Three keys, 300 successful calls: each key serves 100.
TEST_P(GatewayScenarioTest, SpreadsCallsEvenlyOverKeys)
{
    start(3);
    for (int i = 0; i < 300; ++i)
        search();
    ASSERT_TRUE(runAll());
    for (PendingCall* call : std::as_const(calls))
        ASSERT_TRUE(call->isSuccess()) << qPrintable(call->error().message);
    for (int k = 0; k < 3; ++k) {
        EXPECT_EQ(key(k).stats.successes, 100) << "key " << k;
        EXPECT_EQ(server->stats(secretOf(k)).requests, 100) << "key " << k;
    }
}

// 2. A key answering 401 is invalid at once, never used again, and revived by a re-check.
TEST_P(GatewayScenarioTest, AnInvalidKeyIsParkedAndRevivedByAReCheck)
{
    start(3, {}, {}, {secretOf(1), secretOf(2)});
    PendingCall* first = search();
    ASSERT_TRUE(runOne(first));
    ASSERT_EQ(first->attempts().size(), 2);
    EXPECT_EQ(first->attempts()[0].outcome, Outcome::KeyInvalid);
    for (int i = 0; i < 20; ++i)
        search();
    ASSERT_TRUE(runAll());
    for (PendingCall* call : std::as_const(calls))
        ASSERT_TRUE(call->isSuccess()) << qPrintable(call->error().message);
    EXPECT_EQ(key(0).health.state, KeyState::Invalid);
    EXPECT_EQ(server->stats(secretOf(0)).requests, 1);
    EXPECT_TRUE(key(0).health.reason.contains(u"401"_s)) << qPrintable(key(0).health.reason);

    // Still refused at the first re-check (10 minutes on): the next is 20 minutes later.
    const qint64 parkedAt = first->attempts()[0].startedAtMs;
    EXPECT_EQ(key(0).health.untilMs, parkedAt + 10 * 60'000);
    ASSERT_TRUE(testsupport::driveUntil(clock, *gateway, [&] { return server->stats(secretOf(0)).requests == 2; }));
    EXPECT_EQ(clock.nowMs(), parkedAt + 10 * 60'000);
    ASSERT_TRUE(testsupport::driveUntil(clock, *gateway, [&] { return gateway->rechecksInFlight() == 0; }));
    EXPECT_EQ(key(0).health.state, KeyState::Invalid);
    EXPECT_EQ(key(0).health.untilMs, clock.nowMs() + 20 * 60'000);

    // The key is made good (the user paid, say); the next re-check revives it.
    server->setAcceptedKeys({secretOf(0), secretOf(1), secretOf(2)});
    QSignalSpy revived(gateway.get(), &Gateway::keyStateChanged);
    ASSERT_TRUE(testsupport::driveUntil(clock, *gateway, [&] { return key(0).health.state == KeyState::Active; }));
    EXPECT_EQ(clock.nowMs(), parkedAt + 30 * 60'000);
    EXPECT_FALSE(revived.isEmpty());

    const int before = server->stats(secretOf(0)).requests;
    for (int i = 0; i < 3; ++i)
        search();
    ASSERT_TRUE(runAll());
    EXPECT_EQ(server->stats(secretOf(0)).requests, before + 1);
}

// 3. 429 with Retry-After: 30 cools the key for 30 s; the caller sees no error.
TEST_P(GatewayScenarioTest, ARateLimitedKeyCoolsDownAndTheCallSucceedsOnAnother)
{
    start(3);
    script(0, {status(429, 1, "30")});
    PendingCall* call = search();
    ASSERT_TRUE(runOne(call));
    ASSERT_TRUE(call->isSuccess()) << qPrintable(call->error().message);
    ASSERT_EQ(call->attempts().size(), 2);
    EXPECT_EQ(call->attempts()[0].outcome, Outcome::RateLimited);
    EXPECT_EQ(call->attempts()[0].keyId, u"key-0"_s);
    EXPECT_EQ(call->keyId(), u"key-1"_s);

    const qint64 limitedAt = call->attempts()[0].startedAtMs;
    EXPECT_EQ(key(0).health.state, KeyState::CoolingDown);
    EXPECT_EQ(key(0).health.untilMs, limitedAt + 30'000);
    EXPECT_EQ(key(0).health.breaker.consecutiveFailures(), 0); // not a strike
    clock.advance(std::chrono::milliseconds(limitedAt + 29'999 - clock.nowMs()));
    EXPECT_EQ(key(0).health.state, KeyState::CoolingDown);
    clock.advance(1ms);
    EXPECT_EQ(key(0).health.state, KeyState::Active);
}

// 4. Every key answering 429: the call fails at once as rate limited (a 429 on the local
// port), naming when the first key frees up and saying so in its Retry-After.
TEST_P(GatewayScenarioTest, WhenEveryKeyIsRateLimitedTheCallSaysWhenOneFreesUp)
{
    start(3);
    script(0, {status(429, -1, "90")});
    script(1, {status(429, -1, "30")});
    script(2, {status(429, -1, "60")});
    PendingCall* call = search();
    ASSERT_TRUE(runOne(call));
    ASSERT_FALSE(call->isSuccess());
    EXPECT_EQ(call->error().kind, exa::ExaError::Kind::Unavailable);
    EXPECT_EQ(call->httpStatus(), 429);
    EXPECT_EQ(call->error().httpStatus, 429);
    EXPECT_EQ(call->error().tag, exa::ErrorTag::RateLimitExceeded);
    const qint64 firstFree = call->attempts()[1].startedAtMs + 30'000;
    EXPECT_EQ(call->error().retryAfter, QByteArray::number((firstFree - clock.nowMs() + 999) / 1000));
    EXPECT_EQ(
        call->error().message,
        u"No key can take the call: every key is rate limited by Exa until at least %1."_s.arg(clockTime(firstFree)));

    const int upstream = server->totalRequests();
    PendingCall* next = search();
    ASSERT_TRUE(runOne(next));
    EXPECT_EQ(next->error().kind, exa::ExaError::Kind::Unavailable);
    EXPECT_TRUE(next->attempts().isEmpty());
    EXPECT_EQ(server->totalRequests(), upstream);
}

// 5. N consecutive 503s open the breaker; one probe after the open time; a failing probe
// doubles it; a good probe closes it.
TEST_P(GatewayScenarioTest, TheBreakerOpensProbesOnceAndDoubles)
{
    GatewayOptions options;
    options.maxAttempts = 1;
    start(1, options);
    script(0, {status(503, 4)});
    for (int i = 0; i < 3; ++i) {
        PendingCall* call = search();
        ASSERT_TRUE(runOne(call));
        EXPECT_EQ(call->httpStatus(), 503);
    }
    const qint64 openedAt = clock.nowMs();
    EXPECT_EQ(key(0).health.state, KeyState::BreakerOpen);
    EXPECT_EQ(key(0).health.breaker.openUntilMs(), openedAt + 30'000);

    PendingCall* refused = search();
    ASSERT_TRUE(runOne(refused));
    EXPECT_EQ(refused->error().kind, exa::ExaError::Kind::Unavailable);
    EXPECT_EQ(server->totalRequests(), 3);

    clock.advance(30s);
    PendingCall* probe = search();
    PendingCall* waiting = search(); // only one probe goes; this one waits for its verdict
    ASSERT_TRUE(runOne(probe));
    EXPECT_EQ(probe->httpStatus(), 503);
    EXPECT_EQ(server->totalRequests(), 4);
    EXPECT_EQ(key(0).health.breaker.openUntilMs(), clock.nowMs() + 60'000);
    ASSERT_TRUE(runOne(waiting));
    EXPECT_EQ(waiting->error().kind, exa::ExaError::Kind::Unavailable);

    clock.advance(60s);
    PendingCall* good = search();
    ASSERT_TRUE(runOne(good));
    EXPECT_TRUE(good->isSuccess());
    EXPECT_EQ(key(0).health.state, KeyState::Active);
    EXPECT_EQ(key(0).health.breaker.state(clock.nowMs()), CircuitBreaker::State::Closed);
}

// 8. 1,000 concurrent calls with 20% random faults: each ends once; the books agree.
TEST_P(GatewayScenarioTest, RandomFaultsEveryCallEndsOnceAndTheCountsAgree)
{
    start(5);
    std::mt19937 random(20'261'127);
    std::uniform_real_distribution<double> chance(0.0, 1.0);
    std::uniform_int_distribution<int> which(0, 3);
    for (int k = 0; k < 5; ++k) {
        QList<FakeOutcome> outcomes;
        for (int i = 0; i < 600; ++i) {
            if (chance(random) >= 0.2) {
                outcomes.append(status(200));
                continue;
            }
            switch (which(random)) {
            case 0:
                outcomes.append(status(500));
                break;
            case 1:
                outcomes.append(status(503));
                break;
            case 2:
                outcomes.append(status(429, 1, "1"));
                break;
            default: {
                FakeOutcome drop;
                drop.drop = true;
                outcomes.append(drop);
                break;
            }
            }
        }
        script(k, outcomes);
    }
    for (int i = 0; i < 1'000; ++i)
        search(u"query %1"_s.arg(i));
    ASSERT_TRUE(runAll());

    int succeeded = 0;
    for (PendingCall* call : std::as_const(calls)) {
        EXPECT_EQ(endings[call], 1);
        succeeded += call->isSuccess() ? 1 : 0;
    }
    EXPECT_GT(succeeded, 800);
    // Every attempt a key made is one the server saw, but for a connection that closed before
    // any answer (a kept-alive or TLS connection dying under load): sent, so counted, yet never
    // read by the server.
    for (int k = 0; k < 5; ++k) {
        int unanswered = 0;
        for (PendingCall* call : std::as_const(calls)) {
            for (const AttemptRecord& attempt : call->attempts())
                unanswered += attempt.keyId == u"key-%1"_s.arg(k) && attempt.httpStatus == 0 ? 1 : 0;
        }
        EXPECT_EQ(key(k).stats.requests, server->stats(secretOf(k)).requests + unanswered) << "key " << k;
    }
    EXPECT_EQ(gateway->inFlightCount(), 0);
    EXPECT_EQ(gateway->queuedCount(), 0);
}

// 9. Exa down (every call 503) for 1,000 calls: upstream requests stay within calls x (1 +
// retry budget), by the budget alone (breakers that never open) and with the breakers too.
TEST_P(GatewayScenarioTest, WhenExaIsDownRetriesStayWithinTheBudget)
{
    for (const bool breakers : {false, true}) {
        SCOPED_TRACE(breakers ? "with breakers" : "budget alone");
        KeyPolicy keyPolicy;
        if (!breakers)
            keyPolicy.breaker.failureThreshold = std::numeric_limits<int>::max();
        calls.clear();
        endings.clear();
        start(3, {}, keyPolicy);
        server->script().set(u"*"_s, {status(503, -1)});
        for (int i = 0; i < 1'000; ++i)
            search();
        ASSERT_TRUE(runAll());
        for (PendingCall* call : std::as_const(calls))
            ASSERT_FALSE(call->isSuccess());
        const GatewayOptions& options = gateway->options();
        const double bound = 1'000 * (1.0 + options.retryBudgetRatio) + options.retryBudgetReserve;
        EXPECT_LE(server->totalRequests(), bound);
        EXPECT_GE(server->totalRequests(), breakers ? 9 : 1'000);
        std::cout << "[ Exa down    ] " << (breakers ? "with breakers: " : "budget alone:  ") << "1000 calls made "
                  << server->totalRequests() << " upstream requests (bound " << bound << ")\n";
    }
}

// 10. 400 and 403 go back to the caller as Exa sent them, without a retry.
TEST_P(GatewayScenarioTest, RequestErrorsAreReturnedAsTheyCameWithoutRetry)
{
    start(3);
    PendingCall* bad
        = submit(exa::ExaCall::passthrough("POST", u"/search"_s, {}, R"({"query": "too many", "numResults": 500})"));
    ASSERT_TRUE(runOne(bad));
    EXPECT_EQ(bad->httpStatus(), 400);
    EXPECT_EQ(bad->json().value("tag"_L1).toString(), u"NUM_RESULTS_EXCEEDED"_s) << bad->body().constData();
    EXPECT_EQ(bad->attempts().size(), 1);
    EXPECT_EQ(server->totalRequests(), 1);

    script(1, {status(403)});
    PendingCall* refused = search();
    ASSERT_TRUE(runOne(refused));
    EXPECT_EQ(refused->httpStatus(), 403);
    EXPECT_EQ(refused->json().value("tag"_L1).toString(), fakeexa::defaultTagFor(403));
    EXPECT_EQ(refused->attempts().size(), 1);
    EXPECT_EQ(server->totalRequests(), 2);
    EXPECT_EQ(key(1).health.state, KeyState::Active);
}

// 12. A research job created on key A is polled with key A while round-robin is on key B.
TEST_P(GatewayScenarioTest, ResearchFollowUpsUseTheKeyThatCreatedTheJob)
{
    start(2);
    exa::ResearchRequest request;
    request.instructions = u"Summarise the state of WebAssembly garbage collection"_s;
    PendingCall* created = submit(exa::ExaCall::createResearch(request));
    ASSERT_TRUE(runOne(created));
    ASSERT_TRUE(created->isSuccess()) << qPrintable(created->error().message);
    EXPECT_EQ(created->keyId(), u"key-0"_s);
    const QString researchId = created->json().value("researchId"_L1).toString();
    ASSERT_FALSE(researchId.isEmpty());

    for (int poll = 0; poll < 3; ++poll) {
        // Round-robin moves on to key B between polls...
        PendingCall* other = search();
        ASSERT_TRUE(runOne(other));
        if (other->keyId() != u"key-1"_s) {
            other = search();
            ASSERT_TRUE(runOne(other));
        }
        ASSERT_EQ(other->keyId(), u"key-1"_s);
        // ...and the poll still goes with key A (with key B, Exa would not know the task).
        PendingCall* status = submit(exa::ExaCall::getResearch(researchId));
        ASSERT_TRUE(runOne(status));
        ASSERT_TRUE(status->isSuccess()) << qPrintable(status->error().message);
        EXPECT_EQ(status->keyId(), u"key-0"_s);
    }
}

TEST_P(GatewayScenarioTest, AFullQueueFailsAtOnceWithAClearError)
{
    GatewayOptions options;
    options.maxInFlight = 1;
    options.maxQueued = 2;
    start(1, options);
    for (int i = 0; i < 3; ++i)
        search();
    PendingCall* rejected = search();
    QSignalSpy failed(rejected, &PendingCall::failed);
    ASSERT_TRUE(testsupport::waitForSignals(failed));
    EXPECT_EQ(rejected->error().kind, exa::ExaError::Kind::Unavailable);
    EXPECT_TRUE(rejected->error().message.startsWith(u"ExaDesk is busy: 2 calls are already waiting"_s))
        << qPrintable(rejected->error().message);
    ASSERT_TRUE(runAll());
    for (int i = 0; i < 3; ++i)
        EXPECT_TRUE(calls[i]->isSuccess());
}

TEST_P(GatewayScenarioTest, AHangingAttemptTimesOutOnTheClockAndMovesOn)
{
    GatewayOptions options;
    options.client.timeout = 5s;
    start(2, options);
    hangNext(0);
    PendingCall* call = search();
    ASSERT_TRUE(hungOn(0));
    clock.advance(4'999ms);
    EXPECT_TRUE(call->attempts().isEmpty());
    clock.advance(1ms);
    ASSERT_TRUE(runOne(call));
    ASSERT_TRUE(call->isSuccess());
    ASSERT_EQ(call->attempts().size(), 2);
    EXPECT_EQ(call->attempts()[0].outcome, Outcome::Timeout);
    EXPECT_EQ(key(0).health.breaker.consecutiveFailures(), 1);
}

TEST_P(GatewayScenarioTest, CancellingEndsTheCallOnceAndBlamesNoKey)
{
    start(1);
    hangNext(0);
    PendingCall* call = search();
    ASSERT_TRUE(hungOn(0));
    call->cancel();
    ASSERT_TRUE(runOne(call));
    EXPECT_EQ(call->error().kind, exa::ExaError::Kind::Cancelled);
    EXPECT_EQ(endings[call], 1);
    EXPECT_EQ(key(0).stats.errors, 0);
    EXPECT_EQ(key(0).health.state, KeyState::Active);
    EXPECT_EQ(gateway->inFlightCount(), 0);
}

TEST_P(GatewayScenarioTest, AStreamedAnswerArrivesAsItComesAndIsNotRetriedOnceBegun)
{
    start(2);
    server->setInstant(false); // the events of the stream come 15 ms apart
    exa::AnswerRequest request;
    request.query = u"What is a rendezvous hash?"_s;
    request.stream = true;
    PendingCall* call = submit(exa::ExaCall::answer(request));
    QSignalSpy headers(call, &PendingCall::headersReceived);
    QByteArray streamed;
    int chunks = 0;
    QObject::connect(call, &PendingCall::dataReceived, call, [&](const QByteArray& chunk) {
        streamed += chunk;
        ++chunks;
    });
    ASSERT_TRUE(runOne(call));
    ASSERT_TRUE(call->isSuccess()) << qPrintable(call->error().message);
    EXPECT_EQ(headers.count(), 1);
    EXPECT_GT(chunks, 1);
    EXPECT_TRUE(call->header("content-type").startsWith("text/event-stream"));
    EXPECT_TRUE(streamed.contains("data: [DONE]")) << streamed.constData();

    // Once part of an answer went to the caller, a failure cannot be mended by a retry.
    FakeOutcome cut;
    cut.truncate = true;
    script(1, {cut});
    PendingCall* broken = submit(exa::ExaCall::answer(request));
    ASSERT_TRUE(runOne(broken));
    EXPECT_FALSE(broken->isSuccess());
    EXPECT_EQ(broken->attempts().size(), 1);
    EXPECT_EQ(broken->attempts()[0].keyId, u"key-1"_s);
}

TEST_P(GatewayScenarioTest, DeletingARunningCallSettlesItsBooksQuietly)
{
    start(1);
    hangNext(0);
    PendingCall* call = search();
    bool ended = false;
    QObject::connect(call, &PendingCall::ended, [&] { ended = true; });
    ASSERT_TRUE(hungOn(0));
    calls.removeAll(call);
    endings.erase(call);
    delete call;
    EXPECT_EQ(gateway->inFlightCount(), 0);
    EXPECT_EQ(key(0).stats.errors, 0);

    PendingCall* next = search();
    ASSERT_TRUE(runOne(next));
    EXPECT_TRUE(next->isSuccess());
    EXPECT_FALSE(ended);
}

TEST_P(GatewayScenarioTest, ACallDeletedByASlotOfItsAttemptIsSettledOnce)
{
    start(2);
    script(0, {status(503)});
    PendingCall* call = search();
    calls.removeAll(call);
    endings.erase(call);
    QObject::connect(call, &PendingCall::attempted, call, [call] { delete call; });
    ASSERT_TRUE(testsupport::driveUntil(clock, *gateway, [&] { return server->totalRequests() == 1; }));
    ASSERT_TRUE(testsupport::driveUntil(clock, *gateway, [&] { return gateway->inFlightCount() == 0; }));
    EXPECT_EQ(key(0).stats.requests, 1);
    EXPECT_EQ(key(0).stats.errors, 1);
    EXPECT_EQ(gateway->queuedCount(), 0);
    PendingCall* next = search();
    ASSERT_TRUE(runOne(next));
    EXPECT_TRUE(next->isSuccess());
}

TEST_P(GatewayScenarioTest, ReChecksWithNoWayOutWaitForTheNextTurn)
{
    start(2, {}, {}, {secretOf(1)});
    PendingCall* call = search();
    ASSERT_TRUE(runOne(call));
    ASSERT_EQ(key(0).health.state, KeyState::Invalid);
    const qint64 firstCheck = key(0).health.untilMs;
    QString error;
    const int proxy = gateway->addProxy(*ProxyConfig::fromUrl(u"http://127.0.0.1:9"_s, &error));
    gateway->setProxyEnabled(proxy, false);

    const int before = server->totalRequests();
    ASSERT_TRUE(testsupport::driveUntil(clock, *gateway, [&] { return clock.nowMs() >= firstCheck; }));
    // Nothing could be sent; the check is due again one interval later, not in a tight loop.
    EXPECT_EQ(server->totalRequests(), before);
    EXPECT_EQ(key(0).health.state, KeyState::Invalid);
    EXPECT_EQ(key(0).health.untilMs, firstCheck + 10 * 60'000);
}

TEST_P(GatewayScenarioTest, TheCallsDeadlineIsNotHeldAgainstTheKey)
{
    GatewayOptions options;
    options.client.timeout = 60s;
    start(1, options);
    hangNext(0);
    exa::SearchRequest request;
    request.query = u"slow"_s;
    PendingCall* call = gateway->submit(exa::ExaCall::search(request), SubmitOptions{2s});
    ASSERT_TRUE(hungOn(0));
    clock.advance(2s);
    ASSERT_TRUE(testsupport::waitUntil([&] { return call->isEnded(); }));
    EXPECT_EQ(call->error().kind, exa::ExaError::Kind::Timeout);
    EXPECT_EQ(call->error().message, u"Exa did not answer within 2 s."_s);
    EXPECT_EQ(key(0).stats.errors, 0);
    EXPECT_EQ(key(0).health.breaker.consecutiveFailures(), 0);
    delete call;
}

TEST_P(GatewayScenarioTest, NoKeysAtAllIsExplained)
{
    start(0);
    PendingCall* call = search();
    ASSERT_TRUE(runOne(call));
    EXPECT_EQ(call->error().message, u"No key can take the call: no API keys have been added yet."_s);
}

TEST_P(GatewayScenarioTest, KeysNeverAppearInErrorsOrAttempts)
{
    start(2, {}, {}, {});
    server->setAcceptedKeys({u"someone-else-entirely"_s});
    PendingCall* call = search();
    ASSERT_TRUE(runOne(call));
    ASSERT_FALSE(call->isSuccess());
    for (int k = 0; k < 2; ++k) {
        EXPECT_FALSE(call->error().message.contains(secretOf(k)));
        EXPECT_FALSE(key(k).health.reason.contains(secretOf(k)));
        for (const AttemptRecord& attempt : call->attempts())
            EXPECT_FALSE(attempt.error.contains(secretOf(k)));
    }
    EXPECT_EQ(call->error().message, u"No key can take the call: all 2 keys are invalid."_s);
}

namespace {

// A person's "Test" on chosen keys: an invalid key is re-checked at once rather than at its
// scheduled time; a usable one is sent a one-result search on its own; a disabled one is left.
TEST_P(GatewayScenarioTest, TestingAKeyChecksItNowAndOnItsOwn)
{
    start(3, {}, {}, {secretOf(1), secretOf(2)}); // Exa refuses key 0
    ASSERT_TRUE(runOne(search()));
    ASSERT_TRUE(runOne(search()));
    ASSERT_EQ(key(0).health.state, KeyState::Invalid);
    const qint64 nextCheck = key(0).health.untilMs;

    // The user paid; the test finds it good long before the scheduled re-check.
    server->setAcceptedKeys({secretOf(0), secretOf(1), secretOf(2)});
    const qint64 before = clock.nowMs();
    gateway->testKey(0);
    ASSERT_TRUE(testsupport::driveUntil(clock, *gateway, [&] { return key(0).health.state == KeyState::Active; }));
    EXPECT_LT(clock.nowMs(), nextCheck);
    EXPECT_EQ(clock.nowMs(), before);

    // A usable key is tested with a call of its own: key 2, and only key 2, is asked.
    server->setAcceptedKeys({secretOf(0), secretOf(1)});
    const int asked1 = server->stats(secretOf(1)).requests;
    gateway->testKey(2);
    ASSERT_TRUE(testsupport::driveUntil(clock, *gateway, [&] { return key(2).health.state == KeyState::Invalid; }));
    EXPECT_EQ(server->stats(secretOf(1)).requests, asked1);
    EXPECT_EQ(server->stats(secretOf(2)).requests, 1 + 1); // its share of the two searches, and the test

    // A disabled key is not tested.
    gateway->setKeyEnabled(1, false);
    gateway->testKey(1);
    EXPECT_EQ(gateway->networkInFlight(), 0);
    EXPECT_EQ(server->stats(secretOf(1)).requests, asked1);
}

} // namespace

EXADESK_OVER_EVERY_TRANSPORT(GatewayScenarioTest);
