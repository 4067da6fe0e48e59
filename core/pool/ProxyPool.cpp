#include "ProxyPool.h"

#include "base/Clock.h"
#include "logging/Redactor.h"

#include <QUrl>

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
    m_proxies.push_back(std::move(direct));
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
    m_suspects.removeAll(index);
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
        proxy.troubles.clear();
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

int ProxyPool::bind(quint64 keyHash, ProxyBinding& binding, qint64 nowMs)
{
    refreshIfDue(nowMs);
    if (binding.generation == m_generation && binding.proxy >= 0 && isUsable(binding.proxy, nowMs))
        return binding.proxy;
    int best = -1;
    quint64 bestWeight = 0;
    for (int i = 0; i < size(); ++i) {
        if (!isUsable(i, nowMs))
            continue;
        const quint64 weight = mix(keyHash ^ at(i).hash);
        if (best < 0 || weight > bestWeight) {
            best = i;
            bestWeight = weight;
        }
    }
    binding = {best, m_generation};
    return best;
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

void ProxyPool::report(int index, Outcome outcome, qint64 latencyMs, const QString& error, qint64 nowMs, bool probe)
{
    ProxyEntry& proxy = entry(index);
    switch (outcome) {
    case Outcome::Cancelled:
    case Outcome::LocalError:
        if (probe) {
            proxy.breaker.releaseProbe();
            ++m_generation; // its keys may come back for the next probe
        }
        break;
    case Outcome::ProxyFailure:
        ++proxy.stats.requests;
        ++proxy.stats.failures;
        proxy.stats.lastError = error;
        proxy.reason = error;
        // A proxy that refuses us is down: no point in sending two more keys to find out. The
        // direct way out gets the usual count, as a network has its hiccups.
        if (proxy.config.type == ProxyType::Direct)
            proxy.breaker.recordFailure(nowMs, m_policy.breaker, probe);
        else
            proxy.breaker.trip(nowMs, m_policy.breaker, probe);
        if (proxy.breaker.state(nowMs) == CircuitBreaker::State::Open)
            remindAt(proxy.breaker.openUntilMs());
        break;
    case Outcome::UpstreamError:
    case Outcome::Timeout:
    case Outcome::RateLimited:
        // Going straight out, any answer from Exa proves the way works: it is only ever blamed
        // for connections that could not be made.
        if (proxy.config.type == ProxyType::Direct) {
            ++proxy.stats.requests;
            proxy.stats.latency.add(latencyMs);
            if (outcome != Outcome::Timeout && proxy.breaker.recordSuccess()) {
                proxy.reason.clear();
                ++m_generation;
            } else if (probe) {
                proxy.breaker.releaseProbe();
            }
            break;
        }
        // Counted, but not held against the proxy here: an error or a 429 from behind it is as
        // likely Exa's or the key's. Only trouble on several keys while other proxies work is
        // blamed on it (noteKeyTrouble), and only a refusal by the proxy itself trips it...
        ++proxy.stats.requests;
        proxy.stats.latency.add(latencyMs);
        if (outcome != Outcome::RateLimited) {
            ++proxy.stats.failures;
            proxy.stats.lastError = error;
        }
        // ...or trouble on a parked proxy's probe.
        if (probe) {
            proxy.breaker.trip(nowMs, m_policy.breaker, true);
            remindAt(proxy.breaker.openUntilMs());
        }
        break;
    default:
        // Exa answered through it, whatever it said: the proxy works.
        ++proxy.stats.requests;
        ++proxy.stats.successes;
        proxy.stats.latency.add(latencyMs);
        if (proxy.breaker.recordSuccess()) {
            proxy.reason.clear();
            ++m_generation;
        }
        break;
    }
    Q_EMIT proxyChanged(index);
}

void ProxyPool::pruneTroubles(ProxyEntry& proxy, qint64 nowMs) const
{
    const qint64 since = nowMs - m_policy.blameWindow.count();
    proxy.troubles.removeIf([since](const ProxyEntry::Trouble& trouble) { return trouble.atMs < since; });
}

std::optional<ProxyBlame> ProxyPool::noteKeyTrouble(int index, int key, qint64 nowMs)
{
    ProxyEntry& proxy = entry(index);
    // Trouble through a proxy already parked is its own: the key is not to blame.
    if (proxy.breaker.state(nowMs) != CircuitBreaker::State::Closed)
        return ProxyBlame{index, {key}, false};
    pruneTroubles(proxy, nowMs);
    const bool known = std::any_of(proxy.troubles.cbegin(), proxy.troubles.cend(),
                                   [key](const ProxyEntry::Trouble& trouble) { return trouble.key == key; });
    if (!known)
        proxy.troubles.append({key, nowMs});
    if (proxy.troubles.size() >= m_policy.blameDistinctKeys && !m_suspects.contains(index))
        m_suspects.append(index);
    return blameIfDeserved(index, nowMs);
}

QList<ProxyBlame> ProxyPool::noteSuccess(int index, qint64 nowMs)
{
    ProxyEntry& proxy = entry(index);
    proxy.stats.lastSuccessMs = nowMs;
    proxy.troubles.clear();
    m_suspects.removeAll(index);
    QList<ProxyBlame> blames;
    const QList<int> suspects = m_suspects;
    for (const int suspect : suspects) {
        if (auto blame = blameIfDeserved(suspect, nowMs))
            blames.append(*blame);
    }
    return blames;
}

std::optional<ProxyBlame> ProxyPool::blameIfDeserved(int index, qint64 nowMs)
{
    ProxyEntry& proxy = entry(index);
    pruneTroubles(proxy, nowMs);
    if (proxy.troubles.size() < m_policy.blameDistinctKeys) {
        m_suspects.removeAll(index);
        return std::nullopt;
    }
    // Only when keys elsewhere get through is the exit the likely cause: with every proxy in
    // trouble it is Exa or the keys.
    const qint64 since = nowMs - m_policy.blameWindow.count();
    bool otherWorks = false;
    for (int i = 0; i < size() && !otherWorks; ++i)
        otherWorks = i != index && !at(i).removed && at(i).config.enabled && at(i).stats.lastSuccessMs >= since;
    if (!otherWorks)
        return std::nullopt;

    ProxyBlame blame{index, {}, true};
    for (const ProxyEntry::Trouble& trouble : std::as_const(proxy.troubles))
        blame.keys.append(trouble.key);
    proxy.reason = tr("%n keys were refused through it while other proxies worked", nullptr,
                      static_cast<int>(blame.keys.size()));
    proxy.troubles.clear();
    proxy.breaker.trip(nowMs, m_policy.breaker);
    remindAt(proxy.breaker.openUntilMs());
    m_suspects.removeAll(index);
    Q_EMIT proxyChanged(index);
    return blame;
}

bool ProxyPool::isProbing(qint64 nowMs) const
{
    for (int i = 0; i < size(); ++i) {
        const ProxyEntry& proxy = at(i);
        const bool inPlay = !proxy.removed && proxy.config.enabled && (!proxy.implicit || m_configured == 0);
        if (inPlay && proxy.breaker.state(nowMs) == CircuitBreaker::State::HalfOpen && !proxy.breaker.allows(nowMs))
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
