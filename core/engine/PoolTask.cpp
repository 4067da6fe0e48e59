#include "PoolTask.h"

#include <algorithm>

namespace exadesk {

int PoolTask::count(TaskItem::Result result) const
{
    return static_cast<int>(std::count_if(m_items.cbegin(), m_items.cend(),
                                          [result](const TaskItem& item) { return item.result == result; }));
}

void PoolTask::finish(const QString& error)
{
    if (m_finished)
        return;
    m_finished = true;
    if (!error.isEmpty())
        m_error = error;
    for (const auto& step : m_finalSteps)
        step(*this);
    m_finalSteps.clear();
    std::stable_sort(m_items.begin(), m_items.end(),
                     [](const TaskItem& a, const TaskItem& b) { return a.line < b.line; });
    Q_EMIT finished();
}

void PoolTask::finishLater(const QString& error)
{
    QMetaObject::invokeMethod(
        this, [this, error] { finish(error); }, Qt::QueuedConnection);
}

PoolTask* PoolTask::failing(const QString& error, QObject* parent)
{
    auto* task = new PoolTask(parent);
    task->finishLater(error);
    return task;
}

} // namespace exadesk
