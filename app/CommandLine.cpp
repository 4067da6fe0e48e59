#include "CommandLine.h"

#include "DataCommands.h"
#include "KeysCommand.h"
#include "McpCommand.h"
#include "ProxiesCommand.h"
#include "SearchCommand.h"
#include "ServeCommand.h"
#include "SettingsCommand.h"
#include "VaultCommand.h"
#include "logging/LogFile.h"
#include "storage/Database.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QScopeGuard>
#include <QTextStream>

#include <cstdio>
#include <cstring>

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

struct Command
{
    const char* name;
    const char* summary;
};

// Kept in one table so the help text and the dispatcher cannot disagree.
constexpr Command kCommands[] = {
    {"search", QT_TRANSLATE_NOOP("CommandLine", "Search Exa and print the results")},
    {"keys", QT_TRANSLATE_NOOP("CommandLine", "Add, import, list, test, enable, disable or remove API keys")},
    {"proxies", QT_TRANSLATE_NOOP("CommandLine", "Add, import, list, test or remove proxies")},
    {"export", QT_TRANSLATE_NOOP("CommandLine", "Export keys' labels, proxies and settings as JSON")},
    {"settings", QT_TRANSLATE_NOOP("CommandLine", "Show or change the engine's settings")},
    {"serve", QT_TRANSLATE_NOOP("CommandLine", "Serve Exa's API on a local port, over your key pool")},
    {"token", QT_TRANSLATE_NOOP("CommandLine", "Show or regenerate the local port's access token")},
    {"mcp", QT_TRANSLATE_NOOP("CommandLine", "Serve ExaDesk's search tools to AI agents over MCP (stdio)")},
    {"database", QT_TRANSLATE_NOOP("CommandLine", "Move a damaged database aside")},
    {"vault", QT_TRANSLATE_NOOP("CommandLine", "Show or change how keys' secrets are guarded")},
};

bool isCommand(const char* word)
{
    for (const Command& command : kCommands) {
        if (std::strcmp(word, command.name) == 0)
            return true;
    }
    return false;
}

} // namespace

bool CommandLine::wantsCommandLine(int argc, char* argv[])
{
    for (int i = 1; i < argc; ++i) {
        const char* word = argv[i];
        if (std::strcmp(word, "--log-format") == 0 || std::strcmp(word, "--vault-passphrase-file") == 0) {
            ++i; // and its value
            continue;
        }
        if (std::strncmp(word, "--log-format=", 13) == 0 || std::strncmp(word, "--vault-passphrase-file=", 24) == 0)
            continue;
        if (isCommand(word) || std::strcmp(word, "--help") == 0 || std::strcmp(word, "-h") == 0
            || std::strcmp(word, "--version") == 0 || std::strcmp(word, "-v") == 0 || std::strcmp(word, "help") == 0)
            return true;
        // Qt's own window options (-platform, -style, ...) mean the window is wanted.
        if (word[0] == '-')
            return false;
        // Any other bare word is a command we do not know: say so on the command line.
        return true;
    }
    return false;
}

int CommandLine::run(const QStringList& arguments)
{
    QStringList rest = arguments.mid(1);
    // Every command logs to the data folder's rotating file, redacted; --log-format picks how.
    bool json = false;
    if (!takeLogFormat(rest, &json))
        return ExitUsage;
    // For every command that opens the vault (VaultCommand::passphrase()).
    if (const QString file = takeOption(rest, u"--vault-passphrase-file"_s); !file.isNull())
        qputenv(VaultCommand::kPassphraseFileVariable, QFile::encodeName(file));
    const LogFile::Format format = json ? LogFile::Format::JsonLines : LogFile::Format::Text;
    LogFile log(QDir(Database::dataDir()).filePath(u"exadesk.log"_s), format);
    LogFile::install(&log);
    const auto uninstall = qScopeGuard([] { LogFile::install(nullptr); });
    if (rest.isEmpty())
        return printUsage(ExitUsage);
    const QString first = rest.constFirst();
    if (first == "--version"_L1 || first == "-v"_L1) {
        QTextStream(stdout) << QCoreApplication::applicationName() << ' ' << QCoreApplication::applicationVersion()
                            << '\n';
        return ExitSuccess;
    }
    if (first == "--help"_L1 || first == "-h"_L1 || first == "help"_L1)
        return printUsage(ExitSuccess);
    const QString program = arguments.constFirst();
    if (first == "search"_L1)
        return SearchCommand().run(program, rest.mid(1));
    if (first == "serve"_L1)
        return ServeCommand().run(program, rest.mid(1));
    if (first == "token"_L1)
        return ServeCommand().runToken(program, rest.mid(1));
    if (first == "mcp"_L1)
        return McpCommand().run(program, rest.mid(1));
    if (first == "keys"_L1)
        return KeysCommand().run(program, rest.mid(1));
    if (first == "proxies"_L1)
        return ProxiesCommand().run(program, rest.mid(1));
    if (first == "export"_L1)
        return DataCommands().runExport(program, rest.mid(1));
    if (first == "settings"_L1)
        return SettingsCommand().run(program, rest.mid(1));
    if (first == "database"_L1)
        return DataCommands().runDatabase(program, rest.mid(1));
    if (first == "vault"_L1)
        return VaultCommand().run(program, rest.mid(1));

    QTextStream(stderr) << tr("exadesk: '%1' is not a command. Run 'exadesk --help' to see the commands.").arg(first)
                        << '\n';
    return ExitUsage;
}

QString CommandLine::takeOption(QStringList& arguments, const QString& name)
{
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        QString value;
        if (arguments.at(i).startsWith(name + u'=')) {
            value = arguments.at(i).section(u'=', 1);
            arguments.removeAt(i);
            return value;
        }
        if (arguments.at(i) == name && i + 1 < arguments.size()) {
            value = arguments.at(i + 1);
            arguments.remove(i, 2);
            return value;
        }
    }
    return {};
}

bool CommandLine::takeLogFormat(QStringList& arguments, bool* json)
{
    const QString value = takeOption(arguments, u"--log-format"_s);
    if (value.isNull())
        return true;
    if (value != "json"_L1 && value != "text"_L1) {
        QTextStream(stderr) << tr("exadesk: --log-format takes json or text, not '%1'.").arg(value) << '\n';
        return false;
    }
    *json = value == "json"_L1;
    return true;
}

int CommandLine::printUsage(int exitCode)
{
    QTextStream out(exitCode == ExitSuccess ? stdout : stderr);
    out << tr("Usage: exadesk [command] [options]") << "\n\n"
        << tr("ExaDesk searches the web with Exa using your own API keys.") << '\n'
        << tr("Without a command it opens the ExaDesk window.") << "\n\n"
        << tr("Commands:") << '\n';
    for (const Command& command : kCommands)
        out << "  " << QString::fromLatin1(command.name).leftJustified(10) << tr(command.summary) << '\n';
    out << '\n'
        << tr("Options:") << '\n'
        << "  -h, --help     " << tr("Show this help; 'exadesk COMMAND --help' shows a command's options") << '\n'
        << "  -v, --version  " << tr("Show the version") << '\n'
        << "  --log-format json|text  " << tr("How the log in the data folder is written (default text)") << "\n\n"
        << tr("Exit codes: 0 success, 1 an error you can fix (the message says how), 2 a bad command line.") << '\n';
    return exitCode;
}

} // namespace exadesk
