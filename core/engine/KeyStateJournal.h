#pragma once

#include "pool/KeyPool.h"
#include "storage/Database.h"
#include "storage/LearnedState.h"
#include "storage/PoolRecords.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <chrono>
#include <vector>

namespace exadesk {

class Gateway;

// Keeps the keys' rows in step with the engine, so that what one run learns the next one knows:
// a key Exa refused or found out of credit stays parked after a restart until its re-check
// (also a key from a keys file, by its id), the counters and cost on the Keys page go on from
// where they were, today's use still counts against a daily cap, and the round robin goes on
// after the key it last gave. Written a batch at a time.
//
// The window, `serve` and `search` may run at once over one database: each adds what it counted
// since its last write to what the row holds (never an absolute value that would take another's
// counts back), and writes a key's state only when its own engine changed it.
class KeyStateJournal : public QObject
{
    Q_OBJECT

public:
    KeyStateJournal(Gateway& gateway, Database& database, QObject* parent = nullptr);
    ~KeyStateJournal() override; // writes what waits

    // Gives the gateway's keys (just added) what their rows, what was learnt of them and today's
    // request log remember. What is restored is not written back: only what this run learns
    // from here on is.
    void restore(const QList<KeyRecord>& rows);

    // Writes the keys that changed; false when the database refused (they are tried again).
    bool flush();
    void setInterval(std::chrono::milliseconds interval) { m_interval = interval; }

Q_SIGNALS:
    // Said once per run of failures.
    void failed(const QString& message);

private:
    // A key's counters as last written: all its row needs to add what was counted since.
    struct Counters
    {
        qint64 requests = 0;
        qint64 successes = 0;
        qint64 rateLimited = 0;
        qint64 errors = 0;
        double costDollars = 0.0;
    };

    void counted(int index);
    Counters written(int index) const;
    void setWritten(int index, const KeyStats& stats);
    // What changed in the keys' health and the round robin, to write with the batch.
    QList<KeyHealthRecord> healthToWrite() const;

    Gateway& m_gateway;
    Database& m_db;
    QSet<int> m_counted; // keys whose counters moved
    QSet<int> m_stateChanged; // keys whose state moved
    std::vector<Counters> m_written; // by pool index: each key's counters as last written (or restored)
    QSet<int> m_refused; // keys whose refusal is written down (or was restored)
    int m_cursorWritten = -1; // the key the round robin was written to go on after
    QTimer m_timer;
    std::chrono::milliseconds m_interval{2'000};
    bool m_failing = false;
};

} // namespace exadesk
