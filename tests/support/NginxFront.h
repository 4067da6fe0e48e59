#pragma once

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

// nginx on loopback, terminating TLS with the test certificate and speaking HTTP/2 to clients,
// in front of a plain-HTTP upstream: the way to put an HTTP/2 server before the fake Exa server
// (Qt 6.4's QHttpServer speaks HTTP/1.1 only).
namespace testsupport {

class NginxFront
{
public:
    NginxFront() = default;
    ~NginxFront();
    NginxFront(const NginxFront&) = delete;
    NginxFront& operator=(const NginxFront&) = delete;

    // nginx's path, or empty when it is not installed.
    static QString program();

    // Starts it before http://127.0.0.1:`upstreamPort`; false (with nginx's log in `error`)
    // when it did not come up.
    bool start(quint16 upstreamPort, QString* error);
    quint16 port() const { return m_port; }

private:
    bool launch(const QString& nginx, quint16 upstreamPort);
    QByteArray log() const;

    QTemporaryDir m_dir;
    QProcess m_process;
    quint16 m_port = 0;
};

} // namespace testsupport
