#include "KeyImport.h"

namespace exadesk {

QList<NewKey> KeyImport::newKeys(const KeyLines& lines, const QStringList& tags)
{
    QList<NewKey> keys;
    keys.reserve(lines.keys.size());
    for (const KeyLine& line : lines.keys)
        keys.append({line.line, line.label, line.secret, tags, {}});
    return keys;
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
