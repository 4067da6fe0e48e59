#include "LocalProxy.h"

#include "Wait.h"

#include <QFile>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>

using namespace Qt::StringLiterals;

namespace testsupport {

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

LocalProxy::~LocalProxy()
{
    kill();
}

QString LocalProxy::program(Kind kind)
{
    const QString name = kind == Kind::Http ? u"tinyproxy"_s : u"microsocks"_s;
    return QStandardPaths::findExecutable(name, {u"/usr/bin"_s, u"/usr/sbin"_s, u"/usr/local/bin"_s});
}

bool LocalProxy::start(Kind kind, const QString& exitAddress, const QString& user, const QString& password)
{
    m_kind = kind;
    m_user = user;
    m_password = password;
    const QString path = program(kind);
    if (path.isEmpty() || !m_dir.isValid())
        return false;
    // A free port may be taken by someone else before the proxy binds it; then try another.
    for (int attempt = 0; attempt < 3; ++attempt) {
        m_port = freePort();
        QStringList arguments;
        if (kind == Kind::Http) {
            QString config = u"Port %1\nListen 127.0.0.1\nAllow 127.0.0.1\nTimeout 30\nMaxClients 200\n"
                             "LogLevel Critical\nDisableViaHeader No\n"_s.arg(m_port);
            if (!exitAddress.isEmpty())
                config += u"Bind %1\n"_s.arg(exitAddress);
            QFile file(m_dir.filePath(u"tinyproxy.conf"_s));
            if (!file.open(QIODevice::WriteOnly))
                return false;
            file.write(config.toUtf8());
            file.close();
            arguments = {u"-d"_s, u"-c"_s, file.fileName()};
        } else {
            arguments = {u"-i"_s, u"127.0.0.1"_s, u"-p"_s, QString::number(m_port)};
            if (!exitAddress.isEmpty())
                arguments += {u"-b"_s, exitAddress};
            if (!user.isEmpty())
                arguments += {u"-u"_s, user, u"-P"_s, password};
        }
        if (launch(path, arguments))
            return true;
    }
    return false;
}

bool LocalProxy::launch(const QString& program, const QStringList& arguments)
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.start(program, arguments);
    if (!m_process.waitForStarted())
        return false;
    const bool listening = waitUntil([this] {
        if (m_process.state() == QProcess::NotRunning)
            return true;
        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, m_port);
        return probe.waitForConnected(100);
    });
    m_output = QString::fromLocal8Bit(m_process.readAll());
    return listening && m_process.state() == QProcess::Running;
}

void LocalProxy::kill()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.kill();
    m_process.waitForFinished();
}

QString LocalProxy::url() const
{
    if (m_kind == Kind::Http)
        return u"http://127.0.0.1:%1"_s.arg(m_port);
    if (m_user.isEmpty())
        return u"socks5://127.0.0.1:%1"_s.arg(m_port);
    return u"socks5://%1:%2@127.0.0.1:%3"_s.arg(m_user, m_password, QString::number(m_port));
}

} // namespace testsupport
