#include "McpCommand.h"

#include "CommandEngine.h"
#include "CommandLine.h"
#include "Console.h"
#include "ShutdownSignals.h"
#include "mcp/McpSession.h"
#include "mcp/McpTools.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QJsonDocument>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

using console::err;
using console::out;

// A message longer than this without its newline is not read further: the client is told, and
// what it sent so far is dropped.
constexpr qsizetype kMaxMessageBytes = 16 * 1024 * 1024;

int usageError(const QString& program, const QString& message)
{
    return CommandEngine::usageError(program, "mcp"_L1, message);
}

// stdout carries nothing but protocol messages, one per line.
bool writeMessage(const QByteArray& message)
{
    return std::fwrite(message.constData(), 1, static_cast<size_t>(message.size()), stdout)
        == static_cast<size_t>(message.size())
        && std::fputc('\n', stdout) != EOF && std::fflush(stdout) == 0;
}

} // namespace

int McpCommand::run(const QString& program, const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Serves ExaDesk's tools to an AI agent over the Model Context Protocol, on stdin and stdout: the "
           "agent searches and reads the web through your key pool, with its rotation, retries and breakers."));
    const QCommandLineOption help({u"h"_s, u"help"_s}, tr("Show the options of this command."));
    const QCommandLineOption keysFile = CommandEngine::keysFileOption();
    const QCommandLineOption baseUrl = CommandEngine::baseUrlOption();
    const QCommandLineOption caBundle = CommandEngine::caBundleOption();
    const QCommandLineOption tools(u"tools"_s,
                                   tr("Offer these tools (comma-separated; default %1). The tools: %2.")
                                       .arg(McpTools::defaultNames().join(u','), McpTools::names().join(u", "_s)),
                                   u"LIST"_s);
    parser.addOptions({help, keysFile, baseUrl, caBundle, tools});
    if (!parser.parse(QStringList{program} + arguments))
        return usageError(program, parser.errorText());
    if (parser.isSet(help)) {
        out() << parser.helpText().replace(program + u" [options]"_s, program + u" mcp [options]"_s);
        out().flush();
        return ExitSuccess;
    }
    if (!parser.positionalArguments().isEmpty())
        return usageError(program, tr("mcp takes no arguments, only options."));
    QStringList unknown;
    const QStringList offered = McpTools::select(parser.value(tools), &unknown);
    if (offered.isEmpty())
        return usageError(
            program, tr("--tools names no tool ExaDesk has; the tools are %1.").arg(McpTools::names().join(u", "_s)));
    for (const QString& name : std::as_const(unknown))
        err() << tr("exadesk: warning: there is no tool '%1'; it is left out.").arg(name) << Qt::endl;

#ifndef Q_OS_UNIX
    err() << tr("exadesk: mcp over stdin and stdout is not available on this system yet; use the local port's "
                "/mcp endpoint instead.")
          << Qt::endl;
    return ExitUserError;
#else
    EngineSetup setup;
    setup.keysFile = parser.value(keysFile);
    setup.keyFromEnvironment = true;
    if (QString problem; !CommandEngine::takeBaseUrl(parser, baseUrl, setup, &problem))
        return usageError(program, problem);
    if (!CommandEngine::takeCaBundle(parser, caBundle, setup))
        return ExitUserError;
    const std::unique_ptr<Engine> engine = CommandEngine::open(setup, false);
    if (!engine)
        return ExitUserError;
    // Without a usable key the server still starts: each tool call then says what is missing, so
    // the agent's user hears of it where they are looking.
    CommandEngine::loadKeys(*engine, setup.keysFile);
    const PoolSummary pool = engine->summary();
    err() << tr("exadesk: MCP server on stdin and stdout with %n key(s), offering %1.", nullptr,
                pool.keyCount() - pool.keysIn(KeyState::Disabled))
                 .arg(offered.join(u", "_s))
          << Qt::endl;

    // A client that closes our stdout ends us through a failed write, not SIGPIPE.
    std::signal(SIGPIPE, SIG_IGN);
    McpSession session(*engine, offered);
    QEventLoop loop;
    const auto send = [&loop](const QByteArray& message) {
        if (!writeMessage(message))
            loop.quit(); // the client is gone
    };
    // When stdin closes, the answers still on their way are given before the end.
    int unanswered = 0;
    bool inputClosed = false;
    const auto answer = [&](McpReply* reply) {
        if (!reply->answer().isEmpty())
            send(reply->answer());
        reply->deleteLater();
    };
    QByteArray buffer;
    bool dropping = false; // inside a message too long to read
    const auto take = [&](QByteArray line) {
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.trimmed().isEmpty())
            return;
        McpReply* reply = session.receive(line, &session);
        QObject::connect(reply, &McpReply::notification, &loop, send);
        if (reply->isFinished())
            return answer(reply);
        ++unanswered;
        QObject::connect(reply, &McpReply::finished, &loop, [&, reply] {
            answer(reply);
            if (--unanswered == 0 && inputClosed)
                loop.quit();
        });
    };
    QSocketNotifier input(STDIN_FILENO, QSocketNotifier::Read);
    QObject::connect(&input, &QSocketNotifier::activated, &loop, [&] {
        char chunk[64 * 1024];
        const ssize_t got = ::read(STDIN_FILENO, chunk, sizeof chunk);
        if (got <= 0) {
            // stdin closed: the client is done with us. A last line without its newline counts.
            input.setEnabled(false);
            inputClosed = true;
            take(std::exchange(buffer, {}));
            if (unanswered == 0)
                loop.quit();
            return;
        }
        QByteArrayView data(chunk, got);
        if (dropping) {
            // The rest of a message too long to read, up to its end.
            const qsizetype end = data.indexOf('\n');
            if (end < 0)
                return;
            data = data.sliced(end + 1);
            dropping = false;
        }
        buffer.append(data);
        qsizetype start = 0;
        for (qsizetype end = buffer.indexOf('\n'); end >= 0; end = buffer.indexOf('\n', start)) {
            take(buffer.mid(start, end - start));
            start = end + 1;
        }
        buffer.remove(0, start);
        if (buffer.size() > kMaxMessageBytes) {
            buffer.clear();
            dropping = true;
            send(
                QJsonDocument(McpSession::errorResponse(QJsonValue::Null, McpSession::InvalidRequest,
                                                        tr("Invalid request: a message longer than %1 MiB was dropped.")
                                                            .arg(kMaxMessageBytes / (1024 * 1024))))
                    .toJson(QJsonDocument::Compact));
        }
    });
    ShutdownSignals signals;
    QObject::connect(&signals, &ShutdownSignals::requested, &loop, &QEventLoop::quit);
    loop.exec();
    return ExitSuccess;
#endif
}

} // namespace exadesk
