#include "NetworkSession.h"

#include "exa/ExaReply.h"

#include <QNetworkAccessManager>

#include <memory>

namespace exadesk {

NetworkSession::NetworkSession(const QNetworkProxy& proxy, exa::ExaClientOptions options, QObject* parent)
    : QObject(parent)
    , m_proxy(proxy)
    , m_options(std::move(options))
{ }

void NetworkSession::setOptions(const exa::ExaClientOptions& options)
{
    m_options = options;
    for (const Lane& lane : m_lanes)
        lane.client->setOptions(options);
}

int NetworkSession::inFlight() const
{
    int total = 0;
    for (const Lane& lane : m_lanes)
        total += lane.inFlight;
    return total;
}

size_t NetworkSession::pickLane()
{
    size_t best = m_lanes.size();
    for (size_t i = 0; i < m_lanes.size(); ++i) {
        if (m_lanes[i].inFlight < kCallsPerLane
            && (best == m_lanes.size() || m_lanes[i].inFlight < m_lanes[best].inFlight))
            best = i;
    }
    if (best < m_lanes.size())
        return best;
    Lane lane;
    lane.network = new QNetworkAccessManager(this);
    lane.network->setProxy(m_proxy);
    lane.client = new exa::ExaClient(m_options, lane.network, this);
    m_lanes.push_back(lane);
    return m_lanes.size() - 1;
}

QNetworkReply* NetworkSession::get(const QUrl& url, bool followRedirects)
{
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         followRedirects ? QNetworkRequest::NoLessSafeRedirectPolicy
                                         : QNetworkRequest::ManualRedirectPolicy);
    if (!m_options.userAgent.isEmpty())
        request.setHeader(QNetworkRequest::UserAgentHeader, m_options.userAgent);
    return m_lanes[pickLane()].network->get(request);
}

exa::ExaReply* NetworkSession::send(const exa::ExaCall& call, const QString& apiKey)
{
    const size_t index = pickLane();
    Lane& lane = m_lanes[index];
    exa::ExaReply* reply = lane.client->send(call, apiKey);
    ++lane.inFlight;
    // The reply may outlive its answer (its owner keeps it) or die before it: count it once.
    auto counted = std::make_shared<bool>(true);
    const auto release = [this, index, counted] {
        if (*counted) {
            *counted = false;
            --m_lanes[index].inFlight;
        }
    };
    connect(reply, &exa::ExaReply::finished, this, release);
    connect(reply, &QObject::destroyed, this, release);
    return reply;
}

} // namespace exadesk
