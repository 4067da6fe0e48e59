#include "NetworkSessions.h"

namespace exadesk {
namespace {

exa::ExaClientOptions withoutTimeout(exa::ExaClientOptions options)
{
    options.timeout = std::chrono::milliseconds(0);
    return options;
}

} // namespace

NetworkSessions::NetworkSessions(const ProxyPool& proxies, exa::ExaClientOptions options, QObject* owner)
    : m_proxies(proxies)
    , m_options(withoutTimeout(std::move(options)))
    , m_owner(owner)
{ }

void NetworkSessions::setOptions(exa::ExaClientOptions options)
{
    m_options = withoutTimeout(std::move(options));
    for (const auto& [proxy, session] : m_sessions)
        session->setOptions(m_options);
}

NetworkSession& NetworkSessions::sessionFor(int proxy)
{
    auto found = m_sessions.find(proxy);
    if (found == m_sessions.end())
        found = m_sessions
                    .emplace(proxy, new NetworkSession(m_proxies.at(proxy).config.toNetworkProxy(), m_options, m_owner))
                    .first;
    return *found->second;
}

void NetworkSessions::close(int proxy)
{
    if (const auto session = m_sessions.find(proxy); session != m_sessions.end()) {
        session->second->deleteLater();
        m_sessions.erase(session);
    }
}

int NetworkSessions::inFlight() const
{
    int total = 0;
    for (const auto& [proxy, session] : m_sessions)
        total += session->inFlight();
    return total;
}

} // namespace exadesk
