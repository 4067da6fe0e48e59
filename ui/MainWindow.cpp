#include "MainWindow.h"

#include "base/Version.h"
#include "server/LocalPortService.h"

#include <QAction>
#include <QClipboard>
#include <QCloseEvent>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
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
    addPage(makeWelcome(), tr("About"));
    for (int i = 0; i < 9; ++i) {
        auto* shortcut = new QAction(this);
        shortcut->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + i)));
        connect(shortcut, &QAction::triggered, m_pages, [this, i] { m_pages->setCurrentIndex(i); });
        addAction(shortcut);
    }
    if (m_port)
        makePortControls();
    // Where the person left it: size and place of the window, and the page.
    QSettings settings;
    restoreGeometry(settings.value(u"window/geometry"_s).toByteArray());
}

void MainWindow::addPage(QWidget* page, const QString& title, int position)
{
    m_pages->insertTab(position, page, title);
}

QWidget* MainWindow::makeWelcome()
{
    auto* welcome = new QWidget(this);
    welcome->setObjectName(u"welcome"_s);
    // The text sits in a centred column of a readable width; word-wrapped labels need a layout
    // without alignment flags to get their height right.
    auto* column = new QWidget(welcome);
    column->setMaximumWidth(560);
    auto* text = new QVBoxLayout(column);
    text->setSpacing(14);

    auto* title = new QLabel(tr("Welcome to ExaDesk"), column);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.8);
    titleFont.setBold(true);
    title->setFont(titleFont);
    title->setAlignment(Qt::AlignCenter);
    text->addWidget(title);

    auto* summary = new QLabel(tr("Search the web with Exa using your own API keys, and share them with any Exa "
                                  "client on this computer through a local port."),
                               column);
    summary->setWordWrap(true);
    summary->setAlignment(Qt::AlignCenter);
    text->addWidget(summary);

    auto* hint = new QLabel(tr("From a terminal: <code>EXA_API_KEY=&lt;your key&gt; exadesk search \"your "
                               "question\"</code>"),
                            column);
    hint->setTextFormat(Qt::RichText);
    hint->setWordWrap(true);
    hint->setAlignment(Qt::AlignCenter);
    hint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    text->addWidget(hint);

    auto* centred = new QHBoxLayout;
    centred->addStretch();
    centred->addWidget(column, 1);
    centred->addStretch();

    auto* version = new QLabel(tr("Version %1").arg(QLatin1StringView(kVersion)), welcome);
    version->setAlignment(Qt::AlignCenter);
    version->setEnabled(false);

    auto* layout = new QVBoxLayout(welcome);
    layout->setContentsMargins(48, 48, 48, 24);
    layout->addStretch();
    layout->addLayout(centred);
    layout->addStretch();
    layout->addWidget(version);
    return welcome;
}

void MainWindow::makePortControls()
{
    m_portMenu = menuBar()->addMenu(QString());
    m_startStop = m_portMenu->addAction(QString());
    m_startStop->setObjectName(u"startStopLocalPort"_s);
    m_copyEndpoint = m_portMenu->addAction(QString());
    m_copyToken = m_portMenu->addAction(QString());
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
    // The About page is the window's own: made again in the new language, where it was.
    for (int i = 0; i < m_pages->count(); ++i) {
        if (m_pages->widget(i)->objectName() != "welcome"_L1)
            continue;
        const bool current = m_pages->currentIndex() == i;
        QWidget* old = m_pages->widget(i);
        m_pages->removeTab(i);
        old->deleteLater();
        m_pages->insertTab(i, makeWelcome(), tr("About"));
        if (current)
            m_pages->setCurrentIndex(i);
        break;
    }
    if (m_trayNote)
        m_trayNote->setText(tr("No system tray here: closing the window quits ExaDesk, and the local port with it."));
    if (m_port)
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
    m_portButton->setText(m_startStop->text());
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
