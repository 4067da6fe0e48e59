#include "DesktopApp.h"

#include "AlertNotifier.h"
#include "ColorScheme.h"
#include "Icons.h"
#include "MainWindow.h"
#include "PoolExporter.h"
#include "Translations.h"
#include "TrayIcon.h"
#include "VaultCommand.h"
#include "activity/ActivityPage.h"
#include "keys/KeysPage.h"
#include "overview/OverviewPage.h"
#include "proxies/ProxiesPage.h"
#include "search/SearchPane.h"
#include "server/LocalPortService.h"
#include "settings/SettingsPage.h"

#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QInputDialog>
#include <QLineEdit>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>

#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace exadesk {

EngineSetup DesktopApp::engineSetup()
{
    EngineSetup setup;
    // A passphrase file named for this run is honoured as on the command line; otherwise the
    // passphrase is asked for when the vault needs it (no keychain, or its item lost).
    setup.vaultPassphrase.given = VaultCommand::givenPassphrase(&m_startupProblem);
    setup.vaultPassphrase.ask = [this]() -> std::optional<QString> {
        bool entered = false;
        const QString passphrase = QInputDialog::getText(
            m_window.get(), tr("Vault passphrase"),
            tr("The keys' secrets in this data folder are guarded by a passphrase. Enter it to open them:"),
            QLineEdit::Password, {}, &entered);
        if (!entered || passphrase.isEmpty())
            return std::nullopt;
        return passphrase;
    };
    return setup;
}

DesktopApp::DesktopApp()
    : m_engine(std::make_unique<Engine>(engineSetup()))
    , m_port(std::make_unique<LocalPortService>(*m_engine, m_engine->secrets()))
{
    m_port->setOptions(LocalServerOptions::fromSettings(m_engine->settings()));

    QApplication::setWindowIcon(appIcon());
    QApplication::setStyle(theme::windowStyle(theme::baseStyleName(QApplication::style())));
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
    m_window->attachTray(*m_tray);
    makeAlerts();
    m_exporter = std::make_unique<PoolExporter>(*m_engine, m_window.get());
    // With the pool loaded: an export with secrets takes them from it.
    m_window->exportAction()->setEnabled(false);
    QObject::connect(m_window.get(), &MainWindow::exportRequested, m_exporter.get(), &PoolExporter::start);
    QObject::connect(m_exporter.get(), &PoolExporter::finished, m_window.get(),
                     [this](const QString& message) { m_window->statusBar()->showMessage(message, 15'000); });
    QObject::connect(m_engine.get(), &Engine::savingFailed, m_window.get(),
                     [this](const QString& message) { m_window->statusBar()->showMessage(message); });
    buildPages();
    // After the pages: showing the first one clears what an earlier page said.
    if (!m_engine->database())
        m_window->statusBar()->showMessage(m_engine->databaseError().message);
    else if (!m_startupProblem.isEmpty())
        m_window->statusBar()->showMessage(m_startupProblem);
    QObject::connect(m_window.get(), &MainWindow::hiddenToTray, m_window.get(), [this] {
        QSettings settings;
        if (settings.value(u"tray/toldAboutClosing"_s).toBool())
            return;
        settings.setValue(u"tray/toldAboutClosing"_s, true);
        m_tray->notify(tr("ExaDesk is still running"),
                       tr("ExaDesk keeps running in the tray, with the local port if it is on. Quit it from the "
                          "tray icon's menu, or with File > Quit."));
    });
}

void DesktopApp::makeAlerts()
{
    m_alerts = std::make_unique<AlertMonitor>(*m_engine);
    m_notifier = std::make_unique<AlertNotifier>(TrayIcon::isAvailable() ? m_tray.get() : nullptr);
    applyAlerts();
    QObject::connect(m_alerts.get(), &AlertMonitor::raised, m_notifier.get(), &AlertNotifier::show);
    // Without a notification service, the window says it (and shows itself, if hidden in the tray).
    QObject::connect(m_notifier.get(), &AlertNotifier::unshown, m_window.get(), [this](const AlertNotice& notice) {
        m_window->statusBar()->showMessage(u"%1: %2"_s.arg(notice.title, notice.text), 60'000);
    });
    QObject::connect(m_notifier.get(), &AlertNotifier::opened, m_window.get(),
                     [this](const AlertNotice& notice) { showAlertPage(notice); });
}

void DesktopApp::applyAlerts()
{
    for (const PoolAlert alert : kPoolAlerts)
        m_alerts->setEnabled(alert, SettingsPage::alertWanted(alert));
}

void DesktopApp::showAlertPage(const AlertNotice& notice)
{
    m_window->showAndRaise();
    switch (notice.alert) {
    case PoolAlert::KeyInvalid:
    case PoolAlert::KeyExhausted:
    case PoolAlert::AllKeysResting:
        if (m_keys) {
            m_window->pages()->setCurrentWidget(m_keys);
            m_keys->showKeys(notice.alert == PoolAlert::KeyInvalid         ? std::optional(KeyState::Invalid)
                                 : notice.alert == PoolAlert::KeyExhausted ? std::optional(KeyState::Exhausted)
                                                                           : std::nullopt,
                             notice.subjectId);
        }
        break;
    case PoolAlert::ProxyDown:
        if (m_proxies)
            m_window->pages()->setCurrentWidget(m_proxies);
        break;
    case PoolAlert::ErrorRate:
        if (m_activity) {
            m_window->pages()->setCurrentWidget(m_activity);
            m_activity->showFailed();
        }
        break;
    }
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
    auto* overview = new OverviewPage(*m_engine, m_port.get());
    m_window->addPage(overview, tr("Overview"), 0);
    auto* search = new SearchPane(*m_engine);
    m_search = search;
    m_window->addPage(search, tr("Search"), 1);
    if (m_engine->database()) {
        const auto say = [this](const QString& text) { m_window->statusBar()->showMessage(text, 10'000); };
        auto* keys = new KeysPage(*m_engine);
        QObject::connect(keys, &KeysPage::message, m_window.get(), say);
        auto* proxies = new ProxiesPage(*m_engine);
        QObject::connect(proxies, &ProxiesPage::message, m_window.get(), say);
        auto* activity = new ActivityPage(*m_engine->database(), m_engine->gateway());
        // A call of the window's is in the log once it ended; the port's, a batch at a time.
        QObject::connect(search, &SearchPane::callEnded, activity, &ActivityPage::logChanged);
        QObject::connect(m_engine.get(), &Engine::callsLogged, activity, &ActivityPage::logChanged);
        auto* settings = new SettingsPage(*m_engine, m_port.get());
        QObject::connect(settings, &SettingsPage::message, m_window.get(), [this, say](const QString& text) {
            say(text);
            applyClosing();
            applyAlerts();
        });
        // Not from inside the Settings page's own Apply, which the switch replaces.
        QObject::connect(settings, &SettingsPage::languageChanged, m_window.get(), [this](const QString& code) {
            QTimer::singleShot(0, m_window.get(), [this, code] { switchLanguage(code); });
        });
        QObject::connect(m_window.get(), &MainWindow::importKeysRequested, keys, [this, keys] {
            m_window->pages()->setCurrentWidget(keys);
            keys->importAction()->trigger();
        });
        QObject::connect(overview, &OverviewPage::keyChosen, keys, [this, keys](const QString& keyId) {
            m_window->pages()->setCurrentWidget(keys);
            keys->showKeys(std::nullopt, keyId);
        });
        m_window->addPage(keys, tr("Keys"), 2);
        m_window->addPage(proxies, tr("Proxies"), 3);
        m_window->addPage(activity, tr("Activity"), 4);
        m_window->addPage(settings, tr("Settings"), 5);
        m_keys = keys;
        m_proxies = proxies;
        m_activity = activity;
    }
    m_window->pages()->setCurrentIndex(0);
}

void DesktopApp::switchLanguage(const QString& code)
{
    // A task answers the page that started it: the pages stay until none is running.
    if (m_engine->isBusy()) {
        QTimer::singleShot(100, m_window.get(), [this, code] { switchLanguage(code); });
        return;
    }
    Translations::install(Translations::localeFor(code));
    // The pages are made again in the new language, over the same engine, the window staying
    // where it is, on the same page, with the same query, results and answer. The window's own texts follow by
    // themselves (QEvent::LanguageChange).
    QTabWidget* pages = m_window->pages();
    const int current = pages->currentIndex();
    const SearchPane::Shown search = m_search->shown();
    const QSignalBlocker blocker(pages);
    for (int i = pages->count() - 1; i >= 0; --i) {
        QWidget* page = pages->widget(i);
        pages->removeTab(i);
        page->deleteLater();
    }
    buildPages();
    m_search->showAgain(search);
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
    m_engine->loadTrend();
    if (m_engine->database())
        loadPool();
    else
        m_alerts->start();
    return QApplication::exec();
}

void DesktopApp::loadPool()
{
    PoolTask* task = m_engine->load();
    QObject::connect(task, &PoolTask::finished, m_window.get(), [this, task] {
        task->deleteLater();
        // What earlier runs found is known; what changes from here is news.
        m_alerts->start();
        m_window->exportAction()->setEnabled(true);
        if (!task->error().isEmpty()) {
            m_window->statusBar()->showMessage(task->error());
            return;
        }
        // The first run: nothing to search with yet; the Keys page says how to begin.
        if (m_engine->summary().keyCount() == 0 && m_keys)
            m_window->pages()->setCurrentWidget(m_keys);
        if (const QString dir = qEnvironmentVariable("EXADESK_SCREENSHOTS"); !dir.isEmpty())
            screenshotTour(dir);
        if (qEnvironmentVariableIsSet("EXADESK_REPORT_READY"))
            reportReady();
    });
}

void DesktopApp::reportReady()
{
    // Once what is queued (the first paint of the loaded pool) is done.
    QTimer::singleShot(0, m_window.get(), [] {
        // Resident memory now and at its peak, as the kernel counts it (Linux).
        long long rssKb = 0;
        long long peakKb = 0;
        QFile status(u"/proc/self/status"_s);
        if (status.open(QIODevice::ReadOnly)) {
            for (const QByteArray& line : status.readAll().split('\n')) {
                const QList<QByteArray> fields = line.simplified().split(' ');
                if (fields.size() >= 2 && fields.first() == "VmRSS:")
                    rssKb = fields.at(1).toLongLong();
                else if (fields.size() >= 2 && fields.first() == "VmHWM:")
                    peakKb = fields.at(1).toLongLong();
            }
        }
        std::printf("ready_at_ms=%lld rss_kb=%lld peak_rss_kb=%lld\n",
                    static_cast<long long>(QDateTime::currentMSecsSinceEpoch()), rssKb, peakKb);
        std::fflush(stdout);
        QApplication::quit();
    });
}

void DesktopApp::showWindow()
{
    m_window->showAndRaise();
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
