#include "DataCommands.h"

#include "CommandEngine.h"
#include "CommandLine.h"
#include "base/Version.h"
#include "storage/Settings.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
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
    StorageError error;
    const QList<KeyRecord> keys = PoolRecords(*engine->database()).keys(&error);
    const QList<ProxyRecord> proxies = PoolRecords(*engine->database()).proxies(&error);
    const QMap<QString, QString> settings = Settings(*engine->database()).all(&error);
    if (error.isError()) {
        err << u"exadesk: "_s << error.message << '\n';
        return ExitUserError;
    }
    QHash<QString, QString> keySecrets;
    QHash<QString, QString> proxyPasswords;
    if (secrets) {
        err << tr("exadesk: warning: the file will hold your API keys and proxy passwords in plain text. Keep it "
                  "safe and delete it when done.")
            << '\n';
        if (!CommandEngine::load(*engine))
            return ExitUserError;
        keySecrets = engine->keySecrets();
        proxyPasswords = engine->proxyPasswords();
    }

    QJsonArray keyArray;
    for (const KeyRecord& key : keys) {
        QJsonObject object = CommandEngine::toJson(key);
        if (secrets && keySecrets.contains(key.id))
            object.insert(u"secret"_s, keySecrets.value(key.id));
        keyArray.append(object);
    }
    QJsonArray proxyArray;
    for (const ProxyRecord& proxy : proxies) {
        QJsonObject object{{u"id"_s, proxy.id}, {u"url"_s, proxy.url}, {u"enabled"_s, proxy.enabled}};
        if (secrets && !proxyPasswords.value(proxy.id).isEmpty())
            object.insert(u"password"_s, proxyPasswords.value(proxy.id));
        proxyArray.append(object);
    }
    QJsonObject settingsObject;
    for (auto it = settings.cbegin(); it != settings.cend(); ++it)
        settingsObject.insert(it.key(), it.value());
    const QByteArray json
        = QJsonDocument(QJsonObject{{u"exadesk"_s, QLatin1StringView(kVersion)},
                                    {u"exportedAt"_s, QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
                                    {u"withSecrets"_s, secrets},
                                    {u"keys"_s, keyArray},
                                    {u"proxies"_s, proxyArray},
                                    {u"settings"_s, settingsObject}})
              .toJson();
    if (!parser.isSet(output)) {
        std::fwrite(json.constData(), 1, static_cast<size_t>(json.size()), stdout);
        return ExitSuccess;
    }
    // A new file, private before a byte is written, that replaces the target whole: nobody who
    // could read an older file there (or holds it open) reads the secrets.
    QSaveFile file(parser.value(output));
    if (!file.open(QIODevice::WriteOnly) || !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)
        || file.write(json) != json.size() || !file.commit()) {
        err << tr("exadesk: could not write %1: %2").arg(file.fileName(), file.errorString()) << '\n';
        return ExitUserError;
    }
    QTextStream(stdout) << tr("Exported %n key(s) and %1 proxies to %2.", nullptr, static_cast<int>(keys.size()))
                               .arg(proxies.size())
                               .arg(file.fileName())
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
