#include "CommandEngine.h"

#include "CommandLine.h"
#include "Console.h"
#include "VaultCommand.h"
#include "exa/ExaClient.h"

#include <QEventLoop>

using namespace Qt::StringLiterals;

namespace exadesk {

using console::err;

std::unique_ptr<Engine> CommandEngine::open(EngineSetup setup, bool needDatabase)
{
    std::optional<VaultPassphrase> passphrase = VaultCommand::passphrase();
    if (!passphrase)
        return nullptr;
    setup.vaultPassphrase = std::move(*passphrase);
    auto engine = std::make_unique<Engine>(std::move(setup));
    if (engine->database())
        return engine;
    const StorageError& error = engine->databaseError();
    err() << u"exadesk: "_s << error.message << '\n';
    if (error.kind == StorageError::Kind::Corrupt)
        err() << tr("Move it aside (it is kept) and start with a fresh one: exadesk database move-aside") << '\n';
    err().flush();
    if (needDatabase)
        return nullptr;
    return engine;
}

PoolTask* CommandEngine::wait(PoolTask* task, bool progress)
{
    // A count that would flash by unread is not shown.
    constexpr int kWorthCounting = 100;
    bool counted = false;
    QMetaObject::Connection counting;
    if (progress) {
        counting = QObject::connect(task, &PoolTask::progress, task, [&counted](int done, int total) {
            if (total <= kWorthCounting || (done % 500 != 0 && done != total))
                return;
            err() << tr("exadesk: %1 of %2").arg(done).arg(total) << '\r' << Qt::flush;
            counted = true;
        });
    }
    if (!task->isFinished()) {
        QEventLoop loop;
        QObject::connect(task, &PoolTask::finished, &loop, &QEventLoop::quit);
        loop.exec();
    }
    QObject::disconnect(counting);
    if (counted)
        err() << '\n';
    return task;
}

bool CommandEngine::load(Engine& engine)
{
    const PoolTask* loaded = wait(engine.load());
    if (loaded->error().isEmpty())
        return true;
    err() << u"exadesk: "_s << loaded->error() << Qt::endl;
    return false;
}

bool CommandEngine::loadKeys(Engine& engine, const QString& keysFile)
{
    const PoolTask* loaded = wait(engine.load());
    for (const TaskItem& item : loaded->items())
        err() << u"exadesk: "_s
              << tr("%1, line %2: %3; the line is skipped.").arg(keysFile).arg(item.line).arg(item.message) << Qt::endl;
    if (!loaded->error().isEmpty()) {
        err() << u"exadesk: "_s << loaded->error() << Qt::endl;
        return false;
    }
    if (engine.summary().keyCount() == 0) {
        err() << tr("exadesk: no API key. Add one with 'exadesk keys add' (from https://dashboard.exa.ai/api-keys), "
                    "set EXA_API_KEY, e.g. EXA_API_KEY=... exadesk search \"your question\", or pass --keys-file.")
              << Qt::endl;
        return false;
    }
    return true;
}

int CommandEngine::usageError(const QString& program, QLatin1StringView command, const QString& message)
{
    err() << u"exadesk: "_s << message << '\n'
          << tr("Run '%1 %2 --help' for the options.").arg(program, command) << Qt::endl;
    return ExitUsage;
}

QCommandLineOption CommandEngine::keysFileOption()
{
    return {u"keys-file"_s,
            tr("Use the keys in this file (one per line or 'label,key'; chmod 600) instead of the stored pool."),
            u"FILE"_s};
}

QCommandLineOption CommandEngine::baseUrlOption()
{
    return {u"base-url"_s, tr("Exa's address (default %1).").arg(exa::ExaClientOptions::defaultBaseUrl().toString()),
            u"URL"_s};
}

bool CommandEngine::takeBaseUrl(const QCommandLineParser& parser, const QCommandLineOption& option, EngineSetup& setup,
                                QString* problem)
{
    if (!parser.isSet(option))
        return true;
    const QUrl url(parser.value(option), QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != "http"_L1 && url.scheme() != "https"_L1) || url.host().isEmpty()) {
        *problem = tr("--base-url takes an http or https address such as https://api.exa.ai, not '%1'.")
                       .arg(parser.value(option));
        return false;
    }
    setup.baseUrl = url;
    return true;
}

QCommandLineOption CommandEngine::caBundleOption()
{
    return {u"ca-bundle"_s, tr("Also trust the CA certificates in this PEM file (e.g. a company proxy)."), u"FILE"_s};
}

bool CommandEngine::takeCaBundle(const QCommandLineParser& parser, const QCommandLineOption& option, EngineSetup& setup)
{
    if (!parser.isSet(option))
        return true;
    QString error;
    const auto certificates = exa::loadCaBundle(parser.value(option), &error);
    if (!certificates) {
        console::err() << u"exadesk: "_s << error << Qt::endl;
        return false;
    }
    setup.extraCaCertificates = *certificates;
    return true;
}

} // namespace exadesk
