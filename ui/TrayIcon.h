#pragma once

#include <QObject>

class QAction;
class QMenu;
class QSystemTrayIcon;

namespace exadesk {

class LocalPortService;

// ExaDesk in the system tray: whether the local port runs (icon and tooltip with its address
// and request count), and a menu to start or stop it, copy its address, open the window or
// quit. Where the desktop has no tray, isAvailable() is false and nothing is shown.
class TrayIcon : public QObject
{
    Q_OBJECT

public:
    explicit TrayIcon(LocalPortService& port, QObject* parent = nullptr);
    ~TrayIcon() override;

    static bool isAvailable();
    void show();
    // Shows a message from the tray icon (a balloon or a notification); false without a tray.
    bool notify(const QString& title, const QString& message);
    // The menu's texts, icon and tooltip as the port is now, in the current language.
    void refresh();

    QMenu* menu() const { return m_menu; }
    QAction* startStopAction() const { return m_startStop; }
    QAction* copyEndpointAction() const { return m_copyEndpoint; }
    QAction* openAction() const { return m_open; }
    QAction* quitAction() const { return m_quit; }
    QString toolTip() const;

Q_SIGNALS:
    void openRequested();
    void quitRequested();
    // The last message shown was clicked.
    void messageClicked();

private:
    LocalPortService& m_port;
    QMenu* m_menu;
    QAction* m_startStop;
    QAction* m_copyEndpoint;
    QAction* m_open;
    QAction* m_quit;
    QSystemTrayIcon* m_tray;
};

} // namespace exadesk
