#include "PendingCall.h"

#include "exa/ExaReply.h"

#include <QJsonDocument>
#include <QPointer>

namespace exadesk {

PendingCall::PendingCall(exa::ExaCall call, QObject* parent)
    : QObject(parent)
    , m_call(std::move(call))
{ }

QByteArray PendingCall::header(QByteArrayView name) const
{
    return exa::headerValue(m_headers, name);
}

QJsonObject PendingCall::json() const
{
    return QJsonDocument::fromJson(m_body).object();
}

void PendingCall::cancel()
{
    if (!m_ended)
        requestCancel();
}

void PendingCall::setAnswer(int httpStatus, QList<QNetworkReply::RawHeaderPair> headers, QByteArray body)
{
    m_httpStatus = httpStatus;
    m_headers = std::move(headers);
    m_body = std::move(body);
}

void PendingCall::beginStream(int httpStatus, QList<QNetworkReply::RawHeaderPair> headers, const QString& keyId)
{
    m_httpStatus = httpStatus;
    m_headers = std::move(headers);
    m_streamingKeyId = keyId;
    Q_EMIT headersReceived();
}

void PendingCall::markEnded()
{
    if (m_ended)
        return;
    m_ended = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            const QPointer<PendingCall> alive(this);
            if (m_error.isError())
                Q_EMIT failed(m_error);
            else
                Q_EMIT finished();
            if (alive)
                Q_EMIT ended();
        },
        Qt::QueuedConnection);
}

} // namespace exadesk
