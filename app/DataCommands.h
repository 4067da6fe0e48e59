#pragma once

#include <QCoreApplication>
#include <QStringList>

namespace exadesk {

// `exadesk export` (keys' metadata, proxies and settings as JSON; secrets only when asked) and
// `exadesk database move-aside` (a damaged database kept aside, a fresh one next time).
class DataCommands
{
    Q_DECLARE_TR_FUNCTIONS(DataCommands)

public:
    int runExport(const QString& program, const QStringList& arguments);
    int runDatabase(const QString& program, const QStringList& arguments);
};

} // namespace exadesk
