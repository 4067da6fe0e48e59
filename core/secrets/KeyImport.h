#pragma once

#include "Vault.h"
#include "pool/KeysFile.h"

#include <QCoreApplication>

namespace exadesk {

// An import's report, line by line in file order: what reading the text refused (malformed or
// repeated lines) and what the vault did with the rest. Shared by `exadesk keys import` and
// the Keys page.
struct ImportReport
{
    QList<KeyOutcome> lines;
    int added = 0;
    int duplicates = 0;
    int notAdded = 0;
};

class KeyImport
{
    Q_DECLARE_TR_FUNCTIONS(KeyImport)

public:
    static QList<NewKey> newKeys(const KeyLines& lines, const QStringList& tags = {});
    static ImportReport report(const KeyLines& lines, const VaultTask& task);
    // "added", "duplicate (the same key as line 2)", "malformed: ...", "not added: ...".
    static QString describe(const KeyOutcome& outcome);
    // "2 added, 1 duplicate, 1 not added".
    static QString summary(const ImportReport& report);
};

} // namespace exadesk
