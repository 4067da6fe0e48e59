#pragma once

#include "engine/Engine.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QCoreApplication>

#include <memory>

// What every command does with the engine: open it (saying what is wrong when its database does
// not open), wait for its tasks on the event loop, and show a key's row.
namespace exadesk {

class CommandEngine
{
    Q_DECLARE_TR_FUNCTIONS(CommandEngine)

public:
    // An engine for a command, with the vault passphrase given for this run (or asked for on a
    // terminal). When the database does not open, says what is wrong and what to do on stderr;
    // with `needDatabase`, returns null then. Null too when the passphrase file cannot be used.
    static std::unique_ptr<Engine> open(EngineSetup setup = {}, bool needDatabase = true);
    // Runs the event loop until `task` ends; with `progress`, counts on stderr as it goes (when
    // there is much to count).
    static PoolTask* wait(PoolTask* task, bool progress = false);
    // Loads the pool (Engine::load()); on failure says why and returns false.
    static bool load(Engine& engine);
    // As load(), for a command that calls Exa: says which lines of `keysFile` were skipped, and
    // what to do when there is no key at all.
    static bool loadKeys(Engine& engine, const QString& keysFile);

    // Says what is wrong with the command line and where its options are told; returns ExitUsage.
    static int usageError(const QString& program, QLatin1StringView command, const QString& message);

    // --keys-file FILE, for the commands that serve: these keys instead of the stored pool.
    static QCommandLineOption keysFileOption();
    // --base-url URL, for the commands that call Exa.
    static QCommandLineOption baseUrlOption();
    // The address `parser` names with it, if any, into `setup`; false (with the reason in
    // `problem`) when it is no http or https address.
    static bool takeBaseUrl(const QCommandLineParser& parser, const QCommandLineOption& option, EngineSetup& setup,
                            QString* problem);

    // --ca-bundle FILE, for the commands that call Exa.
    static QCommandLineOption caBundleOption();
    // Reads the bundle `parser` names with it, if any, into `setup`; says why and returns false
    // when it cannot be read.
    static bool takeCaBundle(const QCommandLineParser& parser, const QCommandLineOption& option, EngineSetup& setup);
};

} // namespace exadesk
