#pragma once

#include <QCoreApplication>
#include <QStringList>

namespace exadesk {

class Engine;

// `exadesk keys add|import|list|remove|enable|disable|test`: the key pool on the command line.
// Secrets are sealed in the vault and are read from standard input or a file, never from the
// command line (where other users could see them).
class KeysCommand
{
    Q_DECLARE_TR_FUNCTIONS(KeysCommand)

public:
    int run(const QString& program, const QStringList& arguments);

private:
    int add(Engine& engine, const QStringList& arguments);
    int import(Engine& engine, const QStringList& arguments);
    int list(Engine& engine, const QStringList& arguments);
    int remove(Engine& engine, const QStringList& arguments);
    int setEnabled(Engine& engine, const QStringList& arguments, bool enabled);
    int test(const QStringList& arguments);
    int usage(int exitCode);

    // The ids of the keys that `names` (ids, labels or masked tails) mean; prints what it
    // cannot find.
    QStringList resolve(Engine& engine, const QStringList& names, bool* ok);
    static QString labelOf(Engine& engine, const QString& id);

    QString m_program;
};

} // namespace exadesk
