#pragma once

#include "GatewayOptions.h"
#include "NetworkSessions.h"
#include "base/Clock.h"
#include "pool/ProxyPool.h"

#include <QObject>

namespace exadesk {

// Tests of ways out, asked for by a person: a GET of Exa's address through the proxy, with no
// key (nothing is billed) and no redirect followed. Any HTTP answer proves the way works and
// frees a parked proxy; no connection counts as the proxy's failure.
class ProxyTests : public QObject
{
    Q_OBJECT

public:
    static constexpr qint64 kLimitMs = 15'000; // a person waits for the verdict

    ProxyTests(Clock& clock, ProxyPool& proxies, NetworkSessions& sessions, const GatewayOptions& options,
               QObject* parent = nullptr);

    // False when there is no such proxy. tested() follows, unless the proxy is removed first.
    bool test(int index);

Q_SIGNALS:
    void tested(int index, bool works, const QString& message);

private:
    Clock& m_clock;
    ProxyPool& m_proxies;
    NetworkSessions& m_sessions;
    const GatewayOptions& m_options;
};

} // namespace exadesk
