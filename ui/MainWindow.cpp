#include "MainWindow.h"

#include "Icons.h"
#include "TrayIcon.h"
#include "base/Version.h"
#include "server/LocalPortService.h"

#include <QAction>
#include <QActionGroup>
#include <QClipboard>
#include <QCloseEvent>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFile>
#include <QGuiApplication>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace exadesk {

MainWindow::MainWindow(LocalPortService* port, QWidget* parent)
    : QMainWindow(parent)
    , m_port(port)
    , m_pages(new QTabWidget(this))
{
    setWindowTitle(tr("ExaDesk"));
    setObjectName(u"mainWindow"_s);
    resize(1100, 700);
    m_pages->setDocumentMode(true);
    setCentralWidget(m_pages);
    makeMenus();
    if (m_port)
        makePortControls();
    // Where the person left it: size and place of the window, and the page.
    QSettings settings;
    restoreGeometry(settings.value(u"window/geometry"_s).toByteArray());
}

void MainWindow::addPage(QWidget* page, const QString& title, int position)
{
    m_pages->insertTab(position, page, title);
    refreshViewMenu();
}

void MainWindow::makeMenus()
{
    m_fileMenu = menuBar()->addMenu(QString());
    m_importKeys = m_fileMenu->addAction(QString());
    m_importKeys->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    m_importKeys->setIcon(actionIcon(u"import"_s));
    connect(m_importKeys, &QAction::triggered, this, &MainWindow::importKeysRequested);
    m_export = m_fileMenu->addAction(actionIcon(u"export"_s), QString());
    m_export->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    connect(m_export, &QAction::triggered, this, &MainWindow::exportRequested);
    m_fileMenu->addSeparator();
    m_quit = m_fileMenu->addAction(QString());
    // The platform's Quit keys; some platforms name none, and then Ctrl+Q, as most apps have.
    const QKeySequence platformQuit(QKeySequence::Quit);
    m_quit->setShortcut(platformQuit.isEmpty() ? QKeySequence(Qt::CTRL | Qt::Key_Q) : platformQuit);
    m_quit->setMenuRole(QAction::QuitRole);
    connect(m_quit, &QAction::triggered, this, &MainWindow::quitApplication);

    m_viewMenu = menuBar()->addMenu(QString());
    auto* pageGroup = new QActionGroup(this);
    for (int i = 0; i < 9; ++i) {
        QAction* action = m_viewMenu->addAction(QString());
        action->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + i)));
        action->setCheckable(true);
        pageGroup->addAction(action);
        connect(action, &QAction::triggered, m_pages, [this, i] { m_pages->setCurrentIndex(i); });
        m_pageActions.append(action);
    }
    connect(m_pages, &QTabWidget::currentChanged, this, &MainWindow::refreshViewMenu);
    // A page's message is about that page: it does not follow the person to the next one.
    connect(m_pages, &QTabWidget::currentChanged, statusBar(), &QStatusBar::clearMessage);

    m_helpMenu = menuBar()->addMenu(QString());
    m_documentation = m_helpMenu->addAction(QString());
    connect(m_documentation, &QAction::triggered, this, &MainWindow::showDocumentation);
    m_shortcuts = m_helpMenu->addAction(QString());
    m_shortcuts->setShortcut(QKeySequence::HelpContents);
    connect(m_shortcuts, &QAction::triggered, this, &MainWindow::showShortcuts);
    m_about = m_helpMenu->addAction(QString());
    m_about->setMenuRole(QAction::AboutRole);
    connect(m_about, &QAction::triggered, this, &MainWindow::showAbout);
    retranslate();
}

void MainWindow::refreshViewMenu()
{
    for (int i = 0; i < m_pageActions.size(); ++i) {
        QAction* action = m_pageActions.at(i);
        action->setVisible(i < m_pages->count());
        action->setText(m_pages->tabText(i));
        action->setChecked(i == m_pages->currentIndex());
    }
}

void MainWindow::showAbout()
{
    QMessageBox about(QMessageBox::NoIcon, tr("About ExaDesk"),
                      u"<h3>%1</h3><p>%2</p><p>%3</p><p>%4</p>"_s.arg(
                          tr("ExaDesk %1").arg(QLatin1StringView(kVersion)),
                          tr("Search the web with Exa using your own API keys, and share them with any Exa "
                             "client on this computer through a local port, or with AI agents over MCP."),
                          tr("From a terminal: <code>exadesk search \"your question\"</code>; "
                             "<code>exadesk --help</code> lists the commands."),
                          tr("Built with Qt %1.").arg(QLatin1StringView(qVersion()))),
                      QMessageBox::Close, this);
    about.setObjectName(u"aboutDialog"_s);
    about.setTextFormat(Qt::RichText);
    about.setIconPixmap(windowIcon().pixmap(64, 64));
    about.exec();
}

void MainWindow::showShortcuts()
{
    const QList<std::pair<QString, QString>> shortcuts{
        {QKeySequence(Qt::CTRL | Qt::Key_K).toString(QKeySequence::NativeText), tr("Go to the search box")},
        {QKeySequence(Qt::CTRL | Qt::Key_Return).toString(QKeySequence::NativeText), tr("Search")},
        {QKeySequence(Qt::Key_Escape).toString(QKeySequence::NativeText), tr("Cancel the search")},
        {tr("%1 ... %2")
             .arg(QKeySequence(Qt::CTRL | Qt::Key_1).toString(QKeySequence::NativeText),
                  QKeySequence(Qt::CTRL | Qt::Key_9).toString(QKeySequence::NativeText)),
         tr("Go to a page (View menu)")},
        {m_importKeys->shortcut().toString(QKeySequence::NativeText), tr("Import keys")},
        {m_export->shortcut().toString(QKeySequence::NativeText), tr("Export the pool")},
        {m_shortcuts->shortcut().toString(QKeySequence::NativeText), tr("This list")},
        {m_quit->shortcut().toString(QKeySequence::NativeText), tr("Quit ExaDesk (the local port too)")},
    };
    QString rows;
    for (const auto& [keys, what] : shortcuts)
        rows += u"<tr><td><b>%1</b>&nbsp;&nbsp;&nbsp;</td><td>%2</td></tr>"_s.arg(keys.toHtmlEscaped(), what);
    QMessageBox list(QMessageBox::NoIcon, tr("Keyboard Shortcuts"), u"<table>%1</table>"_s.arg(rows),
                     QMessageBox::Close, this);
    list.setObjectName(u"shortcutsDialog"_s);
    list.setTextFormat(Qt::RichText);
    list.exec();
}

void MainWindow::showDocumentation()
{
    // One window, raised again when asked for again; not modal, so it can stay open beside.
    if (auto* open = findChild<QDialog*>(u"documentationDialog"_s)) {
        open->raise();
        open->activateWindow();
        return;
    }
    auto* dialog = new QDialog(this);
    dialog->setObjectName(u"documentationDialog"_s);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("ExaDesk Documentation"));
    auto* text = new QTextBrowser(dialog);
    text->setOpenExternalLinks(true);
    QFile readme(u":/docs/README.md"_s);
    text->setMarkdown(readme.open(QIODevice::ReadOnly) ? QString::fromUtf8(readme.readAll())
                                                       : tr("The documentation is missing from this build."));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::close);
    auto* layout = new QVBoxLayout(dialog);
    layout->addWidget(text);
    layout->addWidget(buttons);
    dialog->resize(900, 700);
    dialog->show();
}

void MainWindow::attachTray(TrayIcon& tray)
{
    connect(&tray, &TrayIcon::openRequested, this, &MainWindow::showAndRaise);
    connect(&tray, &TrayIcon::quitRequested, this, &MainWindow::quitApplication);
}

void MainWindow::showAndRaise()
{
    show();
    if (isMinimized())
        showNormal();
    raise();
    activateWindow();
}

void MainWindow::quitApplication()
{
    if (m_quitting)
        return;
    m_quitting = true;
    m_closeToTray = false;
    QSettings().setValue(u"window/geometry"_s, saveGeometry());
    hide();
    // Not QCoreApplication::quit(): that first asks every window to close, and any still showing
    // (the tray's "still running" balloon, which hiding the window may just have shown) cancels
    // it, so a second Quit was needed.
    const auto end = [] { QCoreApplication::exit(0); };
    if (!m_port || !m_port->isRunning()) {
        if (m_port)
            m_port->stop(); // still fetching its token
        return end();
    }
    LocalServer& server = m_port->server();
    connect(&server, &LocalServer::drained, this, end);
    QTimer::singleShot(kQuitGraceMs, this, end);
    server.drain();
}

void MainWindow::makePortControls()
{
    m_portMenu = new QMenu(this);
    m_portMenu->setObjectName(u"localPortMenu"_s);
    menuBar()->insertMenu(m_helpMenu->menuAction(), m_portMenu);
    m_startStop = m_portMenu->addAction(QString());
    m_startStop->setObjectName(u"startStopLocalPort"_s);
    m_copyEndpoint = m_portMenu->addAction(actionIcon(u"copy"_s), QString());
    m_copyToken = m_portMenu->addAction(actionIcon(u"copy"_s), QString());
    m_portMenu->addSeparator();
    m_regenerateToken = m_portMenu->addAction(QString());

    connect(m_startStop, &QAction::triggered, this, [this] {
        if (m_port->isRunning() || m_port->isStarting())
            m_port->stop();
        else
            m_port->start();
    });
    connect(m_copyEndpoint, &QAction::triggered, this, [this] {
        QGuiApplication::clipboard()->setText(m_port->endpoint().toString());
        statusBar()->showMessage(tr("Endpoint URL copied."), 5'000);
    });
    connect(m_copyToken, &QAction::triggered, this, [this] {
        QGuiApplication::clipboard()->setText(QString::fromLatin1(m_port->token()));
        statusBar()->showMessage(tr("Access token copied; clients send it as x-api-key."), 5'000);
    });
    connect(m_regenerateToken, &QAction::triggered, this, [this] {
        const auto answer = QMessageBox::question(
            this, tr("Regenerate Access Token"),
            tr("Clients that use the current token will be refused until they get the new one. Make a new token?"));
        if (answer == QMessageBox::Yes)
            m_port->regenerateToken();
    });

    m_portState = new QLabel(this);
    m_portState->setObjectName(u"localPortState"_s);
    m_portState->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_portButton = new QPushButton(this);
    m_portButton->setObjectName(u"localPortButton"_s);
    m_portButton->setFlat(true);
    connect(m_portButton, &QPushButton::clicked, m_startStop, &QAction::trigger);
    statusBar()->addPermanentWidget(m_portState);
    statusBar()->addPermanentWidget(m_portButton);

    connect(m_port, &LocalPortService::runningChanged, this, [this](bool running) {
        refreshPort();
        // Listening beyond this computer is the user's choice, but never a silent one.
        if (running && !m_port->server().warnings().isEmpty())
            statusBar()->showMessage(m_port->server().warnings().join(u' '), 30'000);
    });
    connect(m_port, &LocalPortService::requestServed, this, &MainWindow::refreshPort);
    connect(m_port, &LocalPortService::tokenChanged, this, [this] {
        refreshPort();
        statusBar()->showMessage(tr("The access token is ready to copy."), 5'000);
    });
    // A failure is a line in the status bar, not a dialog.
    connect(m_port, &LocalPortService::failed, this, [this](const QString& message) {
        statusBar()->showMessage(message, 30'000);
        refreshPort();
    });
    retranslatePort();
}

void MainWindow::changeEvent(QEvent* event)
{
    QMainWindow::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslate();
}

void MainWindow::retranslate()
{
    setWindowTitle(tr("ExaDesk"));
    statusBar()->clearMessage(); // written in the language that was
    m_fileMenu->setTitle(tr("&File"));
    m_importKeys->setText(tr("&Import Keys..."));
    m_export->setText(tr("&Export..."));
    m_quit->setText(tr("&Quit"));
    m_viewMenu->setTitle(tr("&View"));
    m_helpMenu->setTitle(tr("&Help"));
    m_shortcuts->setText(tr("&Keyboard Shortcuts"));
    m_documentation->setText(tr("&Documentation"));
    m_about->setText(tr("&About ExaDesk"));
    if (m_trayNote)
        m_trayNote->setText(tr("No system tray here: closing the window quits ExaDesk, and the local port with it."));
    if (m_portMenu)
        retranslatePort();
}

void MainWindow::retranslatePort()
{
    m_portMenu->setTitle(tr("&Local Port"));
    m_copyEndpoint->setText(tr("Copy Endpoint URL"));
    m_copyToken->setText(tr("Copy Access Token"));
    m_regenerateToken->setText(tr("Regenerate Access Token..."));
    refreshPort();
}

void MainWindow::refreshPort()
{
    const bool running = m_port->isRunning();
    m_startStop->setText(running ? tr("Stop Local Port") : tr("Start Local Port"));
    m_startStop->setIcon(actionIcon(running ? u"stop"_s : u"start"_s));
    m_portButton->setText(m_startStop->text());
    m_portButton->setIcon(m_startStop->icon());
    m_portButton->setAccessibleName(m_startStop->text());
    m_copyEndpoint->setEnabled(running);
    m_copyToken->setEnabled(!m_port->token().isEmpty());
    m_portState->setText(running
                             ? tr("Local port: %1 (%n request(s))", nullptr, static_cast<int>(m_port->requestsServed()))
                                   .arg(m_port->endpoint().toString())
                             : tr("Local port: off"));
}

void MainWindow::setTrayAvailable(bool available)
{
    m_closeToTray = available;
    if (available || m_trayNote)
        return;
    m_trayNote
        = new QLabel(tr("No system tray here: closing the window quits ExaDesk, and the local port with it."), this);
    m_trayNote->setObjectName(u"noTrayNote"_s);
    statusBar()->addWidget(m_trayNote);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    QSettings().setValue(u"window/geometry"_s, saveGeometry());
    if (!m_closeToTray) {
        QMainWindow::closeEvent(event);
        return;
    }
    hide();
    event->ignore();
    Q_EMIT hiddenToTray();
}

} // namespace exadesk
