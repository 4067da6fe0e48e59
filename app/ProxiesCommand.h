#pragma once

#include <QCoreApplication>
#include <QStringList>

namespace exadesk {

class Engine;

// `exadesk proxies add|import|list|remove|test`: the proxies keys leave through. Passwords are
// sealed in the vault; every listing shows a proxy without its password.
class ProxiesCommand
{
    Q_DECLARE_TR_FUNCTIONS(ProxiesCommand)

public:
    int run(const QString& program, const QStringList& arguments);

private:
    // `lines`: addresses given on the command line, or the lines of a file.
    int add(Engine& engine, const QStringList& lines, bool fromFile);
    int list(Engine& engine);
    int remove(Engine& engine, const QStringList& ids);
    int pace(Engine& engine, const QString& rate);
    int test(const QStringList& arguments);
    int usage(int exitCode);

    QString m_program;
};

} // namespace exadesk
