#include "VaultCommand.h"

#include "CommandEngine.h"
#include "CommandLine.h"
#include "Console.h"
#include "base/PrivateFile.h"
#include "storage/PoolRecords.h"
#include "storage/VaultRecords.h"

#include <QCommandLineParser>
#include <QFile>

#include <cstdio>
#ifdef Q_OS_UNIX
#include <termios.h>
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

using console::err;
using console::out;

// A line typed on the terminal without echo; nothing when there is no terminal to ask on.
std::optional<QString> askOnTerminal(const QString& prompt)
{
#ifdef Q_OS_UNIX
    if (!isatty(STDIN_FILENO) || !isatty(STDERR_FILENO))
        return std::nullopt;
    // Echo goes off (and what was typed ahead is dropped) before the prompt shows: what is typed
    // after it is never echoed.
    termios saved{};
    tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    err() << prompt << Qt::flush;
    QByteArray line;
    for (int c = std::getchar(); c != EOF && c != '\n'; c = std::getchar())
        line.append(static_cast<char>(c));
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    err() << '\n' << Qt::flush;
    const QString typed = QString::fromUtf8(line);
    VaultKey::wipe(line);
    if (typed.isEmpty())
        return std::nullopt;
    return typed;
#else
    Q_UNUSED(prompt);
    return std::nullopt;
#endif
}

} // namespace

QString VaultCommand::readPassphraseFile(const QString& path, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = tr("the vault passphrase file %1 cannot be read: %2").arg(path, file.errorString());
        return {};
    }
    if (othersMayAccess(file)) {
        *error = tr("the vault passphrase file %1 may be read by other users; make it yours alone (chmod 600 %1).")
                     .arg(path);
        return {};
    }
    QByteArray bytes = file.readLine();
    while (bytes.endsWith('\n') || bytes.endsWith('\r'))
        bytes.chop(1);
    const QString passphrase = QString::fromUtf8(bytes);
    VaultKey::wipe(bytes);
    if (passphrase.isEmpty())
        *error = tr("the vault passphrase file %1 is empty.").arg(path);
    return passphrase;
}

std::optional<QString> VaultCommand::givenPassphrase(QString* error)
{
    const QString path = qEnvironmentVariable(kPassphraseFileVariable);
    if (path.isEmpty())
        return std::nullopt;
    const QString given = readPassphraseFile(path, error);
    if (given.isEmpty())
        return std::nullopt;
    return given;
}

std::optional<VaultPassphrase> VaultCommand::passphrase()
{
    QString error;
    VaultPassphrase passphrase{givenPassphrase(&error), [] { return askOnTerminal(tr("Vault passphrase: ")); }};
    if (!error.isEmpty()) {
        err() << u"exadesk: "_s << error << Qt::endl;
        return std::nullopt;
    }
    return passphrase;
}

int VaultCommand::usage(int exitCode)
{
    QTextStream& stream = exitCode == ExitSuccess ? out() : err();
    stream << tr("Usage: %1 vault COMMAND [options]").arg(m_program) << "\n\n"
           << tr("Keys and proxy passwords are sealed in the database with one vault key, which the system "
                 "keychain keeps, or a passphrase guards.")
           << "\n\n"
           << tr("Commands:") << '\n'
           << "  status                                   " << tr("say how the vault key is kept") << '\n'
           << "  passphrase [--new-passphrase-file F] [--only]\n"
           << "                                           "
           << tr("guard the vault key with a passphrase too (with --only: instead of the keychain)") << '\n'
           << "  start-over --yes                         "
           << tr("forget every sealed secret and start a new vault (labels and statistics stay)") << "\n\n"
           << tr("Every command takes --vault-passphrase-file FILE (or EXADESK_VAULT_PASSPHRASE_FILE=FILE): the "
                 "passphrase in a file only you can read. On a terminal it is asked for when needed.")
           << '\n';
    stream.flush();
    return exitCode;
}

int VaultCommand::run(const QString& program, const QStringList& arguments)
{
    m_program = program;
    const QString what = arguments.value(0);
    if (what == "status"_L1 && arguments.size() == 1)
        return status();
    if (what == "passphrase"_L1)
        return setPassphrase(arguments);
    if (what == "start-over"_L1)
        return startOver(arguments);
    return usage(what == "--help"_L1 || what == "-h"_L1 || what == "help"_L1 ? ExitSuccess : ExitUsage);
}

int VaultCommand::status()
{
    const auto engine = CommandEngine::open();
    if (!engine)
        return ExitUserError;
    StorageError error;
    VaultRecords records(*engine->database());
    const std::optional<VaultRecord> vault = records.vault(&error);
    const int keys = static_cast<int>(records.sealedKeys(&error).size());
    if (error.isError()) {
        err() << u"exadesk: "_s << error.message << Qt::endl;
        return ExitUserError;
    }
    if (!vault) {
        out() << tr("No vault yet: one is made when the first key or proxy password is added.") << Qt::endl;
        return ExitSuccess;
    }
    QStringList guards;
    if (vault->inKeychain)
        guards << tr("the system keychain");
    if (vault->hasPassphrase())
        guards << tr("a passphrase");
    out() << tr("The vault key is kept by %1.").arg(guards.join(tr(" and "))) << '\n'
          << tr("%n key(s) sealed with it.", nullptr, keys) << Qt::endl;
    return ExitSuccess;
}

int VaultCommand::setPassphrase(const QStringList& arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption file(u"new-passphrase-file"_s, tr("Read the new passphrase from this file."), u"FILE"_s);
    const QCommandLineOption only(u"only"_s,
                                  tr("Keep the vault key behind the passphrase alone, not in the keychain."));
    parser.addOptions({file, only});
    if (!parser.parse(arguments)) {
        err() << u"exadesk: "_s << parser.errorText() << Qt::endl;
        return ExitUsage;
    }
    QString passphrase;
    if (parser.isSet(file)) {
        QString error;
        passphrase = readPassphraseFile(parser.value(file), &error);
        if (passphrase.isEmpty()) {
            err() << u"exadesk: "_s << error << Qt::endl;
            return ExitUserError;
        }
    } else {
        const std::optional<QString> typed = askOnTerminal(tr("New vault passphrase: "));
        if (!typed || askOnTerminal(tr("The same again: ")) != typed) {
            err() << tr("exadesk: no passphrase was set (none given, or the two did not match). Without a terminal, "
                        "use --new-passphrase-file FILE.")
                  << Qt::endl;
            return ExitUserError;
        }
        passphrase = *typed;
    }
    const auto engine = CommandEngine::open();
    if (!engine)
        return ExitUserError;
    const PoolTask* task = CommandEngine::wait(engine->vaultOpener()->setPassphrase(passphrase, parser.isSet(only)));
    if (!task->error().isEmpty()) {
        err() << u"exadesk: "_s << task->error() << Qt::endl;
        return ExitUserError;
    }
    out() << (parser.isSet(only) ? tr("The vault key is now behind the passphrase alone.")
                                 : tr("The vault passphrase is set; it opens the secrets where the keychain cannot."))
          << Qt::endl;
    return ExitSuccess;
}

int VaultCommand::startOver(const QStringList& arguments)
{
    if (arguments != QStringList{u"start-over"_s, u"--yes"_s}) {
        err() << tr("exadesk: 'vault start-over' forgets every sealed key and proxy password (labels, statistics "
                    "and history stay). Add --yes to go ahead, then bring the secrets back with 'exadesk keys import'.")
              << Qt::endl;
        return ExitUsage;
    }
    const auto engine = CommandEngine::open();
    if (!engine)
        return ExitUserError;
    const PoolTask* task = CommandEngine::wait(engine->vaultOpener()->startOver());
    if (!task->error().isEmpty()) {
        err() << u"exadesk: "_s << task->error() << Qt::endl;
        return ExitUserError;
    }
    out() << tr("A new vault starts with the next key added. Add the keys' secrets again: exadesk keys import FILE.")
          << Qt::endl;
    return ExitSuccess;
}

} // namespace exadesk
