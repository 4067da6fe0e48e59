#pragma once

#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace fakeexa {

// The fake's research tasks (/research/v1): each belongs to the key that made it, as Exa keeps
// a task to the account that made it, and completes after a number of polls.
class FakeResearch
{
public:
    explicit FakeResearch(int pollsToComplete)
        : m_pollsToComplete(pollsToComplete)
    { }

    // A new task from a validated request body; answers the task as Exa does on creation.
    QJsonObject create(const QString& id, const QString& ownerKey, const QJsonObject& request);
    // The task as `key` sees it after one more poll; nothing when it is another key's or unknown.
    std::optional<QJsonObject> poll(const QString& id, const QString& key);
    // A page of the key's tasks, newest first: {data, hasMore, nextCursor}.
    QJsonObject list(const QString& key, const QString& cursor, int limit) const;
    void clear();

private:
    struct Task
    {
        QString ownerKey;
        QString instructions;
        QString model;
        QJsonObject outputSchema;
        qint64 createdAtMs = 0;
        int polls = 0;
    };

    QJsonObject describe(const QString& id, const Task& task) const;

    int m_pollsToComplete;
    QHash<QString, Task> m_tasks;
    QStringList m_newestFirst;
};

} // namespace fakeexa
