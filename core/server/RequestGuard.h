#pragma once

#include "HttpMessage.h"

#include <QCoreApplication>
#include <QStringList>

#include <optional>

namespace exadesk {

struct GuardPolicy
{
    quint16 port = 0;
    // Host names (or addresses) the user added to the loopback ones; each is allowed with the
    // port, as "name:port".
    QStringList extraHosts;
    // Web origins ("http://localhost:3000") whose pages may call the port; none by default.
    QStringList allowedOrigins;
    QByteArray accessToken;
};

// The checks every request to the local port passes before it reaches the gateway: the Host
// header (DNS rebinding), the Origin header (web pages), and the access token.
class RequestGuard
{
    Q_DECLARE_TR_FUNCTIONS(RequestGuard)

public:
    explicit RequestGuard(GuardPolicy policy);

    const GuardPolicy& policy() const { return m_policy; }

    std::optional<Refusal> checkHost(const HttpRequest& request) const;
    std::optional<Refusal> checkOrigin(const HttpRequest& request) const;
    std::optional<Refusal> checkToken(const HttpRequest& request) const;
    // The credential is in the URL (its path or query), where logs and browser histories keep it.
    std::optional<Refusal> checkTarget(const HttpRequest& request) const;
    // `text` (a path for the log, say), or a placeholder when it holds the access token.
    QByteArray redacted(const QByteArray& text) const;
    bool isOriginAllowed(QByteArrayView origin) const;

    // 256 random bits from the system's secure generator, as "exd_" and base64url.
    static QByteArray newAccessToken();
    // Compares two secrets in time that depends on neither.
    static bool sameSecret(QByteArrayView given, QByteArrayView expected);

private:
    bool holdsToken(const QByteArray& text) const;

    GuardPolicy m_policy;
    QList<QByteArray> m_hosts; // "name:port", lower case
};

} // namespace exadesk
