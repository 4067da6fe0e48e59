#include "KeyTasks.h"

#include "KeyImport.h"
#include "gateway/Gateway.h"
#include "logging/KeyMask.h"
#include "pool/KeysFile.h"

#include <QHash>
#include <QPointer>

#include <memory>

namespace exadesk {

KeyTasks::KeyTasks(PoolParts parts, QObject* parent)
    : QObject(parent)
    , m_parts(std::move(parts))
{ }

PoolTask* KeyTasks::add(const QList<NewKey>& keys)
{
    if (!m_parts.vault)
        return PoolTask::failing(m_parts.whyNoDatabase, this);
    PoolTask* task = m_parts.vault->addKeys(keys);
    // The keys stored reach the gateway before whoever started the task hears of it.
    task->addFinalStep([this, keys](PoolTask& done) {
        QHash<QString, NewKey> byId;
        for (const NewKey& key : keys)
            byId.insert(KeysFile::idFor(key.secret.trimmed()), key);
        for (const TaskItem& item : done.items()) {
            if (item.result != TaskItem::Result::Done || !byId.contains(item.id))
                continue;
            const NewKey key = byId.value(item.id);
            const QString secret = key.secret.trimmed();
            m_parts.gateway.addKey(
                {item.id, key.label.isEmpty() ? maskKey(secret) : key.label, secret, key.tags, key.note, 0, 0.0});
        }
    });
    return task;
}

PoolTask* KeyTasks::import(const QString& text, const QStringList& tags)
{
    if (const std::optional<KeyImport::Backup> backup = KeyImport::fromBackup(text, tags)) {
        PoolTask* task = add(backup->keys);
        for (const TaskItem& problem : backup->problems)
            task->add(problem);
        return task;
    }
    return import(KeysFile::parse(text), tags);
}

PoolTask* KeyTasks::import(const KeyLines& lines, const QStringList& tags)
{
    PoolTask* task = add(KeyImport::newKeys(lines, tags));
    KeyImport::addProblems(lines, *task);
    return task;
}

PoolTask* KeyTasks::remove(const QStringList& ids)
{
    if (!m_parts.vault)
        return PoolTask::failing(m_parts.whyNoDatabase, this);
    PoolTask* task = m_parts.vault->removeKeys(ids);
    task->addFinalStep([this, ids](PoolTask& done) {
        // A key whose row is gone (its sealed secret with it) must not go on serving calls.
        PoolRecords records(*m_parts.database);
        for (const QString& id : ids) {
            StorageError error;
            const bool gone = !records.key(id, &error) && !error.isError();
            if (gone)
                m_parts.gateway.removeKey(m_parts.gateway.keys().indexOf(id));
            done.add(
                {0, gone ? TaskItem::Result::Done : TaskItem::Result::Failed, id, gone ? QString() : error.message});
        }
    });
    return task;
}

PoolTask* KeyTasks::changeRows(const QStringList& ids, const std::function<void(KeyRecord&, int index)>& change)
{
    if (!m_parts.database)
        return PoolTask::failing(m_parts.whyNoDatabase, this);
    auto* task = new PoolTask(this);
    PoolRecords records(*m_parts.database);
    for (const QString& id : ids) {
        StorageError error;
        std::optional<KeyRecord> row = records.key(id, &error);
        if (!row) {
            task->add(
                {0, TaskItem::Result::Failed, id, error.isError() ? error.message : tr("there is no key %1").arg(id)});
            continue;
        }
        change(*row, m_parts.gateway.keys().indexOf(id));
        const bool saved = records.updateKey(*row, &error);
        task->add({0, saved ? TaskItem::Result::Done : TaskItem::Result::Failed, id,
                   saved ? QString() : tr("The change was made but not saved: %1").arg(error.message)});
    }
    task->finishLater();
    return task;
}

PoolTask* KeyTasks::setEnabled(const QStringList& ids, bool enabled)
{
    return changeRows(ids, [this, enabled](KeyRecord& row, int index) {
        row.state = enabled ? KeyState::Active : KeyState::Disabled;
        if (index >= 0)
            m_parts.gateway.setKeyEnabled(index, enabled);
    });
}

PoolTask* KeyTasks::retag(const QStringList& ids, const QStringList& tags)
{
    return changeRows(ids, [this, tags](KeyRecord& row, int index) {
        row.tags = tags;
        if (index < 0)
            return;
        KeyConfig config = m_parts.gateway.keys().at(index).config;
        config.tags = tags;
        m_parts.gateway.updateKey(index, config);
    });
}

PoolTask* KeyTasks::test(const QStringList& ids)
{
    auto* task = new PoolTask(this);
    struct Run
    {
        QHash<int, QString> waiting; // key index -> id, for the tests on their way
        int total = 0;
        bool starting = true; // verdicts that come while the tests start do not end the task
    };
    auto run = std::make_shared<Run>();
    run->total = static_cast<int>(ids.size());
    connect(&m_parts.gateway, &Gateway::keyTested, task, [task, run](int index, Outcome outcome, const QString& error) {
        const QString id = run->waiting.take(index);
        if (id.isEmpty())
            return; // not one of ours
        if (outcome == Outcome::Success || outcome == Outcome::RateLimited)
            task->add({0, TaskItem::Result::Done, id,
                       outcome == Outcome::Success ? tr("works") : tr("works (rate limited right now)")});
        else
            task->add({0, TaskItem::Result::Failed, id, error});
        task->reportProgress(run->total - static_cast<int>(run->waiting.size()), run->total);
        if (run->waiting.isEmpty() && !run->starting)
            task->finish();
    });
    for (const QString& id : ids) {
        const int index = m_parts.gateway.keys().indexOf(id);
        if (index < 0) {
            task->add({0, TaskItem::Result::Skipped, id, tr("not tested: ExaDesk does not have its secret")});
            continue;
        }
        run->waiting.insert(index, id);
        if (!m_parts.gateway.testKey(index)) {
            run->waiting.remove(index);
            task->add({0, TaskItem::Result::Skipped, id,
                       tr("not tested: it is %1")
                           .arg(m_parts.gateway.keys().stateText(index, m_parts.gateway.clock().nowMs()))});
        }
    }
    run->starting = false;
    if (run->waiting.isEmpty())
        task->finishLater();
    return task;
}

} // namespace exadesk
