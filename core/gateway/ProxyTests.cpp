#include "ProxyTests.h"

#include "logging/Redactor.h"

#include <QPointer>

#include <memory>

namespace exadesk {

ProxyTests::ProxyTests(Clock& clock, ProxyPool& proxies, NetworkSessions& sessions, const GatewayOptions& options,
                       QObject* parent)
    : QObject(parent)
    , m_clock(clock)
    , m_proxies(proxies)
    , m_sessions(sessions)
    , m_options(options)
{ }

bool ProxyTests::test(int index)
{
    if (index < 0 || index >= m_proxies.size() || m_proxies.at(index).removed)
        return false;
    const qint64 startedMs = m_clock.nowMs();
    QNetworkReply* reply = m_sessions.sessionFor(index).get(m_options.client.baseUrl, false);
    const qint64 timeoutMs = m_options.client.timeout.count();
    const qint64 limitMs = timeoutMs > 0 ? std::min(timeoutMs, kLimitMs) : kLimitMs;
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
            m_proxies.report(index, ProxyOutcome::Reached, latencyMs, {}, nowMs);
            Q_EMIT tested(index, true, tr("Exa's address answered through it in %1 ms.").arg(latencyMs));
            return;
        }
        const QString why = *timedOut ? tr("no answer within %n second(s)", nullptr, static_cast<int>(limitMs / 1000))
                                      : Redactor::instance().redact(reply->errorString());
        m_proxies.report(index, ProxyOutcome::ConnectFailed, latencyMs, why, nowMs);
        // Asked for and answered: no need to wait for more failures to set it aside.
        if (m_proxies.isUsable(index, nowMs))
            m_proxies.park(index, why, nowMs);
        Q_EMIT tested(index, false, why);
    });
    return true;
}

} // namespace exadesk
