#include "AlertNotifier.h"

#include "TrayIcon.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>

using namespace Qt::StringLiterals;

namespace exadesk {

AlertNotifier::AlertNotifier(TrayIcon* tray, QObject* parent)
    : QObject(parent)
    , m_tray(tray)
{
    if (m_tray)
        connect(m_tray, &TrayIcon::messageClicked, this, [this] { Q_EMIT opened(m_lastInTray); });
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected())
        return;
    const QString service = QLatin1StringView(kService);
    const QString path = QLatin1StringView(kPath);
    bus.connect(service, path, service, u"ActionInvoked"_s, this, SLOT(onActionInvoked(uint, QString)));
    bus.connect(service, path, service, u"NotificationClosed"_s, this, SLOT(onClosed(uint, uint)));
}

void AlertNotifier::show(const AlertNotice& notice)
{
    if (m_tray && m_tray->notify(notice.title, notice.text)) {
        m_lastInTray = notice;
        return;
    }
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected()) {
        Q_EMIT unshown(notice);
        return;
    }
    // Asked without waiting: no service (or none to start) comes back as an error. The
    // specification's Notify: app name, replaces id, icon, summary, body, actions (the
    // "default" one is a click on the notification), hints, timeout (-1: the server's).
    QDBusMessage call = QDBusMessage::createMethodCall(QLatin1StringView(kService), QLatin1StringView(kPath),
                                                       QLatin1StringView(kService), u"Notify"_s);
    // The body is markup to most servers: a label with "&" or "<" is text, not a tag.
    call << u"ExaDesk"_s << 0U << u"exadesk"_s << notice.title << notice.text.toHtmlEscaped()
         << QStringList{u"default"_s, tr("Open")} << QVariantMap{{u"desktop-entry"_s, u"exadesk"_s}} << -1;
    auto* watcher = new QDBusPendingCallWatcher(bus.asyncCall(call), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this, watcher, notice] {
        watcher->deleteLater();
        const QDBusPendingReply<uint> reply = *watcher;
        if (reply.isError())
            Q_EMIT unshown(notice);
        else
            m_shown.insert(reply.value(), notice);
    });
}

void AlertNotifier::onActionInvoked(uint id, const QString& action)
{
    if (action == "default"_L1 && m_shown.contains(id))
        Q_EMIT opened(m_shown.value(id));
}

void AlertNotifier::onClosed(uint id, uint reason)
{
    Q_UNUSED(reason);
    m_shown.remove(id);
}

} // namespace exadesk
