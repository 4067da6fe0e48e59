#include "McpSessions.h"

#include "McpSession.h"

#include <QRandomGenerator>

namespace exadesk {

McpSessions::McpSessions(CallService& service, Clock& clock, QObject* parent)
    : QObject(parent)
    , m_service(service)
    , m_clock(clock)
{ }

McpSessions::~McpSessions()
{
    for (const Entry& entry : std::as_const(m_sessions))
        delete entry.session;
}

McpSession* McpSessions::open(const QStringList& tools, QByteArray* id)
{
    forgetIdle();
    if (m_sessions.size() >= kMaxSessions) {
        auto oldest = m_sessions.end();
        for (auto it = m_sessions.begin(); it != m_sessions.end(); ++it) {
            if (it->session->callsInFlight() == 0
                && (oldest == m_sessions.end() || it->lastUsedMs < oldest->lastUsedMs))
                oldest = it;
        }
        if (oldest == m_sessions.end())
            return nullptr;
        delete oldest->session;
        m_sessions.erase(oldest);
    }
    std::array<quint32, 4> random{};
    QRandomGenerator::system()->fillRange(random.data(), random.size());
    *id = QByteArray(reinterpret_cast<const char*>(random.data()), sizeof(random)).toHex();
    auto* session = new McpSession(m_service, tools);
    m_sessions.insert(*id, {session, m_clock.nowMs()});
    return session;
}

McpSession* McpSessions::find(const QByteArray& id)
{
    forgetIdle();
    const auto found = m_sessions.find(id);
    if (found == m_sessions.end())
        return nullptr;
    found->lastUsedMs = m_clock.nowMs();
    return found->session;
}

bool McpSessions::close(const QByteArray& id)
{
    const auto found = m_sessions.find(id);
    if (found == m_sessions.end())
        return false;
    delete found->session;
    m_sessions.erase(found);
    return true;
}

void McpSessions::forgetIdle()
{
    const qint64 now = m_clock.nowMs();
    m_sessions.removeIf([now](const auto& item) {
        const Entry& entry = item.value();
        if (now - entry.lastUsedMs < kIdleLimitMs || entry.session->callsInFlight() > 0)
            return false;
        delete entry.session;
        return true;
    });
}

} // namespace exadesk
