#include "PageFetcher.h"

#include <QHostAddress>

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

// This computer or its network, by name or address (a name that resolves there is not caught).
bool isLocalHost(const QString& host)
{
    const QHostAddress address(host);
    if (address.isNull())
        return host == "localhost"_L1 || host.endsWith(".localhost"_L1) || host.endsWith(".local"_L1);
    if (address.isLoopback() || address.isLinkLocal() || address.isSiteLocal() || address.isUniqueLocalUnicast()
        || address == QHostAddress(QHostAddress::AnyIPv4) || address == QHostAddress(QHostAddress::AnyIPv6))
        return true;
    // Private IPv4 ranges (QHostAddress::isPrivateUse() comes with Qt 6.6).
    for (const char* subnet : {"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"}) {
        if (address.isInSubnet(QHostAddress::parseSubnet(QLatin1StringView(subnet))))
            return true;
    }
    return false;
}

} // namespace

PageFetcher::PageFetcher(const KeyPool& keys, ProxyFor proxyFor, NetworkSessions& sessions,
                         const GatewayOptions& options)
    : m_keys(keys)
    , m_proxyFor(std::move(proxyFor))
    , m_sessions(sessions)
    , m_options(options)
{ }

QNetworkReply* PageFetcher::fetch(const QString& keyId, const QUrl& url)
{
    const int key = m_keys.indexOf(keyId);
    if (key < 0 || m_keys.at(key).removed || (url.scheme() != "https"_L1 && url.scheme() != "http"_L1))
        return nullptr;
    // An address from a web page must not reach this computer or its network (a router's admin
    // page, a local service), unless Exa itself is here (a test or a development setup).
    if (isLocalHost(url.host()) && !isLocalHost(m_options.client.baseUrl.host()))
        return nullptr;
    const int proxy = m_proxyFor(key);
    return proxy < 0 ? nullptr : m_sessions.sessionFor(proxy).get(url, true);
}

} // namespace exadesk
