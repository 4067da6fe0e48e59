#pragma once

#include <QCoreApplication>
#include <QStringList>

namespace exadesk {

class Workspace;
struct KeyRecord;

// `exadesk keys add|import|list|remove|enable|disable|test`: the key pool on the command line.
// Secrets go to the keychain and are read from standard input or a file, never from the
// command line (where other users could see them).
class KeysCommand
{
    Q_DECLARE_TR_FUNCTIONS(KeysCommand)

public:
    int run(const QString& program, const QStringList& arguments);

private:
    int add(Workspace& workspace, const QStringList& arguments);
    int import(Workspace& workspace, const QStringList& arguments);
    int list(Workspace& workspace, const QStringList& arguments);
    int remove(Workspace& workspace, const QStringList& arguments);
    int setEnabled(Workspace& workspace, const QStringList& arguments, bool enabled);
    int test(Workspace& workspace, const QStringList& arguments);
    int usage(int exitCode);

    // The keys that `names` (ids, labels or masked tails) mean; prints what it cannot find.
    QList<KeyRecord> resolve(Workspace& workspace, const QStringList& names, bool* ok);

    QString m_program;
};

} // namespace exadesk
