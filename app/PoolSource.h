#pragma once

#include "pool/KeyPool.h"
#include "pool/ProxyPool.h"

#include <QCoreApplication>

#include <optional>

namespace exadesk {

class VaultTask;
class Workspace;

struct LoadedPool
{
    QList<KeyConfig> keys;
    QList<ProxyConfig> proxies; // the stored ones, when the keys are the stored pool's
};

// Where a command's keys come from: a keys file and EXA_API_KEY when given, otherwise the pool
// stored with 'exadesk keys' (its enabled keys) and 'exadesk proxies'.
class PoolSource
{
    Q_DECLARE_TR_FUNCTIONS(PoolSource)

public:
    // `workspace` may be null (no database): then only the file and the environment count.
    // Prints what is wrong and returns nothing when no key can be had.
    static std::optional<LoadedPool> load(const QString& keysFile, Workspace* workspace);

    // The enabled keys and the proxies a vault load brought.
    static LoadedPool fromVault(const VaultTask& loaded);

private:
    static bool loadStored(Workspace& workspace, LoadedPool* pool);
};

} // namespace exadesk
