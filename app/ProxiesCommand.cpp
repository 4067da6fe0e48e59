#include "ProxiesCommand.h"

#include "CommandEngine.h"
#include "CommandLine.h"
#include "Console.h"

#include <QCommandLineParser>
#include <QTextStream>

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

using console::err;
using console::out;

} // namespace

int ProxiesCommand::usage(int exitCode)
{
    QTextStream& stream = exitCode == ExitSuccess ? out() : err();
    stream << tr("Usage: %1 proxies COMMAND [options]").arg(m_program) << "\n\n"
           << tr("Commands:") << '\n'
           << "  add URL...                      "
           << tr("add proxies: http://[user:pass@]host:port, socks5://[user:pass@]host:port, direct") << '\n'
           << "  import FILE|-                   " << tr("add the proxies in a file, one per line; '#' comments")
           << '\n'
           << "  list                            " << tr("show the proxies (without passwords)") << '\n'
           << "  remove PROXY...                 " << tr("remove proxies (as list shows them)") << '\n'
           << "  pace CALLS-PER-SECOND           "
           << tr("the most calls a second through each proxy, whatever its keys allow (0: no limit)") << '\n'
           << "  test [PROXY...] [--base-url URL] " << tr("check that Exa answers through them") << '\n';
    stream.flush();
    return exitCode;
}

int ProxiesCommand::run(const QString& program, const QStringList& arguments)
{
    m_program = program;
    if (arguments.isEmpty())
        return usage(ExitUsage);
    const QString what = arguments.constFirst();
    if (what == "--help"_L1 || what == "-h"_L1 || what == "help"_L1)
        return usage(ExitSuccess);
    static const QStringList commands{u"add"_s, u"import"_s, u"list"_s, u"remove"_s, u"test"_s, u"pace"_s};
    if (!commands.contains(what)) {
        err() << tr("exadesk: '%1' is not a proxies command.").arg(what) << '\n';
        return usage(ExitUsage);
    }
    const QStringList rest = arguments.mid(1);
    if (what == "test"_L1)
        return test(rest);
    const std::unique_ptr<Engine> engine = CommandEngine::open();
    if (!engine)
        return ExitUserError;
    if (what == "list"_L1)
        return list(*engine);
    if (rest.isEmpty())
        return usage(ExitUsage);
    if (what == "remove"_L1)
        return remove(*engine, rest);
    if (what == "pace"_L1)
        return pace(*engine, rest.constFirst());
    if (what == "add"_L1)
        return add(*engine, rest, false);
    QString error;
    const QString text = console::readText(rest.constFirst(), &error);
    if (!error.isEmpty()) {
        err() << u"exadesk: "_s << error << '\n';
        return ExitUserError;
    }
    return add(*engine, text.split(u'\n'), true);
}

int ProxiesCommand::add(Engine& engine, const QStringList& lines, bool fromFile)
{
    const PoolTask* task = CommandEngine::wait(engine.proxies().add(lines.join(u'\n')));
    int added = 0, bad = 0;
    for (const TaskItem& item : task->items()) {
        if (item.result == TaskItem::Result::Done) {
            ++added;
            continue;
        }
        ++bad;
        const QString where
            = fromFile ? tr("line %1").arg(item.line) : lines.value(item.line - 1).trimmed().section(u'@', -1);
        err() << tr("%1: %2").arg(where, item.message) << '\n';
    }
    if (!task->error().isEmpty()) {
        ++bad;
        err() << u"exadesk: "_s << task->error() << '\n';
    }
    out() << tr("%n added", nullptr, added) << ", " << tr("%n not added", nullptr, bad) << '\n';
    return bad == 0 ? ExitSuccess : ExitUserError;
}

int ProxiesCommand::list(Engine& engine)
{
    StorageError error;
    const QList<ProxyRecord> proxies = PoolRecords(*engine.database()).proxies(&error);
    if (error.isError()) {
        err() << u"exadesk: "_s << error.message << '\n';
        return ExitUserError;
    }
    if (proxies.isEmpty()) {
        out() << tr("No proxies: keys go straight to Exa. Add one with: exadesk proxies add socks5://host:1080")
              << '\n';
        return ExitSuccess;
    }
    for (const ProxyRecord& proxy : proxies)
        out() << proxy.url.leftJustified(40) << ' ' << (proxy.enabled ? tr("enabled") : tr("disabled"))
              << (proxy.hasPassword ? tr(", password sealed") : QString()) << '\n';
    if (const int rate = engine.settings().number(setting::ProxyRate); rate > 0)
        out() << tr("Each carries at most %1 calls a second ('exadesk proxies pace' changes it).").arg(rate) << '\n';
    return ExitSuccess;
}

int ProxiesCommand::pace(Engine& engine, const QString& rate)
{
    QString problem;
    if (!engine.saveSettings({{setting::ProxyRate.key(), rate}}, &problem)) {
        err() << u"exadesk: "_s << problem << '\n';
        return ExitUserError;
    }
    out() << (rate.toInt() == 0 ? tr("Proxies are not paced: each carries what its keys allow.")
                                : tr("Each proxy carries at most %1 calls a second.").arg(rate.toInt()))
          << '\n';
    return ExitSuccess;
}

int ProxiesCommand::remove(Engine& engine, const QStringList& ids)
{
    // As 'list' shows them, or as they were added (with a password, which is never stored as text).
    const PoolTask* task = CommandEngine::wait(engine.proxies().remove(ids));
    for (const TaskItem& item : task->items()) {
        if (item.result != TaskItem::Result::Done) {
            err() << u"exadesk: "_s << item.message << '\n';
            return ExitUserError;
        }
    }
    out() << tr("Removed %n proxy(ies).", nullptr, static_cast<int>(ids.size())) << '\n';
    return ExitSuccess;
}

int ProxiesCommand::test(const QStringList& arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption baseUrl(u"base-url"_s, tr("Exa's address."), u"URL"_s);
    parser.addOption(baseUrl);
    if (!parser.parse(QStringList{m_program} + arguments))
        return usage(ExitUsage);
    // Tested as the engine sends through them, with the stored settings (User-Agent, time
    // limit), all at once; reported in the order they are listed.
    EngineSetup setup;
    if (parser.isSet(baseUrl))
        setup.baseUrl = QUrl(parser.value(baseUrl));
    const std::unique_ptr<Engine> engine = CommandEngine::open(setup);
    if (!engine || !CommandEngine::load(*engine))
        return ExitUserError;
    QStringList ids = parser.positionalArguments();
    StorageError error;
    const QList<ProxyRecord> stored = PoolRecords(*engine->database()).proxies(&error);
    int bad = 0;
    for (const QString& id : std::as_const(ids)) {
        if (std::none_of(stored.cbegin(), stored.cend(), [&id](const ProxyRecord& row) { return row.id == id; })) {
            ++bad;
            err() << tr("exadesk: there is no proxy %1 ('exadesk proxies list' shows them).").arg(id) << '\n';
        }
    }
    QStringList chosen;
    for (const ProxyRecord& row : stored) {
        if (ids.isEmpty() || ids.contains(row.id))
            chosen.append(row.id);
    }
    const PoolTask* task = CommandEngine::wait(engine->proxies().test(chosen));
    QHash<QString, TaskItem> verdicts;
    for (const TaskItem& item : task->items())
        verdicts.insert(item.id, item);
    for (const QString& id : std::as_const(chosen)) {
        const TaskItem item = verdicts.value(id);
        const bool works = item.result == TaskItem::Result::Done;
        bad += works ? 0 : 1;
        out() << id << ": " << (works ? tr("works: %1") : tr("failed: %1")).arg(item.message) << '\n';
    }
    out().flush();
    return bad == 0 ? ExitSuccess : ExitUserError;
}

} // namespace exadesk
