#pragma once

#include <QCoreApplication>
#include <QStringList>

namespace exadesk {

// Exit codes of every command, as documented in the README.
enum ExitCode
{
    ExitSuccess = 0,
    ExitUserError = 1,
    ExitUsage = 2
};

// The command-line face of ExaDesk: `exadesk <command> [options]`.
class CommandLine
{
    Q_DECLARE_TR_FUNCTIONS(CommandLine)

public:
    // True when the arguments name a command or ask for help or the version, i.e. when no
    // window should open.
    static bool wantsCommandLine(int argc, char* argv[]);

    // Runs the command named in `arguments` (argv as QStrings) and returns the exit code.
    int run(const QStringList& arguments);

    // Takes --log-format json|text out of `arguments`; false (with a message) for another value.
    static bool takeLogFormat(QStringList& arguments, bool* json);
    // Takes `name VALUE` or `name=VALUE` out of `arguments`: the value, or a null string.
    static QString takeOption(QStringList& arguments, const QString& name);

private:
    int printUsage(int exitCode);
};

} // namespace exadesk
