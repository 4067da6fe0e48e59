#include "PendingCall.h"

#include "Gateway.h"
#include "exa/ExaReply.h"

#include <QJsonDocument>

namespace exadesk {

PendingCall::PendingCall(exa::ExaCall call, Clock& clock, Gateway* gateway)
    : QObject(gateway)
    , m_call(std::move(call))
    , m_gateway(gateway)
    , m_attemptTimer(clock)
    , m_retryTimer(clock)
    , m_deadlineTimer(clock)
{ }

PendingCall::~PendingCall()
{
    if (!m_ended && m_gateway)
        m_gateway->forget(this);
}

QByteArray PendingCall::header(QByteArrayView name) const
{
    return exa::headerValue(m_headers, name);
}

QJsonObject PendingCall::json() const
{
    return QJsonDocument::fromJson(m_body).object();
}

QString PendingCall::streamingKeyId() const
{
    if (!m_committed || m_ended || !m_gateway || m_key < 0)
        return {};
    return m_gateway->keys().at(m_key).config.id;
}

void PendingCall::cancel()
{
    if (!m_ended && m_gateway)
        m_gateway->cancel(this);
}

} // namespace exadesk
