#pragma once

#include "CallJournal.h"

#include <QObject>
#include <QTimer>

#include <functional>

namespace exadesk {

// Writes calls to the request log a batch at a time, so that a busy local port pays one SQLite
// transaction a second instead of one a request. What could not be written (a locked database)
// is kept and tried again with the next batch, up to a bound; the oldest go first beyond it.
class BatchedCallLog : public QObject
{
    Q_OBJECT

public:
    // Written this many at a time, one transaction each, the event loop running between them:
    // a busy port's requests wait a fraction of a millisecond for a write, not several.
    static constexpr int kChunk = 50;
    static constexpr int kKeptAtMost = 20'000;
    static constexpr int kRetrySlower = 10; // a refused batch is tried again this many intervals later

    explicit BatchedCallLog(Database& database, QObject* parent = nullptr);
    ~BatchedCallLog() override; // writes what waits

    void add(const FinishedCall& call);
    // Writes what waits now; false (and failed()) when the database refused it.
    bool flush();
    qsizetype waiting() const { return m_waiting.size(); }
    void setInterval(std::chrono::milliseconds interval) { m_interval = interval; }
    // How many days entries are kept, asked once an hour after a write (so a changed setting
    // counts): a port that runs for weeks keeps no more than that.
    void setRetention(std::function<int()> days) { m_retentionDays = std::move(days); }

Q_SIGNALS:
    void written(int count);
    // Said once per run of failures, not once per batch.
    void failed(const QString& message);

private:
    // Writes up to `limit` of what waits; false when the database refused.
    bool write(qsizetype limit);
    void writeChunk();

    Database& m_db;
    QList<FinishedCall> m_waiting;
    QTimer m_timer;
    std::chrono::milliseconds m_interval{1'000};
    std::function<int()> m_retentionDays = [] { return setting::LogRetentionDays.number; };
    qint64 m_prunedAtMs = 0;
    bool m_failing = false;
};

} // namespace exadesk
