#include "AlertMonitor.h"

#include "Engine.h"
#include "gateway/Gateway.h"

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

// Names in a sentence: the first three, then how many more.
QString listed(const QStringList& names)
{
    constexpr int kShown = 3;
    QStringList shown = names.mid(0, kShown);
    if (names.size() > kShown)
        shown.append(AlertMonitor::tr("%n more", nullptr, static_cast<int>(names.size() - kShown)));
    return shown.join(AlertMonitor::tr(", "));
}

} // namespace

AlertMonitor::AlertMonitor(Engine& engine, Clock* clock, QObject* parent)
    : QObject(parent)
    , m_engine(engine)
    , m_clock(clock ? *clock : engine.gateway().clock())
    , m_checks(m_clock)
{
    for (Kind& kind : m_kinds)
        kind.window = std::make_unique<ClockTimer>(m_clock);
}

AlertMonitor::~AlertMonitor() = default;

QString AlertMonitor::describe(PoolAlert alert)
{
    switch (alert) {
    case PoolAlert::KeyInvalid:
        return tr("A key was refused by Exa");
    case PoolAlert::KeyExhausted:
        return tr("A key ran out of credit");
    case PoolAlert::AllKeysResting:
        return tr("Every key is resting");
    case PoolAlert::ProxyDown:
        return tr("A proxy is down");
    case PoolAlert::ErrorRate:
        return tr("Many calls are failing");
    }
    return {};
}

void AlertMonitor::start()
{
    if (m_started)
        return;
    m_started = true;
    const Gateway& gateway = m_engine.gateway();
    for (int i = 0; i < gateway.keys().size(); ++i)
        m_keyStates.insert(i, gateway.keys().at(i).health.state);
    for (int i = 0; i < gateway.proxies().size(); ++i)
        m_proxyDown.insert(i, isDown(i));
    // What already holds is known, like the keys' states: said only when it begins again.
    const PoolSummary pool = m_engine.summary();
    m_restingSaid = holds(PoolAlert::AllKeysResting, pool);
    m_errorRateSaid = holds(PoolAlert::ErrorRate, pool);
    // The hour before this run may come in later: its failures are not news either.
    connect(&m_engine, &Engine::trendLoaded, this,
            [this] { m_errorRateSaid = m_errorRateSaid || holds(PoolAlert::ErrorRate, m_engine.summary()); });
    connect(&gateway, &Gateway::keyAdded, this,
            [this](int index) { m_keyStates.insert(index, m_engine.gateway().keys().at(index).health.state); });
    connect(&gateway, &Gateway::keyStateChanged, this, &AlertMonitor::keyStateChanged);
    connect(&gateway, &Gateway::proxyChanged, this, &AlertMonitor::proxyChanged);
    check();
}

void AlertMonitor::checkSoon()
{
    // Once for a burst: ten thousand keys enabled at once are one look at the pool, not one each.
    if (m_checkPending)
        return;
    m_checkPending = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_checkPending = false;
            check();
        },
        Qt::QueuedConnection);
}

void AlertMonitor::setEnabled(PoolAlert alert, bool enabled)
{
    Kind& kind = m_kinds[static_cast<size_t>(alert)];
    kind.enabled = enabled;
    if (!enabled) {
        kind.window->stop();
        kind.held.clear();
        kind.heldTimes = 0;
    }
}

void AlertMonitor::keyStateChanged(int index)
{
    const KeyEntry& key = m_engine.gateway().keys().at(index);
    const KeyState before = m_keyStates.value(index, KeyState::Active);
    const KeyState now = key.removed ? KeyState::Disabled : key.health.state;
    m_keyStates.insert(index, now);
    if (now != before && (now == KeyState::Invalid || now == KeyState::Exhausted)) {
        const QString masked = m_engine.gateway().maskedKey(key.config.id);
        const QString name
            = key.config.label.isEmpty() ? masked : u"\u201c%1\u201d (%2)"_s.arg(key.config.label, masked);
        raise(now == KeyState::Invalid ? PoolAlert::KeyInvalid : PoolAlert::KeyExhausted, name, key.config.id,
              key.health.reason);
    }
    checkSoon();
}

bool AlertMonitor::isDown(int proxyIndex) const
{
    // Down from the moment its breaker opens until it closes again: the test calls while it is
    // parked are not news each, and "direct" is not a proxy one added.
    const ProxyEntry& proxy = m_engine.gateway().proxies().at(proxyIndex);
    return !proxy.implicit && !proxy.removed && proxy.config.enabled
        && proxy.breaker.state(m_clock.nowMs()) != CircuitBreaker::State::Closed;
}

void AlertMonitor::proxyChanged(int index)
{
    const bool down = isDown(index);
    const bool before = m_proxyDown.value(index, false);
    m_proxyDown.insert(index, down);
    if (down && !before) {
        const ProxyEntry& proxy = m_engine.gateway().proxies().at(index);
        raise(PoolAlert::ProxyDown, proxy.id, proxy.id, proxy.reason);
    }
}

void AlertMonitor::check()
{
    const PoolSummary pool = m_engine.summary();
    const qint64 now = m_clock.nowMs();
    if (!holds(PoolAlert::AllKeysResting, pool)) {
        m_restingSinceMs = 0;
        m_restingSaid = false;
    } else if (m_restingSinceMs == 0) {
        m_restingSinceMs = now;
    } else if (!m_restingSaid && now - m_restingSinceMs >= kRestingGraceMs) {
        m_restingSaid = true;
        raise(PoolAlert::AllKeysResting, {}, {}, {});
    }
    // Said when it crosses the threshold; again only after it fell back below.
    const bool failing = holds(PoolAlert::ErrorRate, pool);
    if (failing && !m_errorRateSaid)
        raise(PoolAlert::ErrorRate, {}, {},
              tr("%1 of the %n calls in the last %2 minutes failed (the alert is set at %3 %).", nullptr,
                 pool.recentCalls)
                  .arg(pool.recentFailures)
                  .arg(kErrorRateMinutes)
                  .arg(pool.errorRateAlertPercent));
    m_errorRateSaid = failing;
    m_checks.start(std::chrono::milliseconds(kCheckEveryMs), [this] { check(); });
}

void AlertMonitor::raise(PoolAlert alert, const QString& name, const QString& subjectId, const QString& detail)
{
    Kind& kind = m_kinds[static_cast<size_t>(alert)];
    if (!kind.enabled)
        return;
    if (kind.window->isActive()) {
        if (!name.isEmpty() && !kind.held.contains(name))
            kind.held.append(name);
        ++kind.heldTimes;
        if (kind.heldSubject.isEmpty())
            kind.heldSubject = subjectId;
        return;
    }
    Q_EMIT raised({alert, describe(alert), firstText(alert, name, detail), subjectId});
    kind.window->start(std::chrono::milliseconds(kCoalesceMs), [this, alert] { endWindow(alert); });
}

void AlertMonitor::endWindow(PoolAlert alert)
{
    Kind& kind = m_kinds[static_cast<size_t>(alert)];
    if (kind.heldTimes == 0)
        return;
    const AlertNotice notice{alert, describe(alert), laterText(alert, kind.held, kind.heldTimes), kind.heldSubject};
    kind.held.clear();
    kind.heldTimes = 0;
    kind.heldSubject.clear();
    Q_EMIT raised(notice);
    // What follows this summary is coalesced in its turn.
    kind.window->start(std::chrono::milliseconds(kCoalesceMs), [this, alert] { endWindow(alert); });
}

QString AlertMonitor::firstText(PoolAlert alert, const QString& name, const QString& detail) const
{
    const QString why = detail.isEmpty() ? QString() : u" (%1)"_s.arg(detail);
    switch (alert) {
    case PoolAlert::KeyInvalid:
        return tr("Exa refused the key %1%2. Calls go to the other keys; it is checked again now and then.")
            .arg(name, why);
    case PoolAlert::KeyExhausted:
        return tr("The key %1 is out of credit%2. Calls go to the other keys until it has credit again.")
            .arg(name, why);
    case PoolAlert::AllKeysResting:
        return tr("No key can take a call now: calls wait for one or fail. The Keys page says when each is back.");
    case PoolAlert::ProxyDown:
        return tr("The proxy %1 is parked%2. Its keys leave through the other ways out until it works again.")
            .arg(name, why);
    case PoolAlert::ErrorRate:
        return detail;
    }
    return {};
}

QString AlertMonitor::laterText(PoolAlert alert, const QStringList& names, int times)
{
    const int count = static_cast<int>(names.size());
    switch (alert) {
    case PoolAlert::KeyInvalid:
        return tr("Exa refused %n more key(s) in the last minute: %1.", nullptr, count).arg(listed(names));
    case PoolAlert::KeyExhausted:
        return tr("%n more key(s) ran out of credit in the last minute: %1.", nullptr, count).arg(listed(names));
    case PoolAlert::ProxyDown:
        return tr("%n more proxy(s) went down in the last minute: %1.", nullptr, count).arg(listed(names));
    case PoolAlert::AllKeysResting:
        return tr("Every key was resting again, %n time(s) in the last minute.", nullptr, times);
    case PoolAlert::ErrorRate:
        return tr("The share of failed calls crossed the alert again, %n time(s) in the last minute.", nullptr, times);
    }
    return {};
}

} // namespace exadesk
