#include "MainWindow.h"

#include <QLabel>
#include <QPixmap>
#include <QTest>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;

namespace {

TEST(MainWindow, OpensWithAWelcomeThatSaysWhatTheAppDoes)
{
    exadesk::MainWindow window;
    window.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
    EXPECT_EQ(window.windowTitle(), u"ExaDesk"_s);
    EXPECT_GE(window.width(), 800);

    QStringList texts;
    for (const QLabel* label : window.findChildren<QLabel*>())
        texts.append(label->text());
    const QString all = texts.join(u'\n');
    EXPECT_TRUE(all.contains("Welcome to ExaDesk"_L1)) << qPrintable(all);
    EXPECT_TRUE(all.contains("exadesk search"_L1)) << qPrintable(all);
    const QPixmap picture = window.grab();
    EXPECT_FALSE(picture.isNull());
    // For looking at the screen by eye: EXADESK_SCREENSHOT_DIR=... under xvfb-run.
    if (const QString dir = qEnvironmentVariable("EXADESK_SCREENSHOT_DIR"); !dir.isEmpty()) {
        EXPECT_TRUE(picture.save(dir + u"/main-window.png"_s));
    }
}

} // namespace
