#include "ProxyPool.h"

#include "base/Clock.h"
#include "logging/Redactor.h"

#include <QUrl>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

// splitmix64's finaliser: spreads every input bit over the whole word.
quint64 mix(quint64 value)
{
    value += 0x9e3779b97f4a7c15ULL;
    value = (value ^ (value >> 30)) * 0xbf58476d1ce4e5b9ULL;
    value = (value ^ (value >> 27)) * 0x94d049bb133111ebULL;
    return value ^ (value >> 31);
}

} // namespace

QString toString(ProxyType type)
{
    switch (type) {
    case ProxyType::Direct:
        return u"direct"_s;
    case ProxyType::Http:
        return u"http"_s;
    case ProxyType::Socks5:
        return u"socks5"_s;
    }
    return {};
}

ProxyConfig::Lines ProxyConfig::fromLines(const QString& text)
{
    Lines lines;
    int number = 0;
    for (const QString& line : text.split(u'\n')) {
        ++number;
        const QString trimmed = line.trimmed();
        if (trimmed.isEmpty() || trimmed.startsWith(u'#'))
            continue;
        QString error;
        if (const auto config = fromUrl(trimmed, &error))
            lines.proxies.append({number, *config});
        else
            lines.problems.append({number, error});
    }
    return lines;
}

std::optional<ProxyConfig> ProxyConfig::fromUrl(const QString& text, QString* error)
{
    const QString trimmed = text.trimmed();
    if (trimmed.compare("direct"_L1, Qt::CaseInsensitive) == 0)
        return ProxyConfig{};
    const QUrl url(trimmed, QUrl::StrictMode);
    ProxyConfig config;
    const QString scheme = url.scheme().toLower();
    if (scheme == "http"_L1)
        config.type = ProxyType::Http;
    else if (scheme == "socks5"_L1 || scheme == "socks5h"_L1)
        config.type = ProxyType::Socks5;
    else {
        *error = url.isValid() && !scheme.isEmpty()
            ? tr("the proxy type \"%1\" is not supported; use http://, socks5:// or direct").arg(scheme)
            : tr("not a proxy address; write it like http://host:port or socks5://user:password@host:port");
        return std::nullopt;
    }
    if (!url.isValid() || url.host().isEmpty()) {
        *error = tr("the proxy address has no host; write it like %1://host:port").arg(scheme);
        return std::nullopt;
    }
    if (url.port() <= 0) {
        *error = tr("the proxy address has no port; write it like %1://%2:port").arg(scheme, url.host());
        return std::nullopt;
    }
    if (!url.path().isEmpty() && url.path() != "/"_L1) {
        *error = tr("a proxy address has no path; write it like %1://%2:%3")
                     .arg(scheme, url.host(), QString::number(url.port()));
        return std::nullopt;
    }
    config.host = url.host();
    config.port = static_cast<quint16>(url.port());
    config.user = url.userName();
    config.password = url.password();
    return config;
}

QString ProxyConfig::id() const
{
    if (type == ProxyType::Direct)
        return u"direct"_s;
    QUrl url;
    url.setScheme(toString(type));
    url.setHost(host);
    url.setPort(port);
    url.setUserName(user);
    return url.toString();
}

QNetworkProxy ProxyConfig::toNetworkProxy() const
{
    switch (type) {
    case ProxyType::Direct:
        return QNetworkProxy(QNetworkProxy::NoProxy);
    case ProxyType::Http:
        return QNetworkProxy(QNetworkProxy::HttpProxy, host, port, user, password);
    case ProxyType::Socks5:
        return QNetworkProxy(QNetworkProxy::Socks5Proxy, host, port, user, password);
    }
    return {};
}

ProxyPool::ProxyPool(ProxyPolicy policy, QObject* parent)
    : QObject(parent)
    , m_policy(policy)
{
    ProxyEntry direct;
    direct.id = direct.config.id();
    direct.hash = hashOf(direct.id);
    direct.implicit = true;
    direct.pace.setRate(m_policy.ratePerSecond);
    m_proxies.push_back(std::move(direct));
}

ProxyPolicy ProxyPolicy::fromSettings(const SettingValues& values)
{
    ProxyPolicy policy;
    policy.ratePerSecond = values.number(setting::ProxyRate);
    policy.connectFailures = values.number(setting::ProxyConnectFailures);
    // 33 % is the third it stands for.
    const int percent = values.number(setting::ProxyMaxParkedPercent);
    policy.maxParkedShare = percent == 33 ? 1.0 / 3.0 : percent / 100.0;
    return policy;
}

void ProxyPool::setPolicy(const ProxyPolicy& policy)
{
    // Saving other settings keeps the pace each proxy has learnt from Exa's 429s.
    const bool newPace = policy.ratePerSecond != m_policy.ratePerSecond;
    m_policy = policy;
    if (!newPace)
        return;
    for (ProxyEntry& proxy : m_proxies)
        proxy.pace.setRate(policy.ratePerSecond);
}

void ProxyPool::notePace(int index, bool rateLimited)
{
    ProxyEntry& proxy = entry(index);
    if (rateLimited)
        proxy.pace.onRateLimited();
    else
        proxy.pace.onSuccess();
}

quint64 ProxyPool::hashOf(QStringView id)
{
    // FNV-1a over the UTF-16 code units, then mixed: the same on every run and platform.
    quint64 hash = 0xcbf29ce484222325ULL;
    for (const QChar c : id) {
        hash ^= c.unicode();
        hash *= 0x100000001b3ULL;
    }
    return mix(hash);
}

int ProxyPool::indexOf(const QString& id) const
{
    for (int i = 1; i < size(); ++i) {
        if (!at(i).removed && at(i).id == id)
            return i;
    }
    return -1;
}

int ProxyPool::add(const ProxyConfig& config)
{
    ProxyEntry proxy;
    proxy.config = config;
    proxy.id = config.id();
    if (indexOf(proxy.id) >= 0)
        return -1;
    proxy.hash = hashOf(proxy.id);
    proxy.pace.setRate(m_policy.ratePerSecond);
    if (!config.password.isEmpty())
        Redactor::instance().addSecret(config.password);
    m_proxies.push_back(std::move(proxy));
    ++m_configured;
    ++m_generation;
    const int index = size() - 1;
    Q_EMIT proxyChanged(index);
    if (m_configured == 1)
        Q_EMIT proxyChanged(0); // the implicit "direct" steps back
    return index;
}

bool ProxyPool::remove(int index)
{
    if (index <= 0 || index >= size() || at(index).removed)
        return false;
    entry(index).removed = true;
    entry(index).config.password.clear();
    --m_configured;
    // With no proxy left, the implicit "direct" takes over: that changes every binding.
    if (m_configured == 0)
        ++m_generation;
    Q_EMIT proxyChanged(index);
    return true;
}

void ProxyPool::setEnabled(int index, bool enabled, qint64 nowMs)
{
    if (index <= 0 || index >= size() || at(index).removed || at(index).config.enabled == enabled)
        return;
    ProxyEntry& proxy = entry(index);
    proxy.config.enabled = enabled;
    if (enabled) {
        proxy.breaker.reset();
        proxy.reason.clear();
        proxy.window.clear();
        proxy.connectFailuresInRow = 0;
        ++m_generation;
    }
    refreshIfDue(nowMs);
    Q_EMIT proxyChanged(index);
}

bool ProxyPool::isUsable(int index, qint64 nowMs) const
{
    const ProxyEntry& proxy = at(index);
    if (proxy.removed || !proxy.config.enabled)
        return false;
    // The implicit "direct" is only there while nothing else is: a disabled or failing proxy
    // must never send a key out directly behind the user's back.
    if (proxy.implicit && m_configured > 0)
        return false;
    return proxy.breaker.allows(nowMs);
}

ProxyState ProxyPool::state(int index, qint64 nowMs) const
{
    if (!at(index).config.enabled)
        return ProxyState::Disabled;
    return isUsable(index, nowMs) ? ProxyState::Active : ProxyState::Parked;
}

QString ProxyPool::stateText(int index, qint64 nowMs) const
{
    const ProxyEntry& proxy = at(index);
    if (proxy.removed)
        return tr("removed");
    if (!proxy.config.enabled)
        return tr("disabled");
    if (proxy.implicit && m_configured > 0)
        return tr("not used: proxies are configured");
    switch (proxy.breaker.state(nowMs)) {
    case CircuitBreaker::State::Closed:
        return tr("active");
    case CircuitBreaker::State::Open:
        return tr("parked until %1").arg(localClockTime(proxy.breaker.openUntilMs()));
    case CircuitBreaker::State::HalfOpen:
        return tr("being tested");
    }
    return {};
}

void ProxyPool::remindAt(qint64 atMs)
{
    m_nextWakeMs = std::min(m_nextWakeMs, atMs);
}

void ProxyPool::refreshIfDue(qint64 nowMs)
{
    if (nowMs < m_nextWakeMs)
        return;
    // A parked proxy whose time is up may take its keys back (it is half-open now).
    m_nextWakeMs = std::numeric_limits<qint64>::max();
    bool woke = false;
    for (int i = 0; i < size(); ++i) {
        const ProxyEntry& proxy = at(i);
        if (proxy.removed || proxy.breaker.state(nowMs) == CircuitBreaker::State::Closed)
            continue;
        if (proxy.breaker.state(nowMs) == CircuitBreaker::State::Open)
            remindAt(proxy.breaker.openUntilMs());
        else
            woke = true;
    }
    if (woke)
        ++m_generation;
}

int ProxyPool::bind(quint64 keyHash, ProxyBinding& binding, qint64 nowMs, const QList<int>& avoid)
{
    refreshIfDue(nowMs);
    const bool current = binding.generation == m_generation && binding.proxy >= 0 && isUsable(binding.proxy, nowMs);
    if (current && !avoid.contains(binding.proxy))
        return binding.proxy;
    // Nothing became usable since no proxy was: no need to look at each again.
    if (m_noneUsableGeneration == m_generation) {
        binding = {-1, m_generation};
        return -1;
    }
    const auto best = [&](bool avoiding) {
        int chosen = -1;
        quint64 chosenWeight = 0;
        for (int i = 0; i < size(); ++i) {
            if (!isUsable(i, nowMs) || (avoiding && avoid.contains(i)))
                continue;
            const quint64 weight = mix(keyHash ^ at(i).hash);
            if (chosen < 0 || weight > chosenWeight) {
                chosen = i;
                chosenWeight = weight;
            }
        }
        return chosen;
    };
    if (!current)
        binding = {best(false), m_generation};
    if (binding.proxy < 0)
        m_noneUsableGeneration = m_generation;
    if (avoid.isEmpty() || !avoid.contains(binding.proxy))
        return binding.proxy;
    // Another way out for this attempt only; with none, the usual one.
    const int other = best(true);
    return other >= 0 ? other : binding.proxy;
}

bool ProxyPool::onAttemptStarted(int index, qint64 nowMs)
{
    ProxyEntry& proxy = entry(index);
    proxy.stats.lastUsedMs = nowMs;
    if (proxy.breaker.state(nowMs) != CircuitBreaker::State::HalfOpen)
        return false;
    proxy.breaker.takeProbe();
    Q_EMIT proxyChanged(index);
    return true;
}

void FailureWindow::add(qint64 nowMs, qint64 windowMs, bool failed)
{
    const qint64 width = std::max<qint64>(1, windowMs / kBuckets);
    const qint64 slot = nowMs / width;
    Bucket& bucket = m_buckets[static_cast<size_t>(slot % kBuckets)];
    if (bucket.slot != slot)
        bucket = {slot, 0, 0};
    ++bucket.requests;
    bucket.failures += failed ? 1 : 0;
}

FailureWindow::Totals FailureWindow::totals(qint64 nowMs, qint64 windowMs) const
{
    const qint64 width = std::max<qint64>(1, windowMs / kBuckets);
    const qint64 slot = nowMs / width;
    Totals totals;
    for (const Bucket& bucket : m_buckets) {
        if (bucket.slot >= 0 && bucket.slot > slot - kBuckets && bucket.slot <= slot) {
            totals.requests += bucket.requests;
            totals.failures += bucket.failures;
        }
    }
    return totals;
}

bool ProxyPool::inUse(int index) const
{
    const ProxyEntry& proxy = at(index);
    return !proxy.removed && proxy.config.enabled && (!proxy.implicit || m_configured == 0);
}

int ProxyPool::parkedCount(qint64 nowMs) const
{
    int parked = 0;
    for (int i = 0; i < size(); ++i)
        parked += inUse(i) && at(i).breaker.state(nowMs) != CircuitBreaker::State::Closed ? 1 : 0;
    return parked;
}

bool ProxyPool::park(int index, const QString& reason, qint64 nowMs, bool keepLast)
{
    int inPlay = 0;
    int healthyOthers = 0;
    for (int i = 0; i < size(); ++i) {
        if (!inUse(i))
            continue;
        ++inPlay;
        // A proxy on trial (half open) is not yet a healthy one to fall back on.
        healthyOthers += i != index && at(i).breaker.state(nowMs) == CircuitBreaker::State::Closed ? 1 : 0;
    }
    const int cap = std::max(1, static_cast<int>(inPlay * m_policy.maxParkedShare + 1e-9));
    if (parkedCount(nowMs) >= cap || (keepLast && healthyOthers == 0))
        return false;
    ProxyEntry& proxy = entry(index);
    proxy.reason = reason;
    proxy.breaker.trip(nowMs, m_policy.breaker);
    remindAt(proxy.breaker.openUntilMs());
    return true;
}

bool ProxyPool::standsOut(int index, qint64 nowMs) const
{
    const qint64 window = m_policy.outlierWindow.count();
    const FailureWindow::Totals own = at(index).window.totals(nowMs, window);
    if (own.requests < m_policy.outlierMinRequests)
        return false;
    // Its peers: every call through any proxy in the window, but its own.
    FailureWindow::Totals peers = m_everyWindow.totals(nowMs, window);
    peers.requests -= own.requests;
    peers.failures -= own.failures;
    // Without peers that carried calls too there is nothing to stand out against.
    if (peers.requests < m_policy.outlierMinRequests)
        return false;
    const double rate = static_cast<double>(own.failures) / static_cast<double>(own.requests);
    const double peerRate = static_cast<double>(peers.failures) / static_cast<double>(peers.requests);
    // Beyond chance: three standard deviations of what the peers' rate would give over as many
    // calls (with a floor, so perfect peers do not make one failure an outlier).
    const double p = std::clamp(peerRate, 0.05, 0.95);
    const double spread = 3.0 * std::sqrt(p * (1.0 - p) / static_cast<double>(own.requests));
    return rate - peerRate >= std::max(m_policy.outlierMargin, spread);
}

void ProxyPool::report(int index, ProxyOutcome outcome, qint64 latencyMs, const QString& error, qint64 nowMs,
                       bool probe)
{
    ProxyEntry& proxy = entry(index);
    const qint64 window = m_policy.outlierWindow.count();
    if (outcome != ProxyOutcome::Neutral) {
        ++proxy.stats.requests;
        if (latencyMs >= 0 && outcome != ProxyOutcome::ConnectFailed)
            proxy.stats.latency.add(latencyMs);
        proxy.window.add(nowMs, window, outcome != ProxyOutcome::Reached);
        m_everyWindow.add(nowMs, window, outcome != ProxyOutcome::Reached);
    }
    switch (outcome) {
    case ProxyOutcome::Neutral:
        if (probe) {
            proxy.breaker.releaseProbe();
            ++m_generation; // its keys may come back for the next probe
        }
        break;
    case ProxyOutcome::Reached:
        ++proxy.stats.successes;
        proxy.connectFailuresInRow = 0;
        // Only its probe closes a parked proxy: an answer to a call sent before it was parked
        // says little about it now.
        if (proxy.breaker.state(nowMs) == CircuitBreaker::State::Closed || probe) {
            if (proxy.breaker.recordSuccess()) {
                proxy.reason.clear();
                ++m_generation;
            }
        }
        break;
    case ProxyOutcome::Failed:
    case ProxyOutcome::ConnectFailed: {
        ++proxy.stats.failures;
        proxy.stats.lastError = error;
        const bool connect = outcome == ProxyOutcome::ConnectFailed;
        proxy.connectFailuresInRow = connect ? proxy.connectFailuresInRow + 1 : 0;
        if (proxy.config.type == ProxyType::Direct) {
            // Going straight out, only connections that could not be made are this computer's
            // way out failing; everything else is Exa's.
            if (connect && proxy.breaker.recordFailure(nowMs, m_policy.breaker, probe)) {
                proxy.reason = error;
                remindAt(proxy.breaker.openUntilMs());
            } else if (probe) {
                proxy.breaker.releaseProbe();
                ++m_generation; // it may take its next probe
            }
            break;
        }
        if (probe) {
            // The parked proxy's probe failed too: it stays parked, for twice as long.
            proxy.reason = error;
            proxy.breaker.trip(nowMs, m_policy.breaker, true);
            remindAt(proxy.breaker.openUntilMs());
        } else if (proxy.breaker.state(nowMs) == CircuitBreaker::State::Closed) {
            if (connect && proxy.connectFailuresInRow >= m_policy.connectFailures) {
                park(index,
                     tr("%n connections through it failed in a row; last: %1", nullptr, proxy.connectFailuresInRow)
                         .arg(error),
                     nowMs, false);
            } else if (standsOut(index, nowMs)) {
                const FailureWindow::Totals totals = proxy.window.totals(nowMs, window);
                park(index,
                     tr("%1 of %n calls through it failed while calls through other proxies got through", nullptr,
                        static_cast<int>(totals.requests))
                         .arg(totals.failures),
                     nowMs, true);
            }
        }
        break;
    }
    }
    Q_EMIT proxyChanged(index);
}

bool ProxyPool::isProbing(qint64 nowMs) const
{
    for (int i = 0; i < size(); ++i) {
        if (inUse(i) && at(i).breaker.state(nowMs) == CircuitBreaker::State::HalfOpen && !at(i).breaker.allows(nowMs))
            return true;
    }
    return false;
}

QString ProxyPool::unavailableReason(qint64 nowMs) const
{
    int disabled = 0;
    qint64 firstBack = std::numeric_limits<qint64>::max();
    for (int i = 1; i < size(); ++i) {
        const ProxyEntry& proxy = at(i);
        if (proxy.removed)
            continue;
        if (!proxy.config.enabled)
            ++disabled;
        else if (proxy.breaker.state(nowMs) == CircuitBreaker::State::Open)
            firstBack = std::min(firstBack, proxy.breaker.openUntilMs());
    }
    if (m_configured == 0)
        return tr("the direct connection is failing; it is tried again at %1")
            .arg(localClockTime(at(0).breaker.openUntilMs()));
    if (disabled == m_configured)
        return tr("all %n proxies are disabled", nullptr, m_configured);
    if (firstBack != std::numeric_limits<qint64>::max())
        return tr("every proxy is failing; the first is tried again at %1").arg(localClockTime(firstBack));
    return tr("every proxy is being tested");
}

} // namespace exadesk
