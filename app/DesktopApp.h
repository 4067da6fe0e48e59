#pragma once

#include "engine/AlertMonitor.h"
#include "engine/Engine.h"

#include <QCoreApplication>
#include <QPointer>

#include <memory>

namespace exadesk {

class ActivityPage;
class AlertNotifier;
class KeysPage;
class LocalPortService;
class MainWindow;
class PoolExporter;
class ProxiesPage;
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
    // Alerts as desktop notifications, each as the person wants it; clicking one shows its page.
    void makeAlerts();
    void applyAlerts();
    void showAlertPage(const AlertNotice& notice);
    // The Overview, Search, Keys, Proxies, Activity and Settings pages, wired to the engine and the port.
    void buildPages();
    // Installs the language's translations and makes the pages again in it, now.
    void switchLanguage(const QString& code);
    // EXADESK_SCREENSHOTS=DIR: once the pool is loaded, runs one search and saves each page as
    // DIR/<page>.png, then quits (scripts/screenshots.sh, for the README). With
    // EXADESK_SCREENSHOTS_LANGUAGE it switches language first, as the Settings page does.
    void screenshotTour(const QString& dir);
    // EXADESK_REPORT_READY: once the window shows the loaded pool, prints "ready_at_ms=<epoch ms>
    // rss_kb=<now> peak_rss_kb=<peak>" and quits (bench/startup.sh).
    void reportReady();

    QString m_startupProblem; // set while the engine is made; shown once the window is there
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<LocalPortService> m_port;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<TrayIcon> m_tray;
    std::unique_ptr<AlertMonitor> m_alerts;
    std::unique_ptr<AlertNotifier> m_notifier;
    std::unique_ptr<PoolExporter> m_exporter;
    // The pages, made again in another language.
    SearchPane* m_search = nullptr;
    QPointer<KeysPage> m_keys;
    QPointer<ProxiesPage> m_proxies;
    QPointer<ActivityPage> m_activity;
};

} // namespace exadesk
