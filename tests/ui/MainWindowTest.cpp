// The window's chrome, offscreen with real widgets: the menus a desktop app has, the About and
// Keyboard Shortcuts dialogs, the View menu following the pages.
#include "MainWindow.h"

#include "Wait.h"

#include <QAction>
#include <QApplication>
#include <QDialog>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPixmap>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabWidget>
#include <QTest>
#include <QTextBrowser>
#include <QTimer>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;

namespace {

QStringList menuTitles(const exadesk::MainWindow& window)
{
    QStringList titles;
    for (const QAction* action : window.menuBar()->actions())
        titles.append(action->text());
    return titles;
}

// Triggers `action`, which opens a modal dialog, and returns the dialog's text once it is up
// (closing it).
QString dialogTextOf(QAction* action, const QString& objectName)
{
    QString text;
    QTimer::singleShot(0, [&] {
        testsupport::waitUntil([] { return QApplication::activeModalWidget() != nullptr; });
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        if (box && box->objectName() == objectName) {
            text = box->windowTitle() + u'\n' + box->text();
            // For looking at it by eye: EXADESK_SCREENSHOT_DIR=... under xvfb-run.
            if (const QString dir = qEnvironmentVariable("EXADESK_SCREENSHOT_DIR"); !dir.isEmpty())
                box->grab().save(dir + u'/' + objectName + u".png"_s);
            box->close();
        }
    });
    action->trigger();
    return text;
}

TEST(MainWindow, HasTheMenusOfADesktopApp)
{
    exadesk::MainWindow window;
    window.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
    EXPECT_EQ(window.windowTitle(), u"ExaDesk"_s);
    EXPECT_GE(window.width(), 800);
    EXPECT_EQ(menuTitles(window), (QStringList{u"&File"_s, u"&View"_s, u"&Help"_s}));
    EXPECT_EQ(window.quitAction()->shortcut(), QKeySequence(u"Ctrl+Q"_s));
    EXPECT_EQ(window.importKeysAction()->shortcut(), QKeySequence(u"Ctrl+I"_s));
    EXPECT_EQ(window.pages()->count(), 0) << "About is a dialog, not a tab";

    const QString about = dialogTextOf(window.aboutAction(), u"aboutDialog"_s);
    EXPECT_TRUE(about.startsWith(u"About ExaDesk\n"_s)) << qPrintable(about);
    EXPECT_TRUE(about.contains(u"exadesk search"_s)) << qPrintable(about);
    EXPECT_TRUE(about.contains(QLatin1StringView(qVersion()))) << qPrintable(about);
    const QString shortcuts = dialogTextOf(window.shortcutsAction(), u"shortcutsDialog"_s);
    EXPECT_TRUE(shortcuts.contains(u"Ctrl+Q</b>"_s)) << qPrintable(shortcuts);
    EXPECT_TRUE(shortcuts.contains(u"Go to the search box"_s)) << qPrintable(shortcuts);
    // For looking at the screen by eye: EXADESK_SCREENSHOT_DIR=... under xvfb-run.
    if (const QString dir = qEnvironmentVariable("EXADESK_SCREENSHOT_DIR"); !dir.isEmpty()) {
        EXPECT_TRUE(window.grab().save(dir + u"/main-window.png"_s));
    }
}

TEST(MainWindow, FileExportsAndHelpShowsTheDocumentationOffline)
{
    exadesk::MainWindow window;
    window.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
    EXPECT_EQ(window.exportAction()->shortcut(), QKeySequence(u"Ctrl+Shift+E"_s));
    QSignalSpy exportWanted(&window, &exadesk::MainWindow::exportRequested);
    window.exportAction()->trigger();
    EXPECT_EQ(exportWanted.count(), 1);

    // The README, from the program itself: no network, no installed files needed.
    window.documentationAction()->trigger();
    auto* dialog = window.findChild<QDialog*>(u"documentationDialog"_s);
    ASSERT_TRUE(dialog);
    EXPECT_TRUE(dialog->isVisible());
    EXPECT_FALSE(dialog->isModal()) << "it stays open beside the window";
    const QString text = dialog->findChild<QTextBrowser*>()->toPlainText();
    EXPECT_TRUE(text.contains(u"exadesk search"_s)) << qPrintable(text.left(300));
    EXPECT_TRUE(text.contains(u"Overview"_s));
    // Asked for again: the same window, not a second one.
    window.documentationAction()->trigger();
    EXPECT_EQ(window.findChildren<QDialog*>(u"documentationDialog"_s).size(), 1);
}

TEST(MainWindow, TheViewMenuFollowsThePages)
{
    exadesk::MainWindow window;
    window.addPage(new QLabel(u"one"_s), u"Search"_s);
    window.addPage(new QLabel(u"two"_s), u"Keys"_s);
    window.addPage(new QLabel(u"three"_s), u"Activity"_s);
    window.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
    QStringList visible;
    for (const QAction* action : window.viewMenu()->actions()) {
        if (action->isVisible())
            visible.append(action->text() + u' ' + action->shortcut().toString());
    }
    EXPECT_EQ(visible, (QStringList{u"Search Ctrl+1"_s, u"Keys Ctrl+2"_s, u"Activity Ctrl+3"_s}));
    QTest::keyClick(&window, Qt::Key_3, Qt::ControlModifier);
    EXPECT_EQ(window.pages()->currentIndex(), 2);
    EXPECT_TRUE(window.viewMenu()->actions().at(2)->isChecked());
    window.viewMenu()->actions().at(1)->trigger();
    EXPECT_EQ(window.pages()->currentIndex(), 1);

    // A page's message does not follow the person to another page.
    window.statusBar()->showMessage(u"3 keys added."_s);
    QTest::keyClick(&window, Qt::Key_1, Qt::ControlModifier);
    EXPECT_EQ(window.pages()->currentIndex(), 0);
    EXPECT_TRUE(window.statusBar()->currentMessage().isEmpty());
}

} // namespace
