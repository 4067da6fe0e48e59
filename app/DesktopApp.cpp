#include "DesktopApp.h"

#include "AppIcon.h"
#include "ColorScheme.h"
#include "MainWindow.h"
#include "PoolSource.h"
#include "Translations.h"
#include "TrayIcon.h"
#include "activity/ActivityPage.h"
#include "config/EngineSettings.h"
#include "gateway/Gateway.h"
#include "keys/KeysPage.h"
#include "proxies/ProxiesPage.h"
#include "search/SearchPane.h"
#include "server/LocalPortService.h"
#include "settings/SettingsPage.h"
#include "storage/BatchedCallLog.h"
#include "storage/KeyStateJournal.h"

#include <QApplication>
#include <QDir>
#include <QLineEdit>
#include <QSet>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace exadesk {

DesktopApp::DesktopApp()
{
    GatewayOptions options;
    KeyPolicy policy;
    LocalServerOptions serverOptions;
    m_haveDatabase = m_workspace.open();
    if (m_haveDatabase) {
        Settings settings(m_workspace.database());
        EngineSettings::apply(settings, options, policy);
        EngineSettings::applyServer(settings, serverOptions);
    }
    m_gateway = std::make_unique<Gateway>(Clock::system(), options, policy);
    m_port = std::make_unique<LocalPortService>(*m_gateway, m_workspace.secrets());
    m_port->setOptions(serverOptions);

    QApplication::setWindowIcon(appIcon());
    // EXADESK_COLOR_SCHEME=dark or light overrides the desktop's preference (for screenshots).
    auto* colorScheme = new SystemColorScheme(qApp);
    if (const QString forced = qEnvironmentVariable("EXADESK_COLOR_SCHEME");
        forced == "dark"_L1 || forced == "light"_L1)
        colorScheme->apply(forced == "dark"_L1 ? SystemColorScheme::Preference::Dark
                                               : SystemColorScheme::Preference::Light);
    else
        colorScheme->follow();
    m_window = std::make_unique<MainWindow>(m_port.get());
    m_tray = std::make_unique<TrayIcon>(*m_port);
    m_window->setTrayAvailable(TrayIcon::isAvailable());
    applyClosing();
    QObject::connect(m_tray.get(), &TrayIcon::openRequested, m_window.get(), [this] { showWindow(); });
    QObject::connect(m_tray.get(), &TrayIcon::quitRequested, qApp, [this] {
        m_port->stop();
        QApplication::quit();
    });
    if (m_haveDatabase) {
        m_callLog = std::make_unique<BatchedCallLog>(m_workspace.database());
        m_callLog->setRetention([this] {
            Settings settings(m_workspace.database());
            return EngineSettings::logRetentionDays(settings);
        });
        QObject::connect(m_port.get(), &LocalPortService::requestServed, m_callLog.get(),
                         [this](const ServedRequest& request) {
                             if (request.call)
                                 m_callLog->add(*request.call);
                         });
        QObject::connect(m_callLog.get(), &BatchedCallLog::failed, m_window.get(), [this](const QString& message) {
            m_window->statusBar()->showMessage(tr("The local port's requests are not being logged: %1").arg(message));
        });
    }
    buildPages();
    QObject::connect(m_window.get(), &MainWindow::hiddenToTray, m_window.get(), [this] {
        QSettings settings;
        if (settings.value(u"tray/toldAboutClosing"_s).toBool())
            return;
        settings.setValue(u"tray/toldAboutClosing"_s, true);
        m_tray->notify(tr("ExaDesk is still running"),
                       tr("ExaDesk keeps running in the tray, with the local port if it is on. Quit it from the "
                          "tray icon's menu."));
    });
}

void DesktopApp::applyClosing()
{
    // With a tray the app lives on there when its window closes (unless the person prefers
    // otherwise); Quit in the tray ends it.
    const bool hide = TrayIcon::isAvailable() && SettingsPage::closesToTray();
    m_window->setCloseToTray(hide);
    QApplication::setQuitOnLastWindowClosed(!hide);
}

void DesktopApp::buildPages()
{
    auto* search = new SearchPane(*m_gateway, m_haveDatabase ? &m_workspace.database() : nullptr);
    m_search = search;
    m_window->addPage(search, tr("Search"), 0);
    if (m_haveDatabase) {
        const auto say = [this](const QString& text) { m_window->statusBar()->showMessage(text, 10'000); };
        auto* keys = new KeysPage(*m_gateway, m_workspace.vault(), m_workspace.database());
        QObject::connect(keys, &KeysPage::message, m_window.get(), say);
        auto* proxies = new ProxiesPage(*m_gateway, m_workspace.vault(), m_workspace.database());
        QObject::connect(proxies, &ProxiesPage::message, m_window.get(), say);
        auto* activity = new ActivityPage(m_workspace.database(), *m_gateway);
        // A call of the window's is in the log once it ended; the port's, a batch at a time.
        QObject::connect(search, &SearchPane::callEnded, activity, &ActivityPage::logChanged);
        QObject::connect(m_callLog.get(), &BatchedCallLog::written, activity, &ActivityPage::logChanged);
        auto* settings = new SettingsPage(m_workspace.database(), *m_gateway, m_port.get());
        QObject::connect(settings, &SettingsPage::message, m_window.get(), [this, say](const QString& text) {
            say(text);
            applyClosing();
        });
        // Not from inside the Settings page's own Apply, which the switch replaces.
        QObject::connect(settings, &SettingsPage::languageChanged, m_window.get(), [this](const QString& code) {
            QTimer::singleShot(0, m_window.get(), [this, code] { switchLanguage(code); });
        });
        m_window->addPage(keys, tr("Keys"), 1);
        m_window->addPage(proxies, tr("Proxies"), 2);
        m_window->addPage(activity, tr("Activity"), 3);
        m_window->addPage(settings, tr("Settings"), 4);
    }
    m_window->pages()->setCurrentIndex(0);
}

void DesktopApp::switchLanguage(const QString& code)
{
    // A keychain task answers the page that started it: the pages stay until none is running.
    const QList<VaultTask*> tasks = m_workspace.vault().findChildren<VaultTask*>();
    if (std::any_of(tasks.cbegin(), tasks.cend(), [](const VaultTask* task) { return !task->isFinished(); })) {
        QTimer::singleShot(100, m_window.get(), [this, code] { switchLanguage(code); });
        return;
    }
    Translations::install(Translations::localeFor(code));
    // The pages are made again in the new language, over the same engine, the window staying
    // where it is, on the same page, with the same query. The About page and the window's own
    // texts follow by themselves (QEvent::LanguageChange).
    QTabWidget* pages = m_window->pages();
    const int current = pages->currentIndex();
    const QString query = m_search->queryEdit()->text();
    const QSignalBlocker blocker(pages);
    for (int i = pages->count() - 1; i >= 0; --i) {
        QWidget* page = pages->widget(i);
        if (page->objectName() == "welcome"_L1)
            continue;
        pages->removeTab(i);
        page->deleteLater();
    }
    buildPages();
    m_search->queryEdit()->setText(query);
    pages->setCurrentIndex(current);
    m_tray->refresh();
}

DesktopApp::~DesktopApp()
{
    m_port->stop();
}

int DesktopApp::run()
{
    m_tray->show();
    m_window->show();
    if (m_haveDatabase)
        loadPool();
    return QApplication::exec();
}

void DesktopApp::loadPool()
{
    VaultTask* task = m_workspace.vault().load();
    QObject::connect(task, &VaultTask::finished, m_window.get(), [this, task] {
        task->deleteLater();
        if (!task->error().isEmpty()) {
            m_window->statusBar()->showMessage(task->error());
            return;
        }
        const LoadedPool pool = PoolSource::fromVault(*task);
        for (const ProxyConfig& proxy : pool.proxies)
            m_gateway->addProxy(proxy);
        // Every stored key, disabled ones too, so the Keys page shows them as they are.
        QSet<QString> enabled;
        for (const KeyConfig& key : pool.keys)
            enabled.insert(key.id);
        for (const KeyConfig& key : task->keys()) {
            const int index = m_gateway->addKey(key);
            if (index >= 0 && !enabled.contains(key.id))
                m_gateway->setKeyEnabled(index, false);
        }
        // What earlier runs learnt of them, and from now on what this one learns, in their rows.
        KeyStateJournal::restore(*m_gateway, m_workspace.database(), task->keyRecords());
        m_keyJournal = std::make_unique<KeyStateJournal>(*m_gateway, m_workspace.database());
        QObject::connect(m_keyJournal.get(), &KeyStateJournal::failed, m_window.get(), [this](const QString& message) {
            m_window->statusBar()->showMessage(tr("The keys' state is not being saved: %1").arg(message));
        });
        // The first run: nothing to search with yet; the Keys page says how to begin.
        if (m_gateway->keys().liveCount() == 0 && m_window->pages()->count() > 2)
            m_window->pages()->setCurrentIndex(1);
        if (const QString dir = qEnvironmentVariable("EXADESK_SCREENSHOTS"); !dir.isEmpty())
            screenshotTour(dir);
    });
}

void DesktopApp::showWindow()
{
    m_window->show();
    m_window->raise();
    m_window->activateWindow();
}

} // namespace exadesk

namespace exadesk {

void DesktopApp::screenshotTour(const QString& dir)
{
    QDir().mkpath(dir);
    // EXADESK_SCREENSHOTS_LANGUAGE=zh_CN: switched to as the Settings page switches, first.
    if (const QString language = qEnvironmentVariable("EXADESK_SCREENSHOTS_LANGUAGE"); !language.isEmpty())
        switchLanguage(language);
    m_window->resize(1280, 800);
    m_window->pages()->setCurrentIndex(0);
    const auto grabPages = [this, dir] {
        QTabWidget* pages = m_window->pages();
        for (int i = 0; i < pages->count(); ++i) {
            pages->setCurrentIndex(i);
            QApplication::processEvents();
            const QString name = pages->widget(i)->objectName().remove(u"Page"_s).remove(u"Pane"_s).toLower();
            if (!name.isEmpty())
                m_window->grab().save(QDir(dir).filePath(name + u".png"_s));
        }
        QApplication::quit();
    };
    // Site icons come a moment after the results.
    QObject::connect(m_search, &SearchPane::callEnded, m_window.get(),
                     [this, grabPages] { QTimer::singleShot(500, m_window.get(), grabPages); });
    m_search->queryEdit()->setText(u"rust async runtimes"_s);
    m_search->search();
}

} // namespace exadesk
