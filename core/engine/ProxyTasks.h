#pragma once

#include "PoolParts.h"
#include "PoolTask.h"
#include "Vault.h"

#include <QObject>

namespace exadesk {

// Changes to the pool's proxies, and tests of them, each a PoolTask: what the user asks is done
// in the database (passwords sealed) and the gateway together. Proxies are named by
// their ids (the address without a password; an address with one is taken too).
class ProxyTasks : public QObject
{
    Q_OBJECT

public:
    // Without a database every change fails, saying why; tests work.
    explicit ProxyTasks(PoolParts parts, QObject* parent = nullptr);

    // The proxies in `text`: one address a line (http://, socks5://, direct); '#' comments.
    // Every line is reported; one at a time, in line order.
    PoolTask* add(const QString& text);
    PoolTask* remove(const QStringList& ids);
    PoolTask* setEnabled(const QStringList& ids, bool enabled);
    // Asks Exa's address for its front page through each, with no key (nothing is billed).
    // Items: Done with how long it took, Failed with why, Skipped when there is no such proxy.
    PoolTask* test(const QStringList& ids);

private:
    void addNext(PoolTask* task, QList<std::pair<int, ProxyConfig>> pending);
    void removeNext(PoolTask* task, QStringList pending);

    PoolParts m_parts;
};

} // namespace exadesk
