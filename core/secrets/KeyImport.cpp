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

ImportReport KeyImport::report(const KeyLines& lines, const VaultTask& task)
{
    ImportReport report;
    report.lines = task.outcomes();
    for (const KeyLineProblem& problem : lines.problems) {
        report.lines.append({problem.line,
                             problem.duplicate ? KeyOutcome::Kind::Duplicate : KeyOutcome::Kind::Malformed,
                             {},
                             problem.reason});
    }
    std::stable_sort(report.lines.begin(), report.lines.end(),
                     [](const KeyOutcome& a, const KeyOutcome& b) { return a.line < b.line; });
    for (const KeyOutcome& outcome : std::as_const(report.lines)) {
        if (outcome.kind == KeyOutcome::Kind::Added)
            ++report.added;
        else if (outcome.kind == KeyOutcome::Kind::Duplicate)
            ++report.duplicates;
        else
            ++report.notAdded;
    }
    return report;
}

QString KeyImport::describe(const KeyOutcome& outcome)
{
    switch (outcome.kind) {
    case KeyOutcome::Kind::Added:
        return tr("added");
    case KeyOutcome::Kind::Duplicate:
        return tr("duplicate (%1)").arg(outcome.reason);
    case KeyOutcome::Kind::Malformed:
        return tr("malformed: %1").arg(outcome.reason);
    case KeyOutcome::Kind::Failed:
        return tr("not added: %1").arg(outcome.reason);
    }
    return {};
}

QString KeyImport::summary(const ImportReport& report)
{
    return tr("%n added", nullptr, report.added) + QStringLiteral(", ") + tr("%n duplicate", nullptr, report.duplicates)
        + QStringLiteral(", ") + tr("%n not added", nullptr, report.notAdded);
}

} // namespace exadesk
