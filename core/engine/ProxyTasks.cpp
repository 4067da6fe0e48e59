#include "ProxyTasks.h"

#include "gateway/Gateway.h"

#include <QHash>

#include <memory>

namespace exadesk {
namespace {

// A proxy as the user names it: its id, or its address with the password (never stored as text).
QString idOf(const QString& given)
{
    QString ignored;
    const auto parsed = ProxyConfig::fromUrl(given, &ignored);
    return parsed ? parsed->id() : given.trimmed();
}

} // namespace

ProxyTasks::ProxyTasks(PoolParts parts, QObject* parent)
    : QObject(parent)
    , m_parts(std::move(parts))
{ }

PoolTask* ProxyTasks::add(const QString& text)
{
    if (!m_parts.vault)
        return PoolTask::failing(m_parts.whyNoDatabase, this);
    auto* task = new PoolTask(this);
    const ProxyConfig::Lines lines = ProxyConfig::fromLines(text);
    for (const auto& [number, error] : lines.problems)
        task->add({number, TaskItem::Result::Malformed, {}, error});
    QMetaObject::invokeMethod(
        this, [this, task, pending = lines.proxies] { addNext(task, pending); }, Qt::QueuedConnection);
    return task;
}

void ProxyTasks::addNext(PoolTask* task, QList<std::pair<int, ProxyConfig>> pending)
{
    if (pending.isEmpty() || task->isCancelled()) {
        task->finish();
        return;
    }
    // One at a time through the vault, which seals a password as it stores the row.
    const auto [line, config] = pending.takeFirst();
    PoolTask* stored = m_parts.vault->addProxy(config);
    connect(stored, &PoolTask::finished, this, [this, task, stored, line, config, pending] {
        stored->deleteLater();
        if (stored->error().isEmpty())
            m_parts.gateway.addProxy(config);
        task->add({line, stored->error().isEmpty() ? TaskItem::Result::Done : TaskItem::Result::Failed, config.id(),
                   stored->error()});
        addNext(task, pending);
    });
}

PoolTask* ProxyTasks::remove(const QStringList& ids)
{
    if (!m_parts.vault)
        return PoolTask::failing(m_parts.whyNoDatabase, this);
    auto* task = new PoolTask(this);
    QStringList pending;
    for (const QString& given : ids)
        pending.append(idOf(given));
    QMetaObject::invokeMethod(
        this, [this, task, pending] { removeNext(task, pending); }, Qt::QueuedConnection);
    return task;
}

void ProxyTasks::removeNext(PoolTask* task, QStringList pending)
{
    if (pending.isEmpty()) {
        task->finish();
        return;
    }
    const QString id = pending.takeFirst();
    PoolTask* removed = m_parts.vault->removeProxy(id);
    connect(removed, &PoolTask::finished, this, [this, task, removed, id, pending] {
        removed->deleteLater();
        // Gone from the database, it goes from the engine too.
        StorageError error;
        const QList<ProxyRecord> rows = PoolRecords(*m_parts.database).proxies(&error);
        const bool stillThere = error.isError()
            || std::any_of(rows.cbegin(), rows.cend(), [&id](const ProxyRecord& row) { return row.id == id; });
        if (!stillThere)
            m_parts.gateway.removeProxy(m_parts.gateway.proxies().indexOf(id));
        task->add(
            {0, removed->error().isEmpty() ? TaskItem::Result::Done : TaskItem::Result::Failed, id, removed->error()});
        removeNext(task, pending);
    });
}

PoolTask* ProxyTasks::setEnabled(const QStringList& ids, bool enabled)
{
    if (!m_parts.database)
        return PoolTask::failing(m_parts.whyNoDatabase, this);
    auto* task = new PoolTask(this);
    PoolRecords records(*m_parts.database);
    StorageError error;
    QList<ProxyRecord> rows = records.proxies(&error);
    for (const QString& given : ids) {
        const QString id = idOf(given);
        if (const int index = m_parts.gateway.proxies().indexOf(id); index >= 0)
            m_parts.gateway.setProxyEnabled(index, enabled);
        const auto row = std::find_if(rows.begin(), rows.end(), [&id](const ProxyRecord& r) { return r.id == id; });
        if (row == rows.end()) {
            task->add({0, TaskItem::Result::Failed, id,
                       error.isError() ? error.message : tr("there is no proxy %1").arg(id)});
            continue;
        }
        row->enabled = enabled;
        const bool saved = records.updateProxy(*row, &error);
        task->add({0, saved ? TaskItem::Result::Done : TaskItem::Result::Failed, id,
                   saved ? QString() : tr("The change was made but not saved: %1").arg(error.message)});
    }
    task->finishLater();
    return task;
}

PoolTask* ProxyTasks::test(const QStringList& ids)
{
    auto* task = new PoolTask(this);
    auto waiting = std::make_shared<QHash<int, QString>>(); // proxy index -> id
    const auto verdict = [task, waiting](int index, bool works, const QString& message) {
        const QString id = waiting->take(index);
        if (id.isEmpty())
            return; // tested by someone else
        task->add({0, works ? TaskItem::Result::Done : TaskItem::Result::Failed, id, message});
        if (waiting->isEmpty())
            task->finish();
    };
    connect(&m_parts.gateway, &Gateway::proxyTested, task, verdict);
    // A proxy removed while under test takes its test with it: it is counted out.
    connect(&m_parts.gateway, &Gateway::proxyChanged, task, [this, verdict](int index) {
        if (m_parts.gateway.proxies().at(index).removed)
            verdict(index, false, tr("removed before its test ended"));
    });
    for (const QString& given : ids) {
        const QString id = idOf(given);
        const int index = m_parts.gateway.proxies().indexOf(id);
        if (index < 0 || waiting->contains(index) || !m_parts.gateway.testProxy(index)) {
            task->add({0, TaskItem::Result::Skipped, id, tr("there is no proxy %1").arg(id)});
            continue;
        }
        waiting->insert(index, id);
    }
    if (waiting->isEmpty())
        task->finishLater();
    return task;
}

} // namespace exadesk
