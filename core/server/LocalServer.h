#pragma once

#include "HttpMessage.h"
#include "RequestGuard.h"
#include "ServerMetrics.h"
#include "calls/CallService.h"
#include "config/SettingsRegistry.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <memory>
#include <optional>
#include <vector>

class QTcpServer;

namespace exa {
struct ExaCall;
}

namespace exadesk {

class HttpConnection;
class McpReply;
class McpSessions;

struct LocalServerOptions
{
    // Loopback only unless the user says otherwise; ::1 is skipped (with a warning) where the
    // system has no IPv6.
    QList<QHostAddress> addresses = addressesOf(splitList(QLatin1StringView(setting::ServerBind.text)));
    quint16 port = setting::ServerPort.number; // 0: any free port
    QStringList extraHosts;
    QStringList allowedOrigins;
    QByteArray accessToken; // required: start() refuses to run without one
    HttpLimits limits;
    int maxConnections = setting::ServerMaxConnections.number;

    // The defaults, with the stored settings over them (the token is not a setting).
    static LocalServerOptions fromSettings(const SettingValues& values);
    static QList<QHostAddress> addressesOf(const QStringList& addresses);
};

// One request the port answered, for a log line or the activity page. No secret in it.
struct ServedRequest
{
    QByteArray method;
    QByteArray path; // without the query, which may hold anything
    QString route;
    int status = 0; // 499: the client left before the answer
    int attempts = 0;
    QString key; // masked
    QString proxyId;
    qint64 elapsedMs = 0;
    QByteArray client;
    // What went to the request log, when the request reached the engine.
    std::optional<FinishedCall> call;
};

// The local, Exa-compatible port: Exa's routes at its root, each request checked by the
// RequestGuard and carried out by the engine (a CallService) over the user's key pool; Exa's status, body and
// content type go back as they came (streamed answers as they arrive), with which key served
// and how many attempts it took. Also MCP's Streamable HTTP transport at /mcp (its tools call the
// same engine), /healthz and /metrics.
class LocalServer : public QObject
{
    Q_OBJECT

public:
    explicit LocalServer(CallService& service, QObject* parent = nullptr);
    ~LocalServer() override;

    // Listens on every address of `options`; on failure says why in `error` and listens on none.
    bool start(const LocalServerOptions& options, QString* error);
    // Stops listening and closes every connection; calls in flight are cancelled.
    void stop();
    // Stops listening and lets the requests in flight finish; drained() follows when they have
    // and their connections are closed.
    void drain();

    bool isRunning() const { return !m_listeners.empty(); }
    bool isDraining() const { return m_draining; }
    quint16 port() const { return m_port; }
    const QList<QHostAddress>& addresses() const { return m_bound; }
    // What start() noticed but did not fail on (an address family the system lacks).
    const QStringList& warnings() const { return m_warnings; }
    QUrl endpoint() const;
    const LocalServerOptions& options() const { return m_options; }
    // A new token takes effect for the next request.
    void setAccessToken(const QByteArray& token);

    const ServerMetrics& metrics() const { return m_metrics; }
    int openConnections() const { return static_cast<int>(m_connections.size()); }
    int requestsInFlight() const { return static_cast<int>(m_exchanges.size()); }

Q_SIGNALS:
    void runningChanged(bool running);
    void requestServed(const exadesk::ServedRequest& request);
    void drained();

private:
    // The request a connection is being answered for.
    struct Exchange
    {
        QPointer<PendingCall> call;
        QPointer<McpReply> mcp; // an MCP message being answered
        QElapsedTimer elapsed;
        QByteArray method;
        QByteArray path;
        QByteArray client;
        QString route;
        QString query; // what the request asks, shortened, for the request log
        qint64 startedAtMs = 0;
        bool streaming = false;
    };

    void onNewConnection(QTcpServer* listener);
    // At the connection cap: closes a connection that never showed the token and is not being
    // answered, so a known client is not turned away by strangers holding connections open.
    bool evictStranger();
    // Host, Origin and the token, checked at the end of a request's head.
    std::optional<Refusal> checkHead(HttpConnection* connection, const HttpRequest& request);
    void onRequest(HttpConnection* connection);
    void onConnectionClosed(HttpConnection* connection);
    void forward(HttpConnection* connection, const exa::ExaCall& call, Exchange& exchange);
    // /mcp: a JSON-RPC message POSTed into a session (made by initialize), or a session ended
    // by DELETE (LocalServerMcp.cpp).
    void serveMcp(HttpConnection* connection, Exchange& exchange);
    void answerMcp(HttpConnection* connection, McpReply* reply, HttpHeaders headers, bool asStream);
    void refuseMcp(HttpConnection* connection, int status, int code, const QString& message);
    void onCallEnded(HttpConnection* connection);
    void reply(HttpConnection* connection, int status, HttpHeaders headers, const QByteArray& body);
    void refuse(HttpConnection* connection, const Refusal& refusal);
    // Exa's headers worth passing on, and which key served after how many attempts (`running`:
    // an attempt still on the wire, not yet among the call's attempts).
    HttpHeaders callHeaders(const PendingCall& call, int running, const QString& keyId) const;
    HttpHeaders corsHeaders(const HttpRequest& request) const;
    std::optional<Exchange> takeExchange(HttpConnection* connection);
    // `why`: for the request log, when the call did not end by itself.
    void served(const Exchange& exchange, int status, const QString& why = {});
    void checkDrained();

    CallService& m_service;
    LocalServerOptions m_options;
    std::unique_ptr<RequestGuard> m_guard;
    std::vector<QTcpServer*> m_listeners;
    QList<QHostAddress> m_bound;
    QStringList m_warnings;
    quint16 m_port = 0;
    QSet<HttpConnection*> m_connections;
    QHash<HttpConnection*, Exchange> m_exchanges;
    ServerMetrics m_metrics;
    std::unique_ptr<McpSessions> m_mcpSessions;
    bool m_draining = false;
};

} // namespace exadesk
