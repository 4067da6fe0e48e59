#pragma once

#include <QMainWindow>

class QAction;
class QLabel;
class QMenu;
class QPushButton;
class QTabWidget;

namespace exadesk {

class LocalPortService;
class TrayIcon;

// The ExaDesk window: what a person sees when they start the app without a command, with the
// menus a desktop app has (File, View, Local Port, Help). With a local port service it also
// offers the port: a menu, and its state in the status bar.
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
    // A page in the window's tabs, at `position` (-1: last); the View menu and Ctrl+1, Ctrl+2,
    // ... switch to them.
    void addPage(QWidget* page, const QString& title, int position = -1);
    QTabWidget* pages() const { return m_pages; }
    // The tray's Open shows this window and its Quit quits, as File > Quit does.
    void attachTray(TrayIcon& tray);

    // Quits ExaDesk for good, whatever closing the window would do: the local port takes no new
    // request, those in flight finish (for at most kQuitGraceMs), then the application ends.
    void quitApplication();
    static constexpr int kQuitGraceMs = 10'000;
    // Brings the window up, over the others (the tray, a second launch).
    void showAndRaise();

    QAction* importKeysAction() const { return m_importKeys; }
    QAction* exportAction() const { return m_export; }
    QAction* quitAction() const { return m_quit; }
    QAction* aboutAction() const { return m_about; }
    QAction* shortcutsAction() const { return m_shortcuts; }
    QAction* documentationAction() const { return m_documentation; }
    QMenu* viewMenu() const { return m_viewMenu; }
    QAction* startStopAction() const { return m_startStop; }
    QAction* copyEndpointAction() const { return m_copyEndpoint; }
    QAction* copyTokenAction() const { return m_copyToken; }
    QAction* regenerateTokenAction() const { return m_regenerateToken; }
    QLabel* portStateLabel() const { return m_portState; }

Q_SIGNALS:
    // The window was closed into the tray.
    void hiddenToTray();
    // File > Import Keys: the Keys page's import is wanted.
    void importKeysRequested();
    // File > Export: the pool is to be written to a file.
    void exportRequested();

protected:
    void closeEvent(QCloseEvent* event) override;
    // Another language: the window's own texts and its About page follow.
    void changeEvent(QEvent* event) override;

private:
    void makeMenus();
    void refreshViewMenu();
    void showAbout();
    void showShortcuts();
    void showDocumentation();
    void makePortControls();
    void refreshPort();
    void retranslate();
    void retranslatePort();

    LocalPortService* m_port;
    QTabWidget* m_pages;
    bool m_closeToTray = false;
    bool m_quitting = false;
    QMenu* m_fileMenu = nullptr;
    QMenu* m_viewMenu = nullptr;
    QMenu* m_helpMenu = nullptr;
    QAction* m_importKeys = nullptr;
    QAction* m_export = nullptr;
    QAction* m_quit = nullptr;
    QAction* m_about = nullptr;
    QAction* m_shortcuts = nullptr;
    QAction* m_documentation = nullptr;
    QList<QAction*> m_pageActions; // View > each page, Ctrl+1 ... Ctrl+9
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
