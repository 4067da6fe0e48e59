// The gateway's pools as callers change and read them: each change wakes the calls waiting and
// the re-checks that depend on it.
#include "Gateway.h"
#include "logging/KeyMask.h"

using namespace Qt::StringLiterals;

namespace exadesk {

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
    if (removed) {
        // Its connections close; calls running through it end there and are retried elsewhere.
        m_sessions.close(index);
        Q_EMIT proxyChanged(index);
    }
    pump();
    return removed;
}

void Gateway::setProxyEnabled(int index, bool enabled)
{
    m_proxies.setEnabled(index, enabled, m_clock.nowMs());
    Q_EMIT proxyChanged(index);
    pump();
}

void Gateway::restoreKey(int index, const KeyMemory& memory)
{
    if (index < 0 || index >= m_keys.size() || m_keys.at(index).removed)
        return;
    m_keys.restore(index, memory, m_clock.nowMs());
    // Only a key parked until a re-check can bring the next one forward; scheduling after every
    // key would scan the pool once per key (10,000 keys restored: 10^8 steps).
    if (m_keys.awaitsRecheck(index))
        m_rechecks.schedule();
    pump();
}

void Gateway::noteKeyCheck(FinishedCall line)
{
    // A one-result search, told apart by where it came from (the Activity page's "From").
    line.route = u"search"_s;
    line.source = CallSource::KeyCheck;
    Q_EMIT keyCheckEnded(line);
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
    const qint64 startedAtMs = m_clock.nowMs();
    connect(call, &PendingCall::ended, this, [this, call, index, startedAtMs] {
        call->deleteLater();
        FinishedCall line = finishedCall(*call, CallSource::KeyCheck);
        line.startedAtMs = startedAtMs;
        line.latencyMs = m_clock.nowMs() - startedAtMs;
        noteKeyCheck(std::move(line));
        const Outcome outcome = call->attempts().isEmpty() ? Outcome::LocalError : call->attempts().constLast().outcome;
        Q_EMIT keyTested(index, outcome, call->isSuccess() ? QString() : call->error().userMessage());
    });
    return true;
}

int Gateway::proxyFor(int keyIndex, const QList<int>& avoid)
{
    return m_proxies.bind(m_keys.at(keyIndex).hash, m_keys.bindingOf(keyIndex), m_clock.nowMs(), avoid);
}

PoolSummary Gateway::summary() const
{
    PoolSummary summary;
    for (int i = 0; i < m_keys.size(); ++i) {
        if (!m_keys.at(i).removed)
            ++summary.keys[static_cast<size_t>(m_keys.at(i).health.state)];
    }
    const qint64 nowMs = m_clock.nowMs();
    for (int i = 0; i < m_proxies.size(); ++i) {
        const ProxyEntry& proxy = m_proxies.at(i);
        if (proxy.removed || (proxy.implicit && m_proxies.configuredCount() > 0))
            continue;
        ++summary.proxies[static_cast<size_t>(m_proxies.state(i, nowMs))];
        if (!proxy.pace.isUnlimited())
            summary.paces.append({proxy.id, proxy.pace.currentRate(), proxy.pace.configuredRate()});
    }
    summary.queued = queuedCount();
    summary.inFlight = inFlightCount();
    return summary;
}

QString Gateway::maskedKey(const QString& keyId) const
{
    const int key = m_keys.indexOf(keyId);
    return key < 0 ? QString() : maskKey(m_keys.at(key).config.secret);
}

} // namespace exadesk
