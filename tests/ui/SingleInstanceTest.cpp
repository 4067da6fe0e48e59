// One window per user and data folder: a later launch shows the running one's window and ends,
// in this process over a real local socket and with two real `exadesk` processes.
#include "SingleInstance.h"

#include "FakeExaProcess.h"
#include "Wait.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using exadesk::SingleInstance;

namespace {

TEST(SingleInstance, ALaterLaunchAsksTheRunningOneForItsWindow)
{
    QTemporaryDir dir;
    SingleInstance first(dir.path());
    EXPECT_FALSE(first.activateRunning(200)) << "nothing runs yet";
    QString error;
    ASSERT_TRUE(first.listen(&error)) << qPrintable(error);
    QSignalSpy asked(&first, &SingleInstance::activationRequested);

    SingleInstance second(dir.path());
    EXPECT_EQ(second.name(), first.name());
    EXPECT_TRUE(second.activateRunning());
    ASSERT_TRUE(testsupport::waitForSignals(asked));

    QTemporaryDir other;
    EXPECT_NE(SingleInstance(other.path()).name(), first.name()) << "another data folder, another ExaDesk";
    EXPECT_FALSE(SingleInstance(other.path()).activateRunning(200));
}

TEST(SingleInstance, ASocketLeftByACrashIsTakenOver)
{
    QTemporaryDir dir;
    SingleInstance crashed(dir.path());
    // What a process killed while listening leaves: the socket's file, with nobody behind it.
    QFile stale(QDir(QDir::tempPath()).filePath(crashed.name()));
    ASSERT_TRUE(stale.open(QIODevice::WriteOnly));
    stale.close();
    EXPECT_FALSE(crashed.activateRunning(200));
    QString error;
    EXPECT_TRUE(crashed.listen(&error)) << qPrintable(error);
    EXPECT_TRUE(SingleInstance(dir.path()).activateRunning());
}

TEST(SingleInstance, TwoLaunchesOfExadeskMakeOneWindow)
{
    QTemporaryDir dir;
    const QString data = dir.filePath(u"data"_s);
    QProcess first;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"EXADESK_DATA_DIR"_s, data);
    environment.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    environment.remove(u"EXA_API_KEY"_s);
    first.setProcessEnvironment(environment);
    first.start(testsupport::exadeskPath(), {});
    ASSERT_TRUE(first.waitForStarted());
    ASSERT_TRUE(testsupport::waitUntil([&] { return SingleInstance(data).activateRunning(200); }, 20'000))
        << first.readAllStandardError().constData();

    const testsupport::ProgramRun second
        = testsupport::runProgram(testsupport::exadeskPath(), {},
                                  {{u"EXADESK_DATA_DIR"_s, data}, {u"QT_QPA_PLATFORM"_s, u"offscreen"_s}}, 10'000);
    EXPECT_EQ(second.exitCode, 0) << qPrintable(second.err);
    EXPECT_TRUE(second.err.contains(u"already running"_s)) << qPrintable(second.err);
    EXPECT_EQ(first.state(), QProcess::Running) << "the first one goes on";
    first.terminate();
    EXPECT_TRUE(first.waitForFinished(10'000));
}

} // namespace
