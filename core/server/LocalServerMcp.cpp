// MCP's Streamable HTTP transport on the local port, behind the same guard as Exa's routes.
#include "HttpConnection.h"
#include "LocalServer.h"
#include "mcp/McpSession.h"
#include "mcp/McpSessions.h"
#include "mcp/McpTools.h"

#include <QJsonDocument>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

// Whether an Accept header takes `type` (or anything at all).
bool accepts(const QByteArray& accept, QByteArrayView type)
{
    if (accept.isEmpty())
        return true;
    const QByteArrayView family = type.first(type.indexOf('/') + 1);
    for (const QByteArray& range : accept.split(',')) {
        const QByteArray media = range.split(';').constFirst().trimmed().toLower();
        if (media == type || media == "*/*" || (media.endsWith("/*") && media.startsWith(family)))
            return true;
    }
    return false;
}

QByteArray sseEvent(const QByteArray& message)
{
    return "event: message\ndata: " + message + "\n\n";
}

} // namespace

void LocalServer::refuseMcp(HttpConnection* connection, int status, int code, const QString& message)
{
    reply(connection, status, {{"Content-Type", "application/json"}},
          QJsonDocument(McpSession::errorResponse(QJsonValue::Null, code, message)).toJson(QJsonDocument::Compact));
}

void LocalServer::serveMcp(HttpConnection* connection, Exchange& exchange)
{
    const HttpRequest& request = connection->request();
    const QByteArray sessionId = request.header("mcp-session-id");
    if (request.method == "DELETE") {
        if (sessionId.isEmpty())
            return refuseMcp(connection, 400, McpSession::InvalidRequest,
                             tr("Bad request: DELETE /mcp needs the Mcp-Session-Id of the session to end."));
        if (!m_mcpSessions->close(sessionId))
            return refuseMcp(connection, 404, McpSession::InvalidRequest,
                             tr("Session not found: it ended or never existed; start a new one with initialize."));
        return reply(connection, 204, {}, {});
    }
    if (request.method != "POST") {
        // No stream of the server's own: it sends no requests or notifications outside answers.
        HttpHeaders headers{{"Allow", "POST, DELETE"}, {"Content-Type", "application/json"}};
        return reply(connection, 405, headers,
                     QJsonDocument(McpSession::errorResponse(
                                       QJsonValue::Null, McpSession::InvalidRequest,
                                       tr("Method not allowed: /mcp takes POST (messages) and DELETE (ending a "
                                          "session); this server opens no stream of its own.")))
                         .toJson(QJsonDocument::Compact));
    }
    const QByteArray version = request.header("mcp-protocol-version");
    if (!version.isEmpty() && !McpSession::protocolVersions().contains(QString::fromLatin1(version)))
        return refuseMcp(connection, 400, McpSession::InvalidRequest,
                         tr("Bad request: MCP-Protocol-Version %1 is not supported; this server speaks %2.")
                             .arg(QString::fromLatin1(version).left(40), McpSession::protocolVersions().join(u", "_s)));
    const QByteArray accept = request.header("accept");
    const bool json = accepts(accept, "application/json");
    const bool events = accepts(accept, "text/event-stream");
    if (!json && !events)
        return refuseMcp(connection, 406, McpSession::InvalidRequest,
                         tr("Not acceptable: the client must accept application/json or text/event-stream."));

    QJsonParseError parseError;
    const QJsonDocument parsed = QJsonDocument::fromJson(request.body, &parseError);
    const bool initializing = parsed.object().value("method"_L1).toString() == "initialize"_L1;
    McpSession* session = nullptr;
    QByteArray newSessionId;
    if (initializing) {
        // exa-mcp-server's ?tools=a,b picks the tools here too.
        QStringList unknown;
        const QString asked
            = QUrlQuery(QString::fromLatin1(request.query)).queryItemValue(u"tools"_s, QUrl::FullyDecoded);
        const QStringList tools = McpTools::select(asked, &unknown);
        if (tools.isEmpty())
            return refuseMcp(connection, 400, McpSession::InvalidRequest,
                             tr("Bad request: none of the tools asked for (%1) is offered; the tools are %2.")
                                 .arg(unknown.join(u", "_s).left(200), McpTools::names().join(u", "_s)));
        session = m_mcpSessions->open(tools, &newSessionId);
        if (!session)
            return refuseMcp(connection, 503, McpSession::InternalError,
                             tr("Too many MCP sessions are busy; try again shortly."));
        connect(session, &McpSession::toolCalled, this,
                [this](const QString& tool, bool failed) { m_metrics.countToolCall(tool, failed); });
    } else if (sessionId.isEmpty()) {
        return refuseMcp(connection, 400, McpSession::InvalidRequest,
                         tr("Bad request: no Mcp-Session-Id header; send initialize first and then the session id "
                            "it returns with every message."));
    } else if (session = m_mcpSessions->find(sessionId); !session) {
        return refuseMcp(connection, 404, McpSession::InvalidRequest,
                         tr("Session not found: it ended or never existed; start a new one with initialize."));
    }

    McpReply* mcp = session->receive(parsed, parseError, this);
    if (initializing && !(mcp->isFinished() && mcp->initialized())) {
        m_mcpSessions->close(newSessionId); // a failed initialize makes no session
        newSessionId.clear();
    }
    if (!mcp->expectsAnswer()) {
        delete mcp;
        return reply(connection, 202, {}, {});
    }
    exchange.mcp = mcp;
    HttpHeaders headers = corsHeaders(request);
    if (!newSessionId.isEmpty())
        headers.emplaceBack("Mcp-Session-Id", newSessionId);
    // Progress goes out as it happens only on a stream; a client that takes both gets one only
    // when it asked for progress.
    const bool asStream = events && (!json || (!mcp->isFinished() && mcp->wantsProgress()));
    if (asStream) {
        connection->beginStream(
            200, headers + HttpHeaders{{"Content-Type", "text/event-stream"}, {"Cache-Control", "no-cache"}});
        exchange.streaming = true;
        connect(mcp, &McpReply::notification, connection,
                [connection](const QByteArray& message) { connection->writeChunk(sseEvent(message)); });
    }
    if (mcp->isFinished())
        return answerMcp(connection, mcp, headers, asStream);
    connect(mcp, &McpReply::finished, this,
            [this, connection, mcp, headers, asStream] { answerMcp(connection, mcp, headers, asStream); });
}

void LocalServer::answerMcp(HttpConnection* connection, McpReply* mcp, HttpHeaders headers, bool asStream)
{
    const QByteArray answer = mcp->answer();
    mcp->deleteLater();
    if (asStream) {
        const std::optional<Exchange> exchange = takeExchange(connection);
        if (!answer.isEmpty())
            connection->writeChunk(sseEvent(answer));
        connection->endStream();
        if (exchange)
            served(*exchange, 200);
        return checkDrained();
    }
    if (answer.isEmpty())
        return reply(connection, 202, headers, {}); // its one request was cancelled
    // A message that was no message at all is the client's error, in HTTP's words too.
    const int code = mcp->errorCode();
    const int status = code == McpSession::ParseError || code == McpSession::InvalidRequest ? 400 : 200;
    headers.emplaceBack("Content-Type", "application/json");
    reply(connection, status, headers, answer);
}

} // namespace exadesk
