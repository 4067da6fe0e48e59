#pragma once

#include "Database.h"
#include "PoolRecords.h"

#include <QObject>
#include <QSet>
#include <QTimer>

namespace exadesk {

class Gateway;

// Keeps the keys' rows in step with the engine, so that what one run learns the next one knows:
// a key Exa refused or found out of credit stays parked after a restart (until its re-check
// says otherwise), the counters and cost on the Keys page go on from where they were, and
// today's use still counts against a daily cap. Written a batch at a time.
class KeyStateJournal : public QObject
{
    Q_OBJECT

public:
    KeyStateJournal(Gateway& gateway, Database& database, QObject* parent = nullptr);
    ~KeyStateJournal() override; // writes what waits

    // Gives the gateway's keys (just added) what their rows and today's request log remember.
    static void restore(Gateway& gateway, Database& database, const QList<KeyRecord>& rows);

    // Writes the keys that changed; false when the database refused (they are tried again).
    bool flush();
    void setInterval(std::chrono::milliseconds interval) { m_timer.setInterval(interval); }

Q_SIGNALS:
    void failed(const QString& message);

private:
    void changed(int index);

    Gateway& m_gateway;
    Database& m_db;
    QSet<int> m_dirty;
    QTimer m_timer;
};

} // namespace exadesk
