#include "FakeResearch.h"

#include "FakeCorpus.h"

#include <QDateTime>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace fakeexa {

QJsonObject FakeResearch::create(const QString& id, const QString& ownerKey, const QJsonObject& request)
{
    Task task{ownerKey,
              request.value("instructions"_L1).toString(),
              request.value("model"_L1).toString(u"exa-research-fast"_s),
              request.value("outputSchema"_L1).toObject(),
              QDateTime::currentMSecsSinceEpoch(),
              0};
    m_tasks.insert(id, task);
    m_newestFirst.prepend(id);
    return describe(id, task);
}

std::optional<QJsonObject> FakeResearch::poll(const QString& id, const QString& key)
{
    auto it = m_tasks.find(id);
    if (it == m_tasks.end() || it->ownerKey != key)
        return std::nullopt;
    ++it->polls;
    return describe(id, *it);
}

QJsonObject FakeResearch::list(const QString& key, const QString& cursor, int limit) const
{
    QJsonArray data;
    bool started = cursor.isEmpty();
    QString last;
    bool more = false;
    for (const QString& id : m_newestFirst) {
        const Task& task = m_tasks[id];
        if (task.ownerKey != key)
            continue;
        if (!started) {
            started = id == cursor;
            continue;
        }
        if (data.size() == limit) {
            more = true;
            break;
        }
        data.append(describe(id, task));
        last = id;
    }
    return QJsonObject{{"data"_L1, data},
                       {"hasMore"_L1, more},
                       {"nextCursor"_L1, more ? QJsonValue(last) : QJsonValue(QJsonValue::Null)}};
}

void FakeResearch::clear()
{
    m_tasks.clear();
    m_newestFirst.clear();
}

QJsonObject FakeResearch::describe(const QString& id, const Task& task) const
{
    QJsonObject object{{"researchId"_L1, id},
                       {"createdAt"_L1, static_cast<double>(task.createdAtMs)},
                       {"model"_L1, task.model},
                       {"instructions"_L1, task.instructions}};
    if (task.polls == 0) {
        object.insert("status"_L1, u"pending"_s);
    } else if (task.polls < m_pollsToComplete) {
        object.insert("status"_L1, u"running"_s);
    } else {
        object.insert("status"_L1, u"completed"_s);
        QJsonObject output{{"content"_L1, FakeCorpus::researchOutput(task.instructions)}};
        if (!task.outputSchema.isEmpty())
            output.insert("parsed"_L1, QJsonObject{{"summary"_L1, task.instructions}});
        object.insert("output"_L1, output);
        object.insert(
            "costDollars"_L1,
            QJsonObject{{"numPages"_L1, 12}, {"numSearches"_L1, 4}, {"reasoningTokens"_L1, 2048}, {"total"_L1, 0.1}});
    }
    return object;
}

} // namespace fakeexa
