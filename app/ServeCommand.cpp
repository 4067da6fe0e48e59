#include "ServeCommand.h"

#include "CommandEngine.h"
#include "CommandLine.h"
#include "Console.h"
#include "ShutdownSignals.h"
#include "config/SettingsRegistry.h"
#include "secrets/SecretStore.h"
#include "server/AccessToken.h"
#include "server/LocalServer.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QLoggingCategory>
#include <QTimer>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcServe, "exadesk.serve", QtInfoMsg)

namespace exadesk {
namespace {

using console::err;
using console::out;

// How long in-flight requests get to finish after SIGINT or SIGTERM.
constexpr int kDrainSeconds = 30;

int usageError(const QString& program, const QString& message)
{
    return CommandEngine::usageError(program, "serve"_L1, message);
}

// The keychain's token (made on first use), or empty with the reason printed.
QByteArray keychainToken(SecretStore& store, bool regenerate)
{
    AccessTokenTask* task
        = regenerate ? AccessTokenTask::regenerate(store, &store) : AccessTokenTask::load(store, &store);
    if (!task->isFinished()) {
        QEventLoop loop;
        QObject::connect(task, &AccessTokenTask::finished, &loop, &QEventLoop::quit);
        loop.exec();
    }
    if (task->error().isError()) {
        err() << u"exadesk: "_s
              << ServeCommand::tr("the local port's access token is kept in the system keychain, which failed: %1")
                     .arg(task->error().message)
              << '\n'
              << ServeCommand::tr("On a server without a keychain, put a token in a file only you can read and "
                                  "pass --token-file FILE.")
              << Qt::endl;
        return {};
    }
    if (task->wasCreated() && !regenerate)
        err() << ServeCommand::tr("exadesk: made a new access token for the local port and stored it in the "
                                  "keychain; 'exadesk token' shows it.")
              << Qt::endl;
    return task->token();
}

QString logLine(const ServedRequest& request)
{
    QString line = u"%1 %2 %3 %4"_s
                       .arg(QString::fromLatin1(request.client), QString::fromLatin1(request.method),
                            QString::fromLatin1(request.path))
                       .arg(request.status);
    if (request.attempts > 0)
        line += ServeCommand::tr(" %n attempt(s)", nullptr, request.attempts);
    if (!request.key.isEmpty())
        line += u' ' + request.key;
    if (!request.proxyId.isEmpty())
        line += ServeCommand::tr(" via %1").arg(request.proxyId);
    line += u" %1 ms"_s.arg(request.elapsedMs);
    return line;
}

} // namespace

int ServeCommand::run(const QString& program, const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Serves Exa's API on a local port: any Exa client pointed at it (base URL and ExaDesk's access token) "
           "uses your key pool, with its rotation, retries and breakers."));
    const QCommandLineOption help({u"h"_s, u"help"_s}, tr("Show the options of this command."));
    const QCommandLineOption bind(u"bind"_s,
                                  tr("Listen on this address (repeatable; default 127.0.0.1 and ::1). Another "
                                     "address lets other computers reach the port."),
                                  u"ADDRESS"_s);
    const QCommandLineOption port(u"port"_s, tr("Listen on this port (default 8787; 0 picks a free one)."), u"PORT"_s);
    const QCommandLineOption keysFile = CommandEngine::keysFileOption();
    const QCommandLineOption baseUrl = CommandEngine::baseUrlOption();
    const QCommandLineOption caBundle = CommandEngine::caBundleOption();
    const QCommandLineOption tokenFile(u"token-file"_s,
                                       tr("Take the access token from this file (chmod 600) instead of the "
                                          "keychain, for servers without one."),
                                       u"FILE"_s);
    const QCommandLineOption allowHost(
        u"allow-host"_s, tr("Also answer to this host name (repeatable), e.g. on a LAN address."), u"NAME"_s);
    const QCommandLineOption allowOrigin(u"allow-origin"_s,
                                         tr("Let web pages from this origin call the port (repeatable), e.g. "
                                            "http://localhost:3000."),
                                         u"ORIGIN"_s);
    parser.addOptions({help, bind, port, keysFile, baseUrl, caBundle, tokenFile, allowHost, allowOrigin});
    if (!parser.parse(QStringList{program} + arguments))
        return usageError(program, parser.errorText());
    if (parser.isSet(help)) {
        out() << parser.helpText().replace(program + u" [options]"_s, program + u" serve [options]"_s);
        out().flush();
        return ExitSuccess;
    }
    if (!parser.positionalArguments().isEmpty())
        return usageError(program, tr("serve takes no arguments, only options."));

    EngineSetup setup;
    setup.keysFile = parser.value(keysFile);
    setup.keyFromEnvironment = true;
    if (QString problem; !CommandEngine::takeBaseUrl(parser, baseUrl, setup, &problem))
        return usageError(program, problem);
    if (!CommandEngine::takeCaBundle(parser, caBundle, setup))
        return ExitUserError;
    // The stored pool and settings; with --keys-file the port runs without them too.
    const std::unique_ptr<Engine> engine = CommandEngine::open(setup, false);
    LocalServerOptions serverOptions = LocalServerOptions::fromSettings(engine->settings());
    if (parser.isSet(bind)) {
        serverOptions.addresses.clear();
        for (const QString& text : parser.values(bind)) {
            const QHostAddress address(text == "localhost"_L1 ? u"127.0.0.1"_s : text);
            if (address.isNull())
                return usageError(program, tr("--bind takes an IP address such as 127.0.0.1, not '%1'.").arg(text));
            serverOptions.addresses.append(address);
        }
    }
    if (parser.isSet(port)) {
        bool ok = false;
        const uint number = parser.value(port).toUInt(&ok);
        if (!ok || number > 65535)
            return usageError(program, tr("--port takes a number from 0 to 65535, not '%1'.").arg(parser.value(port)));
        serverOptions.port = static_cast<quint16>(number);
    }
    for (const QString& host : parser.values(allowHost)) {
        if (const QString problem = SettingsRegistry::problemWith(setting::ServerAllowedHosts, host);
            !problem.isEmpty())
            return usageError(program, u"--allow-host: "_s + problem + u'.');
        serverOptions.extraHosts.append(host);
    }
    for (const QString& origin : parser.values(allowOrigin)) {
        if (const QString problem = SettingsRegistry::problemWith(setting::ServerAllowedOrigins, origin);
            !problem.isEmpty())
            return usageError(program, u"--allow-origin: "_s + problem + u'.');
        serverOptions.allowedOrigins.append(origin);
    }

    if (!CommandEngine::loadKeys(*engine, setup.keysFile))
        return ExitUserError;
    if (parser.isSet(tokenFile)) {
        QString error;
        const auto token = readTokenFile(parser.value(tokenFile), &error);
        if (!token) {
            err() << u"exadesk: "_s << error << Qt::endl;
            return ExitUserError;
        }
        serverOptions.accessToken = *token;
    } else {
        serverOptions.accessToken = keychainToken(engine->secrets(), false);
        if (serverOptions.accessToken.isEmpty())
            return ExitUserError;
    }
    QObject::connect(engine.get(), &Engine::savingFailed, engine.get(),
                     [](const QString& message) { qCWarning(lcServe).noquote() << message; });

    LocalServer server(*engine);
    QString error;
    if (!server.start(serverOptions, &error)) {
        err() << u"exadesk: "_s << error << Qt::endl;
        return ExitUserError;
    }
    for (const QString& warning : server.warnings())
        err() << tr("exadesk: warning: %1").arg(warning) << Qt::endl;
    QStringList addresses;
    for (const QHostAddress& address : server.addresses())
        addresses.append(address.protocol() == QAbstractSocket::IPv6Protocol ? u'[' + address.toString() + u']'
                                                                             : address.toString());
    const PoolSummary pool = engine->summary();
    err() << tr("exadesk: serving Exa's API on %1, port %2, with %n key(s), for %3; stop with Ctrl+C.", nullptr,
                pool.keyCount() - pool.keysIn(KeyState::Disabled))
                 .arg(addresses.join(u", "_s))
                 .arg(server.port())
                 .arg(engine->baseUrl().toString())
          << Qt::endl;
    // One line per request; the request log gets them too, for the window's Activity page.
    QObject::connect(&server, &LocalServer::requestServed, &server,
                     [](const ServedRequest& request) { qCInfo(lcServe).noquote() << logLine(request); });

    QEventLoop loop;
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, [&] {
        err() << tr("exadesk: %n request(s) still running after %1 seconds are cut off.", nullptr,
                    server.requestsInFlight())
                     .arg(kDrainSeconds)
              << Qt::endl;
        server.stop();
        loop.quit();
    });
    ShutdownSignals signals;
    QObject::connect(&signals, &ShutdownSignals::requested, &loop, [&](int count) {
        if (count > 1) {
            server.stop();
            loop.quit();
            return;
        }
        err() << tr("exadesk: stopping; %n request(s) in flight finish first (Ctrl+C again stops at once).", nullptr,
                    server.requestsInFlight())
              << Qt::endl;
        deadline.start(kDrainSeconds * 1000);
        server.drain();
    });
    QObject::connect(&server, &LocalServer::drained, &loop, &QEventLoop::quit);
    loop.exec();
    server.stop();
    err() << tr("exadesk: the local port is closed.") << Qt::endl;
    return ExitSuccess;
}

int ServeCommand::runToken(const QString& program, const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Prints the local port's access token (made on first use); clients send "
                                        "it as x-api-key or 'Authorization: Bearer'."));
    const QCommandLineOption help({u"h"_s, u"help"_s}, tr("Show the options of this command."));
    const QCommandLineOption regenerate(u"regenerate"_s,
                                        tr("Replace the token with a new one; clients with the old one are refused."));
    parser.addOptions({help, regenerate});
    if (!parser.parse(QStringList{program} + arguments) || !parser.positionalArguments().isEmpty()) {
        err() << u"exadesk: "_s << (parser.errorText().isEmpty() ? tr("token takes no arguments.") : parser.errorText())
              << Qt::endl;
        return ExitUsage;
    }
    if (parser.isSet(help)) {
        out() << parser.helpText().replace(program + u" [options]"_s, program + u" token [options]"_s);
        out().flush();
        return ExitSuccess;
    }
    KeychainSecretStore store;
    const QByteArray token = keychainToken(store, parser.isSet(regenerate));
    if (token.isEmpty())
        return ExitUserError;
    out() << QString::fromLatin1(token) << Qt::endl;
    return ExitSuccess;
}

} // namespace exadesk
