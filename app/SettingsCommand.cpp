#include "SettingsCommand.h"

#include "CommandEngine.h"
#include "CommandLine.h"
#include "config/SettingsRegistry.h"
#include "storage/Settings.h"

#include <QTextStream>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

// " (ms)" after a meaning, as the Settings page shows it beside the field.
QString unitNote(SettingUnit unit)
{
    switch (unit) {
    case SettingUnit::None:
        return {};
    case SettingUnit::Milliseconds:
        return SettingsCommand::tr(" (ms)");
    case SettingUnit::Seconds:
        return SettingsCommand::tr(" (s)");
    case SettingUnit::Minutes:
        return SettingsCommand::tr(" (min)");
    case SettingUnit::Days:
        return SettingsCommand::tr(" (days)");
    case SettingUnit::Percent:
        return SettingsCommand::tr(" (%)");
    case SettingUnit::KiB:
        return SettingsCommand::tr(" (KiB)");
    case SettingUnit::PerSecond:
        return SettingsCommand::tr(" (per second)");
    }
    return {};
}

} // namespace

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
    const Setting* setting = SettingsRegistry::find(name);
    if (what != "list"_L1 && !setting) {
        err << u"exadesk: "_s << SettingsRegistry::problemWith(name, {}) << '\n';
        return ExitUsage;
    }
    if (what == "set"_L1) {
        if (const QString problem = SettingsRegistry::problemWith(*setting, arguments.value(2)); !problem.isEmpty()) {
            err << u"exadesk: "_s << problem << '\n';
            return ExitUsage;
        }
    }
    const std::unique_ptr<Engine> engine = CommandEngine::open();
    if (!engine)
        return ExitUserError;
    Settings settings(*engine->database());
    StorageError error;
    if (what == "list"_L1) {
        const SettingValues stored = settings.values(&error);
        for (const Setting* each : setting::kAll) {
            out << each->key().leftJustified(28) << ' ' << stored.raw(*each).leftJustified(12) << ' '
                << (stored.isStored(*each) ? QString() : tr("(default) ")) << SettingsRegistry::describe(*each)
                << unitNote(each->unit) << '\n';
        }
    } else if (what == "get"_L1) {
        out << settings.values(&error).raw(*setting) << '\n';
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
