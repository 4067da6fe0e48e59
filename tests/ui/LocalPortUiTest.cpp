// The local port from the window and the tray: real widgets and actions, offscreen, over the
// fake Exa server. The desktop here has no tray, so the tray object's actions are driven
// directly, as its menu would.
#include "FakeExaServer.h"
#include "MainWindow.h"
#include "MemorySecretStore.h"
#include "RawHttp.h"
#include "Translations.h"
#include "TrayIcon.h"
#include "Wait.h"
#include "gateway/Gateway.h"
#include "secrets/SecretStore.h"
#include "server/LocalPortService.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QGuiApplication>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabWidget>
#include <QTest>
#include <QTimer>

#include <gtest/gtest.h>

#include <memory>

using namespace exadesk;
using testsupport::MemorySecretStore;
using namespace Qt::StringLiterals;
using testsupport::waitUntil;

namespace {

const QString kKey = u"ui-key-0000-1111-2222-3333"_s;
// Where the build leaves the app's translations.
const QString kTranslations = QStringLiteral(EXADESK_BINARY_DIR "/app");

// The window always runs with a translation, English's plurals at least, as main() installs them:
// so do these tests ("1 key removed", not the source's "1 key(s) removed").
class EnglishAsTheAppHasIt : public ::testing::Environment
{
public:
    void SetUp() override { Translations::install(QLocale(QLocale::English), kTranslations); }
};
[[maybe_unused]] const auto* const kEnglish = ::testing::AddGlobalTestEnvironment(new EnglishAsTheAppHasIt);

class LocalPortUiTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        fakeexa::FakeExaOptions fakeOptions;
        fakeOptions.keys = {kKey};
        fakeOptions.instant = true;
        fake = std::make_unique<fakeexa::FakeExaServer>(fakeOptions);
        ASSERT_TRUE(fake->listen());
        GatewayOptions options;
        options.client.baseUrl = fake->baseUrl();
        KeyPolicy policy;
        policy.recheck = false;
        gateway = std::make_unique<Gateway>(Clock::system(), options, policy);
        gateway->addKey({u"id-ui"_s, u"ui"_s, kKey, {}, {}, 0, 0.0});
        port = std::make_unique<LocalPortService>(*gateway, secrets);
        LocalServerOptions serverOptions;
        serverOptions.port = 0;
        port->setOptions(serverOptions);
    }

    int search()
    {
        testsupport::RawClient client;
        const quint16 number = port->server().port();
        EXPECT_TRUE(client.connectTo(number));
        client.send(testsupport::rawRequest("POST", "/search", number, {{"x-api-key", port->token()}},
                                            R"({"query":"rust","numResults":1})"));
        const auto response = client.readResponse();
        return response ? response->status : 0;
    }

    std::unique_ptr<fakeexa::FakeExaServer> fake;
    std::unique_ptr<Gateway> gateway;
    MemorySecretStore secrets;
    std::unique_ptr<LocalPortService> port;
};

TEST_F(LocalPortUiTest, TrayMenuStartsAndStopsTheLocalPort)
{
    TrayIcon tray(*port);
    EXPECT_EQ(tray.startStopAction()->text(), u"Start Local Port"_s);
    EXPECT_FALSE(tray.copyEndpointAction()->isEnabled());
    EXPECT_TRUE(tray.toolTip().contains(u"off"_s));

    tray.startStopAction()->trigger();
    ASSERT_TRUE(waitUntil([&] { return port->isRunning(); }));
    EXPECT_EQ(tray.startStopAction()->text(), u"Stop Local Port"_s);
    EXPECT_TRUE(tray.copyEndpointAction()->isEnabled());
    const QString endpoint = port->endpoint().toString();
    EXPECT_TRUE(tray.toolTip().contains(endpoint)) << qPrintable(tray.toolTip());

    ASSERT_EQ(search(), 200);
    EXPECT_TRUE(tray.toolTip().contains(u"1 request"_s)) << qPrintable(tray.toolTip());

    tray.copyEndpointAction()->trigger();
    EXPECT_EQ(QGuiApplication::clipboard()->text(), endpoint);

    QSignalSpy quit(&tray, &TrayIcon::quitRequested);
    QSignalSpy open(&tray, &TrayIcon::openRequested);
    tray.openAction()->trigger();
    tray.quitAction()->trigger();
    EXPECT_EQ(open.size(), 1);
    EXPECT_EQ(quit.size(), 1);

    tray.startStopAction()->trigger();
    EXPECT_FALSE(port->isRunning());
    EXPECT_EQ(tray.startStopAction()->text(), u"Start Local Port"_s);
}

TEST_F(LocalPortUiTest, TheWindowStartsThePortAndShowsItsState)
{
    MainWindow window(port.get());
    window.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
    auto* button = window.findChild<QPushButton*>(u"localPortButton"_s);
    ASSERT_TRUE(button);
    EXPECT_EQ(window.portStateLabel()->text(), u"Local port: off"_s);
    EXPECT_FALSE(window.copyEndpointAction()->isEnabled());

    QTest::mouseClick(button, Qt::LeftButton);
    ASSERT_TRUE(waitUntil([&] { return port->isRunning(); }));
    EXPECT_EQ(button->text(), u"Stop Local Port"_s);
    ASSERT_EQ(search(), 200);
    const QString state = window.portStateLabel()->text();
    EXPECT_TRUE(state.startsWith(u"Local port: "_s + port->endpoint().toString())) << qPrintable(state);
    EXPECT_TRUE(state.contains(u"(1 request"_s)) << qPrintable(state);

    window.copyTokenAction()->trigger();
    EXPECT_EQ(QGuiApplication::clipboard()->text().toLatin1(), port->token());
    QGuiApplication::clipboard()->clear();

    if (const QString dir = qEnvironmentVariable("EXADESK_SCREENSHOT_DIR"); !dir.isEmpty()) {
        EXPECT_TRUE(window.grab().save(dir + u"/local-port.png"_s));
    }

    QTest::mouseClick(button, Qt::LeftButton);
    EXPECT_FALSE(port->isRunning());
    EXPECT_EQ(window.portStateLabel()->text(), u"Local port: off"_s);
}

TEST_F(LocalPortUiTest, AFailureIsALineInTheStatusBar)
{
    secrets.failWith(SecretError::Kind::Locked);
    MainWindow window(port.get());
    window.show();
    window.startStopAction()->trigger();
    ASSERT_TRUE(waitUntil([&] { return !window.statusBar()->currentMessage().isEmpty(); }));
    EXPECT_TRUE(window.statusBar()->currentMessage().contains(u"keychain"_s))
        << qPrintable(window.statusBar()->currentMessage());
    EXPECT_FALSE(port->isRunning());
}

TEST_F(LocalPortUiTest, WarnsWhenThePortListensBeyondThisComputer)
{
    LocalServerOptions options = port->options();
    options.addresses = {QHostAddress(QHostAddress::AnyIPv4)};
    port->setOptions(options);
    MainWindow window(port.get());
    window.show();
    window.startStopAction()->trigger();
    ASSERT_TRUE(waitUntil([&] { return port->isRunning(); }));
    EXPECT_TRUE(window.statusBar()->currentMessage().contains(u"0.0.0.0"_s))
        << qPrintable(window.statusBar()->currentMessage());
}

TEST_F(LocalPortUiTest, ClosingHidesIntoTheTrayOrSaysThereIsNone)
{
    MainWindow withTray(port.get());
    withTray.setTrayAvailable(true);
    withTray.show();
    QSignalSpy hidden(&withTray, &MainWindow::hiddenToTray);
    EXPECT_FALSE(withTray.close());
    EXPECT_FALSE(withTray.isVisible());
    EXPECT_EQ(hidden.size(), 1);

    MainWindow withoutTray(port.get());
    withoutTray.setTrayAvailable(false);
    withoutTray.show();
    auto* note = withoutTray.findChild<QLabel*>(u"noTrayNote"_s);
    ASSERT_TRUE(note);
    EXPECT_TRUE(note->text().contains(u"No system tray"_s));
    EXPECT_TRUE(withoutTray.close());
}

TEST_F(LocalPortUiTest, TheWindowAndTheTraySwitchLanguageAtOnce)
{
    MainWindow window(port.get());
    TrayIcon tray(*port);
    window.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
    QMenu* portMenu = window.findChild<QMenu*>(u"localPortMenu"_s);
    ASSERT_TRUE(portMenu);
    const QString englishMenu = portMenu->title();
    const QString englishTray = tray.openAction()->text();
    const auto restore = qScopeGuard([] { Translations::install(QLocale::c(), kTranslations); });

    Translations::install(QLocale(u"zh_CN"_s), kTranslations);
    // Both read the new language's texts, not the source's.
    const QString chineseMenu = QCoreApplication::translate("exadesk::MainWindow", "&Local Port");
    ASSERT_NE(chineseMenu, u"&Local Port"_s) << "exadesk_zh_CN.qm was not found in " << qPrintable(kTranslations);
    ASSERT_TRUE(waitUntil([&] { return portMenu->title() == chineseMenu; }));
    EXPECT_NE(portMenu->title(), englishMenu);
    EXPECT_EQ(window.quitAction()->text(), QCoreApplication::translate("exadesk::MainWindow", "&Quit"));
    EXPECT_EQ(window.startStopAction()->text(), QCoreApplication::translate("exadesk::MainWindow", "Start Local Port"));
    tray.refresh();
    EXPECT_EQ(tray.openAction()->text(), QCoreApplication::translate("exadesk::TrayIcon", "Open ExaDesk"));
    EXPECT_NE(tray.openAction()->text(), englishTray);

    Translations::install(QLocale::c(), kTranslations);
    ASSERT_TRUE(waitUntil([&] { return portMenu->title() == englishMenu; }));
    tray.refresh();
    EXPECT_EQ(tray.openAction()->text(), englishTray);
}

TEST_F(LocalPortUiTest, ALanguageNotTranslatedReadsEnglishWithItsPlurals)
{
    const auto restore = qScopeGuard([] { Translations::install(QLocale::c(), kTranslations); });
    for (const char* name : {"de_DE", "fr_FR", "en_US"}) {
        Translations::install(QLocale(QLatin1StringView(name)), kTranslations);
        EXPECT_EQ(QCoreApplication::translate("exadesk::OverviewPage", "on · %n request(s) served", nullptr, 10),
                  u"on · 10 requests served"_s)
            << name;
        EXPECT_EQ(QCoreApplication::translate("exadesk::OverviewPage", "on · %n request(s) served", nullptr, 1),
                  u"on · 1 request served"_s)
            << name;
    }
}

// Runs the application's event loop, as main() does, with `start` first; its exit code, or -1
// when it did not end within `timeoutMs`.
int runApplication(const std::function<void()>& start, int timeoutMs = 8'000)
{
    QTimer guard;
    guard.setSingleShot(true);
    QObject::connect(&guard, &QTimer::timeout, [] { QCoreApplication::exit(-1); });
    guard.start(timeoutMs);
    QTimer::singleShot(0, start);
    return QApplication::exec();
}

TEST_F(LocalPortUiTest, QuitFromTheTrayEndsTheAppWhileClosingTheWindowHidesIt)
{
    MainWindow window(port.get());
    TrayIcon tray(*port);
    window.attachTray(tray);
    window.setTrayAvailable(true); // as on a desktop with a tray: closing hides the window there
    window.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
    EXPECT_FALSE(window.close()) << "closing hides into the tray";
    EXPECT_FALSE(window.isVisible());
    tray.openAction()->trigger();
    EXPECT_TRUE(window.isVisible());

    // The first time the window goes to the tray, the tray says so in a balloon: a top-level
    // window of its own, as QSystemTrayIcon draws one where no notification service runs.
    QWidget balloon(nullptr, Qt::ToolTip);
    QObject::connect(&window, &MainWindow::hiddenToTray, &balloon, &QWidget::show);

    EXPECT_EQ(runApplication([&] { tray.quitAction()->trigger(); }), 0) << "one Quit quits";
    EXPECT_FALSE(window.isVisible());
}

TEST_F(LocalPortUiTest, QuitLetsTheLocalPortsCallsInFlightFinishFirst)
{
    MainWindow window(port.get());
    window.setTrayAvailable(true);
    window.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
    port->start();
    ASSERT_TRUE(waitUntil([&] { return port->isRunning(); }));
    fake->setInstant(false);
    fakeexa::FakeOutcome slow;
    slow.delayMs = 400;
    fake->script().set(kKey, {slow});
    testsupport::RawClient client;
    const quint16 number = port->server().port();
    ASSERT_TRUE(client.connectTo(number));
    client.send(testsupport::rawRequest("POST", "/search", number, {{"x-api-key", port->token()}},
                                        R"({"query":"rust","numResults":1})"));
    ASSERT_TRUE(waitUntil([&] { return port->server().requestsInFlight() == 1; }));

    EXPECT_EQ(runApplication([&] { window.quitAction()->trigger(); }), 0);
    EXPECT_FALSE(port->isRunning());
    const auto response = client.readResponse();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200) << "the call in flight was answered before the end";
}

} // namespace
