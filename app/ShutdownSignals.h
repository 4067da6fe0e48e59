#pragma once

#include <QObject>

class QSocketNotifier;

namespace exadesk {

// SIGINT and SIGTERM as a Qt signal on the event loop (through a self-pipe: a signal handler
// may do almost nothing itself). One instance at a time.
class ShutdownSignals : public QObject
{
    Q_OBJECT

public:
    explicit ShutdownSignals(QObject* parent = nullptr);
    ~ShutdownSignals() override;

Q_SIGNALS:
    // `count`: 1 for the first signal, 2 for the second (which asks to stop at once), ...
    void requested(int count);

private:
    QSocketNotifier* m_notifier = nullptr;
    int m_count = 0;
};

} // namespace exadesk
