// The main() of every test binary: GoogleTest inside a Qt application, so tests can use the
// event loop, sockets, QSignalSpy and widgets.
#include <QApplication>

#include <gtest/gtest.h>

int main(int argc, char* argv[])
{
    // Tests never need a real screen; Xvfb is only for screenshots.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    testing::InitGoogleTest(&argc, argv);
    QApplication app(argc, argv);
    return RUN_ALL_TESTS();
}
