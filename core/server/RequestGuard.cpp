#include "RequestGuard.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QUrlQuery>

#include <array>

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

QByteArray digest(QByteArrayView secret)
{
    return QCryptographicHash::hash(secret, QCryptographicHash::Sha256);
}

QByteArray bearerToken(QByteArrayView authorization)
{
    constexpr QByteArrayView scheme = "bearer ";
    if (authorization.size() <= scheme.size()
        || authorization.first(scheme.size()).compare(scheme, Qt::CaseInsensitive) != 0)
        return {};
    return authorization.sliced(scheme.size()).trimmed().toByteArray();
}

} // namespace

RequestGuard::RequestGuard(GuardPolicy policy)
    : m_policy(std::move(policy))
{
    const QByteArray port = QByteArray::number(m_policy.port);
    QStringList names{u"127.0.0.1"_s, u"localhost"_s, u"[::1]"_s};
    names += m_policy.extraHosts;
    for (const QString& name : std::as_const(names))
        m_hosts.append(name.trimmed().toLower().toUtf8() + ':' + port);
}

std::optional<Refusal> RequestGuard::checkHost(const HttpRequest& request) const
{
    // A page on a name the attacker controls can be made to resolve to 127.0.0.1 (DNS
    // rebinding); its requests still carry that name in Host, so only our own names pass.
    const QByteArray host = request.header("host").toLower();
    if (request.headerCount("host") == 1 && m_hosts.contains(host))
        return std::nullopt;
    return Refusal{403, "HOST_NOT_ALLOWED",
                   request.hasHeader("host") ? tr("The Host header names an address this port does not answer to; use "
                                                  "http://127.0.0.1:%1 or http://localhost:%1.")
                                                   .arg(m_policy.port)
                                             : tr("The request has no Host header.")};
}

bool RequestGuard::isOriginAllowed(QByteArrayView origin) const
{
    if (origin.isEmpty() || origin == "null")
        return false;
    return std::any_of(m_policy.allowedOrigins.cbegin(), m_policy.allowedOrigins.cend(), [&](const QString& allowed) {
        return QByteArrayView(allowed.toUtf8()).compare(origin, Qt::CaseInsensitive) == 0;
    });
}

std::optional<Refusal> RequestGuard::checkOrigin(const HttpRequest& request) const
{
    // No Origin: not a browser page (SDKs and scripts do not send one).
    if (!request.hasHeader("origin"))
        return std::nullopt;
    if (request.headerCount("origin") == 1 && isOriginAllowed(request.header("origin")))
        return std::nullopt;
    return Refusal{403, "ORIGIN_NOT_ALLOWED",
                   tr("Web pages from this origin may not use the local port; add the origin in ExaDesk's "
                      "settings to allow it.")};
}

std::optional<Refusal> RequestGuard::checkToken(const HttpRequest& request) const
{
    QList<QByteArray> given;
    for (const auto& [name, value] : request.headers) {
        if (name == "x-api-key")
            given.append(value);
        else if (name == "authorization")
            given.append(bearerToken(value));
    }
    if (!m_policy.accessToken.isEmpty()) {
        for (const QByteArray& token : std::as_const(given)) {
            if (sameSecret(token, m_policy.accessToken))
                return std::nullopt;
        }
    }
    return Refusal{401, "INVALID_API_KEY",
                   given.isEmpty() ? tr("Send ExaDesk's access token as the x-api-key header or as "
                                        "'Authorization: Bearer <token>'; ExaDesk shows it in its settings.")
                                   : tr("The access token is not ExaDesk's; copy it again from ExaDesk's settings.")};
}

std::optional<Refusal> RequestGuard::checkTarget(const HttpRequest& request) const
{
    const Refusal inUrl{400, "TOKEN_IN_URL",
                        tr("Credentials are never taken from the URL, where logs keep them; send the access token "
                           "as the x-api-key header.")};
    if (holdsToken(request.target))
        return inUrl;
    if (request.query.isEmpty())
        return std::nullopt;
    static const QStringList credentialNames{u"apikey"_s, u"api_key"_s, u"api-key"_s,      u"x-api-key"_s,
                                             u"key"_s,    u"token"_s,   u"access_token"_s, u"authorization"_s};
    const QUrlQuery query(QString::fromLatin1(request.query));
    for (const auto& [name, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (credentialNames.contains(name.toLower()))
            return inUrl;
    }
    return std::nullopt;
}

bool RequestGuard::holdsToken(const QByteArray& text) const
{
    const QByteArray& token = m_policy.accessToken;
    if (token.isEmpty())
        return false;
    // As sent, and percent-decoded as often as it was encoded.
    QByteArray decoded = text;
    for (int round = 0; round < 8; ++round) {
        if (decoded.contains(token))
            return true;
        const QByteArray next = QByteArray::fromPercentEncoding(decoded);
        if (next == decoded)
            return false;
        decoded = next;
    }
    return true; // encoded over and over: nobody's honest path
}

QByteArray RequestGuard::redacted(const QByteArray& text) const
{
    return holdsToken(text) ? QByteArray("[a path holding the access token]") : text;
}

QByteArray RequestGuard::newAccessToken()
{
    std::array<quint32, 8> words{};
    QRandomGenerator::system()->fillRange(words.data(), words.size());
    const QByteArray bytes(reinterpret_cast<const char*>(words.data()), sizeof(words));
    return "exd_" + bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

bool RequestGuard::sameSecret(QByteArrayView given, QByteArrayView expected)
{
    // Comparing digests makes the time independent of where the texts differ and of their lengths.
    const QByteArray a = digest(given);
    const QByteArray b = digest(expected);
    unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a[i] ^ b[i]);
    return difference == 0 && !expected.isEmpty();
}

} // namespace exadesk
