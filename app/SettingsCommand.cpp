#include "SettingsCommand.h"

#include "CommandLine.h"
#include "Workspace.h"
#include "config/EngineSettings.h"

#include <QTextStream>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace exadesk {

int SettingsCommand::run(const QString& program, const QStringList& arguments)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    const QString what = arguments.value(0);
    const qsizetype wanted = what == "list"_L1   ? 1
        : what == "get"_L1 || what == "unset"_L1 ? 2
        : what == "set"_L1                       ? 3
                                                 : -1;
    if (wanted < 0 || arguments.size() != wanted) {
        (what == "--help"_L1 ? out : err)
            << tr("Usage: %1 settings list | get NAME | set NAME VALUE | unset NAME").arg(program) << '\n';
        return what == "--help"_L1 ? ExitSuccess : ExitUsage;
    }
    const QString name = arguments.value(1);
    if (what != "list"_L1 && !EngineSettings::find(name)) {
        err << u"exadesk: "_s << EngineSettings::problemWith(name, {}) << '\n';
        return ExitUsage;
    }
    if (what == "set"_L1) {
        if (const QString problem = EngineSettings::problemWith(name, arguments.value(2)); !problem.isEmpty()) {
            err << u"exadesk: "_s << problem << '\n';
            return ExitUsage;
        }
    }
    Workspace workspace;
    if (!workspace.open())
        return ExitUserError;
    Settings settings(workspace.database());
    StorageError error;
    if (what == "list"_L1) {
        const QMap<QString, QString> stored = settings.all(&error);
        for (const SettingInfo& info : EngineSettings::known()) {
            const QString key = QLatin1StringView(info.name);
            const bool set = stored.contains(key);
            out << key.leftJustified(28) << ' '
                << (set ? stored.value(key) : QString::fromLatin1(info.defaultValue)).leftJustified(12) << ' '
                << (set ? QString() : tr("(default) ")) << EngineSettings::tr(info.meaning) << '\n';
        }
    } else if (what == "get"_L1) {
        out << settings.text(name, QString::fromLatin1(EngineSettings::find(name)->defaultValue), &error) << '\n';
    } else if (what == "set"_L1) {
        settings.setValue(name, arguments.value(2), &error);
    } else {
        settings.remove(name, &error);
    }
    if (error.isError()) {
        err << u"exadesk: "_s << error.message << '\n';
        return ExitUserError;
    }
    return ExitSuccess;
}

} // namespace exadesk
