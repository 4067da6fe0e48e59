#include "Clock.h"

#include <QDateTime>
#include <QHash>
#include <QTimer>

#include <algorithm>

namespace exadesk {
namespace {

class SystemClock final : public Clock
{
public:
    qint64 nowMs() const override { return QDateTime::currentMSecsSinceEpoch(); }

    TimerId callAt(qint64 atMs, std::function<void()> action) override
    {
        const TimerId id = m_nextId++;
        auto* timer = new QTimer(&m_owner);
        timer->setSingleShot(true);
        // Cool-downs and deadlines must not end early, which a coarse timer allows.
        timer->setTimerType(Qt::PreciseTimer);
        QObject::connect(timer, &QTimer::timeout, &m_owner, [this, id, timer, action = std::move(action)] {
            m_timers.remove(id);
            timer->deleteLater();
            action();
        });
        m_timers.insert(id, timer);
        timer->start(static_cast<int>(std::clamp<qint64>(atMs - nowMs(), 0, std::numeric_limits<int>::max())));
        return id;
    }

    void cancel(TimerId id) override
    {
        if (QTimer* timer = m_timers.take(id)) {
            timer->stop();
            timer->deleteLater();
        }
    }

private:
    QObject m_owner;
    QHash<TimerId, QTimer*> m_timers;
    TimerId m_nextId = 1;
};

} // namespace

QString localClockTime(qint64 msSinceEpoch)
{
    return QDateTime::fromMSecsSinceEpoch(msSinceEpoch).toLocalTime().toString(QStringLiteral("HH:mm:ss"));
}

Clock& Clock::system()
{
    static SystemClock clock;
    return clock;
}

void ClockTimer::startAt(qint64 atMs, std::function<void()> action)
{
    stop();
    m_dueMs = atMs;
    m_id = m_clock->callAt(atMs, [this, action = std::move(action)] {
        m_id = 0;
        action();
    });
}

void ClockTimer::stop()
{
    if (m_id != 0) {
        m_clock->cancel(m_id);
        m_id = 0;
    }
}

} // namespace exadesk
