#include "ServeProcess.h"

#include "FakeExaProcess.h"
#include "Wait.h"

#include <QProcessEnvironment>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace testsupport {

ServeProcess::~ServeProcess()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.kill();
    m_process.waitForFinished();
}

quint16 ServeProcess::start(const QStringList& arguments, const QList<QPair<QString, QString>>& environment,
                            QString* error)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const auto& [name, value] : environment)
        env.insert(name, value);
    m_process.setProcessEnvironment(env);
    QObject::connect(&m_process, &QProcess::readyReadStandardError,
                     [this] { m_err += m_process.readAllStandardError(); });
    m_process.start(exadeskPath(), QStringList{u"serve"_s, u"--port"_s, u"0"_s} + arguments);
    static const QRegularExpression listening(u"port (\\d+), with"_s);
    QRegularExpressionMatch match;
    waitUntil(
        [&] {
            match = listening.match(QString::fromUtf8(m_err));
            return match.hasMatch() || m_process.state() == QProcess::NotRunning;
        },
        30'000);
    if (!match.hasMatch()) {
        m_process.waitForFinished(1'000);
        m_err += m_process.readAllStandardError();
        *error = QString::fromUtf8(m_err);
        return 0;
    }
    return static_cast<quint16>(match.captured(1).toUInt());
}

bool ServeProcess::waitForExit(int timeoutMs)
{
    const bool exited = waitUntil([this] { return m_process.state() == QProcess::NotRunning; }, timeoutMs);
    m_err += m_process.readAllStandardError();
    return exited;
}

QString ServeProcess::errorOutput()
{
    m_err += m_process.readAllStandardError();
    return QString::fromUtf8(m_err);
}

} // namespace testsupport
