#include "KeysCommand.h"

#include "CommandEngine.h"
#include "CommandLine.h"
#include "Console.h"
#include "engine/KeyImport.h"
#include "engine/PoolExport.h"
#include "logging/KeyMask.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

using console::err;
using console::out;

QString when(qint64 ms)
{
    return ms <= 0 ? u"-"_s : QDateTime::fromMSecsSinceEpoch(ms).toLocalTime().toString(u"yyyy-MM-dd HH:mm"_s);
}

} // namespace

int KeysCommand::usage(int exitCode)
{
    QTextStream& stream = exitCode == ExitSuccess ? out() : err();
    stream << tr("Usage: %1 keys COMMAND [options]").arg(m_program) << "\n\n"
           << tr("Commands:") << '\n'
           << "  add [--label L] [--tag T] [--note N]  " << tr("add the key read from standard input") << '\n'
           << "  import FILE|-                         "
           << tr("add the keys in a file: one per line or 'label,key'; '#' comments; or a backup made by "
                 "'exadesk export --with-secrets'")
           << '\n'
           << "  list [--json]                         " << tr("show the keys (masked) and their state") << '\n'
           << "  remove KEY...                         " << tr("remove keys and their secrets") << '\n'
           << "  enable KEY... / disable KEY...        " << tr("use or stop using keys") << '\n'
           << "  test [KEY...] [--base-url URL]        " << tr("check keys with a one-result search (billed)") << "\n\n"
           << tr("KEY is a key's id, its label or the last characters of the key.") << '\n'
           << tr("Keys are kept sealed in %1, with a vault key the system keychain keeps (see 'exadesk vault').")
                  .arg(Database::defaultPath())
           << '\n';
    stream.flush();
    return exitCode;
}

int KeysCommand::run(const QString& program, const QStringList& arguments)
{
    m_program = program;
    if (arguments.isEmpty())
        return usage(ExitUsage);
    const QString what = arguments.constFirst();
    if (what == "--help"_L1 || what == "-h"_L1 || what == "help"_L1)
        return usage(ExitSuccess);
    static const QStringList commands{u"add"_s,    u"import"_s,  u"list"_s, u"remove"_s,
                                      u"enable"_s, u"disable"_s, u"test"_s};
    if (!commands.contains(what)) {
        err() << tr("exadesk: '%1' is not a keys command.").arg(what) << '\n';
        return usage(ExitUsage);
    }
    const QStringList rest = arguments.mid(1);
    if (what == "test"_L1)
        return test(rest);
    const std::unique_ptr<Engine> engine = CommandEngine::open();
    if (!engine)
        return ExitUserError;
    if (what == "add"_L1)
        return add(*engine, rest);
    if (what == "import"_L1)
        return import(*engine, rest);
    if (what == "list"_L1)
        return list(*engine, rest);
    if (what == "remove"_L1)
        return remove(*engine, rest);
    return setEnabled(*engine, rest, what == "enable"_L1);
}

int KeysCommand::add(Engine& engine, const QStringList& arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption label(u"label"_s, tr("A name for the key."), u"LABEL"_s);
    const QCommandLineOption tag(u"tag"_s, tr("A tag (repeatable)."), u"TAG"_s);
    const QCommandLineOption note(u"note"_s, tr("A note."), u"TEXT"_s);
    parser.addOptions({label, tag, note});
    if (!parser.parse(QStringList{m_program} + arguments) || !parser.positionalArguments().isEmpty()) {
        err() << tr("exadesk: keys add reads the key from standard input, e.g. exadesk keys add --label work < "
                    "key.txt")
              << '\n';
        return ExitUsage;
    }
    QString error;
    const QString secret = console::readText(u"-"_s, &error).trimmed();
    if (secret.isEmpty()) {
        err() << tr("exadesk: no key on standard input. Paste it and press Ctrl+D, or: exadesk keys add < key.txt")
              << '\n';
        return ExitUserError;
    }
    const PoolTask* task = CommandEngine::wait(
        engine.keys().add({{0, parser.value(label), secret, parser.values(tag), parser.value(note)}}));
    if (task->items().isEmpty()) {
        err() << u"exadesk: "_s << task->error() << '\n';
        return ExitUserError;
    }
    const TaskItem item = task->items().constFirst();
    if (item.result != TaskItem::Result::Done) {
        err() << u"exadesk: "_s << KeyImport::describe(item) << '\n';
        return ExitUserError;
    }
    out() << tr("Added %1 (%2).")
                 .arg(parser.value(label).isEmpty() ? maskKey(secret) : parser.value(label), maskKey(secret))
          << '\n';
    return ExitSuccess;
}

int KeysCommand::import(Engine& engine, const QStringList& arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption tag(u"tag"_s, tr("Give every imported key this tag (repeatable)."), u"TAG"_s);
    parser.addOption(tag);
    if (!parser.parse(QStringList{m_program} + arguments) || parser.positionalArguments().size() != 1) {
        err() << tr("exadesk: keys import takes one file, or - for standard input.") << '\n';
        return ExitUsage;
    }
    QString error;
    const QString text = console::readText(parser.positionalArguments().constFirst(), &error);
    if (!error.isEmpty()) {
        err() << u"exadesk: "_s << error << '\n';
        return ExitUserError;
    }
    const PoolTask* task = CommandEngine::wait(engine.keys().import(text, parser.values(tag)), true);
    for (const TaskItem& item : task->items()) {
        if (item.result == TaskItem::Result::Done)
            continue;
        // What stopped the import is said once, below, not on every line it stopped.
        const bool stopped = !task->error().isEmpty() && item.message == task->error();
        err() << tr("line %1: %2").arg(item.line).arg(stopped ? tr("not added") : KeyImport::describe(item)) << '\n';
    }
    out() << KeyImport::summary(*task) << '\n';
    if (!task->error().isEmpty())
        err() << u"exadesk: "_s << task->error() << '\n';
    return task->error().isEmpty() ? ExitSuccess : ExitUserError;
}

int KeysCommand::list(Engine& engine, const QStringList& arguments)
{
    StorageError error;
    const QList<KeyRecord> keys = PoolRecords(*engine.database()).keys(&error);
    if (error.isError()) {
        err() << u"exadesk: "_s << error.message << '\n';
        return ExitUserError;
    }
    if (arguments.contains(u"--json"_s)) {
        QJsonArray array;
        for (const KeyRecord& key : keys)
            array.append(PoolExport::toJson(key));
        out() << QJsonDocument(array).toJson();
        return ExitSuccess;
    }
    if (keys.isEmpty()) {
        out() << tr("No keys yet. Add one with: exadesk keys add --label NAME < key.txt") << '\n';
        return ExitSuccess;
    }
    out() << tr("%1 %2 %3 %4 %5")
                 .arg(tr("LABEL").leftJustified(20), tr("KEY").leftJustified(12), tr("STATE").leftJustified(10),
                      tr("REQUESTS").rightJustified(9), tr("LAST USED"))
          << '\n';
    for (const KeyRecord& key : keys) {
        QString state = toString(key.state);
        if (key.secretMissing)
            state = tr("no secret");
        out() << key.label.left(20).leftJustified(20) << ' ' << key.masked.leftJustified(12) << ' '
              << state.leftJustified(10) << ' ' << QString::number(key.requests).rightJustified(9) << ' '
              << when(key.lastUsedAtMs) << '\n';
    }
    return ExitSuccess;
}

QStringList KeysCommand::resolve(Engine& engine, const QStringList& names, bool* ok)
{
    StorageError error;
    const QList<KeyRecord> keys = PoolRecords(*engine.database()).keys(&error);
    QStringList found;
    *ok = !error.isError();
    for (const QString& name : names) {
        QList<KeyRecord> matches;
        for (const KeyRecord& key : keys) {
            if (key.id == name || key.label == name || (name.size() >= 4 && key.masked.endsWith(name)))
                matches.append(key);
        }
        if (matches.size() != 1) {
            err() << (matches.isEmpty() ? tr("exadesk: no key is called '%1'.").arg(name)
                                        : tr("exadesk: '%1' names %2 keys; use the id (exadesk keys list --json).")
                                              .arg(name)
                                              .arg(matches.size()))
                  << '\n';
            *ok = false;
            continue;
        }
        found.append(matches.constFirst().id);
    }
    return found;
}

int KeysCommand::remove(Engine& engine, const QStringList& arguments)
{
    if (arguments.isEmpty())
        return usage(ExitUsage);
    bool ok = false;
    const QStringList ids = resolve(engine, arguments, &ok);
    if (!ok)
        return ExitUserError;
    const PoolTask* task = CommandEngine::wait(engine.keys().remove(ids));
    if (!task->error().isEmpty()) {
        err() << u"exadesk: "_s << task->error() << '\n';
        return ExitUserError;
    }
    out() << tr("Removed %n key(s).", nullptr, static_cast<int>(ids.size())) << '\n';
    return ExitSuccess;
}

int KeysCommand::setEnabled(Engine& engine, const QStringList& arguments, bool enabled)
{
    if (arguments.isEmpty())
        return usage(ExitUsage);
    bool ok = false;
    const QStringList ids = resolve(engine, arguments, &ok);
    if (!ok)
        return ExitUserError;
    const PoolTask* task = CommandEngine::wait(engine.keys().setEnabled(ids, enabled));
    for (const TaskItem& item : task->items()) {
        if (item.result != TaskItem::Result::Done) {
            err() << u"exadesk: "_s << item.message << '\n';
            return ExitUserError;
        }
        out() << (enabled ? tr("Enabled %1.") : tr("Disabled %1.")).arg(labelOf(engine, item.id)) << '\n';
    }
    return ExitSuccess;
}

QString KeysCommand::labelOf(Engine& engine, const QString& id)
{
    StorageError error;
    const std::optional<KeyRecord> row = PoolRecords(*engine.database()).key(id, &error);
    return row ? row->label : id;
}

int KeysCommand::test(const QStringList& arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption baseUrl(u"base-url"_s, tr("Exa's address."), u"URL"_s);
    parser.addOption(baseUrl);
    if (!parser.parse(QStringList{m_program} + arguments))
        return usage(ExitUsage);
    // Each key is checked the way the engine sends it: through its own proxy, with the stored
    // settings (User-Agent, time limit).
    EngineSetup setup;
    if (parser.isSet(baseUrl))
        setup.baseUrl = QUrl(parser.value(baseUrl));
    const std::unique_ptr<Engine> engine = CommandEngine::open(setup);
    if (!engine || !CommandEngine::load(*engine))
        return ExitUserError;
    QStringList ids;
    bool ok = true;
    if (parser.positionalArguments().isEmpty()) {
        StorageError error;
        for (const KeyRecord& key : PoolRecords(*engine->database()).keys(&error))
            ids.append(key.id);
    } else {
        ids = resolve(*engine, parser.positionalArguments(), &ok);
    }
    if (!ok)
        return ExitUserError;
    const PoolTask* task = CommandEngine::wait(engine->keys().test(ids));
    // In the order asked, as each ended.
    QHash<QString, TaskItem> verdicts;
    for (const TaskItem& item : task->items())
        verdicts.insert(item.id, item);
    int bad = 0;
    for (const QString& id : std::as_const(ids)) {
        const TaskItem item = verdicts.value(id);
        bad += item.result == TaskItem::Result::Done ? 0 : 1;
        const QString masked = engine->maskedKey(id);
        out() << labelOf(*engine, id) << (masked.isEmpty() ? QString() : u" ("_s + masked + u')') << ": "
              << item.message << '\n';
    }
    out().flush();
    return bad == 0 ? ExitSuccess : ExitUserError;
}

} // namespace exadesk
