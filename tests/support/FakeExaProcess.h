#pragma once

#include <QProcess>
#include <QStringList>
#include <QUrl>

// The exadesk-fake-exa program, started for a test and stopped with it.
namespace testsupport {

class FakeExaProcess
{
public:
    ~FakeExaProcess();

    // Starts the program on a free port with `arguments`; returns its base URL, or an empty URL
    // (with the program's error output in `error`) when it did not come up.
    QUrl start(const QStringList& arguments, QString* error = nullptr);
    void stop();

    static QString programPath();

private:
    QProcess m_process;
};

// Runs a program to the end and keeps what it said.
struct ProgramRun
{
    int exitCode = -1;
    bool crashed = false;
    QString out;
    QString err;
};

// `environment` adds to (or, with an empty value, removes from) this process's environment.
// `input` is the program's standard input.
ProgramRun runProgram(const QString& program, const QStringList& arguments,
                      const QList<QPair<QString, QString>>& environment = {}, int timeoutMs = 30'000,
                      const QByteArray& input = {});
QString exadeskPath();

} // namespace testsupport
