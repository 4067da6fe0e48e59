#pragma once

#include <QHash>
#include <QIcon>
#include <QNetworkReply>
#include <QObject>
#include <QPointer>

namespace exadesk {

class Gateway;

// The small icons of the sites in the results list (Exa's `favicon`), fetched once per icon and
// kept for the session. Each leaves through the way out of the key that served the search, so a
// person who sends a key through a proxy does not meet the sites from their own address. Off
// unless the person turns it on (Settings, "Show site icons"): it contacts every site listed.
class SiteIcons : public QObject
{
    Q_OBJECT

public:
    static constexpr qint64 kMaxBytes = 256 * 1024; // an icon is a few KiB; anything larger is not one
    static constexpr int kTimeoutMs = 10'000;
    static constexpr int kKeptAtMost = 1'000;
    static constexpr int kSize = 16;

    explicit SiteIcons(Gateway& gateway, QObject* parent = nullptr);
    ~SiteIcons() override; // what is still on its way is dropped

    // Whether the person wants them (read from the desktop settings each time).
    static bool enabled();
    static void setEnabled(bool on);

    // The icon when it has arrived; else a null icon, and it is asked for (once) as `keyId`.
    QIcon icon(const QString& faviconUrl, const QString& keyId);

Q_SIGNALS:
    void arrived(const QString& faviconUrl);

private:
    Gateway& m_gateway;
    QHash<QString, QIcon> m_icons; // a null icon: asked, and none came
    QHash<QString, QByteArray> m_incoming;
    QHash<QString, QPointer<QNetworkReply>> m_pending;
};

} // namespace exadesk
