#include "CommandLine.h"
#include "DesktopApp.h"
#include "SingleInstance.h"
#include "Translations.h"
#include "base/Version.h"
#include "logging/LogFile.h"
#include "settings/SettingsPage.h"
#include "storage/Database.h"

#include <QApplication>
#include <QCoreApplication>
#include <QDebug>
#include <QDir>
#include <QLocale>
#include <QScopeGuard>

#include <cstdio>

#ifdef Q_OS_WIN
#define NOMINMAX
#include <windows.h>
#endif

using namespace Qt::StringLiterals;

namespace {

void identify()
{
    QCoreApplication::setApplicationName(QLatin1StringView(exadesk::kApplicationName));
    QCoreApplication::setOrganizationName(QLatin1StringView(exadesk::kOrganizationName));
    QCoreApplication::setApplicationVersion(QLatin1StringView(exadesk::kVersion));
}

#ifdef Q_OS_WIN
// exadesk.exe is a window program (packaging/windows/Windows.cmake): a command joins the console
// it was started from, exadesk.com's or cmd's, so that Ctrl+C reaches it; started from cmd
// without exadesk.com it was handed no output, and writes to that console.
void joinParentConsole()
{
    if (!AttachConsole(ATTACH_PARENT_PROCESS))
        return;
    if (!GetStdHandle(STD_OUTPUT_HANDLE)) {
        std::freopen("CONOUT$", "w", stdout);
        std::freopen("CONOUT$", "w", stderr);
        std::freopen("CONIN$", "r", stdin);
    }
}
#endif

} // namespace

int main(int argc, char* argv[])
{
    // A command runs without a display, so the same binary works over ssh and in scripts.
    if (exadesk::CommandLine::wantsCommandLine(argc, argv)) {
#ifdef Q_OS_WIN
        joinParentConsole();
#endif
        QCoreApplication app(argc, argv);
        identify();
        exadesk::Translations::install(QLocale());
        return exadesk::CommandLine().run(QCoreApplication::arguments());
    }

#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
    // Without a display Qt would abort with a cryptic message; say what to do instead.
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
        && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        std::fputs("exadesk: there is no display to open the window on. Run it in a desktop session, or use a "
                   "command (exadesk --help).\n",
                   stderr);
        return exadesk::ExitUserError;
    }
#endif

    QApplication app(argc, argv);
    identify();
    QApplication::setApplicationDisplayName(QLatin1StringView(exadesk::kApplicationName));
    // Wayland compositors and docks match the window to its installed desktop entry by this.
    QGuiApplication::setDesktopFileName(QLatin1StringView(exadesk::kAppId));
    // The window speaks the language chosen in Settings, or the system's.
    exadesk::Translations::install(exadesk::Translations::localeFor(exadesk::SettingsPage::languageCode()));
    // The window's messages go to the data folder's log too, redacted.
    QStringList arguments = QCoreApplication::arguments();
    bool json = false;
    if (!exadesk::CommandLine::takeLogFormat(arguments, &json))
        return exadesk::ExitUsage;
    exadesk::LogFile log(QDir(exadesk::Database::dataDir()).filePath(u"exadesk.log"_s),
                         json ? exadesk::LogFile::Format::JsonLines : exadesk::LogFile::Format::Text);
    exadesk::LogFile::install(&log);
    const auto uninstall = qScopeGuard([] { exadesk::LogFile::install(nullptr); });
    // A second launch shows the first one's window and ends: one window, one tray icon, one port.
    exadesk::SingleInstance instance(exadesk::Database::dataDir());
    if (instance.activateRunning()) {
        std::fputs("exadesk: ExaDesk is already running; its window is shown.\n", stderr);
        return exadesk::ExitSuccess;
    }
    exadesk::DesktopApp desktop;
    QString problem;
    if (!instance.listen(&problem))
        qWarning().noquote() << "exadesk: a second launch will open a second window:" << problem;
    QObject::connect(&instance, &exadesk::SingleInstance::activationRequested, &app,
                     [&desktop] { desktop.showWindow(); });
    return desktop.run();
}
