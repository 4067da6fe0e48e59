#include "KeysCommand.h"

#include "CommandLine.h"
#include "Console.h"
#include "Workspace.h"
#include "config/EngineSettings.h"
#include "exa/ExaClient.h"
#include "exa/ExaReply.h"
#include "logging/KeyMask.h"
#include "pool/KeysFile.h"
#include "resilience/Outcome.h"
#include "secrets/KeyImport.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
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
    stream
        << tr("Usage: %1 keys COMMAND [options]").arg(m_program) << "\n\n"
        << tr("Commands:") << '\n'
        << "  add [--label L] [--tag T] [--note N]  " << tr("add the key read from standard input") << '\n'
        << "  import FILE|-                         "
        << tr("add the keys in a file: one per line or 'label,key'; '#' comments") << '\n'
        << "  list [--json]                         " << tr("show the keys (masked) and their state") << '\n'
        << "  remove KEY...                         " << tr("remove keys, from the keychain too") << '\n'
        << "  enable KEY... / disable KEY...        " << tr("use or stop using keys") << '\n'
        << "  test [KEY...] [--base-url URL]        " << tr("check keys with a one-result search (billed)") << "\n\n"
        << tr("KEY is a key's id, its label or the last characters of the key.") << '\n'
        << tr("Keys are kept in the system keychain; their labels and statistics in %1.").arg(Database::defaultPath())
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
    Workspace workspace;
    if (!workspace.open())
        return ExitUserError;
    const QStringList rest = arguments.mid(1);
    if (what == "add"_L1)
        return add(workspace, rest);
    if (what == "import"_L1)
        return import(workspace, rest);
    if (what == "list"_L1)
        return list(workspace, rest);
    if (what == "remove"_L1)
        return remove(workspace, rest);
    if (what == "test"_L1)
        return test(workspace, rest);
    return setEnabled(workspace, rest, what == "enable"_L1);
}

int KeysCommand::add(Workspace& workspace, const QStringList& arguments)
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
    VaultTask* task = workspace.wait(
        workspace.vault().addKeys({{0, parser.value(label), secret, parser.values(tag), parser.value(note)}}));
    if (task->outcomes().isEmpty()) {
        err() << u"exadesk: "_s << task->error() << '\n';
        return ExitUserError;
    }
    const KeyOutcome outcome = task->outcomes().constFirst();
    if (outcome.kind != KeyOutcome::Kind::Added) {
        err() << u"exadesk: "_s << KeyImport::describe(outcome) << '\n';
        return ExitUserError;
    }
    out() << tr("Added %1 (%2).")
                 .arg(parser.value(label).isEmpty() ? maskKey(secret) : parser.value(label), maskKey(secret))
          << '\n';
    return ExitSuccess;
}

int KeysCommand::import(Workspace& workspace, const QStringList& arguments)
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
    const KeyLines lines = KeysFile::parse(text);
    const QList<NewKey> keys = KeyImport::newKeys(lines, parser.values(tag));
    VaultTask* task = workspace.wait(workspace.vault().addKeys(keys), keys.size() > 100);

    const ImportReport report = KeyImport::report(lines, *task);
    for (const KeyOutcome& outcome : report.lines) {
        if (outcome.kind == KeyOutcome::Kind::Added)
            continue;
        // What stopped the import is said once, below, not on every line it stopped.
        const bool stopped = !task->error().isEmpty() && outcome.reason == task->error();
        err() << tr("line %1: %2").arg(outcome.line).arg(stopped ? tr("not added") : KeyImport::describe(outcome))
              << '\n';
    }
    out() << KeyImport::summary(report) << '\n';
    if (!task->error().isEmpty())
        err() << u"exadesk: "_s << task->error() << '\n';
    return task->error().isEmpty() ? ExitSuccess : ExitUserError;
}

int KeysCommand::list(Workspace& workspace, const QStringList& arguments)
{
    StorageError error;
    const QList<KeyRecord> keys = workspace.records().keys(&error);
    if (error.isError()) {
        err() << u"exadesk: "_s << error.message << '\n';
        return ExitUserError;
    }
    if (arguments.contains(u"--json"_s)) {
        QJsonArray array;
        for (const KeyRecord& key : keys)
            array.append(Workspace::toJson(key));
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
        QString state = key.state;
        if (key.secretMissing)
            state = tr("no secret");
        out() << key.label.left(20).leftJustified(20) << ' ' << key.masked.leftJustified(12) << ' '
              << state.leftJustified(10) << ' ' << QString::number(key.requests).rightJustified(9) << ' '
              << when(key.lastUsedAtMs) << '\n';
    }
    return ExitSuccess;
}

QList<KeyRecord> KeysCommand::resolve(Workspace& workspace, const QStringList& names, bool* ok)
{
    StorageError error;
    const QList<KeyRecord> keys = workspace.records().keys(&error);
    QList<KeyRecord> found;
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
        found.append(matches.constFirst());
    }
    return found;
}

int KeysCommand::remove(Workspace& workspace, const QStringList& arguments)
{
    if (arguments.isEmpty())
        return usage(ExitUsage);
    bool ok = false;
    const QList<KeyRecord> keys = resolve(workspace, arguments, &ok);
    if (!ok)
        return ExitUserError;
    QStringList ids;
    for (const KeyRecord& key : keys)
        ids.append(key.id);
    VaultTask* task = workspace.wait(workspace.vault().removeKeys(ids));
    if (!task->error().isEmpty()) {
        err() << u"exadesk: "_s << task->error() << '\n';
        return ExitUserError;
    }
    out() << tr("Removed %n key(s).", nullptr, static_cast<int>(ids.size())) << '\n';
    return ExitSuccess;
}

int KeysCommand::setEnabled(Workspace& workspace, const QStringList& arguments, bool enabled)
{
    if (arguments.isEmpty())
        return usage(ExitUsage);
    bool ok = false;
    QList<KeyRecord> keys = resolve(workspace, arguments, &ok);
    if (!ok)
        return ExitUserError;
    for (KeyRecord& key : keys) {
        key.state = enabled ? u"active"_s : u"disabled"_s;
        StorageError error;
        if (!workspace.records().updateKey(key, &error)) {
            err() << u"exadesk: "_s << error.message << '\n';
            return ExitUserError;
        }
        out() << (enabled ? tr("Enabled %1.") : tr("Disabled %1.")).arg(key.label) << '\n';
    }
    return ExitSuccess;
}

int KeysCommand::test(Workspace& workspace, const QStringList& arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption baseUrl(u"base-url"_s, tr("Exa's address."), u"URL"_s);
    parser.addOption(baseUrl);
    if (!parser.parse(QStringList{m_program} + arguments))
        return usage(ExitUsage);
    VaultTask* loaded = workspace.load();
    if (!loaded)
        return ExitUserError;
    QList<KeyConfig> keys = loaded->keys();
    if (!parser.positionalArguments().isEmpty()) {
        bool ok = false;
        const QList<KeyRecord> chosen = resolve(workspace, parser.positionalArguments(), &ok);
        if (!ok)
            return ExitUserError;
        keys.removeIf([&chosen](const KeyConfig& key) {
            return std::none_of(chosen.cbegin(), chosen.cend(),
                                [&key](const KeyRecord& row) { return row.id == key.id; });
        });
    }
    // Each key is checked the way the engine would send it: through its own proxy, with the
    // stored settings (User-Agent, time limit).
    GatewayOptions options;
    KeyPolicy policy;
    Settings settings(workspace.database());
    EngineSettings::apply(settings, options, policy);
    if (parser.isSet(baseUrl))
        options.client.baseUrl = QUrl(parser.value(baseUrl));
    ProxyPool proxies;
    for (const ProxyConfig& proxy : loaded->proxies())
        proxies.add(proxy);
    exa::SearchRequest probe;
    probe.query = u"exa"_s;
    probe.options.numResults = 1;
    int bad = 0;
    for (const KeyConfig& key : std::as_const(keys)) {
        ProxyBinding binding;
        const int proxy = proxies.bind(ProxyPool::hashOf(key.id), binding, QDateTime::currentMSecsSinceEpoch());
        if (proxy < 0) {
            ++bad;
            out() << key.label << " (" << maskKey(key.secret)
                  << "): " << tr("not checked: %1").arg(proxies.unavailableReason(QDateTime::currentMSecsSinceEpoch()))
                  << '\n';
            continue;
        }
        QNetworkAccessManager network;
        network.setProxy(proxies.at(proxy).config.toNetworkProxy());
        exa::ExaClient client(options.client, &network);
        exa::ExaReply* reply = client.search(probe, key.secret);
        QEventLoop loop;
        QObject::connect(reply, &exa::ExaReply::finished, &loop, &QEventLoop::quit);
        if (!reply->isFinished())
            loop.exec();
        const Outcome outcome = classify(reply->error(), proxies.at(proxy).config.type != ProxyType::Direct);
        StorageError error;
        std::optional<KeyRecord> row = workspace.records().key(key.id, &error);
        QString verdict;
        if (outcome == Outcome::Success || outcome == Outcome::RateLimited) {
            verdict = outcome == Outcome::Success ? tr("works") : tr("works (rate limited right now)");
            if (row && row->state != "disabled"_L1)
                row->state = u"active"_s;
        } else {
            ++bad;
            verdict = reply->error().userMessage();
            if (row && (outcome == Outcome::KeyInvalid || outcome == Outcome::KeyExhausted))
                row->state = outcome == Outcome::KeyInvalid ? u"invalid"_s : u"exhausted"_s;
        }
        if (row) {
            row->lastError = outcome == Outcome::Success ? QString() : reply->error().userMessage();
            workspace.records().updateKey(*row, &error);
        }
        out() << key.label << " (" << maskKey(key.secret) << "): " << verdict << '\n';
        delete reply;
    }
    out().flush();
    return bad == 0 ? ExitSuccess : ExitUserError;
}

} // namespace exadesk
