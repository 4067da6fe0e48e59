#pragma once

#include "calls/CallService.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QPointer>

#include <optional>

namespace exadesk {

// One tools/call carried out through the engine: the tool's arguments become an Exa call, the
// call goes through the pool like any other (rotation, retries, breakers), and Exa's answer
// becomes the tool's result in exa-mcp-server's layout. A failure is a result too, with
// isError set and a message a model can act on. The call is recorded in the request log as
// coming from MCP.
class McpToolCall : public QObject
{
    Q_OBJECT

public:
    // `arguments` as McpArguments::read() gave them. finished() follows from the event loop.
    McpToolCall(CallService& service, const QString& tool, const QJsonObject& arguments, QObject* parent = nullptr);
    ~McpToolCall() override;

    const QString& tool() const { return m_tool; }
    bool isFinished() const { return !m_result.isEmpty(); }
    // The CallToolResult: content, and isError when the tool failed.
    const QJsonObject& result() const { return m_result; }
    // Ends the call on the wire; finished() does not follow.
    void cancel();

    // The result of a tool that failed, with `message` as its text.
    static QJsonObject errorResult(const QString& message);

Q_SIGNALS:
    // An attempt failed and another follows (a progress notification's matter).
    void retrying(const QString& message);
    void finished();

private:
    void onEnded();
    // Into the request log; `cancelled` says why a call that did not end by itself stopped.
    void record(const PendingCall& call, const QString& cancelled = {});
    void finish(QJsonObject result);

    CallService& m_service;
    QString m_tool;
    QJsonObject m_request; // what went to Exa, for laying out its answer
    QString m_question;
    QPointer<PendingCall> m_call;
    QElapsedTimer m_elapsed;
    qint64 m_startedAtMs = 0;
    QJsonObject m_result;
};

// What tools/call makes of a tool's arguments and of Exa's answer. Apart from the running call,
// for tests of the layouts.
namespace mcptool {

struct Request
{
    exa::ExaCall call;
    QJsonObject body; // the call's body as JSON (empty for a GET)
    QString question; // what a person would call it, for the request log
};

// The Exa call for `tool`, or why the arguments do not make one.
std::optional<Request> requestFor(const QString& tool, const QJsonObject& arguments, QString* error);
// The result of `tool` from Exa's answer to `request` (a 2xx body).
QJsonObject resultFor(const QString& tool, const QJsonObject& request, const QJsonObject& answer);
// The result of `tool` when its call failed with `error`.
QJsonObject failureFor(const QString& tool, const exa::ExaError& error);

} // namespace mcptool

} // namespace exadesk
