// The main() of every test binary: GoogleTest inside a Qt application, so tests can use the
// event loop, sockets, QSignalSpy and widgets.
#include <QApplication>
#include <QTemporaryDir>

#include <gtest/gtest.h>

int main(int argc, char* argv[])
{
    // Tests never need a real screen; Xvfb is only for screenshots.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    // What a test writes with QSettings stays in a folder of this process's own: never the
    // person's settings, never those of a test running beside it.
    const QTemporaryDir config;
    qputenv("XDG_CONFIG_HOME", config.path().toLocal8Bit());
    testing::InitGoogleTest(&argc, argv);
    QApplication app(argc, argv);
    return RUN_ALL_TESTS();
}
