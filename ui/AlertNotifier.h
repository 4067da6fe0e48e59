#pragma once

#include "engine/AlertMonitor.h"

#include <QHash>
#include <QObject>

namespace exadesk {

class TrayIcon;

// Shows the engine's alerts as desktop notifications: through the tray icon where there is one
// (Qt hands them to the freedesktop notification service when the tray is a StatusNotifierItem),
// else straight to the freedesktop notification service on the session bus. Clicking one asks
// for the page that explains it.
class AlertNotifier : public QObject
{
    Q_OBJECT

public:
    static constexpr const char* kService = "org.freedesktop.Notifications";
    static constexpr const char* kPath = "/org/freedesktop/Notifications";

    explicit AlertNotifier(TrayIcon* tray, QObject* parent = nullptr);

    void show(const AlertNotice& notice);

Q_SIGNALS:
    // A notification was clicked: the page about `notice` is wanted.
    void opened(const exadesk::AlertNotice& notice);
    // Neither a tray nor a notification service took it: the window shows it itself.
    void unshown(const exadesk::AlertNotice& notice);

private Q_SLOTS:
    void onActionInvoked(uint id, const QString& action);
    void onClosed(uint id, uint reason);

private:
    TrayIcon* m_tray;
    AlertNotice m_lastInTray;
    QHash<uint, AlertNotice> m_shown; // by the notification service's id, until closed
};

} // namespace exadesk
