#pragma once

#include <QNetworkAccessManager>

namespace exa {

class Http1Pool;

// A QNetworkAccessManager that carries plain-HTTP calls with no proxy itself, on the calling
// thread, over a pool of kept-alive HTTP/1.1 connections; everything else (TLS with its HTTP/2,
// proxies) goes through Qt's own machinery.
//
// Why: Qt hands every request to a thread of its own and back, which costs about 0.2 ms of CPU
// per call and capped a forwarder at a quarter of nginx's throughput. A plain-HTTP upstream
// (a company's Exa gateway on the LAN, the fake Exa server) is where that cost shows; over
// TLS to Exa the network dominates, and HTTP/2 multiplexing is worth keeping.
class ExaNetworkAccess : public QNetworkAccessManager
{
    Q_OBJECT

public:
    explicit ExaNetworkAccess(QObject* parent = nullptr);
    ~ExaNetworkAccess() override;

    // Whether a request to `url` is carried by ExaDesk's own connections (no limit of 6).
    bool carriesItself(const QUrl& url) const;
    // Set (true) on a request that is not a call to Exa (a page, an icon): Qt carries it, with
    // its redirects and its reading as data comes.
    static constexpr auto kQtCarries = QNetworkRequest::Attribute(QNetworkRequest::User + 1);

protected:
    QNetworkReply* createRequest(Operation operation, const QNetworkRequest& request,
                                 QIODevice* outgoingData = nullptr) override;

private:
    Http1Pool* m_pool;
};

} // namespace exa
