#pragma once

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

// Real proxies on loopback for the proxy tests: Debian's tinyproxy (HTTP) and microsocks
// (SOCKS5), each run in the foreground on a free port and stopped with the test.
namespace testsupport {

quint16 freePort();

class LocalProxy
{
public:
    enum class Kind
    {
        Http,
        Socks5
    };

    LocalProxy() = default;
    ~LocalProxy();
    LocalProxy(const LocalProxy&) = delete;
    LocalProxy& operator=(const LocalProxy&) = delete;

    // The program's path, or empty when it is not installed.
    static QString program(Kind kind);

    // `exitAddress` (a loopback address such as 127.0.0.2) is where its connections to the
    // upstream come from, so a server can tell proxies apart as Exa tells exit IPs apart.
    bool start(Kind kind, const QString& exitAddress = {}, const QString& user = {}, const QString& password = {});
    // Gone at once, as a crashed proxy is.
    void kill();
    bool isRunning() const { return m_process.state() == QProcess::Running; }

    quint16 port() const { return m_port; }
    // As ExaDesk takes a proxy: http://127.0.0.1:P or socks5://user:password@127.0.0.1:P.
    QString url() const;
    QString errorOutput() const { return m_output; }

private:
    bool launch(const QString& program, const QStringList& arguments);

    Kind m_kind = Kind::Http;
    QProcess m_process;
    QTemporaryDir m_dir;
    quint16 m_port = 0;
    QString m_user;
    QString m_password;
    QString m_output;
};

} // namespace testsupport
