#include "KeyRechecks.h"

#include "Classify.h"
#include "exa/ExaReply.h"

#include <QLoggingCategory>

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

Q_LOGGING_CATEGORY(lcRechecks, "exadesk.gateway.rechecks", QtInfoMsg)

} // namespace

KeyRechecks::KeyRechecks(Clock& clock, KeyPool& keys, ProxyPool& proxies, ProxyFor proxyFor, NetworkSessions& sessions,
                         QObject* parent)
    : QObject(parent)
    , m_clock(clock)
    , m_keys(keys)
    , m_proxies(proxies)
    , m_proxyFor(std::move(proxyFor))
    , m_sessions(sessions)
    , m_timer(clock)
{ }

void KeyRechecks::schedule()
{
    const qint64 next = m_keys.nextRecheckMs();
    if (next < 0) {
        m_timer.stop();
        return;
    }
    if (m_timer.isActive() && m_timer.dueAtMs() == next)
        return;
    m_timer.startAt(next, [this] { runDue(); });
}

exa::ExaCall KeyRechecks::probeCall()
{
    exa::SearchRequest probe;
    probe.query = u"exa"_s;
    probe.options.numResults = 1;
    return exa::ExaCall::search(probe);
}

void KeyRechecks::runDue()
{
    const qint64 now = m_clock.nowMs();
    const exa::ExaCall call = probeCall();
    for (const int key : m_keys.dueRechecks(now))
        start(key, call, now);
    schedule();
}

bool KeyRechecks::checkNow(int key)
{
    const KeyState state = m_keys.at(key).health.state;
    if (m_running.count(key) > 0 || (state != KeyState::Invalid && state != KeyState::Exhausted))
        return false;
    start(key, probeCall(), m_clock.nowMs());
    return true;
}

void KeyRechecks::start(int key, const exa::ExaCall& call, qint64 nowMs)
{
    m_keys.beginRecheck(key);
    const int proxy = m_proxyFor(key);
    if (proxy < 0) {
        // No way out now: a check that says nothing about the key; the next is due later.
        m_keys.finishRecheck(key, Outcome::ProxyFailure, {}, nowMs);
        Q_EMIT checked(key, Outcome::ProxyFailure, tr("No way out can take the re-check now."));
        return;
    }
    Running& running = m_running[key];
    running.proxy = proxy;
    running.proxyProbe = m_proxies.onAttemptStarted(proxy, nowMs);
    running.reply = m_sessions.sessionFor(proxy).send(call, m_keys.at(key).config.secret);
    running.reply->setParent(this);
    running.timer = std::make_unique<ClockTimer>(m_clock);
    running.timer->start(m_timeout, [this, key] {
        Running& late = m_running[key];
        late.timedOut = true;
        if (late.reply)
            late.reply->abort();
    });
    connect(running.reply, &exa::ExaReply::finished, this, [this, key] { finish(key); });
}

void KeyRechecks::finish(int key)
{
    const auto found = m_running.find(key);
    if (found == m_running.end())
        return;
    Running running = std::move(found->second);
    m_running.erase(found);
    const qint64 now = m_clock.nowMs();
    exa::ExaError error = running.reply->error();
    if (running.timedOut) {
        error = {};
        error.kind = exa::ExaError::Kind::Timeout;
        error.message = tr("Exa did not answer the re-check in time.");
    }
    const bool viaProxy = m_proxies.at(running.proxy).config.type != ProxyType::Direct;
    const Outcome outcome = classify(error, viaProxy);
    const QString message = error.isError() ? error.userMessage() : QString();
    m_proxies.report(running.proxy, proxyOutcomeOf(outcome, error), running.reply->elapsed().count(), message, now,
                     running.proxyProbe);
    m_keys.finishRecheck(key, outcome, message, now);
    qCInfo(lcRechecks) << "re-check of key" << m_keys.at(key).config.label << ":" << toString(outcome);
    const qint64 elapsedMs = running.reply->elapsed().count();
    AttemptRecord attempt;
    attempt.number = 1;
    attempt.keyId = m_keys.at(key).config.id;
    attempt.keyLabel = m_keys.at(key).config.label;
    attempt.proxyId = m_proxies.at(running.proxy).id;
    attempt.route = exa::ExaRoute::Search;
    attempt.httpStatus = running.reply->httpStatus();
    attempt.outcome = outcome;
    attempt.startedAtMs = now - elapsedMs;
    attempt.latencyMs = elapsedMs;
    attempt.error = message;
    running.reply->deleteLater();
    schedule();
    Q_EMIT attempted(attempt);
    Q_EMIT checked(key, outcome, message);
}

} // namespace exadesk
