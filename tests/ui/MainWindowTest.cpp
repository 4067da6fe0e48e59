#include "MainWindow.h"

#include <QLabel>
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
    EXPECT_FALSE(window.grab().isNull());
}

} // namespace
