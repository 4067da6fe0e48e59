#include "TrayIcon.h"

#include "Icons.h"
#include "server/LocalPortService.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QMenu>
#include <QSystemTrayIcon>

namespace exadesk {

TrayIcon::TrayIcon(LocalPortService& port, QObject* parent)
    : QObject(parent)
    , m_port(port)
    , m_menu(new QMenu)
    , m_tray(new QSystemTrayIcon(this))
{
    m_startStop = m_menu->addAction(QString());
    m_copyEndpoint = m_menu->addAction(QString());
    m_menu->addSeparator();
    m_open = m_menu->addAction(QString());
    m_quit = m_menu->addAction(QString());
    m_tray->setContextMenu(m_menu);

    connect(m_startStop, &QAction::triggered, this, [this] {
        if (m_port.isRunning() || m_port.isStarting())
            m_port.stop();
        else
            m_port.start();
    });
    connect(m_copyEndpoint, &QAction::triggered, this,
            [this] { QGuiApplication::clipboard()->setText(m_port.endpoint().toString()); });
    connect(m_open, &QAction::triggered, this, &TrayIcon::openRequested);
    connect(m_quit, &QAction::triggered, this, &TrayIcon::quitRequested);
    connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
            Q_EMIT openRequested();
    });
    connect(m_tray, &QSystemTrayIcon::messageClicked, this, &TrayIcon::messageClicked);
    connect(&m_port, &LocalPortService::runningChanged, this, &TrayIcon::refresh);
    connect(&m_port, &LocalPortService::requestServed, this, &TrayIcon::refresh);
    connect(&m_port, &LocalPortService::failed, this,
            [this](const QString& message) { notify(tr("Local port"), message); });
    refresh();
}

TrayIcon::~TrayIcon()
{
    delete m_menu; // a context menu has no parent: the tray does not own it
}

bool TrayIcon::isAvailable()
{
    return QSystemTrayIcon::isSystemTrayAvailable();
}

void TrayIcon::show()
{
    if (isAvailable())
        m_tray->show();
}

bool TrayIcon::notify(const QString& title, const QString& message)
{
    if (!m_tray->isVisible())
        return false;
    m_tray->showMessage(title, message, QSystemTrayIcon::Information, 8'000);
    return true;
}

QString TrayIcon::toolTip() const
{
    if (!m_port.isRunning())
        return tr("ExaDesk: the local port is off");
    return tr("ExaDesk: the local port serves %1 (%n request(s) so far)", nullptr,
              static_cast<int>(m_port.requestsServed()))
        .arg(m_port.endpoint().toString());
}

void TrayIcon::refresh()
{
    const bool running = m_port.isRunning();
    m_startStop->setText(running ? tr("Stop Local Port") : tr("Start Local Port"));
    m_copyEndpoint->setText(tr("Copy Endpoint URL"));
    m_copyEndpoint->setEnabled(running);
    m_open->setText(tr("Open ExaDesk"));
    m_quit->setText(tr("Quit ExaDesk"));
    m_tray->setIcon(appIcon(running));
    m_tray->setToolTip(toolTip());
}

} // namespace exadesk
