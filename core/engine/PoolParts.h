#pragma once

#include <QString>

namespace exadesk {

class Database;
class Gateway;
class Vault;

// What the tasks that change the pool keep in agreement: the gateway's live pool and, when the
// database opened, the vault (keychain and rows) and the rows themselves.
struct PoolParts
{
    Gateway& gateway;
    Vault* vault = nullptr; // null without a database
    Database* database = nullptr;
    QString whyNoDatabase; // what changes say when there is no database
};

} // namespace exadesk
