#pragma once

#include <QCoreApplication>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QStringList>

namespace exadesk {

class CallService;
class McpToolCall;

// How a session answers one message from its client (a request, a notification, a client's
// response or a batch of them). Owned by whoever passed the message in.
class McpReply : public QObject
{
    Q_OBJECT

public:
    // False when the message held no request (notifications and responses are not answered).
    bool expectsAnswer() const { return !m_slots.isEmpty(); }
    bool isFinished() const { return m_waiting == 0; }
    // A request asked to hear how it goes (params._meta.progressToken).
    bool wantsProgress() const { return m_wantsProgress; }
    // Once finished: the JSON-RPC response, or the array of them for a batch; empty when there
    // is nothing to say (every request of it was cancelled).
    QByteArray answer() const;
    // Once finished: the first response is a successful initialize.
    bool initialized() const;
    // Once finished: the JSON-RPC error code of a single response, or 0.
    int errorCode() const;

Q_SIGNALS:
    // A notification for the client before the answer (notifications/progress).
    void notification(const QByteArray& message);
    void finished();

private:
    friend class McpSession;

    int reserve();
    void settle(int slot, QJsonObject response);
    void drop(int slot); // a cancelled request is not answered

    QList<QJsonObject> m_slots; // one per request, in order; empty once dropped
    QList<bool> m_open;
    int m_waiting = 0;
    bool m_batch = false;
    bool m_wantsProgress = false;
};

// One MCP client's conversation, transport aside: JSON-RPC 2.0 as the Model Context Protocol
// specifies it. `initialize` agrees on a protocol version (the client's, when it is one of
// protocolVersions(), else the newest); `ping`, `tools/list` and `tools/call` are answered;
// `notifications/cancelled` stops a call; other notifications are ignored. Malformed messages,
// unknown methods and bad parameters get JSON-RPC errors. A tool's own failure is a result with
// isError, as are wrong arguments from 2025-11-25 on (a model can correct those).
class McpSession : public QObject
{
    Q_OBJECT

public:
    // `tools`: the names offered (McpTools::select()).
    McpSession(CallService& service, QStringList tools, QObject* parent = nullptr);
    ~McpSession() override;

    // Newest first.
    static const QStringList& protocolVersions();

    // Handles one message as received (JSON text). The reply may already be finished.
    McpReply* receive(const QByteArray& message, QObject* owner = nullptr);
    // The same for a message read already, as QJsonDocument::fromJson() gave it.
    McpReply* receive(const QJsonDocument& message, const QJsonParseError& parseError, QObject* owner = nullptr);

    const QStringList& tools() const { return m_tools; }
    // Empty until initialize was answered.
    const QString& protocolVersion() const { return m_version; }
    int callsInFlight() const { return static_cast<int>(m_running.size()); }

    // JSON-RPC's error codes.
    enum ErrorCode
    {
        ParseError = -32700,
        InvalidRequest = -32600,
        MethodNotFound = -32601,
        InvalidParams = -32602,
        InternalError = -32603,
    };
    static QJsonObject errorResponse(const QJsonValue& id, int code, const QString& message);

Q_SIGNALS:
    // A tool call was answered; `failed`: its result has isError.
    void toolCalled(const QString& tool, bool failed);

private:
    struct Running
    {
        QPointer<McpToolCall> call;
        QPointer<McpReply> reply;
        int slot = 0;
        QJsonValue id;
    };

    // One message (or one member of a batch) into `reply`.
    void handle(const QJsonValue& message, McpReply* reply, bool inBatch);
    QJsonObject initialize(const QJsonValue& id, const QJsonObject& params);
    QJsonObject listTools(const QJsonValue& id) const;
    // Answers `slot` now for what cannot be called, else when the call ends.
    void callTool(const QJsonValue& id, const QJsonObject& params, McpReply* reply, int slot);
    void cancel(const QJsonValue& requestId);
    bool batchesAllowed() const;

    CallService& m_service;
    QStringList m_tools;
    QString m_version;
    QHash<QString, Running> m_running; // by the request's id, as JSON text
};

} // namespace exadesk
