// The Overview and the alerts over a real engine (SQLite, the gateway) and the fake Exa server
// with scripted faults: calls counted by how they ended, keys by state, the failing keys, the
// alerts said once and coalesced, the same conditions in /metrics, and the page kept smooth with
// 10,000 keys.
#include "FakeExaServer.h"
#include "ManualClock.h"
#include "MemorySecretStore.h"
#include "TestEngine.h"
#include "Wait.h"
#include "calls/PoolAlerts.h"
#include "engine/AlertMonitor.h"
#include "exa/ExaCall.h"
#include "gateway/Gateway.h"
#include "overview/OverviewPage.h"
#include "pool/ProxyPool.h"
#include "server/ServerMetrics.h"
#include "storage/RequestLog.h"

#include <QApplication>
#include <QBarSet>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineSeries>
#include <QPieSeries>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

using namespace exadesk;
using namespace Qt::StringLiterals;
using testsupport::waitForSignals;

namespace {

const QString kWork = u"0b6f7c1e-5d2a-4c39-9e41-7a8d2f3b9f3c"_s;
const QString kHome = u"1c7a8d2f-6e3b-4d4a-8f52-8b9e3a4c0a11"_s;
const QString kStale = u"9c1d2e3f-4a5b-4c6d-8e7f-112233447e21"_s; // Exa refuses it
const QString kSpent = u"2d8b9e3a-7f4c-4e5b-9a63-9caf4b5d1b22"_s; // Exa finds it out of credit

class OverviewAlertsTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        fakeexa::FakeExaOptions options;
        options.keys = {kWork, kHome, kSpent};
        options.instant = true;
        fake = std::make_unique<fakeexa::FakeExaServer>(options);
        ASSERT_TRUE(fake->listen());
        QMap<QString, QString> settings = testsupport::quietSettings();
        settings.insert(u"retry.backoff-base-ms"_s, u"10"_s);
        settings.insert(u"retry.backoff-cap-ms"_s, u"100"_s);
        settings.insert(u"alerts.error-rate-percent"_s, u"50"_s);
        // Exa failing fails a call after two attempts, without resting the keys for it.
        settings.insert(u"retry.attempts"_s, u"2"_s);
        settings.insert(u"breaker.failure-threshold"_s, u"100"_s);
        engine = testsupport::makeEngine(dir, secrets, fake->baseUrl(), settings);
        gateway = &engine->gateway();
        gateway->addKey({u"id-work"_s, u"work"_s, kWork, {}, {}, 0, 0.0});
        gateway->addKey({u"id-home"_s, u"home"_s, kHome, {}, {}, 0, 0.0});
    }

    // A search through the engine, recorded as the local port records its calls.
    PendingCall* search(const QString& query, bool waitForEnd = true)
    {
        exa::SearchRequest request;
        request.query = query;
        const qint64 started = QDateTime::currentMSecsSinceEpoch();
        PendingCall* call = engine->submit(exa::ExaCall::search(request));
        if (!waitForEnd)
            return call;
        if (!call->isEnded()) {
            QSignalSpy ended(call, &PendingCall::ended);
            EXPECT_TRUE(waitForSignals(ended)) << "the call did not end: " << qPrintable(query);
        }
        FinishedCall finished = finishedCall(*call, CallSource::LocalPort);
        finished.route = u"search"_s;
        finished.startedAtMs = started;
        finished.latencyMs = QDateTime::currentMSecsSinceEpoch() - started;
        engine->record(finished);
        return call;
    }

    void script(const QString& key, QList<fakeexa::FakeOutcome> outcomes) { fake->script().set(key, outcomes); }

    static fakeexa::FakeOutcome failing(int status, int times = 1)
    {
        fakeexa::FakeOutcome outcome;
        outcome.status = status;
        outcome.times = times;
        return outcome;
    }

    // Tests a key once (billed), as the Keys page does, and waits for the verdict.
    void test(const QString& keyId)
    {
        QSignalSpy tested(gateway, &Gateway::keyTested);
        ASSERT_TRUE(gateway->testKey(gateway->keys().indexOf(keyId)));
        ASSERT_TRUE(waitForSignals(tested));
    }

    QTemporaryDir dir;
    std::unique_ptr<fakeexa::FakeExaServer> fake;
    testsupport::MemorySecretStore secrets;
    std::unique_ptr<Engine> engine;
    Gateway* gateway = nullptr;
};

TEST_F(OverviewAlertsTest, CountsCallsAsTheyEndAndShowsTheKeysAndThePort)
{
    OverviewPage page(*engine, nullptr);
    page.resize(1200, 800);
    page.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&page));

    // Served three times; retried once (a 429 on the first key); refused once (a bad request);
    // failed once (Exa fails on every attempt).
    for (int i = 0; i < 3; ++i)
        EXPECT_TRUE(search(u"served %1"_s.arg(i))->isSuccess());
    script(u"*"_s, {failing(429)});
    EXPECT_TRUE(search(u"retried"_s)->isSuccess());
    script(u"*"_s, {failing(400)});
    EXPECT_EQ(search(u"refused"_s)->httpStatus(), 400);
    script(u"*"_s, {failing(500, -1)});
    EXPECT_FALSE(search(u"failed"_s)->isSuccess());
    fake->script().clear();

    page.refresh();
    const CallTrend::Span now = page.minutes().last();
    EXPECT_EQ(now.count(CallResult::Served), 3);
    EXPECT_EQ(now.count(CallResult::Retried), 1);
    EXPECT_EQ(now.count(CallResult::Refused), 1);
    EXPECT_EQ(now.count(CallResult::Failed), 1);
    // The chart shows what the trend holds, in the minute under way.
    const int last = CallTrend::kMinutes - 1;
    EXPECT_EQ(page.callsSet(CallResult::Served)->at(last), 3);
    EXPECT_EQ(page.callsSet(CallResult::Retried)->at(last), 1);
    EXPECT_EQ(page.callsSet(CallResult::Refused)->at(last), 1);
    EXPECT_EQ(page.callsSet(CallResult::Failed)->at(last), 1);
    ASSERT_EQ(page.p50Series()->count(), 1);
    EXPECT_EQ(page.p50Series()->at(0).x(), last);
    EXPECT_GE(page.p95Series()->at(0).y(), page.p50Series()->at(0).y());
    EXPECT_TRUE(page.callsLabel()->text().contains(u">6<"_s)) << qPrintable(page.callsLabel()->text());
    EXPECT_TRUE(page.portLabel()->text().contains(u"not here"_s));

    // A key Exa refuses: in the state chart and the failing keys, masked.
    gateway->addKey({u"id-stale"_s, u"stale"_s, kStale, {}, {}, 0, 0.0});
    test(u"id-stale"_s);
    ASSERT_TRUE(testsupport::waitUntil([&] {
        return page.failingKeys()->rowCount() == 1; // the page follows the pool by itself
    }));
    const QTableWidgetItem* failing = page.failingKeys()->item(0, 0);
    EXPECT_EQ(failing->data(Qt::UserRole).toString(), u"id-stale"_s);
    EXPECT_TRUE(failing->text().contains(u"stale"_s));
    EXPECT_TRUE(failing->text().contains(u"7e21"_s));
    EXPECT_FALSE(failing->text().contains(kStale));
    EXPECT_EQ(page.failingKeys()->item(0, 1)->text(), u"invalid"_s);
    const QList<QPieSlice*> slices = page.keyStates()->slices();
    EXPECT_EQ(slices.at(static_cast<qsizetype>(KeyState::Invalid))->value(), 1);
    // The others are active, or cooling down a second after the 429.
    EXPECT_EQ(slices.at(static_cast<qsizetype>(KeyState::Active))->value()
                  + slices.at(static_cast<qsizetype>(KeyState::CoolingDown))->value(),
              2);
    // The busiest keys are those that carried today's calls, the busiest first.
    ASSERT_GE(page.busiestKeys()->rowCount(), 2);
    EXPECT_GE(page.busiestKeys()->item(0, 1)->text().toInt(), page.busiestKeys()->item(1, 1)->text().toInt());

    QSignalSpy chosen(&page, &OverviewPage::keyChosen);
    // A view takes a double click only after the press of its first click.
    const QPoint where = page.failingKeys()->visualItemRect(failing).center();
    QTest::mouseClick(page.failingKeys()->viewport(), Qt::LeftButton, {}, where);
    QTest::mouseDClick(page.failingKeys()->viewport(), Qt::LeftButton, {}, where);
    ASSERT_EQ(chosen.count(), 1);
    EXPECT_EQ(chosen.at(0).at(0).toString(), u"id-stale"_s);
}

TEST_F(OverviewAlertsTest, TheHourBeforeThisRunComesFromTheRequestLog)
{
    for (int i = 0; i < 2; ++i)
        search(u"earlier %1"_s.arg(i));
    script(u"*"_s, {failing(500, -1)});
    search(u"earlier failure"_s);
    engine.reset(); // the log's last batch is written as the engine goes

    // The next run reads that hour off the event loop, then shows it.
    engine = testsupport::makeEngine(dir, secrets, fake->baseUrl());
    QSignalSpy loaded(engine.get(), &Engine::trendLoaded);
    engine->loadTrend();
    ASSERT_TRUE(waitForSignals(loaded));
    const CallTrend::Span hour = engine->trend().lastMinutes(QDateTime::currentMSecsSinceEpoch(), 60);
    EXPECT_EQ(hour.count(CallResult::Served), 2);
    EXPECT_EQ(hour.count(CallResult::Failed), 1);
}

TEST_F(OverviewAlertsTest, AlertsAreSaidOnceAndCoalesced)
{
    testsupport::ManualClock clock(QDateTime::currentMSecsSinceEpoch());
    AlertMonitor alerts(*engine, &clock);
    // A key an earlier run found invalid is known, not news.
    gateway->addKey({u"id-stale"_s, u"stale"_s, kStale, {}, {}, 0, 0.0});
    test(u"id-stale"_s);
    QSignalSpy raised(&alerts, &AlertMonitor::raised);
    alerts.start();
    EXPECT_EQ(raised.count(), 0);

    // A key Exa refuses now: said at once, naming it masked.
    gateway->addKey({u"id-old"_s, u"old trial"_s, u"5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f70001"_s, {}, {}, 0, 0.0});
    test(u"id-old"_s);
    ASSERT_EQ(raised.count(), 1);
    auto notice = raised.at(0).at(0).value<AlertNotice>();
    EXPECT_EQ(notice.alert, PoolAlert::KeyInvalid);
    EXPECT_EQ(notice.subjectId, u"id-old"_s);
    EXPECT_TRUE(notice.text.contains(u"old trial"_s)) << qPrintable(notice.text);
    EXPECT_TRUE(notice.text.contains(u"0001"_s));
    EXPECT_FALSE(notice.text.contains(u"5e6f7a8b-9c0d"_s)) << "a key in a notification";

    // Two more within the minute: held, then told as one.
    for (const QString& id : {u"id-a"_s, u"id-b"_s}) {
        gateway->addKey({id,
                         id.mid(3),
                         u"6f7a8b9c-0d1e-4f2a-b3c4-d5e6f7a8%1"_s.arg(id.right(1) == u"a" ? 1000 : 2000),
                         {},
                         {},
                         0,
                         0.0});
        test(id);
    }
    EXPECT_EQ(raised.count(), 1);
    clock.advance(std::chrono::milliseconds(AlertMonitor::kCoalesceMs));
    ASSERT_EQ(raised.count(), 2);
    notice = raised.at(1).at(0).value<AlertNotice>();
    EXPECT_EQ(notice.alert, PoolAlert::KeyInvalid);
    EXPECT_TRUE(notice.text.contains(u"2 more"_s)) << qPrintable(notice.text);
    EXPECT_TRUE(notice.text.contains(u"\u201ca\u201d"_s) || notice.text.contains(u"a "_s)) << qPrintable(notice.text);

    // Turned off: not said, not held.
    alerts.setEnabled(PoolAlert::KeyExhausted, false);
    gateway->addKey({u"id-spent"_s, u"spent"_s, kSpent, {}, {}, 0, 0.0});
    script(kSpent, {failing(402)});
    test(u"id-spent"_s);
    EXPECT_EQ(gateway->keys().at(gateway->keys().indexOf(u"id-spent"_s)).health.state, KeyState::Exhausted);
    clock.advance(std::chrono::milliseconds(AlertMonitor::kCoalesceMs));
    for (const QList<QVariant>& each : raised)
        EXPECT_NE(each.at(0).value<AlertNotice>().alert, PoolAlert::KeyExhausted);
}

TEST_F(OverviewAlertsTest, ErrorRateAndRestingKeysAreAlertsAndMetrics)
{
    testsupport::ManualClock clock(QDateTime::currentMSecsSinceEpoch());
    AlertMonitor alerts(*engine, &clock);
    QSignalSpy raised(&alerts, &AlertMonitor::raised);
    alerts.start();
    const auto alertsOf = [&](PoolAlert alert) {
        int count = 0;
        for (const QList<QVariant>& each : raised)
            count += each.at(0).value<AlertNotice>().alert == alert ? 1 : 0;
        return count;
    };
    const auto metric = [&](PoolAlert alert) {
        const QByteArray page = ServerMetrics().render(engine->summary(), 0);
        return page.contains("exadesk_alert{alert=\"" + toString(alert).toUtf8() + "\"} 1");
    };

    // Under the minimum of calls, no share is judged; from it, more than half failing is an alert.
    script(u"*"_s, {failing(500, -1)});
    for (int i = 0; i < kErrorRateMinimumCalls - 1; ++i)
        search(u"failing %1"_s.arg(i));
    clock.advance(std::chrono::milliseconds(AlertMonitor::kCheckEveryMs));
    EXPECT_EQ(alertsOf(PoolAlert::ErrorRate), 0);
    EXPECT_FALSE(metric(PoolAlert::ErrorRate));
    search(u"one more"_s);
    EXPECT_TRUE(metric(PoolAlert::ErrorRate));
    EXPECT_TRUE(engine->summary().recentFailures >= kErrorRateMinimumCalls);
    clock.advance(std::chrono::milliseconds(AlertMonitor::kCheckEveryMs));
    ASSERT_EQ(alertsOf(PoolAlert::ErrorRate), 1);
    // Still failing: not said again.
    clock.advance(std::chrono::milliseconds(3 * AlertMonitor::kCheckEveryMs));
    EXPECT_EQ(alertsOf(PoolAlert::ErrorRate), 1);

    // Every key cooling down (Exa's 429 with a minute's Retry-After): said once it lasted.
    fakeexa::FakeOutcome limited = failing(429, -1);
    limited.retryAfter = "60";
    script(u"*"_s, {limited});
    search(u"limited"_s, false); // it waits for a key
    ASSERT_TRUE(testsupport::waitUntil([&] { return metric(PoolAlert::AllKeysResting); }));
    clock.advance(std::chrono::milliseconds(AlertMonitor::kCheckEveryMs));
    EXPECT_EQ(alertsOf(PoolAlert::AllKeysResting), 0) << "a moment's rest is not news";
    clock.advance(std::chrono::milliseconds(AlertMonitor::kRestingGraceMs));
    EXPECT_EQ(alertsOf(PoolAlert::AllKeysResting), 1);
    EXPECT_FALSE(metric(PoolAlert::ProxyDown));
}

TEST_F(OverviewAlertsTest, WhatHeldBeforeTheStartIsNotNewsAndDirectIsNoProxy)
{
    // Every key cooling down for a minute before the window watches: not said at start.
    fakeexa::FakeOutcome limited = failing(429, -1);
    limited.retryAfter = "60";
    script(u"*"_s, {limited});
    search(u"limited"_s, false);
    ASSERT_TRUE(testsupport::waitUntil([&] { return holds(PoolAlert::AllKeysResting, engine->summary()); }));
    testsupport::ManualClock clock(QDateTime::currentMSecsSinceEpoch());
    AlertMonitor alerts(*engine, &clock);
    QSignalSpy raised(&alerts, &AlertMonitor::raised);
    alerts.start();
    clock.advance(std::chrono::milliseconds(AlertMonitor::kRestingGraceMs + AlertMonitor::kCheckEveryMs));
    EXPECT_EQ(raised.count(), 0) << qPrintable(raised.isEmpty() ? QString()
                                                                : raised.first().first().value<AlertNotice>().text);

    // A proxy added, which makes "direct" stop being a way out: no proxy went down.
    QString error;
    std::optional<ProxyConfig> dead = ProxyConfig::fromUrl(u"http://127.0.0.1:9"_s, &error);
    ASSERT_TRUE(dead) << qPrintable(error);
    gateway->addProxy(*dead);
    QApplication::processEvents();
    for (const QList<QVariant>& each : raised)
        EXPECT_NE(each.first().value<AlertNotice>().alert, PoolAlert::ProxyDown)
            << qPrintable(each.first().value<AlertNotice>().text);
}

TEST_F(OverviewAlertsTest, AProxyGoingDownIsSaidOnceNamedWithoutItsPassword)
{
    QString problem;
    ASSERT_TRUE(engine->saveSettings({{u"proxy.connect-failures"_s, u"1"_s}}, &problem)) << qPrintable(problem);
    testsupport::ManualClock clock(QDateTime::currentMSecsSinceEpoch());
    AlertMonitor alerts(*engine, &clock);
    QSignalSpy raised(&alerts, &AlertMonitor::raised);
    alerts.start();
    QString error;
    std::optional<ProxyConfig> dead = ProxyConfig::fromUrl(u"http://alice:s3cret@127.0.0.1:9"_s, &error);
    ASSERT_TRUE(dead) << qPrintable(error);
    gateway->addProxy(*dead);
    search(u"through a dead proxy"_s);
    search(u"again"_s);
    QApplication::processEvents();
    QList<AlertNotice> down;
    for (const QList<QVariant>& each : raised)
        if (each.first().value<AlertNotice>().alert == PoolAlert::ProxyDown)
            down.append(each.first().value<AlertNotice>());
    ASSERT_EQ(down.size(), 1);
    EXPECT_TRUE(down.first().text.contains(u"127.0.0.1:9"_s)) << qPrintable(down.first().text);
    EXPECT_FALSE(down.first().text.contains(u"s3cret"_s));
    EXPECT_FALSE(down.first().text.contains(u"direct"_s));
}

TEST_F(OverviewAlertsTest, KeyTestsAreInTheRequestLogButNotInTheTrend)
{
    gateway->addKey({u"id-stale"_s, u"stale"_s, kStale, {}, {}, 0, 0.0});
    QSignalSpy logged(engine.get(), &Engine::callsLogged);
    test(u"id-work"_s); // a billed one-result search
    test(u"id-stale"_s); // refused: 401
    test(u"id-stale"_s); // now invalid: a re-check, asked for at once
    ASSERT_TRUE(testsupport::waitUntil([&] {
        StorageError error;
        return RequestLog(*engine->database()).recent(10, &error).size() >= 3;
    }));
    StorageError error;
    const QList<RequestLogEntry> entries = RequestLog(*engine->database()).recent(10, &error);
    ASSERT_EQ(entries.size(), 3);
    for (const RequestLogEntry& entry : entries)
        EXPECT_EQ(entry.source, CallSource::KeyCheck);
    EXPECT_EQ(entries.at(2).keyId, u"id-work"_s);
    EXPECT_EQ(entries.at(2).status, 200);
    EXPECT_EQ(entries.at(1).keyId, u"id-stale"_s);
    EXPECT_EQ(entries.at(1).status, 401);
    EXPECT_EQ(entries.at(0).keyId, u"id-stale"_s);
    EXPECT_EQ(entries.at(0).status, 401);
    EXPECT_EQ(entries.at(0).attempts, 1);
    // Not calls people made: the Overview's counts and the error rate leave them out.
    EXPECT_EQ(engine->trend().lastMinutes(QDateTime::currentMSecsSinceEpoch(), 60).total(), 0);
}

TEST_F(OverviewAlertsTest, TenThousandKeysKeepThePageSmooth)
{
    for (int i = 0; i < 10'000; ++i)
        gateway->addKey({u"id-%1"_s.arg(i),
                         u"k%1"_s.arg(i),
                         u"a0000000-0000-4000-8000-%1"_s.arg(i, 12, 10, QChar(u'0')),
                         {},
                         {},
                         0,
                         0.0});
    OverviewPage page(*engine, nullptr);
    page.resize(1200, 800);
    page.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&page));
    page.refresh(); // warm
    QElapsedTimer timer;
    timer.start();
    constexpr int kRounds = 10;
    for (int i = 0; i < kRounds; ++i)
        page.refresh();
    const qint64 perRefreshMs = timer.elapsed() / kRounds;
    std::cout << "Overview refresh with 10,002 keys: " << perRefreshMs << " ms\n";
    // A refresh a second must leave the event loop nearly all of it.
    EXPECT_LT(perRefreshMs, 50);
    EXPECT_EQ(page.keyStates()->slices().at(static_cast<qsizetype>(KeyState::Active))->value(), 10'002);
}

} // namespace
