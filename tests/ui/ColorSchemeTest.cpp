// Light and dark: the palette the window gets when the desktop prefers dark (asked of a portal on
// a real D-Bus session, as GNOME answers it), back again when it prefers light, and error text
// that stays readable on both.
#include "ColorScheme.h"

#include <QApplication>
#include <QCheckBox>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusVariant>
#include <QImage>
#include <QLabel>
#include <QListWidget>
#include <QProcess>
#include <QProxyStyle>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStyle>
#include <QStyleOptionButton>
#include <QTest>

#include <gtest/gtest.h>

#include <cmath>

using namespace exadesk;
using namespace Qt::StringLiterals;

namespace {

const QString kPath = u"/org/freedesktop/portal/desktop"_s;
const QString kInterface = u"org.freedesktop.portal.Settings"_s;

// The part of xdg-desktop-portal's Settings interface the app reads, on a connection of its own.
class FakePortal : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.portal.Settings")

public:
    explicit FakePortal(uint colorScheme)
        : m_bus(QDBusConnection::connectToBus(QDBusConnection::SessionBus, u"fake-portal"_s))
        , m_colorScheme(colorScheme)
    { }
    ~FakePortal() override { QDBusConnection::disconnectFromBus(u"fake-portal"_s); }

    bool publish()
    {
        return m_bus.isConnected() && m_bus.registerObject(kPath, this, QDBusConnection::ExportAllSlots)
            && m_bus.registerService(u"org.freedesktop.portal.Desktop"_s);
    }

public Q_SLOTS:
    // Older portals wrap the value in a second variant, as this one does.
    QDBusVariant Read(const QString& group, const QString& key)
    {
        if (group != "org.freedesktop.appearance"_L1 || key != "color-scheme"_L1)
            return {};
        return QDBusVariant(QVariant::fromValue(QDBusVariant(QVariant::fromValue(m_colorScheme))));
    }

private:
    QDBusConnection m_bus;
    uint m_colorScheme;
};

// WCAG's contrast ratio between two colours.
double contrast(const QColor& a, const QColor& b)
{
    const auto luminance = [](const QColor& color) {
        const auto channel = [](double c) { return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); };
        return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) + 0.0722 * channel(color.blueF());
    };
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

TEST(ColorSchemeTest, ADarkPreferenceGetsADarkPaletteAndErrorsStayReadable)
{
    const QPalette original = QApplication::palette();
    ASSERT_FALSE(theme::isDark(original)); // offscreen starts light
    QWidget pane;
    QLabel& error = *new QLabel(u"Exa refused the key"_s, &pane);
    theme::showAsError(&error);
    EXPECT_TRUE(error.styleSheet().contains(theme::errorText(original).name()));

    SystemColorScheme scheme;
    scheme.apply(SystemColorScheme::Preference::Dark);
    EXPECT_TRUE(scheme.isDarkApplied());
    const QPalette dark = QApplication::palette();
    EXPECT_TRUE(theme::isDark(dark));
    auto* proxy = qobject_cast<QProxyStyle*>(QApplication::style());
    ASSERT_TRUE(proxy);
    EXPECT_EQ(proxy->baseStyle()->name(), u"fusion"_s);
    for (const QPalette& palette : {original, dark}) {
        EXPECT_GE(contrast(palette.color(QPalette::Text), palette.color(QPalette::Base)), 7.0);
        EXPECT_GE(contrast(theme::errorText(palette), palette.color(QPalette::Window)), 4.5);
        EXPECT_GE(contrast(theme::errorText(palette), palette.color(QPalette::Base)), 4.5);
    }
    // The label follows the palette without being told.
    EXPECT_TRUE(error.styleSheet().contains(theme::errorText(dark).name())) << qPrintable(error.styleSheet());

    scheme.apply(SystemColorScheme::Preference::Light);
    EXPECT_FALSE(scheme.isDarkApplied());
    EXPECT_EQ(QApplication::palette().color(QPalette::Window), original.color(QPalette::Window));
    EXPECT_TRUE(error.styleSheet().contains(theme::errorText(original).name()));
}

// How far apart two colours' lightness is (0..255).
int lightnessGap(const QColor& a, const QColor& b)
{
    return std::abs(a.lightness() - b.lightness());
}

TEST(ColorSchemeTest, AnUncheckedBoxStaysVisibleInTheDark)
{
    SystemColorScheme scheme;
    scheme.apply(SystemColorScheme::Preference::Dark);
    const auto restore = qScopeGuard([&] { scheme.apply(SystemColorScheme::Preference::Light); });
    QWidget pane;
    auto* box = new QCheckBox(u"Re-check invalid keys"_s, &pane);
    pane.resize(300, 60);
    pane.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&pane));
    const QImage picture = box->grab().toImage();
    QStyleOptionButton option;
    option.initFrom(box);
    const QRect indicator = box->style()->subElementRect(QStyle::SE_CheckBoxIndicator, &option, box);
    ASSERT_TRUE(indicator.isValid());
    // The frame's left edge, against the inside of the box and the window around it.
    const QColor frame = picture.pixelColor(indicator.left(), indicator.center().y());
    const QColor inside = picture.pixelColor(indicator.center());
    const QColor around = QApplication::palette().color(QPalette::Window);
    EXPECT_GE(lightnessGap(frame, inside), 40) << qPrintable(frame.name() + u" on "_s + inside.name());
    EXPECT_GE(lightnessGap(frame, around), 40) << qPrintable(frame.name() + u" on "_s + around.name());
}

TEST(ColorSchemeTest, ReadsThePortalAtStart)
{
    if (!QDBusConnection::sessionBus().isConnected())
        GTEST_SKIP() << "no D-Bus session bus";
    FakePortal portal(1); // prefers dark
    ASSERT_TRUE(portal.publish());
    SystemColorScheme scheme;
    QSignalSpy applied(&scheme, &SystemColorScheme::applied);
    scheme.follow();
    ASSERT_TRUE(applied.wait(5'000));
    EXPECT_EQ(scheme.preference(), SystemColorScheme::Preference::Dark);
    EXPECT_TRUE(theme::isDark(QApplication::palette()));
    scheme.apply(SystemColorScheme::Preference::None);
}

// The switch comes from another process, as the portal's does.
TEST(ColorSchemeTest, FollowsThePersonSwitching)
{
    const QString dbusSend = QStandardPaths::findExecutable(u"dbus-send"_s);
    if (!QDBusConnection::sessionBus().isConnected() || dbusSend.isEmpty())
        GTEST_SKIP() << "no D-Bus session bus or no dbus-send";
    SystemColorScheme scheme;
    QSignalSpy applied(&scheme, &SystemColorScheme::applied);
    scheme.follow();
    // A round trip: the bus has our subscription once it answers.
    QDBusConnection::sessionBus().interface()->isServiceRegistered(u"org.freedesktop.portal.Desktop"_s);
    const auto switchTo = [&](uint colorScheme) {
        return QProcess::execute(dbusSend,
                                 {u"--session"_s, u"--type=signal"_s, kPath, kInterface + u".SettingChanged"_s,
                                  u"string:org.freedesktop.appearance"_s, u"string:color-scheme"_s,
                                  u"variant:uint32:%1"_s.arg(colorScheme)});
    };

    ASSERT_EQ(switchTo(1), 0); // prefers dark
    ASSERT_TRUE(applied.wait(5'000));
    EXPECT_EQ(scheme.preference(), SystemColorScheme::Preference::Dark);
    EXPECT_TRUE(theme::isDark(QApplication::palette()));
    ASSERT_EQ(switchTo(2), 0); // prefers light
    ASSERT_TRUE(applied.wait(5'000));
    EXPECT_EQ(scheme.preference(), SystemColorScheme::Preference::Light);
    EXPECT_FALSE(theme::isDark(QApplication::palette()));
}

TEST(ColorSchemeTest, WithoutAPortalNothingChanges)
{
    if (!QDBusConnection::sessionBus().isConnected())
        GTEST_SKIP() << "no D-Bus session bus";
    const QColor window = QApplication::palette().color(QPalette::Window);
    SystemColorScheme scheme;
    QSignalSpy applied(&scheme, &SystemColorScheme::applied);
    scheme.follow(); // nobody owns the portal's name: the call fails at once
    EXPECT_FALSE(applied.wait(500));
    EXPECT_EQ(scheme.preference(), SystemColorScheme::Preference::None);
    EXPECT_EQ(QApplication::palette().color(QPalette::Window), window);
}

TEST(ColorSchemeTest, TheKeyboardFocusIsVisibleInLists)
{
    for (const bool dark : {false, true}) {
        QApplication::setStyle(dark ? theme::darkStyle() : theme::windowStyle(u"Fusion"_s));
        QApplication::setPalette(dark ? theme::darkPalette() : QApplication::style()->standardPalette());
        QListWidget list;
        list.addItems({u"first"_s, u"second"_s, u"third"_s});
        list.resize(200, 120);
        list.show();
        list.activateWindow();
        QApplication::setActiveWindow(&list);
        list.setFocus();
        ASSERT_TRUE(QTest::qWaitForWindowActive(&list));
        list.setCurrentRow(1, QItemSelectionModel::NoUpdate);
        list.clearSelection();
        ASSERT_TRUE(list.hasFocus());
        const QRect item = list.visualItemRect(list.item(1));
        const QImage image = list.viewport()->grab().toImage();
        // The ring, on the item's left edge, in the highlight colour; a row without focus has none.
        const QColor ring = image.pixelColor(item.left() + 1, item.center().y());
        const QColor highlight = list.palette().color(QPalette::Highlight);
        EXPECT_LT(std::abs(ring.hue() - highlight.hue()), 10)
            << (dark ? "dark: " : "light: ") << qPrintable(ring.name());
        EXPECT_GT(lightnessGap(ring, list.palette().color(QPalette::Base)), 40) << qPrintable(ring.name());
        const QColor plain = image.pixelColor(item.left() + 1, list.visualItemRect(list.item(2)).center().y());
        EXPECT_LT(lightnessGap(plain, list.palette().color(QPalette::Base)), 20) << qPrintable(plain.name());
    }
}

} // namespace

#include "ColorSchemeTest.moc"
