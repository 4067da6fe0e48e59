#include "KeyImport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace exadesk {

QList<NewKey> KeyImport::newKeys(const KeyLines& lines, const QStringList& tags)
{
    QList<NewKey> keys;
    keys.reserve(lines.keys.size());
    for (const KeyLine& line : lines.keys)
        keys.append({line.line, line.label, line.secret, tags, {}});
    return keys;
}

std::optional<KeyImport::Backup> KeyImport::fromBackup(const QString& text, const QStringList& tags)
{
    if (!text.trimmed().startsWith(u'{'))
        return std::nullopt;
    const QJsonObject root = QJsonDocument::fromJson(text.toUtf8()).object();
    if (!root.contains(u"exadesk"_s) || !root.value(u"keys"_s).isArray())
        return std::nullopt;
    Backup backup;
    const QJsonArray keys = root.value(u"keys"_s).toArray();
    for (qsizetype i = 0; i < keys.size(); ++i) {
        const QJsonObject key = keys.at(i).toObject();
        const int line = static_cast<int>(i + 1);
        const QString secret = key.value(u"secret"_s).toString();
        if (secret.isEmpty()) {
            backup.problems.append({line, TaskItem::Result::Malformed, key.value(u"id"_s).toString(),
                                    tr("no secret: the backup was made without --with-secrets")});
            continue;
        }
        QStringList keyTags;
        for (const QJsonValue& tag : key.value(u"tags"_s).toArray())
            keyTags.append(tag.toString());
        for (const QString& tag : tags) {
            if (!keyTags.contains(tag))
                keyTags.append(tag);
        }
        backup.keys.append({line, key.value(u"label"_s).toString(), secret, keyTags, key.value(u"note"_s).toString()});
    }
    return backup;
}

void KeyImport::addProblems(const KeyLines& lines, PoolTask& task)
{
    for (const KeyLineProblem& problem : lines.problems)
        task.add({problem.line,
                  problem.duplicate ? TaskItem::Result::Duplicate : TaskItem::Result::Malformed,
                  {},
                  problem.reason});
}

QString KeyImport::describe(const TaskItem& item)
{
    switch (item.result) {
    case TaskItem::Result::Done:
        return tr("added");
    case TaskItem::Result::Duplicate:
        return tr("duplicate (%1)").arg(item.message);
    case TaskItem::Result::Malformed:
        return tr("malformed: %1").arg(item.message);
    case TaskItem::Result::Failed:
    case TaskItem::Result::Skipped:
        return tr("not added: %1").arg(item.message);
    }
    return {};
}

QString KeyImport::summary(const PoolTask& task)
{
    const int added = task.count(TaskItem::Result::Done);
    const int duplicates = task.count(TaskItem::Result::Duplicate);
    const int notAdded = static_cast<int>(task.items().size()) - added - duplicates;
    return tr("%n added", nullptr, added) + QStringLiteral(", ") + tr("%n duplicate", nullptr, duplicates)
        + QStringLiteral(", ") + tr("%n not added", nullptr, notAdded);
}

} // namespace exadesk
