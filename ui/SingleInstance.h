#pragma once

#include <QObject>
#include <QString>

class QLocalServer;

namespace exadesk {

// One ExaDesk window per user and data folder. The first launch listens on a local socket named
// after both; a later launch finds it there, asks it to show its window and ends, so there are
// never two windows and two tray icons that disagree about the local port.
class SingleInstance : public QObject
{
    Q_OBJECT

public:
    explicit SingleInstance(const QString& dataDir, QObject* parent = nullptr);

    // True when another launch is running and was asked to show its window: this one should end.
    bool activateRunning(int timeoutMs = 1'000);
    // Listens for later launches (a socket left by one that crashed is taken over); false, with
    // the reason, when it cannot.
    bool listen(QString* error);

    const QString& name() const { return m_name; }

Q_SIGNALS:
    // A later launch asked for the window.
    void activationRequested();

private:
    QString m_name;
    QLocalServer* m_server = nullptr;
};

} // namespace exadesk
