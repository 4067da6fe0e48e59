#include "NginxFront.h"

#include "LocalProxy.h"
#include "TestCertificates.h"
#include "Wait.h"

#include <QFile>
#include <QStandardPaths>
#include <QTcpSocket>

using namespace Qt::StringLiterals;

namespace testsupport {

NginxFront::~NginxFront()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(5'000))
        m_process.kill();
    m_process.waitForFinished();
}

QString NginxFront::program()
{
    return QStandardPaths::findExecutable(u"nginx"_s, {u"/usr/sbin"_s, u"/usr/bin"_s});
}

bool NginxFront::start(quint16 upstreamPort, QString* error)
{
    const QString nginx = program();
    if (nginx.isEmpty()) {
        *error = u"nginx is not installed (scripts/install-deps.sh installs it)"_s;
        return false;
    }
    // The free port may be taken by someone else before nginx binds it; then try another.
    for (int attempt = 0; attempt < 3; ++attempt) {
        if (launch(nginx, upstreamPort))
            return true;
    }
    *error = u"nginx did not start: "_s + QString::fromUtf8(log());
    return false;
}

bool NginxFront::launch(const QString& nginx, quint16 upstreamPort)
{
    m_port = freePort();
    // No retry of its own toward the upstream (proxy_next_upstream off): what the upstream does
    // to a request is what the client sees, once.
    const QString config = u"daemon off;\nmaster_process off;\nerror_log %1/error.log warn;\npid %1/nginx.pid;\n"
                           "events { worker_connections 256; }\n"
                           "http {\n  access_log off;\n"
                           "  client_body_temp_path %1/body;\n  proxy_temp_path %1/proxy;\n"
                           "  fastcgi_temp_path %1/fastcgi;\n  uwsgi_temp_path %1/uwsgi;\n  scgi_temp_path %1/scgi;\n"
                           "  server {\n    listen 127.0.0.1:%2 ssl http2;\n"
                           "    ssl_certificate %3;\n    ssl_certificate_key %4;\n"
                           "    location / {\n      proxy_pass http://127.0.0.1:%5;\n"
                           "      proxy_http_version 1.1;\n      proxy_set_header Connection \"\";\n"
                           "      proxy_next_upstream off;\n      proxy_buffering off;\n    }\n  }\n}\n"_s.arg(
                               m_dir.path(), QString::number(m_port), certificatePath(u"server.pem"_s),
                               certificatePath(u"server.key"_s), QString::number(upstreamPort));
    QFile file(m_dir.filePath(u"nginx.conf"_s));
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.write(config.toUtf8());
    file.close();

    m_process.start(nginx, {u"-p"_s, m_dir.path(), u"-e"_s, m_dir.filePath(u"error.log"_s), u"-c"_s, file.fileName()});
    if (!m_process.waitForStarted())
        return false;
    waitUntil([this] {
        if (m_process.state() == QProcess::NotRunning)
            return true;
        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, m_port);
        return probe.waitForConnected(100);
    });
    return m_process.state() == QProcess::Running;
}

QByteArray NginxFront::log() const
{
    QFile log(m_dir.filePath(u"error.log"_s));
    return log.open(QIODevice::ReadOnly) ? log.readAll() : QByteArray("(no log)");
}

} // namespace testsupport
