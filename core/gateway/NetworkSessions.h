#pragma once

#include "NetworkSession.h"
#include "pool/ProxyPool.h"

#include <map>

namespace exadesk {

// The ways out: one NetworkSession per proxy of the pool (or direct), made when first used and
// closed with its proxy.
class NetworkSessions
{
public:
    NetworkSessions(const ProxyPool& proxies, exa::ExaClientOptions options, QObject* owner);
    NetworkSessions(const NetworkSessions&) = delete;
    NetworkSessions& operator=(const NetworkSessions&) = delete;

    // Attempt time is kept on the gateway's clock, not in the client: `options`' timeout is
    // not used here.
    void setOptions(exa::ExaClientOptions options);
    NetworkSession& sessionFor(int proxy);
    // The proxy is gone: its connections close, and calls through it end there.
    void close(int proxy);
    // Requests not yet answered, over every session.
    int inFlight() const;

private:
    const ProxyPool& m_proxies;
    exa::ExaClientOptions m_options;
    QObject* m_owner;
    std::map<int, NetworkSession*> m_sessions;
};

} // namespace exadesk
