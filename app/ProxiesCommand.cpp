#include "ProxiesCommand.h"

#include "CommandLine.h"
#include "Console.h"
#include "Workspace.h"
#include "config/EngineSettings.h"
#include "gateway/Gateway.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QMap>
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
    static const QStringList commands{u"add"_s, u"import"_s, u"list"_s, u"remove"_s, u"test"_s};
    if (!commands.contains(what)) {
        err() << tr("exadesk: '%1' is not a proxies command.").arg(what) << '\n';
        return usage(ExitUsage);
    }
    Workspace workspace;
    if (!workspace.open())
        return ExitUserError;
    const QStringList rest = arguments.mid(1);
    if (what == "list"_L1)
        return list(workspace);
    if (what == "test"_L1)
        return test(workspace, rest);
    if (rest.isEmpty())
        return usage(ExitUsage);
    if (what == "remove"_L1)
        return remove(workspace, rest);
    if (what == "add"_L1)
        return add(workspace, rest, false);
    QString error;
    const QString text = console::readText(rest.constFirst(), &error);
    if (!error.isEmpty()) {
        err() << u"exadesk: "_s << error << '\n';
        return ExitUserError;
    }
    return add(workspace, text.split(u'\n'), true);
}

int ProxiesCommand::add(Workspace& workspace, const QStringList& urls, bool fromFile)
{
    int added = 0, bad = 0;
    for (qsizetype i = 0; i < urls.size(); ++i) {
        const QString line = urls.at(i).trimmed();
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        const QString where = fromFile ? tr("line %1").arg(i + 1) : line.section(u'@', -1);
        QString error;
        const auto proxy = ProxyConfig::fromUrl(line, &error);
        if (!proxy) {
            ++bad;
            err() << tr("%1: %2").arg(where, error) << '\n';
            continue;
        }
        VaultTask* task = workspace.wait(workspace.vault().addProxy(*proxy));
        if (!task->error().isEmpty()) {
            ++bad;
            err() << tr("%1: %2").arg(where, task->error()) << '\n';
            continue;
        }
        ++added;
    }
    out() << tr("%n added", nullptr, added) << ", " << tr("%n not added", nullptr, bad) << '\n';
    return bad == 0 ? ExitSuccess : ExitUserError;
}

int ProxiesCommand::list(Workspace& workspace)
{
    StorageError error;
    const QList<ProxyRecord> proxies = workspace.records().proxies(&error);
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
              << (proxy.hasPassword ? tr(", password in the keychain") : QString()) << '\n';
    return ExitSuccess;
}

int ProxiesCommand::remove(Workspace& workspace, const QStringList& ids)
{
    for (const QString& given : ids) {
        // As 'list' shows it, or as it was added (with a password, which is never stored as text).
        QString error;
        const auto parsed = ProxyConfig::fromUrl(given, &error);
        const QString id = parsed ? parsed->id() : given;
        VaultTask* task = workspace.wait(workspace.vault().removeProxy(id));
        if (!task->error().isEmpty()) {
            err() << u"exadesk: "_s << task->error() << '\n';
            return ExitUserError;
        }
    }
    out() << tr("Removed %n proxy(ies).", nullptr, static_cast<int>(ids.size())) << '\n';
    return ExitSuccess;
}

int ProxiesCommand::test(Workspace& workspace, const QStringList& arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption baseUrl(u"base-url"_s, tr("Exa's address."), u"URL"_s);
    parser.addOption(baseUrl);
    if (!parser.parse(QStringList{m_program} + arguments))
        return usage(ExitUsage);
    VaultTask* loaded = workspace.load();
    if (!loaded)
        return ExitUserError;
    int bad = 0;
    QStringList unknown = parser.positionalArguments();
    for (const ProxyConfig& proxy : loaded->proxies())
        unknown.removeAll(proxy.id());
    for (const QString& name : std::as_const(unknown)) {
        ++bad;
        err() << tr("exadesk: there is no proxy %1 ('exadesk proxies list' shows them).").arg(name) << '\n';
    }
    // Tested as the engine sends through them, with the stored settings (User-Agent, time
    // limit), all at once; reported in the order they are listed.
    GatewayOptions options;
    KeyPolicy policy;
    Settings settings(workspace.database());
    EngineSettings::apply(settings, options, policy);
    if (parser.isSet(baseUrl))
        options.client.baseUrl = QUrl(parser.value(baseUrl));
    Gateway gateway(Clock::system(), options, policy);
    QMap<int, QString> verdicts; // proxy index -> line, empty until tested
    for (const ProxyConfig& proxy : loaded->proxies()) {
        const bool chosen = parser.positionalArguments().isEmpty() || parser.positionalArguments().contains(proxy.id());
        if (const int index = chosen ? gateway.addProxy(proxy) : -1; index >= 0)
            verdicts.insert(index, {});
    }
    QEventLoop loop;
    int waiting = static_cast<int>(verdicts.size());
    QObject::connect(&gateway, &Gateway::proxyTested, &loop, [&](int index, bool works, const QString& message) {
        bad += works ? 0 : 1;
        verdicts[index] = works ? tr("works: %1").arg(message) : tr("failed: %1").arg(message);
        if (--waiting == 0)
            loop.quit();
    });
    for (const int index : verdicts.keys())
        gateway.testProxy(index);
    if (waiting > 0)
        loop.exec();
    for (auto verdict = verdicts.cbegin(); verdict != verdicts.cend(); ++verdict)
        out() << gateway.proxies().at(verdict.key()).id << ": " << verdict.value() << '\n';
    out().flush();
    return bad == 0 ? ExitSuccess : ExitUserError;
}

} // namespace exadesk
