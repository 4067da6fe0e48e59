#include "PoolSource.h"

#include "Console.h"
#include "Workspace.h"
#include "logging/KeyMask.h"
#include "pool/KeysFile.h"

using namespace Qt::StringLiterals;

namespace exadesk {

using console::err;

std::optional<LoadedPool> PoolSource::load(const QString& keysFile, Workspace* workspace)
{
    LoadedPool pool;
    if (!keysFile.isEmpty()) {
        QString error;
        const auto lines = KeysFile::read(keysFile, &error);
        if (!lines) {
            err() << u"exadesk: "_s << error << Qt::endl;
            return std::nullopt;
        }
        for (const KeyLineProblem& problem : lines->problems)
            err() << u"exadesk: "_s
                  << tr("%1, line %2: %3; the line is skipped.").arg(keysFile).arg(problem.line).arg(problem.reason)
                  << Qt::endl;
        for (const KeyLine& line : lines->keys)
            pool.keys.append({KeysFile::idFor(line.secret), line.label, line.secret, {}, {}, 0, 0.0});
        if (pool.keys.isEmpty()) {
            err() << u"exadesk: "_s << tr("The keys file %1 holds no usable key.").arg(keysFile) << Qt::endl;
            return std::nullopt;
        }
    }
    const QString apiKey = qEnvironmentVariable("EXA_API_KEY").trimmed();
    if (!apiKey.isEmpty())
        pool.keys.append({KeysFile::idFor(apiKey), maskKey(apiKey), apiKey, {}, {}, 0, 0.0});
    // Keys given for this run win; otherwise the stored pool (and its proxies) serves it.
    if (pool.keys.isEmpty() && workspace && !loadStored(*workspace, &pool))
        return std::nullopt;
    if (pool.keys.isEmpty()) {
        err() << tr("exadesk: no API key. Add one with 'exadesk keys add' (from https://dashboard.exa.ai/api-keys), "
                    "set EXA_API_KEY, e.g. EXA_API_KEY=... exadesk search \"your question\", or pass --keys-file.")
              << Qt::endl;
        return std::nullopt;
    }
    return pool;
}

bool PoolSource::loadStored(Workspace& workspace, LoadedPool* pool)
{
    StorageError error;
    PoolRecords& records = workspace.records();
    // Nothing stored: no keychain to wake.
    if (records.keys(&error).isEmpty() && records.proxies(&error).isEmpty())
        return true;
    VaultTask* loaded = workspace.load();
    if (!loaded)
        return false;
    *pool = fromVault(*loaded);
    return true;
}

LoadedPool PoolSource::fromVault(const VaultTask& loaded)
{
    LoadedPool pool;
    for (const KeyConfig& key : loaded.keys()) {
        const auto row = std::find_if(loaded.keyRecords().cbegin(), loaded.keyRecords().cend(),
                                      [&key](const KeyRecord& record) { return record.id == key.id; });
        if (row == loaded.keyRecords().cend() || row->state != "disabled"_L1)
            pool.keys.append(key);
    }
    pool.proxies = loaded.proxies();
    return pool;
}

} // namespace exadesk
