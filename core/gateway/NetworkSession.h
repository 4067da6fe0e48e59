#pragma once

#include "exa/ExaCall.h"
#include "exa/ExaClient.h"

#include <QNetworkProxy>
#include <QNetworkReply>
#include <QObject>

#include <vector>

class QNetworkAccessManager;

namespace exadesk {

// The way out through one proxy (or direct): QNetworkAccessManagers that carry that proxy.
//
// Qt sets proxies per manager, and Qt 6.4 lets one manager open at most 6 HTTP/1.1
// connections to a host, with no setting to raise it. A slow upstream would then cap the whole
// pool at 6 calls per proxy; so a session opens another manager (a lane) whenever every lane
// already has 6 calls running. Over HTTP/2 a lane's one connection carries its 6 calls.
class NetworkSession : public QObject
{
    Q_OBJECT

public:
    static constexpr int kCallsPerLane = 6;

    NetworkSession(const QNetworkProxy& proxy, exa::ExaClientOptions options, QObject* parent = nullptr);

    void setOptions(const exa::ExaClientOptions& options);
    exa::ExaReply* send(const exa::ExaCall& call, const QString& apiKey);
    // A GET with no key, through this way out: of Exa's address to see that it gets there (no
    // redirect followed), or of a page the window shows (redirects to the same or safer scheme).
    QNetworkReply* get(const QUrl& url, bool followRedirects);

    int inFlight() const;

private:
    struct Lane
    {
        QNetworkAccessManager* network = nullptr;
        exa::ExaClient* client = nullptr;
        int inFlight = 0;
    };
    size_t pickLane();

    QNetworkProxy m_proxy;
    exa::ExaClientOptions m_options;
    std::vector<Lane> m_lanes;
};

} // namespace exadesk
