#include "BatchedCallLog.h"

#include <QDateTime>

namespace exadesk {
namespace {

constexpr qint64 kPruneEveryMs = 3600'000;

} // namespace

BatchedCallLog::BatchedCallLog(Database& database, QObject* parent)
    : QObject(parent)
    , m_db(database)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &BatchedCallLog::flush);
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
    // While the database refuses, each try waits out its busy timeout: only the timer tries.
    if (m_waiting.size() >= kBatch && !m_failing)
        flush();
    else if (!m_timer.isActive())
        m_timer.start(m_interval);
}

bool BatchedCallLog::flush()
{
    m_timer.stop();
    if (m_waiting.isEmpty())
        return true;
    StorageError error;
    if (!CallJournal(m_db).log(m_waiting, &error)) {
        if (!m_failing)
            Q_EMIT failed(error.message);
        m_failing = true;
        m_timer.start(m_interval * kRetrySlower); // kept, and tried again
        return false;
    }
    m_failing = false;
    const int count = static_cast<int>(m_waiting.size());
    m_waiting.clear();
    if (const qint64 now = QDateTime::currentMSecsSinceEpoch(); now - m_prunedAtMs >= kPruneEveryMs) {
        m_prunedAtMs = now;
        RequestLog(m_db).prune(m_retentionDays(), now, &error); // a failure here loses nothing
    }
    Q_EMIT written(count);
    return true;
}

} // namespace exadesk
