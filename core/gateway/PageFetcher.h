#pragma once

#include "GatewayOptions.h"
#include "NetworkSessions.h"
#include "pool/KeyPool.h"

#include <QNetworkReply>

#include <functional>

namespace exadesk {

// What the window fetches beside a search (a site's icon): a plain GET with no key, through
// the way out of the key that found it, so it leaves as that search did.
class PageFetcher
{
public:
    using ProxyFor = std::function<int(int key)>;

    PageFetcher(const KeyPool& keys, ProxyFor proxyFor, NetworkSessions& sessions, const GatewayOptions& options);

    // A GET of `url` (http or https) through the way out of key `keyId`. Null when the key is
    // gone, no way out is usable now, or the address is on this computer or its network (unless
    // Exa itself is). The caller deletes the reply; removing the proxy deletes it sooner (hold it
    // in a QPointer).
    QNetworkReply* fetch(const QString& keyId, const QUrl& url);

private:
    const KeyPool& m_keys;
    ProxyFor m_proxyFor;
    NetworkSessions& m_sessions;
    const GatewayOptions& m_options;
};

} // namespace exadesk
