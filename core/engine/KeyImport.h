#pragma once

#include "PoolTask.h"
#include "Vault.h"
#include "pool/KeysFile.h"

#include <QCoreApplication>

#include <optional>

namespace exadesk {

// Keys as a person pastes or files them, on their way into the vault, and the words for how
// each line went. Shared by `exadesk keys import` and the Keys page.
class KeyImport
{
    Q_DECLARE_TR_FUNCTIONS(KeyImport)

public:
    static QList<NewKey> newKeys(const KeyLines& lines, const QStringList& tags = {});
    // The keys of a file `exadesk export --with-secrets` wrote, with their labels, tags and notes
    // (`line` is the key's place in it, from 1); one exported without secrets gives problems
    // instead. Nothing when `text` is not such a file.
    struct Backup
    {
        QList<NewKey> keys;
        QList<TaskItem> problems;
    };
    static std::optional<Backup> fromBackup(const QString& text, const QStringList& tags = {});
    // The lines reading the text refused (malformed or repeated), as items of `task`.
    static void addProblems(const KeyLines& lines, PoolTask& task);
    // "added", "duplicate (the same key as line 2)", "malformed: ...", "not added: ...".
    static QString describe(const TaskItem& item);
    // "2 added, 1 duplicate, 1 not added".
    static QString summary(const PoolTask& task);
};

} // namespace exadesk
