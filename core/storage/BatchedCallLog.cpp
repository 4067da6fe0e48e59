#include "BatchedCallLog.h"

#include <QDateTime>

#include <algorithm>

namespace exadesk {
namespace {

constexpr qint64 kPruneEveryMs = 3600'000;

} // namespace

BatchedCallLog::BatchedCallLog(Database& database, QObject* parent)
    : QObject(parent)
    , m_db(database)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &BatchedCallLog::writeChunk);
}

BatchedCallLog::~BatchedCallLog()
{
    flush();
}

void BatchedCallLog::add(const FinishedCall& call)
{
    m_waiting.append(call);
    if (m_waiting.size() > kKeptAtMost)
        m_waiting.remove(0, m_waiting.size() - kKeptAtMost);
    // A full chunk goes at the next turn of the event loop; less waits for the interval. While
    // the database refuses, only the retry timer tries (each try waits out its busy timeout).
    if (m_failing)
        return;
    if (m_waiting.size() >= kChunk)
        m_timer.start(0);
    else if (!m_timer.isActive())
        m_timer.start(m_interval);
}

void BatchedCallLog::writeChunk()
{
    if (!write(kChunk))
        return;
    if (m_waiting.size() >= kChunk)
        m_timer.start(0);
    else if (!m_waiting.isEmpty())
        m_timer.start(m_interval);
}

bool BatchedCallLog::flush()
{
    m_timer.stop();
    while (!m_waiting.isEmpty()) {
        if (!write(kChunk))
            return false;
    }
    return true;
}

bool BatchedCallLog::write(qsizetype limit)
{
    if (m_waiting.isEmpty())
        return true;
    const QList<FinishedCall> chunk = m_waiting.first(std::min(limit, m_waiting.size()));
    StorageError error;
    if (!CallJournal(m_db).log(chunk, &error)) {
        if (!m_failing)
            Q_EMIT failed(error.message);
        m_failing = true;
        m_timer.start(m_interval * kRetrySlower); // kept, and tried again
        return false;
    }
    m_failing = false;
    m_waiting.remove(0, chunk.size());
    if (const qint64 now = QDateTime::currentMSecsSinceEpoch(); now - m_prunedAtMs >= kPruneEveryMs) {
        m_prunedAtMs = now;
        RequestLog(m_db).prune(m_retentionDays(), now, &error); // a failure here loses nothing
    }
    Q_EMIT written(static_cast<int>(chunk.size()));
    return true;
}

} // namespace exadesk
