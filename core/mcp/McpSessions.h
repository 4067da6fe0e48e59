#pragma once

#include "base/Clock.h"

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QStringList>

namespace exadesk {

class CallService;
class McpSession;

// The sessions of MCP's HTTP transport, by their Mcp-Session-Id: made at initialize, looked up
// for each later message, ended by DELETE. Bounded: a session unused for an hour is forgotten,
// and when there are kMaxSessions the least recently used one without a call in flight makes
// room, so clients that never say goodbye cannot grow the port.
class McpSessions : public QObject
{
    Q_OBJECT

public:
    static constexpr int kMaxSessions = 256;
    static constexpr qint64 kIdleLimitMs = 60 * 60 * 1000;

    explicit McpSessions(CallService& service, Clock& clock = Clock::system(), QObject* parent = nullptr);
    ~McpSessions() override;

    // A new session and its id (unguessable: 128 random bits); null when every session is busy.
    McpSession* open(const QStringList& tools, QByteArray* id);
    // The session with this id, noted as used now; null when there is none (or it expired).
    McpSession* find(const QByteArray& id);
    // Ends a session; calls it has in flight are cancelled. False when there is none.
    bool close(const QByteArray& id);
    int count() const { return static_cast<int>(m_sessions.size()); }

private:
    struct Entry
    {
        McpSession* session = nullptr;
        qint64 lastUsedMs = 0;
    };

    void forgetIdle();

    CallService& m_service;
    Clock& m_clock;
    QHash<QByteArray, Entry> m_sessions;
};

} // namespace exadesk
