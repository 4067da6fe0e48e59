#pragma once

#include "PoolParts.h"
#include "PoolTask.h"
#include "Vault.h"
#include "pool/KeysFile.h"

#include <QObject>

namespace exadesk {

// Changes to the pool's keys, and tests of them, each a PoolTask: what the user asks is done in
// the keychain, the database and the gateway together, so the three agree. Keys are named by
// their ids.
class KeyTasks : public QObject
{
    Q_OBJECT

public:
    // Without a database every change fails, saying why; tests work.
    explicit KeyTasks(PoolParts parts, QObject* parent = nullptr);

    // Malformed keys and those already in the pool are reported and skipped; the good ones are
    // added even when others are bad.
    PoolTask* add(const QList<NewKey>& keys);
    // The keys in `text`: one per line, or label,key; '#' comments. Every line is reported. A file
    // `exadesk export --with-secrets` wrote is read as such (its keys' labels, tags and notes too);
    // a key whose row is there without its secret gets it back.
    PoolTask* import(const QString& text, const QStringList& tags = {});
    // As above, for a text already read (KeysFile::parse()).
    PoolTask* import(const KeyLines& lines, const QStringList& tags = {});
    PoolTask* remove(const QStringList& ids);
    PoolTask* setEnabled(const QStringList& ids, bool enabled);
    PoolTask* retag(const QStringList& ids, const QStringList& tags);
    // A one-result search each (billed), as Gateway::testKey() does it. Items: Done when Exa
    // took the key, Failed with why not, Skipped for keys that rest, are disabled or whose secret
    // is not here.
    PoolTask* test(const QStringList& ids);

private:
    // Changes the keys' rows (and the gateway's keys) now; items say which were not there.
    PoolTask* changeRows(const QStringList& ids, const std::function<void(KeyRecord&, int index)>& change);

    PoolParts m_parts;
};

} // namespace exadesk
