#pragma once

#include "engine/Engine.h"

#include <QCoreApplication>

#include <memory>

namespace exadesk {

class LocalPortService;
class MainWindow;
class SearchPane;
class TrayIcon;

// ExaDesk with its window: the engine over the stored pool (opened with the keychain's vault key
// without blocking), the local port, the window and the tray icon.
class DesktopApp
{
    Q_DECLARE_TR_FUNCTIONS(DesktopApp)

public:
    DesktopApp();
    ~DesktopApp();

    int run();
    // Brings the window up (a second launch asked for it).
    void showWindow();

private:
    // The engine's setup: the vault passphrase from EXADESK_VAULT_PASSPHRASE_FILE, or asked for
    // in a dialog when needed.
    EngineSetup engineSetup();
    void loadPool();
    void applyClosing();
    // The Search, Keys, Proxies, Activity and Settings pages, wired to the engine and the port.
    void buildPages();
    // Installs the language's translations and makes the pages again in it, now.
    void switchLanguage(const QString& code);
    // EXADESK_SCREENSHOTS=DIR: once the pool is loaded, runs one search and saves each page as
    // DIR/<page>.png, then quits (scripts/screenshots.sh, for the README). With
    // EXADESK_SCREENSHOTS_LANGUAGE it switches language first, as the Settings page does.
    void screenshotTour(const QString& dir);

    QString m_startupProblem; // set while the engine is made; shown once the window is there
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<LocalPortService> m_port;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<TrayIcon> m_tray;
    SearchPane* m_search = nullptr;
};

} // namespace exadesk
