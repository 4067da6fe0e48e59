#pragma once

#include <QMainWindow>

class QAction;
class QLabel;
class QMenu;
class QPushButton;
class QTabWidget;

namespace exadesk {

class LocalPortService;

// The ExaDesk window: what a person sees when they start the app without a command. With a
// local port service it also offers the port: a menu, and its state in the status bar.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(LocalPortService* port = nullptr, QWidget* parent = nullptr);

    // With a tray, closing the window hides it (the app goes on there); without, a note in the
    // status bar says why the tray's items are missing and that closing quits.
    void setTrayAvailable(bool available);
    // With a tray, whether closing the window hides it there (the person's preference).
    void setCloseToTray(bool hide) { m_closeToTray = hide; }
    // A page in the window's tabs, at `position` (-1: last); Ctrl+1, Ctrl+2, ... switch to them.
    void addPage(QWidget* page, const QString& title, int position = -1);
    QTabWidget* pages() const { return m_pages; }

    QAction* startStopAction() const { return m_startStop; }
    QAction* copyEndpointAction() const { return m_copyEndpoint; }
    QAction* copyTokenAction() const { return m_copyToken; }
    QAction* regenerateTokenAction() const { return m_regenerateToken; }
    QLabel* portStateLabel() const { return m_portState; }

Q_SIGNALS:
    // The window was closed into the tray.
    void hiddenToTray();

protected:
    void closeEvent(QCloseEvent* event) override;
    // Another language: the window's own texts and its About page follow.
    void changeEvent(QEvent* event) override;

private:
    QWidget* makeWelcome();
    void makePortControls();
    void refreshPort();
    void retranslate();
    void retranslatePort();

    LocalPortService* m_port;
    QTabWidget* m_pages;
    bool m_closeToTray = false;
    QMenu* m_portMenu = nullptr;
    QAction* m_startStop = nullptr;
    QAction* m_copyEndpoint = nullptr;
    QAction* m_copyToken = nullptr;
    QAction* m_regenerateToken = nullptr;
    QLabel* m_portState = nullptr;
    QPushButton* m_portButton = nullptr;
    QLabel* m_trayNote = nullptr;
};

} // namespace exadesk
