#include "McpSession.h"

#include "McpArguments.h"
#include "McpToolCall.h"
#include "McpTools.h"
#include "base/Version.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

// The version that made wrong arguments a tool's error rather than a protocol error, and the
// one before that made batches go.
constexpr QLatin1StringView kArgumentsAsToolErrors = "2025-11-25"_L1;
constexpr QLatin1StringView kLastWithBatches = "2025-03-26"_L1;

QByteArray toText(const QJsonValue& value)
{
    return value.isArray() ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)
                           : QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
}

QString idKey(const QJsonValue& id)
{
    return QString::fromUtf8(toText(QJsonArray{id}));
}

bool isValidId(const QJsonValue& id)
{
    return id.isString() || (id.isDouble() && id.toDouble() == static_cast<double>(id.toInteger()));
}

QJsonObject resultResponse(const QJsonValue& id, const QJsonObject& result)
{
    return {{"jsonrpc"_L1, u"2.0"_s}, {"id"_L1, id}, {"result"_L1, result}};
}

} // namespace

QByteArray McpReply::answer() const
{
    if (!m_batch)
        return m_slots.isEmpty() || m_slots.constFirst().isEmpty() ? QByteArray() : toText(m_slots.constFirst());
    QJsonArray responses;
    for (const QJsonObject& response : m_slots) {
        if (!response.isEmpty())
            responses.append(response);
    }
    return responses.isEmpty() ? QByteArray() : toText(responses);
}

bool McpReply::initialized() const
{
    return !m_batch && !m_slots.isEmpty()
        && m_slots.constFirst().value("result"_L1).toObject().contains("protocolVersion"_L1);
}

int McpReply::errorCode() const
{
    if (m_batch || m_slots.isEmpty())
        return 0;
    return m_slots.constFirst().value("error"_L1).toObject().value("code"_L1).toInt();
}

int McpReply::reserve()
{
    m_slots.append(QJsonObject());
    m_open.append(true);
    ++m_waiting;
    return static_cast<int>(m_slots.size()) - 1;
}

void McpReply::settle(int slot, QJsonObject response)
{
    if (!m_open.at(slot))
        return;
    m_open[slot] = false;
    m_slots[slot] = std::move(response);
    if (--m_waiting == 0)
        Q_EMIT finished();
}

void McpReply::drop(int slot)
{
    settle(slot, QJsonObject());
}

McpSession::McpSession(CallService& service, QStringList tools, QObject* parent)
    : QObject(parent)
    , m_service(service)
    , m_tools(std::move(tools))
{ }

McpSession::~McpSession()
{
    // Calls still running end with the session; their requests are answered so no one waits.
    const QHash<QString, Running> running = std::exchange(m_running, {});
    for (const Running& entry : running) {
        delete entry.call;
        if (entry.reply)
            entry.reply->settle(entry.slot,
                                errorResponse(entry.id, InternalError, tr("The session ended before the call did.")));
    }
}

const QStringList& McpSession::protocolVersions()
{
    static const QStringList versions{u"2025-11-25"_s, u"2025-06-18"_s, u"2025-03-26"_s};
    return versions;
}

QJsonObject McpSession::errorResponse(const QJsonValue& id, int code, const QString& message)
{
    return {
        {"jsonrpc"_L1, u"2.0"_s}, {"id"_L1, id}, {"error"_L1, QJsonObject{{"code"_L1, code}, {"message"_L1, message}}}};
}

bool McpSession::batchesAllowed() const
{
    return m_version == kLastWithBatches;
}

McpReply* McpSession::receive(const QByteArray& message, QObject* owner)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(message, &parseError);
    return receive(document, parseError, owner);
}

McpReply* McpSession::receive(const QJsonDocument& document, const QJsonParseError& parseError, QObject* owner)
{
    auto* reply = new McpReply;
    reply->setParent(owner);
    if (parseError.error != QJsonParseError::NoError) {
        reply->settle(reply->reserve(),
                      errorResponse(QJsonValue::Null, ParseError,
                                    tr("Parse error: the message is not valid JSON (%1 at byte %2).")
                                        .arg(parseError.errorString())
                                        .arg(parseError.offset)));
        return reply;
    }
    if (!document.isArray()) {
        handle(document.object(), reply, false);
        return reply;
    }
    const QJsonArray batch = document.array();
    if (batch.isEmpty() || !batchesAllowed()) {
        const QString why = batch.isEmpty()
            ? tr("Invalid request: an empty batch.")
            : tr("Invalid request: batches are not part of MCP %1; send one message at a time.")
                  .arg(m_version.isEmpty() ? tr("before initialize") : m_version);
        reply->settle(reply->reserve(), errorResponse(QJsonValue::Null, InvalidRequest, why));
        return reply;
    }
    reply->m_batch = true;
    // Every request gets its slot before any is answered, so the reply finishes once, at the end.
    ++reply->m_waiting;
    for (const QJsonValue& member : batch)
        handle(member, reply, true);
    if (--reply->m_waiting == 0)
        Q_EMIT reply->finished();
    return reply;
}

void McpSession::handle(const QJsonValue& message, McpReply* reply, bool inBatch)
{
    const QJsonObject object = message.toObject();
    const QJsonValue id = object.value("id"_L1);
    const bool hasId = object.contains("id"_L1);
    const QJsonValue method = object.value("method"_L1);
    const auto refuse = [&](int code, const QString& why) {
        reply->settle(reply->reserve(), errorResponse(hasId && isValidId(id) ? id : QJsonValue::Null, code, why));
    };
    if (!message.isObject() || object.value("jsonrpc"_L1).toString() != "2.0"_L1)
        return refuse(InvalidRequest,
                      tr("Invalid request: a JSON-RPC 2.0 message is an object with "
                         "\"jsonrpc\": \"2.0\"."));
    if (!object.contains("method"_L1)) {
        // A client's response to a request of ours: we send none, so there is nothing to do.
        if (hasId && (object.contains("result"_L1) || object.contains("error"_L1)))
            return;
        return refuse(InvalidRequest, tr("Invalid request: the message has no \"method\"."));
    }
    if (!method.isString())
        return refuse(InvalidRequest, tr("Invalid request: \"method\" must be a string."));
    if (hasId && !isValidId(id))
        return refuse(InvalidRequest, tr("Invalid request: \"id\" must be a string or an integer."));
    const QString name = method.toString();
    const QJsonValue paramsValue = object.value("params"_L1);
    if (!paramsValue.isUndefined() && !paramsValue.isObject())
        return refuse(InvalidParams, tr("Invalid params: \"params\" must be an object."));
    const QJsonObject params = paramsValue.toObject();

    if (!hasId) {
        // Notifications are not answered, not even when they are not understood.
        if (name == "notifications/cancelled"_L1)
            cancel(params.value("requestId"_L1));
        return;
    }
    if (m_running.contains(idKey(id)))
        return refuse(InvalidRequest,
                      tr("Invalid request: the id %1 belongs to a request still running.")
                          .arg(QString::fromUtf8(toText(QJsonArray{id})).mid(1).chopped(1)));
    if (name == "initialize"_L1) {
        if (inBatch)
            return refuse(InvalidRequest, tr("Invalid request: initialize cannot be part of a batch."));
        return reply->settle(reply->reserve(), initialize(id, params));
    }
    if (name == "ping"_L1)
        return reply->settle(reply->reserve(), resultResponse(id, {}));
    if (name == "tools/list"_L1)
        return reply->settle(reply->reserve(), listTools(id));
    if (name == "tools/call"_L1) {
        if (params.value("_meta"_L1).toObject().contains("progressToken"_L1))
            reply->m_wantsProgress = true;
        return callTool(id, params, reply, reply->reserve());
    }
    refuse(MethodNotFound, tr("Method not found: %1").arg(name));
}

QJsonObject McpSession::initialize(const QJsonValue& id, const QJsonObject& params)
{
    if (!m_version.isEmpty())
        return errorResponse(id, InvalidRequest, tr("Invalid request: the session is already initialized."));
    const QJsonValue asked = params.value("protocolVersion"_L1);
    if (!asked.isString())
        return errorResponse(id, InvalidParams, tr("Invalid params: initialize needs a \"protocolVersion\"."));
    m_version = protocolVersions().contains(asked.toString()) ? asked.toString() : protocolVersions().constFirst();
    const QJsonObject server{{"name"_L1, u"exadesk"_s},
                             {"title"_L1, QLatin1StringView(kApplicationName)},
                             {"version"_L1, QLatin1StringView(kVersion)}};
    return resultResponse(id,
                          {{"protocolVersion"_L1, m_version},
                           {"capabilities"_L1, QJsonObject{{"tools"_L1, QJsonObject{{"listChanged"_L1, false}}}}},
                           {"serverInfo"_L1, server},
                           {"instructions"_L1,
                            u"Searches the web with Exa through the user's ExaDesk key pool. Find pages with "
                            u"web_search_exa, then read the best ones whole with web_fetch_exa."_s}});
}

QJsonObject McpSession::listTools(const QJsonValue& id) const
{
    QJsonArray tools;
    for (const McpTool& tool : McpTools::all()) {
        if (m_tools.contains(tool.name))
            tools.append(tool.definition);
    }
    return resultResponse(id, {{"tools"_L1, tools}});
}

void McpSession::callTool(const QJsonValue& id, const QJsonObject& params, McpReply* reply, int slot)
{
    const QString name = params.value("name"_L1).toString();
    const McpTool* tool = m_tools.contains(name) ? McpTools::find(name) : nullptr;
    if (!tool)
        return reply->settle(
            slot,
            errorResponse(id, InvalidParams,
                          tr("Unknown tool: '%1'. This server offers: %2.").arg(name, m_tools.join(u", "_s))));
    const QJsonValue given = params.value("arguments"_L1);
    if (!given.isUndefined() && !given.isObject())
        return reply->settle(slot,
                             errorResponse(id, InvalidParams, tr("Invalid params: \"arguments\" must be an object.")));
    QString problem;
    const QJsonObject arguments
        = McpArguments::read(name, tool->definition.value("inputSchema"_L1).toObject(), given.toObject(), &problem);
    if (!problem.isEmpty()) {
        // Since 2025-11-25 a model sees what was wrong with its arguments, and can correct them.
        if (m_version.isEmpty() || m_version >= kArgumentsAsToolErrors)
            return reply->settle(slot, resultResponse(id, McpToolCall::errorResult(problem)));
        return reply->settle(slot, errorResponse(id, InvalidParams, problem));
    }

    auto* call = new McpToolCall(m_service, name, arguments, this);
    const QString key = idKey(id);
    m_running.insert(key, {call, reply, slot, id});
    const QJsonValue progressToken = params.value("_meta"_L1).toObject().value("progressToken"_L1);
    if (!progressToken.isUndefined()) {
        connect(call, &McpToolCall::retrying, reply, [reply, progressToken, step = 0](const QString& message) mutable {
            const QJsonObject progress{
                {"progressToken"_L1, progressToken}, {"progress"_L1, ++step}, {"message"_L1, message}};
            Q_EMIT reply->notification(toText(QJsonObject{
                {"jsonrpc"_L1, u"2.0"_s}, {"method"_L1, u"notifications/progress"_s}, {"params"_L1, progress}}));
        });
    }
    connect(call, &McpToolCall::finished, this, [this, key] {
        const Running entry = m_running.take(key);
        const QJsonObject& result = entry.call->result();
        Q_EMIT toolCalled(entry.call->tool(), result.value("isError"_L1).toBool());
        if (entry.reply)
            entry.reply->settle(entry.slot, resultResponse(entry.id, result));
        entry.call->deleteLater();
    });
    // A reply dropped by its transport (the client left): its calls stop.
    connect(reply, &QObject::destroyed, call, [this, key, call] {
        if (m_running.value(key).call != call)
            return; // it ended, and the id may have been used again since
        m_running.remove(key);
        delete call;
    });
}

void McpSession::cancel(const QJsonValue& requestId)
{
    const Running entry = m_running.take(idKey(requestId));
    if (!entry.call)
        return;
    entry.call->cancel();
    entry.call->deleteLater();
    if (entry.reply)
        entry.reply->drop(entry.slot);
}

} // namespace exadesk
