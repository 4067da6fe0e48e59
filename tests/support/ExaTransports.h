#pragma once

#include "FakeExaServer.h"
#include "NginxFront.h"
#include "TestCertificates.h"

#include <QSslCertificate>
#include <QUrl>

#include <memory>
#include <string>

// The ways production reaches Exa, each with the fake Exa server at the far end: plain HTTP (a
// company's gateway on the LAN, cheap to test), TLS speaking HTTP/1.1 (Exa behind a proxy that
// inspects TLS) and TLS speaking HTTP/2 (Exa itself). For suites that link the fake server.
namespace testsupport {

enum class Transport
{
    PlainHttp,
    TlsHttp1,
    TlsHttp2,
};

inline std::string nameOf(Transport transport)
{
    switch (transport) {
    case Transport::PlainHttp:
        return "PlainHttp";
    case Transport::TlsHttp1:
        return "TlsHttp1";
    case Transport::TlsHttp2:
        return "TlsHttp2";
    }
    return {};
}

// The fake server reached over one transport.
class ExaFront
{
public:
    // Starts `server` (not yet listening) behind `transport`. False, with why in `error`, when
    // it could not be (nginx missing, say).
    bool start(fakeexa::FakeExaServer& server, Transport transport, QString* error)
    {
        m_transport = transport;
        if (transport == Transport::TlsHttp1)
            server.useTls(serverCertificate(), serverKey());
        if (!server.listen()) {
            *error = QStringLiteral("the fake Exa server could not listen");
            return false;
        }
        if (transport != Transport::TlsHttp2) {
            m_baseUrl = server.baseUrl();
            return true;
        }
        m_nginx = std::make_unique<NginxFront>();
        if (!m_nginx->start(server.port(), error))
            return false;
        m_baseUrl = QUrl(QStringLiteral("https://127.0.0.1:%1").arg(m_nginx->port()));
        return true;
    }

    QUrl baseUrl() const { return m_baseUrl; }
    // What the client must trust in addition to the system's CAs.
    QList<QSslCertificate> extraCa() const
    {
        return m_transport == Transport::PlainHttp ? QList<QSslCertificate>() : testCa();
    }
    bool isTls() const { return m_transport != Transport::PlainHttp; }

private:
    Transport m_transport = Transport::PlainHttp;
    QUrl m_baseUrl;
    std::unique_ptr<NginxFront> m_nginx;
};

} // namespace testsupport
