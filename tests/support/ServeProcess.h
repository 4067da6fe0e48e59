#pragma once

#include <QPair>
#include <QProcess>
#include <QStringList>

// `exadesk serve` started for a test on a free port, with its error output (the request log)
// kept as it comes.
namespace testsupport {

class ServeProcess
{
public:
    ~ServeProcess();

    // Starts `exadesk serve --port 0 arguments...`; returns the port it listens on, or 0 (with
    // what it said in `error`) when it did not come up. `environment` adds to this process's.
    quint16 start(const QStringList& arguments, const QList<QPair<QString, QString>>& environment, QString* error);
    // SIGTERM, as a service manager stops it.
    void terminate() { m_process.terminate(); }
    bool waitForExit(int timeoutMs = 30'000);
    int exitCode() const { return m_process.exitCode(); }
    bool crashed() const { return m_process.exitStatus() == QProcess::CrashExit; }
    // Everything it wrote to standard error so far.
    QString errorOutput();

private:
    QProcess m_process;
    QByteArray m_err;
};

} // namespace testsupport
