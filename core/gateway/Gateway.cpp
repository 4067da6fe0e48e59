#include "Gateway.h"

#include "Classify.h"
#include "GatewayCall.h"
#include "exa/SseParser.h"
#include "logging/Redactor.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QPointer>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

Q_LOGGING_CATEGORY(lcGateway, "exadesk.gateway", QtInfoMsg)

// A re-check that hangs is given up on after this long when no attempt timeout is set.
constexpr std::chrono::milliseconds kRecheckTimeout{60'000};

std::chrono::milliseconds recheckTimeout(const exa::ExaClientOptions& client)
{
    return client.timeout.count() > 0 ? client.timeout : kRecheckTimeout;
}

// An attempt that says nothing about its key: cancelled, or cut short by its call's deadline.
KeyReport neutralReport(exa::ExaRoute route, bool probe)
{
    KeyReport report;
    report.outcome = Outcome::Cancelled;
    report.rateClass = rateClassFor(route);
    report.probe = probe;
    return report;
}

QString seconds(qint64 ms)
{
    return QString::number(static_cast<double>(ms) / 1000.0);
}

quint64 seedFrom(quint64 seed)
{
    return seed != 0 ? seed : std::random_device{}();
}

double costIn(const QJsonObject& answer)
{
    // A research task's stream carries it in the event with the task's output.
    const QJsonValue cost = answer.contains("costDollars"_L1) ? answer.value("costDollars"_L1)
                                                              : answer.value("output"_L1)["costDollars"_L1];
    return cost["total"_L1].toDouble();
}

// A streamed answer's cost comes with its last events (with the citations, or the finished task).
double streamedCost(const QByteArray& body)
{
    double cost = 0.0;
    exa::SseParser parser;
    QList<exa::SseEvent> events = parser.feed(body);
    events += parser.finish();
    for (const exa::SseEvent& event : std::as_const(events)) {
        if (const double total = costIn(QJsonDocument::fromJson(event.data).object()); total > 0.0)
            cost = total;
    }
    return cost;
}

exa::ExaError errorOfKind(exa::ExaError::Kind kind, const QString& message, exa::ExaError base = {})
{
    base.kind = kind;
    base.message = message;
    return base;
}

} // namespace

Gateway::Gateway(Clock& clock, GatewayOptions options, KeyPolicy keyPolicy, ProxyPolicy proxyPolicy, QObject* parent)
    : CallService(parent)
    , m_clock(clock)
    , m_options(std::move(options))
    , m_keys(keyPolicy)
    , m_proxies(proxyPolicy)
    , m_sessions(m_proxies, m_options.client, this)
    , m_budget(m_options.retryBudgetRatio, m_options.retryBudgetReserve)
    , m_random(seedFrom(m_options.randomSeed))
    , m_wakeTimer(clock)
    , m_rechecks(
          clock, m_keys, m_proxies, [this](int key) { return proxyFor(key); }, m_sessions)
    , m_proxyTests(clock, m_proxies, m_sessions, m_options)
    , m_pages(
          m_keys, [this](int key) { return proxyFor(key); }, m_sessions, m_options)
{
    m_rechecks.setTimeout(recheckTimeout(m_options.client));
    connect(&m_rechecks, &KeyRechecks::checked, this, &Gateway::keyTested);
    connect(&m_rechecks, &KeyRechecks::attempted, this, [this](const AttemptRecord& attempt) {
        FinishedCall line;
        line.startedAtMs = attempt.startedAtMs;
        line.latencyMs = attempt.latencyMs;
        line.keyId = attempt.keyId;
        line.proxyId = attempt.proxyId;
        line.httpStatus = attempt.httpStatus;
        line.error = attempt.error;
        line.attemptLog = {{1, attempt.startedAtMs, attempt.keyId, attempt.proxyId, attempt.httpStatus,
                            toString(attempt.outcome), attempt.latencyMs, attempt.error}};
        noteKeyCheck(std::move(line));
    });
    connect(&m_rechecks, &KeyRechecks::checked, this, &Gateway::pump);
    connect(&m_proxyTests, &ProxyTests::tested, this, &Gateway::proxyTested);
    connect(&m_proxyTests, &ProxyTests::tested, this, &Gateway::pump);
    connect(&m_keys, &KeyPool::keyStateChanged, this, &Gateway::keyStateChanged);
    connect(&m_keys, &KeyPool::keyStatsChanged, this, &Gateway::keyStatsChanged);
    connect(&m_proxies, &ProxyPool::proxyChanged, this, &Gateway::proxyChanged);
}

// Calls still running are deleted with us (their parent) after our connections are gone, so
// they do not call back.
Gateway::~Gateway() = default;

void Gateway::setOptions(const GatewayOptions& options)
{
    const bool budgetChanged = options.retryBudgetRatio != m_options.retryBudgetRatio
        || options.retryBudgetReserve != m_options.retryBudgetReserve;
    m_options = options;
    m_rechecks.setTimeout(recheckTimeout(m_options.client));
    if (budgetChanged)
        m_budget = RetryBudget(m_options.retryBudgetRatio, m_options.retryBudgetReserve);
    m_sessions.setOptions(m_options.client);
    pump();
}

void Gateway::setKeyPolicy(const KeyPolicy& policy)
{
    m_keys.setPolicy(policy, m_clock.nowMs());
    m_rechecks.schedule();
    pump();
}

PendingCall* Gateway::submit(const exa::ExaCall& call, const SubmitOptions& options)
{
    auto* pending
        = new GatewayCall(call, m_clock, options.deadline.count() > 0 ? options.deadline : m_options.deadline, this);
    connect(pending, &GatewayCall::cancelRequested, this, [this, pending] { cancel(pending); });
    connect(pending, &GatewayCall::abandoned, this, [this, pending] { forget(pending); });

    if (static_cast<int>(m_queue.size()) >= m_options.maxQueued) {
        fail(pending,
             errorOfKind(exa::ExaError::Kind::Unavailable,
                         tr("ExaDesk is busy: %n calls are already waiting. Try again in a moment.", nullptr,
                            static_cast<int>(m_queue.size()))));
        return pending;
    }
    if (const int jobKey = m_keys.indexOf(m_jobs.keyFor(call)); jobKey >= 0)
        pending->chooseKey(GatewayCall::KeyChoice::JobKey, jobKey);
    if (options.key >= 0 && options.key < m_keys.size())
        pending->chooseKey(GatewayCall::KeyChoice::Pinned, options.key);
    pending->onDeadline([this, pending] { onDeadline(pending); });
    m_budget.onCall();
    enqueue(pending);
    pump();
    return pending;
}

void Gateway::enqueue(GatewayCall* call, bool first)
{
    if (call->stage() != GatewayCall::Stage::Queued)
        call->setStage(GatewayCall::Stage::Queued);
    if (first)
        m_queue.push_front(call);
    else
        m_queue.push_back(call);
}

void Gateway::dequeue(GatewayCall* call)
{
    if (call->stage() != GatewayCall::Stage::Queued)
        return;
    const auto found = std::find(m_queue.begin(), m_queue.end(), call);
    if (found != m_queue.end())
        m_queue.erase(found);
}

void Gateway::pump()
{
    if (m_pumping)
        return;
    m_pumping = true;
    m_keys.processDue(m_clock.nowMs());
    // First come, first served, but a call that must wait does not hold up the others: a
    // retry waiting for a key it has not tried yet, a follow-up for its own key, or calls of
    // the other rate class. Calls with nothing special about them wait together once one of
    // their class had to.
    std::array<bool, kRateClassCount> classWaits{};
    const int cap = inFlightCap();
    for (size_t i = 0; i < m_queue.size();) {
        GatewayCall* call = m_queue[i];
        const int rateClass = static_cast<int>(rateClassFor(call->call().route));
        const bool plain = call->triedKeys().isEmpty() && call->keyChoice() == GatewayCall::KeyChoice::Any;
        if ((!call->holdsSlot() && m_running >= cap) || (plain && classWaits[rateClass])) {
            ++i;
            continue;
        }
        m_queue.erase(m_queue.begin() + static_cast<std::ptrdiff_t>(i));
        call->setStage(GatewayCall::Stage::Starting);
        // A slot of the signals tryStart() emits may even have ended the call.
        if (tryStart(call) != Start::Waiting || call->stage() == GatewayCall::Stage::Ended)
            continue;
        // Slots of the signals tryStart() emits may have taken calls out meanwhile.
        i = std::min(i, m_queue.size());
        call->setStage(GatewayCall::Stage::Queued);
        m_queue.insert(m_queue.begin() + static_cast<std::ptrdiff_t>(i), call);
        classWaits[rateClass] = classWaits[rateClass] || plain;
        ++i;
    }
    // Also with nothing waiting: a key whose cool-down ends must show as active on time.
    if (const qint64 due = m_keys.nextDueMs(); due >= 0)
        scheduleWake(due);
    m_pumping = false;
    announceLoad();
}

int Gateway::inFlightCap() const
{
    if (m_options.maxInFlight > 0)
        return m_options.maxInFlight;
    // Keys without pacing are taken at about Exa's own default rate.
    constexpr double kUnpacedRate = 10.0;
    constexpr int kLeast = 16;
    constexpr int kMost = 4'096; // each call in flight holds its buffers
    const double rate = m_keys.policy().searchRatePerSecond > 0 ? m_keys.policy().searchRatePerSecond : kUnpacedRate;
    const double carried = m_keys.liveCount() * rate * std::max(0.25, m_typicalLatencyMs / 1'000.0);
    return std::clamp(static_cast<int>(std::ceil(carried)), kLeast, kMost);
}

void Gateway::scheduleWake(qint64 atMs)
{
    if (m_wakeTimer.isActive() && m_wakeTimer.dueAtMs() <= atMs && m_wakeTimer.dueAtMs() >= m_clock.nowMs())
        return;
    m_wakeTimer.startAt(atMs, [this] { pump(); });
}

void Gateway::announceLoad()
{
    const std::pair load{queuedCount(), inFlightCount()};
    if (load == m_announcedLoad)
        return;
    m_announcedLoad = load;
    Q_EMIT loadChanged(load.first, load.second);
}

void Gateway::failUnavailable(GatewayCall* call, const QString& message, const KeyShortage& shortage)
{
    // Keep what Exa last said (its body, request id) for callers that pass it on...
    exa::ExaError error = errorOfKind(exa::ExaError::Kind::Unavailable, message, call->error());
    // ...but when the pool is back, and the status, are ours to say.
    error.retryAfter.clear();
    if (shortage.freeAtMs >= 0) {
        const qint64 waitMs = std::max<qint64>(0, shortage.freeAtMs - m_clock.nowMs());
        error.retryAfter = QByteArray::number(std::max<qint64>(1, (waitMs + 999) / 1000));
    }
    // A 429 only when every key is rate limited, not because the last key was.
    if (shortage.rateLimited) {
        error.httpStatus = 429;
        error.tag = exa::ErrorTag::RateLimitExceeded;
    } else {
        error.httpStatus = 503;
        if (error.tag == exa::ErrorTag::RateLimitExceeded)
            error.tag = exa::ErrorTag::None;
    }
    fail(call, std::move(error));
}

Gateway::Start Gateway::tryStart(GatewayCall* call)
{
    const qint64 now = m_clock.nowMs();
    const RateClass rateClass = rateClassFor(call->call().route);
    if (call->keyChoice() != GatewayCall::KeyChoice::Any)
        return tryStartOnChosenKey(call, rateClass, now);
    // Keys whose proxy has no token this moment (its pace) are passed over: the next key may
    // leave through another proxy.
    constexpr qsizetype kMostPassedOver = 8;
    QList<int> passedOver = call->triedKeys();
    const qsizetype tried = passedOver.size();
    qint64 paceFreeAtMs = std::numeric_limits<qint64>::max();
    for (;;) {
        if (passedOver.size() - tried >= kMostPassedOver) {
            scheduleWake(paceFreeAtMs);
            return Start::Waiting;
        }
        bool keyProbe = false;
        const std::optional<int> key = m_keys.acquire(rateClass, now, passedOver, &keyProbe);
        if (!key) {
            if (passedOver.size() == tried)
                return onShortage(call, rateClass, now);
            scheduleWake(paceFreeAtMs);
            return Start::Waiting;
        }
        const int proxy = proxyFor(*key, call->avoidedProxies());
        if (proxy < 0)
            return onNoProxy(call, *key, rateClass, keyProbe, now);
        if (m_proxies.tryTakeToken(proxy, now)) {
            startAttempt(call, *key, keyProbe, proxy);
            return Start::Started;
        }
        m_keys.giveBack(*key, rateClass, keyProbe, now);
        paceFreeAtMs = std::min(paceFreeAtMs, m_proxies.nextTokenAtMs(proxy, now));
        passedOver.append(*key);
    }
}

Gateway::Start Gateway::tryStartOnChosenKey(GatewayCall* call, RateClass rateClass, qint64 now)
{
    const int key = call->chosenKey();
    if (!m_keys.acquireSpecific(key, rateClass, now)) {
        const QString label = m_keys.at(key).config.label;
        const QString state = m_keys.stateText(key, now);
        failUnavailable(
            call,
            call->keyChoice() == GatewayCall::KeyChoice::Pinned
                ? tr("The key %1 cannot be used now: it is %2.").arg(label, state)
                : tr("The key that started this research task (%1) cannot be used now: it is %2.").arg(label, state));
        return Start::Failed;
    }
    const int proxy = proxyFor(key, call->avoidedProxies());
    if (proxy < 0)
        return onNoProxy(call, key, rateClass, false, now);
    // A chosen key has no other proxy to go through: it waits for its own's pace.
    if (!m_proxies.tryTakeToken(proxy, now)) {
        m_keys.giveBack(key, rateClass, false, now);
        scheduleWake(m_proxies.nextTokenAtMs(proxy, now));
        return Start::Waiting;
    }
    startAttempt(call, key, false, proxy);
    return Start::Started;
}

Gateway::Start Gateway::onShortage(GatewayCall* call, RateClass rateClass, qint64 now)
{
    const KeyShortage shortage = m_keys.shortage(rateClass, now, call->triedKeys());
    if (shortage.wait) {
        if (shortage.untilMs >= 0)
            scheduleWake(shortage.untilMs);
        return Start::Waiting;
    }
    if (shortage.freeAtMs >= 0 && shortage.freeAtMs - now <= m_options.maxKeyWait.count()
        && shortage.freeAtMs < call->deadlineMs()) {
        // A short rest: wait for it, and let the keys it tried serve it again then.
        call->triedKeys().clear();
        scheduleWake(shortage.freeAtMs);
        return Start::Waiting;
    }
    failUnavailable(call, tr("No key can take the call: %1.").arg(shortage.reason()), shortage);
    return Start::Failed;
}

Gateway::Start Gateway::onNoProxy(GatewayCall* call, int key, RateClass rateClass, bool keyProbe, qint64 now)
{
    // Nothing left: the key is as if it had not been taken.
    m_keys.giveBack(key, rateClass, keyProbe, now);
    // A way out being tested answers soon: wait for it rather than fail.
    if (m_proxies.isProbing(now))
        return Start::Waiting;
    failUnavailable(call, tr("No proxy can take the call: %1.").arg(m_proxies.unavailableReason(now)));
    return Start::Failed;
}

void Gateway::startAttempt(GatewayCall* call, int key, bool keyProbe, int proxy)
{
    if (!call->holdsSlot())
        ++m_running;
    const Attempt::Route route{key, keyProbe, proxy, m_proxies.onAttemptStarted(proxy, m_clock.nowMs())};
    exa::ExaReply* reply = m_sessions.sessionFor(proxy).send(call->call(), m_keys.at(key).config.secret);
    // Each attempt has its own limit; the call's deadline has a timer of its own.
    const qint64 limit
        = m_options.client.timeout.count() > 0 ? m_options.client.timeout.count() : call->deadlineSpanMs();
    call->beginAttempt(std::make_unique<Attempt>(m_clock, route, reply, limit));

    connect(reply, &exa::ExaReply::finished, this, [this, call] { onAttemptFinished(call); });
    if (!call->call().streamed)
        return;
    connect(reply, &exa::ExaReply::headersReceived, call, [this, call, reply, key] {
        const int status = reply->httpStatus();
        // The answer has begun: from here it is this attempt or nothing, and it may take as
        // long as it keeps talking.
        if (status >= 200 && status < 300)
            call->commit(status, reply->rawHeaders(), m_keys.at(key).config.id);
    });
    connect(reply, &exa::ExaReply::dataReceived, call, [call](const QByteArray& chunk) {
        if (call->stage() != GatewayCall::Stage::Streaming)
            return;
        call->attempt()->renewLimit();
        Q_EMIT call->dataReceived(chunk);
    });
}

double Gateway::costOf(const GatewayCall& call, const QString& keyId)
{
    const double total = call.call().streamed ? streamedCost(call.body()) : costIn(call.json());
    switch (call.call().route) {
    case exa::ExaRoute::ResearchGet:
        // Each poll of a finished task shows its cost again, streamed or not; it was spent once.
        if (total <= 0.0 || !m_jobs.billOnce(call.call()))
            return 0.0;
        Q_EMIT researchJobNoted(JobAffinity::jobOf(call.call()), keyId, true);
        return total;
    case exa::ExaRoute::ResearchList:
        return 0.0; // a listing of tasks, whose costs are their own
    default:
        return total;
    }
}

Gateway::Verdict Gateway::judge(const GatewayCall& call, const Attempt& attempt) const
{
    const bool viaProxy = m_proxies.at(attempt.proxy()).config.type != ProxyType::Direct;
    Verdict verdict{attempt.reply()->error(), Outcome::Success, Outcome::Success};
    verdict.outcome = verdict.heard = classify(verdict.error, viaProxy);
    const bool deadlinePassed = call.stop() == GatewayCall::Stop::DeadlinePassed;
    if (deadlinePassed || attempt.timedOut()) {
        // The call's own deadline says nothing about its key or proxy; an attempt's limit does.
        const qint64 limit = deadlinePassed ? call.deadlineSpanMs() : attempt.limitMs();
        verdict.error
            = errorOfKind(exa::ExaError::Kind::Timeout,
                          call.stage() == GatewayCall::Stage::Streaming
                              ? tr("The answer stopped arriving for %1 s; the call was abandoned.").arg(seconds(limit))
                              : tr("Exa did not answer within %1 s.").arg(seconds(limit)));
        verdict.outcome = Outcome::Timeout;
        verdict.heard = deadlinePassed ? Outcome::Cancelled : Outcome::Timeout;
    } else if (verdict.outcome == Outcome::Cancelled && call.stop() != GatewayCall::Stop::Cancelled
               && !attempt.reply()->readerFellBehind()) {
        // Not the caller's cancel (nor its reader's slowness): the way out closed under the
        // attempt (its proxy was removed).
        verdict.outcome = verdict.heard = Outcome::ProxyFailure;
    }
    // Whatever answered may have quoted a key (a proxy's error page); no key is kept or shown.
    verdict.error.message = Redactor::instance().redact(verdict.error.message);
    return verdict;
}

void Gateway::onAttemptFinished(GatewayCall* call)
{
    // Settled here, whatever the slots below do (a slot may delete the call, and the reply with it).
    const std::unique_ptr<Attempt> attempt = call->takeAttempt();
    if (!attempt || !attempt->reply())
        return;
    exa::ExaReply* reply = attempt->reply();
    const qint64 now = m_clock.nowMs();
    const int key = attempt->key();
    const int proxy = attempt->proxy();
    const Verdict verdict = judge(*call, *attempt);
    const qint64 latency = reply->elapsed().count();
    if (latency > 0 && !call->call().streamed)
        m_typicalLatencyMs = 0.9 * m_typicalLatencyMs + 0.1 * static_cast<double>(latency);

    // What this attempt brought back (a failure passes Exa's answer on as it came), kept before
    // any signal below.
    call->setAnswer(reply->httpStatus(), reply->rawHeaders(), reply->body());
    call->setError(verdict.error);
    reply->deleteLater();

    KeyReport report;
    report.outcome = verdict.heard;
    report.rateClass = rateClassFor(call->call().route);
    report.proxy = proxy;
    report.latencyMs = latency;
    report.error = verdict.error.isError() ? verdict.error.userMessage() : QString();
    report.retryAfter = parseRetryAfter(verdict.error.retryAfter, now);
    report.probe = attempt->route().keyProbe;
    if (verdict.outcome == Outcome::Success)
        report.costDollars = costOf(*call, m_keys.at(key).config.id);
    if (verdict.outcome == Outcome::Success && call->call().route == exa::ExaRoute::ResearchCreate) {
        const QString keyId = m_keys.at(key).config.id;
        if (const QString job = m_jobs.remember(call->call(), call->json(), keyId); !job.isEmpty())
            Q_EMIT researchJobNoted(job, keyId, false);
    }

    AttemptRecord record;
    record.number = static_cast<int>(call->attempts().size()) + 1;
    record.keyId = m_keys.at(key).config.id;
    record.keyLabel = m_keys.at(key).config.label;
    record.proxyId = m_proxies.at(proxy).id;
    record.route = call->call().route;
    record.httpStatus = call->httpStatus();
    record.outcome = verdict.outcome;
    record.startedAtMs = attempt->startedAtMs();
    record.latencyMs = latency;
    record.error = report.error;
    record.costDollars = report.costDollars;
    call->addAttempt(record);

    const QPointer<GatewayCall> alive(call);
    m_keys.report(key, report, now);
    const ProxyOutcome proxyHeard = proxyOutcomeOf(verdict.heard, verdict.error);
    const int parkedBefore = m_proxies.parkedCount(now);
    m_proxies.report(proxy, proxyHeard, latency, report.error, now, attempt->route().proxyProbe);
    if (m_proxies.parkedCount(now) > parkedBefore) {
        // Parked for what went wrong through it: what that cost its keys was not theirs.
        qCInfo(lcGateway) << "proxy" << m_proxies.at(proxy).id << "parked:" << m_proxies.at(proxy).reason;
        m_keys.absolve(proxy, now);
    }
    if (proxyHeard == ProxyOutcome::Failed || proxyHeard == ProxyOutcome::ConnectFailed)
        call->avoidProxy(proxy);
    if (verdict.heard == Outcome::RateLimited || verdict.heard == Outcome::Success)
        m_proxies.notePace(proxy, verdict.heard == Outcome::RateLimited);
    if (verdict.heard == Outcome::KeyInvalid || verdict.heard == Outcome::KeyExhausted)
        m_rechecks.schedule();

    Q_EMIT attemptFinished(record);
    if (alive)
        Q_EMIT call->attempted(record);
    if (!alive) {
        pump();
        return;
    }

    if (verdict.outcome == Outcome::Success) {
        end(call);
    } else if (call->stop() == GatewayCall::Stop::Cancelled) {
        call->setError(errorOfKind(exa::ExaError::Kind::Cancelled, tr("The call was cancelled.")));
        end(call);
    } else if (!isRetryable(verdict.outcome) || call->stage() == GatewayCall::Stage::Streaming
               || call->stop() == GatewayCall::Stop::DeadlinePassed
               || (!call->call().idempotent && !mayResend(verdict.outcome, verdict.error))) {
        // A call that may have run at Exa (a research task created) is not sent again: that
        // would be a second task, run and billed.
        end(call);
    } else {
        retry(call, key);
    }
    pump();
}

void Gateway::retry(GatewayCall* call, int lastKey)
{
    const AttemptRecord& last = call->attempts().constLast();
    const bool upstreamFault = last.outcome == Outcome::UpstreamError || last.outcome == Outcome::Timeout;
    // A job's follow-up has only its own key: it may retry on it, never on another.
    const bool anyKey = call->keyChoice() == GatewayCall::KeyChoice::Any;
    if (!anyKey && !upstreamFault && last.outcome != Outcome::ProxyFailure) {
        end(call);
        return;
    }
    // A key that refused the call is not asked again by it; one that hit an upstream fault may
    // be, when no other key is left (a pool of one).
    if (isRefusal(last.outcome) && anyKey && !call->triedKeys().contains(lastKey))
        call->triedKeys().append(lastKey);

    // Attempts bound faults on the way (Exa failing, a proxy failing). Refusals are bounded by
    // the keys (each refuses a call once) and the deadline: with two good keys left, a call
    // must not fail because four others were rate limited.
    const auto faults = std::count_if(call->attempts().cbegin(), call->attempts().cend(),
                                      [](const AttemptRecord& attempt) { return !isRefusal(attempt.outcome); });
    if (faults >= m_options.maxAttempts) {
        end(call);
        return;
    }
    auto delay = upstreamFault ? m_options.backoff.delay(call->countUpstreamFailure(), m_random)
                               : std::chrono::milliseconds(0);
    // An overloaded Exa that says when to come back is taken at its word.
    if (upstreamFault) {
        if (const auto retryAfter = parseRetryAfter(call->error().retryAfter, m_clock.nowMs()))
            delay = std::max(delay, *retryAfter);
    }
    if (m_clock.nowMs() + delay.count() >= call->deadlineMs()) {
        end(call);
        return;
    }
    // Retrying after a 401, 402, 429 or a failed way out parks what failed, so those retries
    // are bounded by the pool itself. Exa failing (5xx, timeouts) parks nothing for sure: those
    // retries are paid from the budget, so a broken Exa does not see a storm.
    if (upstreamFault && !m_budget.tryRetry()) {
        qCInfo(lcGateway) << "retry budget spent: not retrying after" << toString(last.outcome);
        end(call);
        return;
    }
    call->backOff(delay, [this, call] { resume(call); });
}

void Gateway::resume(GatewayCall* call)
{
    call->setStage(GatewayCall::Stage::Starting);
    if (tryStart(call) == Start::Waiting && call->stage() != GatewayCall::Stage::Ended)
        enqueue(call, true);
    pump();
}

void Gateway::fail(GatewayCall* call, exa::ExaError error)
{
    call->setError(std::move(error));
    end(call);
}

void Gateway::end(GatewayCall* call)
{
    if (call->stage() == GatewayCall::Stage::Ended)
        return;
    dequeue(call);
    if (call->holdsSlot())
        --m_running;
    call->end();
    announceLoad();
}

void Gateway::cancel(GatewayCall* call)
{
    call->setStop(GatewayCall::Stop::Cancelled);
    if (call->attempt()) {
        call->attempt()->abort(); // onAttemptFinished() ends it
        return;
    }
    fail(call, errorOfKind(exa::ExaError::Kind::Cancelled, tr("The call was cancelled.")));
    pump();
}

void Gateway::forget(GatewayCall* call)
{
    // Deleted while running: settle the books of its attempt without telling anyone.
    if (Attempt* attempt = call->attempt()) {
        const qint64 now = m_clock.nowMs();
        m_keys.report(attempt->key(), neutralReport(call->call().route, attempt->route().keyProbe), now);
        m_proxies.report(attempt->proxy(), ProxyOutcome::Neutral, 0, {}, now, attempt->route().proxyProbe);
        if (attempt->reply())
            attempt->reply()->disconnect(this);
    }
    dequeue(call);
    if (call->holdsSlot())
        --m_running;
    call->end(true);
    QMetaObject::invokeMethod(this, &Gateway::pump, Qt::QueuedConnection);
}

void Gateway::onDeadline(GatewayCall* call)
{
    call->setStop(GatewayCall::Stop::DeadlinePassed);
    if (call->attempt()) {
        call->attempt()->abort(); // onAttemptFinished() ends it
        return;
    }
    if (call->attempts().isEmpty() || call->stage() == GatewayCall::Stage::Queued)
        fail(call,
             errorOfKind(exa::ExaError::Kind::Timeout, tr("The call waited too long for a free key and was given up."),
                         call->error()));
    else
        end(call); // waiting to retry: with the last attempt's error
    pump();
}

} // namespace exadesk
