#pragma once

#include <QCoreApplication>
#include <QStringList>

namespace exadesk {

class Workspace;

// `exadesk proxies add|import|list|remove|test`: the proxies keys leave through. Passwords go
// to the keychain; the database and every listing show a proxy without its password.
class ProxiesCommand
{
    Q_DECLARE_TR_FUNCTIONS(ProxiesCommand)

public:
    int run(const QString& program, const QStringList& arguments);

private:
    int add(Workspace& workspace, const QStringList& urls, bool fromFile);
    int list(Workspace& workspace);
    int remove(Workspace& workspace, const QStringList& ids);
    int test(Workspace& workspace, const QStringList& arguments);
    int usage(int exitCode);

    QString m_program;
};

} // namespace exadesk
