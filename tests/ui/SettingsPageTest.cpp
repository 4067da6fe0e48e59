// The Settings page with real widgets (offscreen) over the engine and a real SQLite file: values
// are checked before any is stored, stored where the engine reads them, and applied at once.
#include "settings/SettingsPage.h"

#include "MemorySecretStore.h"
#include "TestEngine.h"
#include "Wait.h"
#include "gateway/Gateway.h"
#include "secrets/SecretStore.h"
#include "server/LocalPortService.h"
#include "storage/Settings.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStyle>
#include <QStyleOptionComboBox>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QWheelEvent>

#include <gtest/gtest.h>

#include <memory>

using namespace exadesk;
using testsupport::MemorySecretStore;
using namespace Qt::StringLiterals;

namespace {

class SettingsPageTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        engine = testsupport::makeEngine(dir, secrets, {});
        database = engine->database();
        gateway = &engine->gateway();
        port = std::make_unique<LocalPortService>(*engine, secrets);
        LocalServerOptions options;
        options.port = 0;
        port->setOptions(options);
        page = std::make_unique<SettingsPage>(*engine, port.get());
        page->show();
    }

    QString stored(const QString& name)
    {
        StorageError error;
        return Settings(*database).value(name, &error).value_or(u"(unset)"_s);
    }

    QTemporaryDir dir;
    MemorySecretStore secrets;
    std::unique_ptr<Engine> engine;
    Database* database = nullptr;
    Gateway* gateway = nullptr;
    std::unique_ptr<LocalPortService> port;
    std::unique_ptr<SettingsPage> page;
};

TEST_F(SettingsPageTest, EverySettingHasAnEditorShowingItsDefault)
{
    auto* attempts = qobject_cast<QSpinBox*>(page->editor(u"retry.attempts"_s));
    ASSERT_TRUE(attempts);
    EXPECT_EQ(attempts->value(), 4);
    EXPECT_EQ(attempts->maximum(), 10);
    auto* recheck = qobject_cast<QCheckBox*>(page->editor(u"recheck.enabled"_s));
    ASSERT_TRUE(recheck);
    EXPECT_TRUE(recheck->isChecked());
    auto* bind = qobject_cast<QLineEdit*>(page->editor(u"server.bind"_s));
    ASSERT_TRUE(bind);
    EXPECT_EQ(bind->text(), u"127.0.0.1,::1"_s);
    EXPECT_FALSE(attempts->accessibleName().isEmpty());
    if (const QString shots = qEnvironmentVariable("EXADESK_SCREENSHOT_DIR"); !shots.isEmpty()) {
        page->resize(1000, 1400);
        EXPECT_TRUE(page->grab().save(shots + u"/settings.png"_s));
    }
}

// A wheel notch over `widget`, as a mouse sends it (through the application, which passes an
// ignored wheel on to the parents).
void wheel(QWidget* widget, int notches)
{
    const QPointF at = QRectF(widget->rect()).center();
    QWheelEvent event(at, widget->mapToGlobal(at), {}, QPoint(0, 120 * notches), Qt::NoButton, Qt::NoModifier,
                      Qt::NoScrollPhase, false);
    QApplication::sendEvent(widget, &event);
}

TEST_F(SettingsPageTest, TheWheelScrollsTheFormAndChangesOnlyAFieldWithFocus)
{
    page->resize(700, 320); // shorter than the form: it scrolls
    auto* scroll = page->findChild<QScrollArea*>();
    ASSERT_TRUE(scroll);
    QScrollBar* bar = scroll->verticalScrollBar();
    ASSERT_GT(bar->maximum(), 0);
    QSpinBox* spin = nullptr;
    for (QSpinBox* candidate : page->findChildren<QSpinBox*>()) {
        if (candidate->value() < candidate->maximum() && candidate->value() > candidate->minimum()) {
            spin = candidate;
            break;
        }
    }
    ASSERT_TRUE(spin);
    scroll->ensureWidgetVisible(spin);
    bar->setValue(std::min(bar->value(), bar->maximum() - 1));
    const int value = spin->value();
    const int scrolled = bar->value();

    wheel(spin, -3);
    EXPECT_EQ(spin->value(), value) << "an unfocused field keeps its value";
    EXPECT_GT(bar->value(), scrolled) << "the page scrolled instead";

    page->activateWindow();
    QApplication::setActiveWindow(page.get());
    spin->setFocus(Qt::MouseFocusReason);
    ASSERT_TRUE(testsupport::waitUntil([&] { return spin->hasFocus(); }));
    wheel(spin, 1);
    EXPECT_EQ(spin->value(), value + spin->singleStep()) << "a field with focus takes the wheel";
}

TEST_F(SettingsPageTest, AppliedValuesAreStoredAndUsedAtOnce)
{
    qobject_cast<QSpinBox*>(page->editor(u"retry.attempts"_s))->setValue(2);
    qobject_cast<QLineEdit*>(page->editor(u"request.user-agent"_s))->setText(u"MyTeam/1.0"_s);
    qobject_cast<QCheckBox*>(page->editor(u"recheck.enabled"_s))->setChecked(false);
    ASSERT_TRUE(page->apply());
    EXPECT_EQ(stored(u"retry.attempts"_s), u"2"_s);
    EXPECT_EQ(gateway->options().maxAttempts, 2);
    EXPECT_EQ(gateway->options().client.userAgent, u"MyTeam/1.0"_s);
    EXPECT_FALSE(gateway->keys().policy().recheck);
    // Back to the default: the row goes, and the default applies.
    qobject_cast<QSpinBox*>(page->editor(u"retry.attempts"_s))->setValue(4);
    ASSERT_TRUE(page->apply());
    EXPECT_EQ(stored(u"retry.attempts"_s), u"(unset)"_s);
    EXPECT_EQ(gateway->options().maxAttempts, 4);
}

TEST_F(SettingsPageTest, StartingAtLoginWritesAndRemovesTheAutostartEntry)
{
#ifndef Q_OS_LINUX
    GTEST_SKIP() << "the autostart entry is the XDG one of Linux desktops";
#endif
    QStandardPaths::setTestModeEnabled(true);
    QFile::remove(SettingsPage::autostartPath());
    page->load();
    EXPECT_FALSE(page->startAtLogin()->isChecked());
    page->startAtLogin()->setChecked(true);
    ASSERT_TRUE(page->apply());
    QFile entry(SettingsPage::autostartPath());
    ASSERT_TRUE(entry.open(QIODevice::ReadOnly)) << qPrintable(SettingsPage::autostartPath());
    const QByteArray text = entry.readAll();
    EXPECT_TRUE(text.contains("Exec=\"" + QCoreApplication::applicationFilePath().toUtf8() + '"'));
    page->startAtLogin()->setChecked(false);
    ASSERT_TRUE(page->apply());
    EXPECT_FALSE(QFile::exists(SettingsPage::autostartPath()));
    QStandardPaths::setTestModeEnabled(false);
}

TEST_F(SettingsPageTest, TheAutostartEntryStartsThisInstallation)
{
    // A package's /usr/bin/exadesk (here, the test binary's own path), with the installed icon.
    const QString program = QCoreApplication::applicationFilePath();
    const QString installed = u"\nExec=\"%1\"\n"_s.arg(program);
    qunsetenv("APPIMAGE");
    qunsetenv("APPDIR");
    EXPECT_TRUE(SettingsPage::autostartEntry().contains(installed)) << qPrintable(SettingsPage::autostartEntry());
    EXPECT_TRUE(SettingsPage::autostartEntry().contains(u"\nIcon=io.github.exadesk.ExaDesk\n"_s));
    // Run from an AppImage's mount, which changes every time: the entry names the AppImage file.
    qputenv("APPIMAGE", "/home/someone/Apps/ExaDesk-x86_64.AppImage");
    qputenv("APPDIR", QFileInfo(program).absolutePath().toLocal8Bit());
    EXPECT_TRUE(SettingsPage::autostartEntry().contains(u"\nExec=\"/home/someone/Apps/ExaDesk-x86_64.AppImage\"\n"_s));
    // Started by another AppImage, which handed down its $APPIMAGE: still this program.
    qputenv("APPDIR", "/tmp/.mount_SomeOtherApp");
    EXPECT_TRUE(SettingsPage::autostartEntry().contains(installed)) << qPrintable(SettingsPage::autostartEntry());
    qunsetenv("APPIMAGE");
    qunsetenv("APPDIR");
#ifdef Q_OS_LINUX
    // Inside a Flatpak the session never reads its ~/.config: the option is not offered.
    EXPECT_TRUE(SettingsPage::canStartAtLogin());
    qputenv("FLATPAK_ID", "io.github.exadesk.ExaDesk");
    EXPECT_FALSE(SettingsPage::canStartAtLogin());
    qunsetenv("FLATPAK_ID");
#endif
}

TEST_F(SettingsPageTest, ClearingExasAddressGoesBackToExa)
{
    auto* baseUrl = qobject_cast<QLineEdit*>(page->editor(u"request.base-url"_s));
    ASSERT_TRUE(baseUrl);
    baseUrl->setText(u"http://127.0.0.1:9/"_s);
    ASSERT_TRUE(page->apply());
    EXPECT_EQ(gateway->options().client.baseUrl, QUrl(u"http://127.0.0.1:9/"_s));
    baseUrl->clear();
    ASSERT_TRUE(page->apply());
    EXPECT_EQ(gateway->options().client.baseUrl, exa::ExaClientOptions::defaultBaseUrl());
}

TEST_F(SettingsPageTest, ARefusedValueChangesNothing)
{
    qobject_cast<QSpinBox*>(page->editor(u"retry.attempts"_s))->setValue(3);
    qobject_cast<QLineEdit*>(page->editor(u"server.allowed-origins"_s))->setText(u"null"_s);
    EXPECT_FALSE(page->apply());
    EXPECT_TRUE(page->problemLabel()->isVisible());
    EXPECT_TRUE(page->problemLabel()->text().contains(u"null"_s)) << qPrintable(page->problemLabel()->text());
    EXPECT_EQ(stored(u"retry.attempts"_s), u"(unset)"_s);
    EXPECT_EQ(gateway->options().maxAttempts, 4);
    page->load();
    EXPECT_EQ(qobject_cast<QSpinBox*>(page->editor(u"retry.attempts"_s))->value(), 4);
}

TEST_F(SettingsPageTest, ARunningPortMovesToItsNewPortAndShowsItsToken)
{
    QSignalSpy running(port.get(), &LocalPortService::runningChanged);
    port->start();
    ASSERT_TRUE(testsupport::waitUntil([&] { return port->isRunning(); }));
    EXPECT_EQ(page->tokenField()->text().toLatin1(), port->token());
    EXPECT_EQ(page->tokenField()->echoMode(), QLineEdit::Password);
    QTcpServer probe;
    ASSERT_TRUE(probe.listen(QHostAddress::LocalHost));
    const quint16 free = probe.serverPort();
    probe.close();
    qobject_cast<QSpinBox*>(page->editor(u"server.port"_s))->setValue(free);
    qobject_cast<QLineEdit*>(page->editor(u"server.bind"_s))->setText(u"127.0.0.1"_s);
    ASSERT_TRUE(page->apply());
    ASSERT_TRUE(testsupport::waitUntil([&] { return port->isRunning() && port->server().port() == free; }));
    EXPECT_EQ(port->endpoint(), QUrl(u"http://127.0.0.1:%1"_s.arg(free)));
}

} // namespace

namespace {

TEST_F(SettingsPageTest, GeneralComesFirstWithOneLabelColumnAndTheButtonsStayPut)
{
    page->resize(900, 700);
    QApplication::processEvents();
    // The groups in the order a person looks for them: General, Notifications, Local port, then
    // the engine's.
    QList<QGroupBox*> groups = page->findChildren<QGroupBox*>();
    std::sort(groups.begin(), groups.end(), [](QGroupBox* a, QGroupBox* b) { return a->y() < b->y(); });
    ASSERT_GE(groups.size(), 4);
    EXPECT_EQ(groups.at(0)->title(), u"General"_s);
    EXPECT_TRUE(groups.at(0)->isAncestorOf(page->language()));
    EXPECT_TRUE(groups.at(0)->isAncestorOf(page->closeToTray()));
    EXPECT_TRUE(groups.at(0)->isAncestorOf(page->siteIcons()));
    EXPECT_EQ(groups.at(1)->title(), u"Notifications"_s);
    EXPECT_TRUE(groups.at(1)->isAncestorOf(page->alertWantedBox(PoolAlert::ErrorRate)));
    EXPECT_TRUE(groups.at(1)->isAncestorOf(page->editor(u"alerts.error-rate-percent"_s)));
    EXPECT_EQ(groups.at(2)->title(), u"Local port"_s);
    EXPECT_TRUE(groups.at(2)->isAncestorOf(page->tokenField()));

    // One label width down the page: every field starts at the same x.
    QSet<int> fieldStarts;
    for (const char* name :
         {"retry.attempts", "server.port", "rate.search-per-second", "log.retention-days", "alerts.error-rate-percent"})
        fieldStarts.insert(page->editor(QLatin1StringView(name))->mapTo(page.get(), QPoint(0, 0)).x());
    fieldStarts.insert(page->language()->mapTo(page.get(), QPoint(0, 0)).x());
    EXPECT_EQ(fieldStarts.size(), 1) << "fields start at "
                                     << qPrintable(QStringList([&] {
                                                       QStringList xs;
                                                       for (const int x : fieldStarts)
                                                           xs.append(QString::number(x));
                                                       return xs;
                                                   }())
                                                       .join(u", "_s));
    // Numbers stay compact; a spin box is not stretched across the page.
    EXPECT_LT(page->editor(u"retry.attempts"_s)->width(), page->width() / 3);

    // A refused value is said beside the buttons without moving them or the form.
    const QPoint applyAt = page->applyButton()->mapTo(page.get(), QPoint(0, 0));
    const int formHeight = page->findChild<QScrollArea*>()->height();
    qobject_cast<QLineEdit*>(page->editor(u"server.allowed-origins"_s))->setText(u"null"_s);
    EXPECT_FALSE(page->apply());
    QApplication::processEvents();
    EXPECT_TRUE(page->problemLabel()->isVisible());
    EXPECT_EQ(page->applyButton()->mapTo(page.get(), QPoint(0, 0)), applyAt);
    EXPECT_EQ(page->findChild<QScrollArea*>()->height(), formHeight);
    // Apply and Revert are the platform's size, at the right.
    EXPECT_EQ(page->applyButton()->height(), page->applyButton()->sizeHint().height());
    EXPECT_GT(applyAt.x(), page->width() / 2);
}

TEST_F(SettingsPageTest, EveryLanguageNameFitsItsBox)
{
    // The box is sized by counting characters, not by measuring them (see SettingsPage); each
    // name must still fit, "简体中文" in its own wide script too.
    page->resize(900, 700);
    page->show();
    QApplication::processEvents();
    QComboBox* language = page->language();
    QStyleOptionComboBox option;
    option.initFrom(language);
    const int room = language->style()
                         ->subControlRect(QStyle::CC_ComboBox, &option, QStyle::SC_ComboBoxEditField, language)
                         .width();
    for (int i = 0; i < language->count(); ++i) {
        const QString name = language->itemText(i);
        EXPECT_LE(language->fontMetrics().horizontalAdvance(name), room) << qPrintable(name);
    }
}

TEST_F(SettingsPageTest, NotificationsAreOnUntilTurnedOff)
{
    for (const PoolAlert alert : kPoolAlerts) {
        QSettings().remove(u"alerts/"_s + toString(alert));
    }
    page->load();
    for (const PoolAlert alert : kPoolAlerts)
        EXPECT_TRUE(page->alertWantedBox(alert)->isChecked()) << qPrintable(toString(alert));
    page->alertWantedBox(PoolAlert::ProxyDown)->setChecked(false);
    ASSERT_TRUE(page->apply());
    EXPECT_FALSE(SettingsPage::alertWanted(PoolAlert::ProxyDown));
    EXPECT_TRUE(SettingsPage::alertWanted(PoolAlert::KeyInvalid));
    page->alertWantedBox(PoolAlert::ProxyDown)->setChecked(true);
    ASSERT_TRUE(page->apply());
    EXPECT_TRUE(SettingsPage::alertWanted(PoolAlert::ProxyDown));
}

} // namespace
