// Icons drawn from the SVGs in resources/icons: every action icon in the palette's text colour,
// following a switch to dark by itself; the app's icon with and without the port's green dot; the
// pages' toolbars with an icon and a tooltip for each action.
#include "Icons.h"

#include "ColorScheme.h"
#include "MemorySecretStore.h"
#include "TestEngine.h"
#include "keys/KeysPage.h"
#include "proxies/ProxiesPage.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QImage>
#include <QTemporaryDir>
#include <QToolBar>

#include <gtest/gtest.h>

using namespace exadesk;
using namespace Qt::StringLiterals;

namespace {

// The colour of the icon's most opaque pixels, and how many pixels it draws at all.
std::pair<QColor, int> inkOf(const QIcon& icon)
{
    const QImage image = icon.pixmap(QSize(48, 48)).toImage().convertToFormat(QImage::Format_ARGB32);
    QColor ink;
    int drawn = 0;
    int bestAlpha = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const QColor pixel = image.pixelColor(x, y);
            if (pixel.alpha() == 0)
                continue;
            ++drawn;
            if (pixel.alpha() > bestAlpha) {
                bestAlpha = pixel.alpha();
                ink = pixel;
            }
        }
    return {ink, drawn};
}

QStringList actionIconNames()
{
    QStringList names = QDir(u":/icons"_s).entryList({u"*.svg"_s});
    names.removeIf([](const QString& name) { return name.startsWith(u"exadesk"_s); });
    for (QString& name : names)
        name.chop(4);
    return names;
}

TEST(IconsTest, ActionIconsFollowThePaletteFromLightToDark)
{
    const QStringList names = actionIconNames();
    ASSERT_GE(names.size(), 10) << qPrintable(names.join(u", "_s));
    const QPalette light = QApplication::palette();
    std::vector<QIcon> icons;
    for (const QString& name : names) {
        icons.push_back(actionIcon(name));
        const auto [ink, drawn] = inkOf(icons.back());
        EXPECT_GT(drawn, 20) << qPrintable(name) << " draws nothing";
        EXPECT_LT(std::abs(ink.lightness() - light.color(QPalette::ButtonText).lightness()), 40) << qPrintable(name);
    }
    // The same icons, after the palette changed under them.
    QApplication::setPalette(theme::darkPalette());
    for (size_t i = 0; i < icons.size(); ++i) {
        const auto [ink, drawn] = inkOf(icons[i]);
        EXPECT_GT(ink.lightness(), 160) << qPrintable(names.at(static_cast<qsizetype>(i))) << " is dark on dark";
    }
    QApplication::setPalette(light);
}

TEST(IconsTest, TheAppIconShowsWhetherThePortServes)
{
    const QIcon idle = appIcon(false);
    const QIcon serving = appIcon(true);
    ASSERT_FALSE(idle.isNull());
    for (const int size : {16, 22, 32, 64})
        EXPECT_EQ(idle.pixmap(size, size).width(), size);
    // The green dot, top right.
    const QImage busy = serving.pixmap(64, 64).toImage();
    const QImage quiet = idle.pixmap(64, 64).toImage();
    const QColor dot = busy.pixelColor(48, 16);
    EXPECT_GT(dot.green(), dot.blue());
    EXPECT_NE(busy.pixelColor(48, 16), quiet.pixelColor(48, 16));
}

TEST(IconsTest, EveryToolbarActionHasAnIconAndSaysWhatItDoes)
{
    QTemporaryDir dir;
    testsupport::MemorySecretStore secrets;
    auto engine = testsupport::makeEngine(dir, secrets, {});
    KeysPage keys(*engine);
    ProxiesPage proxies(*engine);
    for (QWidget* page : {static_cast<QWidget*>(&keys), static_cast<QWidget*>(&proxies)}) {
        const QList<QToolBar*> bars = page->findChildren<QToolBar*>();
        ASSERT_FALSE(bars.isEmpty());
        int actions = 0;
        for (const QToolBar* bar : bars)
            for (const QAction* action : bar->actions()) {
                if (action->isSeparator())
                    continue;
                ++actions;
                EXPECT_FALSE(action->icon().isNull()) << qPrintable(action->text());
                // A tooltip of its own, not just the button's text again.
                EXPECT_NE(action->toolTip(), QString(action->text()).remove(u"..."_s).remove(u'&'))
                    << qPrintable(action->text());
            }
        EXPECT_GE(actions, 5) << qPrintable(page->objectName());
    }
}

} // namespace
