#include "Gateway.h"

#include "NetworkSession.h"
#include "exa/ExaReply.h"
#include "logging/Redactor.h"

#include <QHostAddress>
#include <QJsonObject>
#include <QLoggingCategory>

#include <algorithm>
#include <memory>

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

// Attempt time is kept on the gateway's clock (so tests can drive it), not in the client.
exa::ExaClientOptions sessionOptions(exa::ExaClientOptions client)
{
    client.timeout = std::chrono::milliseconds(0);
    return client;
}

QString seconds(qint64 ms)
{
    return QString::number(static_cast<double>(ms) / 1000.0);
}

quint64 seedFrom(quint64 seed)
{
    return seed != 0 ? seed : std::random_device{}();
}

} // namespace

Gateway::Gateway(Clock& clock, GatewayOptions options, KeyPolicy keyPolicy, ProxyPolicy proxyPolicy, QObject* parent)
    : QObject(parent)
    , m_clock(clock)
    , m_options(std::move(options))
    , m_keys(keyPolicy)
    , m_proxies(proxyPolicy)
    , m_budget(m_options.retryBudgetRatio, m_options.retryBudgetReserve)
    , m_random(seedFrom(m_options.randomSeed))
    , m_wakeTimer(clock)
    , m_rechecks(
          clock, m_keys, m_proxies, [this](int key) { return proxyFor(key); },
          [this](int proxy) { return sessionFor(proxy); })
{
    m_rechecks.setTimeout(recheckTimeout(m_options.client));
    connect(&m_rechecks, &KeyRechecks::checked, this, &Gateway::pump);
    connect(&m_keys, &KeyPool::keyStateChanged, this, &Gateway::keyStateChanged);
    connect(&m_keys, &KeyPool::keyStatsChanged, this, &Gateway::keyStatsChanged);
    connect(&m_proxies, &ProxyPool::proxyChanged, this, &Gateway::proxyChanged);
}

// Calls still running are deleted with us (their parent) without ending; by then their
// QPointer to us is already cleared, so they do not call back.
Gateway::~Gateway() = default;

void Gateway::setOptions(const GatewayOptions& options)
{
    const bool budgetChanged = options.retryBudgetRatio != m_options.retryBudgetRatio
        || options.retryBudgetReserve != m_options.retryBudgetReserve;
    m_options = options;
    m_rechecks.setTimeout(recheckTimeout(m_options.client));
    if (budgetChanged)
        m_budget = RetryBudget(m_options.retryBudgetRatio, m_options.retryBudgetReserve);
    for (const auto& [proxy, session] : m_sessions)
        session->setOptions(sessionOptions(m_options.client));
    pump();
}

void Gateway::setKeyPolicy(const KeyPolicy& policy)
{
    m_keys.setPolicy(policy, m_clock.nowMs());
    m_rechecks.schedule();
    pump();
}

int Gateway::addKey(const KeyConfig& config)
{
    const int index = m_keys.add(config, m_clock.nowMs());
    if (index >= 0)
        Q_EMIT keyAdded(index);
    pump();
    return index;
}

bool Gateway::removeKey(int index)
{
    const bool removed = m_keys.remove(index);
    if (removed)
        Q_EMIT keyRemoved(index);
    m_rechecks.schedule();
    pump();
    return removed;
}

void Gateway::setKeyEnabled(int index, bool enabled)
{
    m_keys.setEnabled(index, enabled, m_clock.nowMs());
    m_rechecks.schedule();
    pump();
}

bool Gateway::updateKey(int index, const KeyConfig& config)
{
    const bool updated = m_keys.update(index, config, m_clock.nowMs());
    if (updated)
        Q_EMIT keyStatsChanged(index); // its label or tags
    m_rechecks.schedule();
    pump();
    return updated;
}

int Gateway::addProxy(const ProxyConfig& config)
{
    const int index = m_proxies.add(config);
    if (index >= 0)
        Q_EMIT proxyAdded(index);
    pump();
    return index;
}

bool Gateway::removeProxy(int index)
{
    const bool removed = m_proxies.remove(index);
    // Its connections close; calls running through it end there and are retried elsewhere.
    if (auto session = m_sessions.find(index); removed && session != m_sessions.end()) {
        session->second->deleteLater();
        m_sessions.erase(session);
    }
    if (removed)
        Q_EMIT proxyChanged(index);
    pump();
    return removed;
}

void Gateway::setProxyEnabled(int index, bool enabled)
{
    m_proxies.setEnabled(index, enabled, m_clock.nowMs());
    Q_EMIT proxyChanged(index);
    pump();
}

void Gateway::restoreKey(int index, const KeyStats& stats, KeyState state, const QString& reason)
{
    if (index < 0 || index >= m_keys.size() || m_keys.at(index).removed)
        return;
    m_keys.restore(index, stats, state, reason, m_clock.nowMs());
    pump();
}

bool Gateway::testKey(int index)
{
    if (index < 0 || index >= m_keys.size() || m_keys.at(index).removed)
        return false;
    const KeyState state = m_keys.at(index).health.state;
    if (state == KeyState::Invalid || state == KeyState::Exhausted)
        return m_rechecks.checkNow(index);
    if (state != KeyState::Active)
        return false;
    SubmitOptions options;
    options.key = index;
    PendingCall* call = submit(KeyRechecks::probeCall(), options);
    connect(call, &PendingCall::ended, call, &QObject::deleteLater);
    return true;
}

bool Gateway::testProxy(int index)
{
    if (index < 0 || index >= m_proxies.size() || m_proxies.at(index).removed)
        return false;
    const qint64 startedMs = m_clock.nowMs();
    QNetworkReply* reply = sessionFor(index)->get(m_options.client.baseUrl, false);
    // A working proxy answers within seconds; a person waits for the verdict.
    const qint64 timeoutMs = m_options.client.timeout.count();
    const qint64 limitMs = timeoutMs > 0 ? std::min(timeoutMs, kProxyTestLimitMs) : kProxyTestLimitMs;
    auto timedOut = std::make_shared<bool>(false);
    // Removing the proxy takes its session and the reply with it, before any answer.
    const TimerId timer = m_clock.callAt(startedMs + limitMs, [alive = QPointer(reply), timedOut] {
        *timedOut = true;
        if (alive)
            alive->abort();
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply, index, startedMs, limitMs, timer, timedOut] {
        m_clock.cancel(timer);
        reply->deleteLater();
        if (m_proxies.at(index).removed)
            return;
        const qint64 nowMs = m_clock.nowMs();
        const qint64 latencyMs = nowMs - startedMs;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status > 0) {
            m_proxies.report(index, Outcome::Success, latencyMs, {}, nowMs);
            Q_EMIT proxyTested(index, true, tr("Exa's address answered through it in %1 ms.").arg(latencyMs));
            pump();
            return;
        }
        const QString why = *timedOut ? tr("no answer within %n second(s)", nullptr, static_cast<int>(limitMs / 1000))
                                      : Redactor::instance().redact(reply->errorString());
        m_proxies.report(index, Outcome::ProxyFailure, latencyMs, why, nowMs);
        Q_EMIT proxyTested(index, false, why);
    });
    return true;
}

namespace {

// This computer or its network, by name or address (a name that resolves there is not caught).
bool isLocalHost(const QString& host)
{
    const QHostAddress address(host);
    if (address.isNull())
        return host == "localhost"_L1 || host.endsWith(".localhost"_L1) || host.endsWith(".local"_L1);
    if (address.isLoopback() || address.isLinkLocal() || address.isSiteLocal() || address.isUniqueLocalUnicast()
        || address == QHostAddress(QHostAddress::AnyIPv4) || address == QHostAddress(QHostAddress::AnyIPv6))
        return true;
    // Private IPv4 ranges (QHostAddress::isPrivateUse() comes with Qt 6.6).
    for (const char* subnet : {"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"}) {
        if (address.isInSubnet(QHostAddress::parseSubnet(QLatin1StringView(subnet))))
            return true;
    }
    return false;
}

} // namespace

QNetworkReply* Gateway::fetchAsKey(const QString& keyId, const QUrl& url)
{
    const int key = m_keys.indexOf(keyId);
    if (key < 0 || m_keys.at(key).removed || (url.scheme() != "https"_L1 && url.scheme() != "http"_L1))
        return nullptr;
    // An address from a web page must not reach this computer or its network (a router's admin
    // page, a local service), unless Exa itself is here (a test or a development setup).
    if (isLocalHost(url.host()) && !isLocalHost(m_options.client.baseUrl.host()))
        return nullptr;
    const int proxy = proxyFor(key);
    return proxy < 0 ? nullptr : sessionFor(proxy)->get(url, true);
}

int Gateway::proxyFor(int keyIndex)
{
    return m_proxies.bind(m_keys.at(keyIndex).hash, m_keys.bindingOf(keyIndex), m_clock.nowMs());
}

int Gateway::networkInFlight() const
{
    int total = 0;
    for (const auto& [proxy, session] : m_sessions)
        total += session->inFlight();
    return total;
}

NetworkSession* Gateway::sessionFor(int proxy)
{
    auto found = m_sessions.find(proxy);
    if (found != m_sessions.end())
        return found->second;
    auto* session
        = new NetworkSession(m_proxies.at(proxy).config.toNetworkProxy(), sessionOptions(m_options.client), this);
    m_sessions.emplace(proxy, session);
    return session;
}

PendingCall* Gateway::submit(const exa::ExaCall& call, const SubmitOptions& options)
{
    auto* pending = new PendingCall(call, m_clock, this);
    const auto deadline = options.deadline.count() > 0 ? options.deadline : m_options.deadline;
    pending->m_deadlineSpanMs = deadline.count();
    pending->m_deadlineMs = m_clock.nowMs() + deadline.count();

    if (static_cast<int>(m_queue.size()) >= m_options.maxQueued) {
        exa::ExaError error;
        error.kind = exa::ExaError::Kind::Unavailable;
        error.message = tr("ExaDesk is busy: %n calls are already waiting. Try again in a moment.", nullptr,
                           static_cast<int>(m_queue.size()));
        fail(pending, error);
        return pending;
    }

    if (const QString keyId = m_jobs.keyFor(call); !keyId.isEmpty())
        pending->m_affinityKey = m_keys.indexOf(keyId);
    if (options.key >= 0 && options.key < m_keys.size()) {
        pending->m_affinityKey = options.key;
        pending->m_pinned = true;
    }
    pending->m_deadlineTimer.startAt(pending->m_deadlineMs, [this, pending] { onDeadline(pending); });
    m_budget.onCall();
    pending->m_queued = true;
    m_queue.push_back(pending);
    pump();
    return pending;
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
    for (size_t i = 0; i < m_queue.size();) {
        PendingCall* call = m_queue[i];
        const int rateClass = static_cast<int>(rateClassFor(call->m_call.route));
        const bool plain = call->m_triedKeys.isEmpty() && call->m_affinityKey < 0;
        if ((!call->m_holdsSlot && m_running >= m_options.maxInFlight) || (plain && classWaits[rateClass])) {
            ++i;
            continue;
        }
        m_queue.erase(m_queue.begin() + static_cast<std::ptrdiff_t>(i));
        call->m_queued = false;
        if (tryStart(call) != Start::Waiting)
            continue;
        // Slots of the signals tryStart() emits may have taken calls out meanwhile.
        i = std::min(i, m_queue.size());
        m_queue.insert(m_queue.begin() + static_cast<std::ptrdiff_t>(i), call);
        call->m_queued = true;
        classWaits[rateClass] = classWaits[rateClass] || plain;
        ++i;
    }
    // Also with nothing waiting: a key whose cool-down ends must show as active on time.
    if (const qint64 due = m_keys.nextDueMs(); due >= 0)
        scheduleWake(due);
    m_pumping = false;
    announceLoad();
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

void Gateway::dequeue(PendingCall* call)
{
    if (!call->m_queued)
        return;
    call->m_queued = false;
    const auto found = std::find(m_queue.begin(), m_queue.end(), call);
    if (found != m_queue.end())
        m_queue.erase(found);
}

Gateway::Start Gateway::tryStart(PendingCall* call)
{
    const qint64 now = m_clock.nowMs();
    const RateClass rateClass = rateClassFor(call->m_call.route);
    int key = -1;
    bool keyProbe = false;
    if (call->m_affinityKey >= 0) {
        key = call->m_affinityKey;
        if (!m_keys.acquireSpecific(key, rateClass, now)) {
            exa::ExaError error = call->m_error;
            error.kind = exa::ExaError::Kind::Unavailable;
            error.message = call->m_pinned
                ? tr("The key %1 cannot be used now: it is %2.")
                      .arg(m_keys.at(key).config.label, m_keys.stateText(key, now))
                : tr("The key that started this research task (%1) cannot be used now: it is %2.")
                      .arg(m_keys.at(key).config.label, m_keys.stateText(key, now));
            fail(call, error);
            return Start::Failed;
        }
    } else if (const auto acquired = m_keys.acquire(rateClass, now, call->m_triedKeys, &keyProbe)) {
        key = *acquired;
    } else {
        const KeyShortage shortage = m_keys.shortage(rateClass, now, call->m_triedKeys);
        if (shortage.wait) {
            if (shortage.untilMs >= 0)
                scheduleWake(shortage.untilMs);
            return Start::Waiting;
        }
        if (shortage.freeAtMs >= 0 && shortage.freeAtMs - now <= m_options.maxKeyWait.count()
            && shortage.freeAtMs < call->m_deadlineMs) {
            // A short rest: wait for it, and let the keys it tried serve it again then.
            call->m_triedKeys.clear();
            scheduleWake(shortage.freeAtMs);
            return Start::Waiting;
        }
        // Keep what Exa last said (status, body) for callers that pass it on.
        exa::ExaError error = call->m_error;
        error.kind = exa::ExaError::Kind::Unavailable;
        error.message = tr("No key can take the call: %1.").arg(shortage.reason);
        fail(call, error);
        return Start::Failed;
    }

    const int proxy = proxyFor(key);
    if (proxy < 0) {
        m_keys.report(key, neutralReport(call->m_call.route, keyProbe), now);
        // A way out being tested answers soon: wait for it rather than fail.
        if (m_proxies.isProbing(now))
            return Start::Waiting;
        exa::ExaError error = call->m_error;
        error.kind = exa::ExaError::Kind::Unavailable;
        error.message = tr("No proxy can take the call: %1.").arg(m_proxies.unavailableReason(now));
        fail(call, error);
        return Start::Failed;
    }
    startAttempt(call, key, keyProbe, proxy);
    return Start::Started;
}

void Gateway::startAttempt(PendingCall* call, int key, bool keyProbe, int proxy)
{
    const qint64 now = m_clock.nowMs();
    if (!call->m_holdsSlot) {
        call->m_holdsSlot = true;
        ++m_running;
    }
    call->m_key = key;
    call->m_keyProbe = keyProbe;
    call->m_proxy = proxy;
    call->m_proxyProbe = m_proxies.onAttemptStarted(proxy, now);
    call->m_attemptStartMs = now;
    call->m_timedOut = false;

    exa::ExaReply* reply = sessionFor(proxy)->send(call->m_call, m_keys.at(key).config.secret);
    reply->setParent(call);
    call->m_reply = reply;

    // Each attempt has its own limit; the call's deadline has a timer of its own.
    const qint64 limit
        = m_options.client.timeout.count() > 0 ? m_options.client.timeout.count() : call->m_deadlineSpanMs;
    call->m_attemptLimitMs = limit;
    const auto expire = [call] {
        call->m_timedOut = true;
        if (call->m_reply)
            call->m_reply->abort();
    };
    call->m_attemptTimer.startAt(now + limit, expire);

    connect(reply, &exa::ExaReply::finished, this, [this, call] { onAttemptFinished(call); });
    if (!call->m_call.streamed)
        return;
    connect(reply, &exa::ExaReply::headersReceived, call, [call, reply, limit, expire] {
        const int status = reply->httpStatus();
        if (status < 200 || status >= 300)
            return;
        // The answer has begun: from here it is this attempt or nothing, and it may take as
        // long as it keeps talking.
        call->m_committed = true;
        call->m_deadlineTimer.stop();
        call->m_httpStatus = status;
        call->m_headers = reply->rawHeaders();
        call->m_attemptTimer.start(std::chrono::milliseconds(limit), expire);
        Q_EMIT call->headersReceived();
    });
    connect(reply, &exa::ExaReply::dataReceived, call, [call, limit, expire](const QByteArray& chunk) {
        if (!call->m_committed)
            return;
        call->m_attemptTimer.start(std::chrono::milliseconds(limit), expire);
        Q_EMIT call->dataReceived(chunk);
    });
}

void Gateway::noteOutcome(int key, int proxy, Outcome outcome, qint64 nowMs)
{
    // Trouble on several keys behind one proxy, while others get through, is the proxy's.
    if (outcome == Outcome::RateLimited || outcome == Outcome::UpstreamError || outcome == Outcome::Timeout) {
        if (const auto blame = m_proxies.noteKeyTrouble(proxy, key, nowMs))
            absolve(*blame);
    } else if (outcome == Outcome::Success || outcome == Outcome::RequestError) {
        const QList<ProxyBlame> blames = m_proxies.noteSuccess(proxy, nowMs);
        for (const ProxyBlame& blame : blames)
            absolve(blame);
    }
}

void Gateway::absolve(const ProxyBlame& blame)
{
    if (blame.newlyParked)
        qCInfo(lcGateway) << "proxy" << m_proxies.at(blame.proxy).id << "parked: trouble on" << blame.keys.size()
                          << "keys while other proxies worked";
    m_keys.absolve(blame.keys, blame.proxy, m_clock.nowMs());
}

void Gateway::onAttemptFinished(PendingCall* call)
{
    exa::ExaReply* reply = call->m_reply;
    if (!reply)
        return;
    // Settled here, whatever the slots below do (a slot may delete the call).
    call->m_reply = nullptr;
    call->m_attemptTimer.stop();
    const qint64 now = m_clock.nowMs();
    const int key = call->m_key;
    const int proxy = call->m_proxy;
    const bool viaProxy = m_proxies.at(proxy).config.type != ProxyType::Direct;

    exa::ExaError error = reply->error();
    Outcome outcome = classify(error, viaProxy);
    Outcome heard = outcome; // what the key's and the proxy's books hear
    if (call->m_deadlinePassed || call->m_timedOut) {
        // The call's own deadline says nothing about its key or proxy; an attempt's limit does.
        const qint64 limit = call->m_deadlinePassed ? call->m_deadlineSpanMs : call->m_attemptLimitMs;
        error = {};
        error.kind = exa::ExaError::Kind::Timeout;
        error.message = call->m_committed
            ? tr("The answer stopped arriving for %1 s; the call was abandoned.").arg(seconds(limit))
            : tr("Exa did not answer within %1 s.").arg(seconds(limit));
        outcome = Outcome::Timeout;
        heard = call->m_deadlinePassed ? Outcome::Cancelled : Outcome::Timeout;
    } else if (outcome == Outcome::Cancelled && !call->m_cancelled) {
        // Not the caller's cancel: the way out closed under the attempt (its proxy was removed).
        outcome = heard = Outcome::ProxyFailure;
    }
    const qint64 latency = reply->elapsed().count();

    // Keep what this attempt brought back (a failure passes Exa's answer on as it came), before
    // any signal below: a slot may delete the call, and the reply with it.
    call->m_httpStatus = reply->httpStatus();
    call->m_headers = reply->rawHeaders();
    call->m_body = reply->body();
    // Whatever answered may have quoted a key (a proxy's error page); no key is kept or shown.
    error.message = Redactor::instance().redact(error.message);
    call->m_error = error;
    reply->deleteLater();

    KeyReport report;
    report.outcome = heard;
    report.rateClass = rateClassFor(call->m_call.route);
    report.proxy = proxy;
    report.latencyMs = latency;
    report.error = error.isError() ? error.userMessage() : QString();
    report.retryAfter = parseRetryAfter(error.retryAfter, now);
    report.probe = call->m_keyProbe;
    if (outcome == Outcome::Success && !call->m_call.streamed)
        report.costDollars = call->json().value("costDollars"_L1).toObject().value("total"_L1).toDouble();
    if (outcome == Outcome::Success && call->m_call.route == exa::ExaRoute::ResearchCreate)
        m_jobs.remember(call->m_call, call->json(), m_keys.at(key).config.id);

    AttemptRecord record;
    record.number = static_cast<int>(call->m_attempts.size()) + 1;
    record.keyId = m_keys.at(key).config.id;
    record.keyLabel = m_keys.at(key).config.label;
    record.proxyId = m_proxies.at(proxy).id;
    record.route = call->m_call.route;
    record.httpStatus = call->m_httpStatus;
    record.outcome = outcome;
    record.startedAtMs = call->m_attemptStartMs;
    record.latencyMs = latency;
    record.error = report.error;
    record.costDollars = report.costDollars;
    call->m_attempts.append(record);

    const QPointer<PendingCall> alive(call);
    m_keys.report(key, report, now);
    // A key that could not be sent never reached the proxy: it says nothing about it.
    const Outcome proxyHeard = error.kind == exa::ExaError::Kind::InvalidKey ? Outcome::LocalError : heard;
    m_proxies.report(proxy, proxyHeard, latency, report.error, now, call->m_proxyProbe);
    noteOutcome(key, proxy, heard, now);
    if (heard == Outcome::KeyInvalid || heard == Outcome::KeyExhausted)
        m_rechecks.schedule();

    Q_EMIT attemptFinished(record);
    if (alive)
        Q_EMIT call->attempted(record);
    if (!alive) {
        pump();
        return;
    }

    if (outcome == Outcome::Success) {
        end(call);
    } else if (call->m_cancelled) {
        call->m_error.kind = exa::ExaError::Kind::Cancelled;
        call->m_error.message = tr("The call was cancelled.");
        end(call);
    } else if (!isRetryable(outcome) || call->m_committed || call->m_deadlinePassed) {
        end(call);
    } else {
        retry(call);
    }
    pump();
}

void Gateway::retry(PendingCall* call)
{
    const qint64 now = m_clock.nowMs();
    const Outcome outcome = call->m_attempts.constLast().outcome;
    const bool upstreamFault = outcome == Outcome::UpstreamError || outcome == Outcome::Timeout;
    // A job's follow-up has only its own key: it may retry on it, never on another.
    if (call->m_affinityKey >= 0 && !upstreamFault && outcome != Outcome::ProxyFailure) {
        end(call);
        return;
    }
    // A key that refused the call is not asked again by it; one that hit an upstream fault may
    // be, when no other key is left (a pool of one).
    const bool keyRefused
        = outcome == Outcome::KeyInvalid || outcome == Outcome::KeyExhausted || outcome == Outcome::RateLimited;
    if (keyRefused && call->m_affinityKey < 0 && !call->m_triedKeys.contains(call->m_key))
        call->m_triedKeys.append(call->m_key);

    if (call->m_attempts.size() >= m_options.maxAttempts) {
        end(call);
        return;
    }
    const auto delay
        = upstreamFault ? m_options.backoff.delay(call->m_upstreamFailures++, m_random) : std::chrono::milliseconds(0);
    if (now + delay.count() >= call->m_deadlineMs) {
        end(call);
        return;
    }
    // Retrying after a 401, 402, 429 or a failed way out parks what failed, so those retries
    // are bounded by the pool itself. Exa failing (5xx, timeouts) parks nothing for sure: those
    // retries are paid from the budget, so a broken Exa does not see a storm.
    if (upstreamFault && !m_budget.tryRetry()) {
        qCInfo(lcGateway) << "retry budget spent: not retrying after" << toString(outcome);
        end(call);
        return;
    }
    call->m_retryTimer.start(delay, [this, call] {
        if (tryStart(call) == Start::Waiting) {
            call->m_queued = true;
            m_queue.push_front(call);
        }
        pump();
    });
}

void Gateway::fail(PendingCall* call, exa::ExaError error)
{
    call->m_error = std::move(error);
    end(call);
}

void Gateway::releaseSlot(PendingCall* call)
{
    call->m_ended = true;
    call->m_attemptTimer.stop();
    call->m_retryTimer.stop();
    call->m_deadlineTimer.stop();
    dequeue(call);
    if (call->m_holdsSlot) {
        call->m_holdsSlot = false;
        --m_running;
    }
}

void Gateway::end(PendingCall* call)
{
    if (call->m_ended)
        return;
    releaseSlot(call);
    announceLoad();
    // Always from the event loop, so whoever submitted can connect first.
    QMetaObject::invokeMethod(
        call,
        [call] {
            const QPointer<PendingCall> alive(call);
            if (call->m_error.isError())
                Q_EMIT call->failed(call->m_error);
            else
                Q_EMIT call->finished();
            if (alive)
                Q_EMIT call->ended();
        },
        Qt::QueuedConnection);
}

void Gateway::cancel(PendingCall* call)
{
    call->m_cancelled = true;
    if (call->m_reply) {
        call->m_reply->abort(); // onAttemptFinished() ends it
        return;
    }
    call->m_error = {};
    call->m_error.kind = exa::ExaError::Kind::Cancelled;
    call->m_error.message = tr("The call was cancelled.");
    end(call);
    pump();
}

void Gateway::forget(PendingCall* call)
{
    // Deleted while running: settle the books of its attempt without telling anyone.
    if (call->m_reply) {
        const qint64 now = m_clock.nowMs();
        m_keys.report(call->m_key, neutralReport(call->m_call.route, call->m_keyProbe), now);
        m_proxies.report(call->m_proxy, Outcome::Cancelled, 0, {}, now, call->m_proxyProbe);
        call->m_reply->disconnect(this);
    }
    releaseSlot(call);
    QMetaObject::invokeMethod(this, &Gateway::pump, Qt::QueuedConnection);
}

void Gateway::onDeadline(PendingCall* call)
{
    call->m_deadlinePassed = true;
    if (call->m_reply) {
        call->m_reply->abort(); // onAttemptFinished() ends it
        return;
    }
    if (call->m_attempts.isEmpty() || call->m_queued) {
        exa::ExaError error = call->m_error;
        error.kind = exa::ExaError::Kind::Timeout;
        error.message = tr("The call waited too long for a free key and was given up.");
        fail(call, error);
    } else {
        end(call); // waiting to retry: with the last attempt's error
    }
    pump();
}

} // namespace exadesk
