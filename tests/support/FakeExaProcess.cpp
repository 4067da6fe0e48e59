#include "FakeExaProcess.h"

#include "TestCertificates.h"
#include "Wait.h"

#include <QProcessEnvironment>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace testsupport {

FakeExaProcess::~FakeExaProcess()
{
    stop();
}

QString FakeExaProcess::programPath()
{
    return binaryDir() + u"/tests/fake_exa/exadesk-fake-exa"_s;
}

QUrl FakeExaProcess::start(const QStringList& arguments, QString* error)
{
    m_process.start(programPath(), QStringList{u"--port"_s, u"0"_s} + arguments);
    if (!m_process.waitForStarted()) {
        if (error)
            *error = m_process.errorString();
        return {};
    }
    static const QRegularExpression listening(u"listening on (https?://[^\\s]+)"_s);
    QString line;
    waitUntil([&] {
        if (m_process.canReadLine())
            line = QString::fromUtf8(m_process.readLine());
        return !line.isEmpty() || m_process.state() == QProcess::NotRunning;
    });
    const QRegularExpressionMatch match = listening.match(line);
    if (!match.hasMatch()) {
        if (error)
            *error = QString::fromUtf8(m_process.readAllStandardError());
        stop();
        return {};
    }
    return QUrl(match.captured(1));
}

void FakeExaProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(5'000))
        m_process.kill();
    m_process.waitForFinished();
}

ProgramRun runProgram(const QString& program, const QStringList& arguments,
                      const QList<QPair<QString, QString>>& environment, int timeoutMs, const QByteArray& input)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const auto& [name, value] : environment) {
        if (value.isEmpty())
            env.remove(name);
        else
            env.insert(name, value);
    }
    process.setProcessEnvironment(env);
    // A program under test runs its own event loop; waiting here blocks only this test.
    process.start(program, arguments);
    if (process.waitForStarted()) {
        process.write(input);
        process.closeWriteChannel();
    }
    ProgramRun run;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        run.err = u"timed out"_s;
        return run;
    }
    run.exitCode = process.exitCode();
    run.crashed = process.exitStatus() == QProcess::CrashExit;
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

QString exadeskPath()
{
    return binaryDir() + u"/app/exadesk"_s;
}

} // namespace testsupport
