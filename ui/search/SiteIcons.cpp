#include "SiteIcons.h"

#include "gateway/Gateway.h"

#include <QImage>
#include <QNetworkReply>
#include <QPixmap>
#include <QPointer>
#include <QSettings>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

const QString kSetting = u"desktop/siteIcons"_s;

} // namespace

SiteIcons::SiteIcons(Gateway& gateway, QObject* parent)
    : QObject(parent)
    , m_gateway(gateway)
{ }

SiteIcons::~SiteIcons()
{
    // The replies belong to the network session, which outlives this; nobody would read them.
    for (const QPointer<QNetworkReply>& reply : std::as_const(m_pending)) {
        if (reply)
            reply->deleteLater();
    }
}

bool SiteIcons::enabled()
{
    return QSettings().value(kSetting, false).toBool();
}

void SiteIcons::setEnabled(bool on)
{
    QSettings().setValue(kSetting, on);
}

QIcon SiteIcons::icon(const QString& faviconUrl, const QString& keyId)
{
    if (faviconUrl.isEmpty())
        return {};
    if (const auto known = m_icons.constFind(faviconUrl); known != m_icons.cend())
        return *known;
    if (m_icons.size() >= kKeptAtMost)
        m_icons.clear(); // a long session: start again rather than grow
    m_icons.insert(faviconUrl, QIcon()); // asked once, whatever comes of it
    const QPointer<QNetworkReply> reply = m_gateway.fetchAsKey(keyId, QUrl(faviconUrl, QUrl::StrictMode));
    if (!reply)
        return {};
    m_pending.insert(faviconUrl, reply);
    // Read as it comes, so that something far larger than an icon is cut off, not kept.
    connect(reply, &QNetworkReply::readyRead, this, [this, reply, faviconUrl] {
        QByteArray& data = m_incoming[faviconUrl];
        data += reply->readAll();
        if (data.size() > kMaxBytes)
            reply->abort();
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply, faviconUrl] {
        reply->deleteLater();
        m_pending.remove(faviconUrl);
        QByteArray data = m_incoming.take(faviconUrl) + reply->readAll();
        if (reply->error() != QNetworkReply::NoError || data.size() > kMaxBytes)
            return;
        const QImage image = QImage::fromData(data);
        if (image.isNull())
            return;
        m_icons.insert(
            faviconUrl,
            QIcon(QPixmap::fromImage(image.scaled(kSize, kSize, Qt::KeepAspectRatio, Qt::SmoothTransformation))));
        Q_EMIT arrived(faviconUrl);
    });
    QTimer::singleShot(kTimeoutMs, reply, [reply] { reply->abort(); });
    return {};
}

} // namespace exadesk
