#include "DataCommands.h"

#include "CommandEngine.h"
#include "CommandLine.h"
#include "engine/PoolExport.h"

#include <QCommandLineParser>
#include <QFile>
#include <QTextStream>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace exadesk {

int DataCommands::runExport(const QString& program, const QStringList& arguments)
{
    QTextStream err(stderr);
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Exports keys' labels and statistics, proxies and settings as JSON, "
                                        "without secrets unless --with-secrets is given."));
    const QCommandLineOption help({u"h"_s, u"help"_s}, tr("Show the options of this command."));
    const QCommandLineOption output({u"o"_s, u"output"_s}, tr("Write to this file instead of the screen."), u"FILE"_s);
    const QCommandLineOption withSecrets(
        u"with-secrets"_s,
        tr("Include the keys and proxy passwords themselves (needs --output; the file is made "
           "readable by you only)."));
    parser.addOptions({help, output, withSecrets});
    if (!parser.parse(QStringList{program} + arguments)) {
        err << u"exadesk: "_s << parser.errorText() << '\n';
        return ExitUsage;
    }
    if (parser.isSet(help)) {
        QTextStream(stdout) << parser.helpText().replace(program + u" [options]"_s, program + u" export [options]"_s);
        return ExitSuccess;
    }
    const bool secrets = parser.isSet(withSecrets);
    if (secrets && !parser.isSet(output)) {
        err << tr("exadesk: --with-secrets writes to a file only: add --output FILE.") << '\n';
        return ExitUsage;
    }

    const std::unique_ptr<Engine> engine = CommandEngine::open();
    if (!engine)
        return ExitUserError;
    if (secrets) {
        err << tr("exadesk: warning: the file will hold your API keys and proxy passwords in plain text. Keep it "
                  "safe and delete it when done.")
            << '\n';
        if (!CommandEngine::load(*engine))
            return ExitUserError;
    }
    QString problem;
    const std::optional<PoolExport> exported = PoolExport::of(*engine, secrets, &problem);
    if (!exported) {
        err << u"exadesk: "_s << problem << '\n';
        return ExitUserError;
    }
    if (!parser.isSet(output)) {
        std::fwrite(exported->json.constData(), 1, static_cast<size_t>(exported->json.size()), stdout);
        return ExitSuccess;
    }
    if (!PoolExport::writePrivately(parser.value(output), exported->json, &problem)) {
        err << u"exadesk: "_s << problem << '\n';
        return ExitUserError;
    }
    QTextStream(stdout) << tr("Exported %n key(s) and %1 proxies to %2.", nullptr, exported->keys)
                               .arg(exported->proxies)
                               .arg(parser.value(output))
                        << '\n';
    return ExitSuccess;
}

int DataCommands::runDatabase(const QString& program, const QStringList& arguments)
{
    QTextStream err(stderr);
    if (arguments != QStringList{u"move-aside"_s}) {
        err << tr("Usage: %1 database move-aside").arg(program) << '\n'
            << tr("Moves a damaged database aside (it is kept, renamed) so a fresh one starts next time.") << '\n';
        return arguments.contains(u"--help"_s) ? ExitSuccess : ExitUsage;
    }
    const QString path = Database::defaultPath();
    if (!QFile::exists(path)) {
        err << tr("exadesk: there is no database at %1.").arg(path) << '\n';
        return ExitUserError;
    }
    QString error;
    const QString kept = Database::moveAside(path, &error);
    if (kept.isEmpty()) {
        err << u"exadesk: "_s << error << '\n';
        return ExitUserError;
    }
    QTextStream(stdout) << tr("The old database is kept as %1; a fresh one starts next time.").arg(kept) << '\n'
                        << tr("Your keys' secrets stay in the system keychain; add the keys again to use them with the "
                              "fresh database.")
                        << '\n';
    return ExitSuccess;
}

} // namespace exadesk
