#pragma once

#include "Workspace.h"
#include "exa/ExaClient.h"
#include "exa/ExaRequests.h"
#include "pool/KeyPool.h"
#include "pool/ProxyPool.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <variant>

namespace exadesk {

class PendingCall;

// `exadesk search QUERY [options]`: one search, printed readably or as Exa's JSON.
class SearchCommand
{
    Q_DECLARE_TR_FUNCTIONS(SearchCommand)

public:
    int run(const QString& program, const QStringList& arguments);

private:
    struct Parsed
    {
        exa::SearchRequest request;
        exa::ExaClientOptions client;
        bool json = false;
        QString keysFile;
        QList<ProxyConfig> proxies;
        bool timeoutGiven = false; // the command line wins over the stored settings
        bool userAgentGiven = false;
    };
    // The parsed command line, or the exit code when it cannot run (bad usage, --help).
    std::variant<Parsed, int> parse(const QString& program, const QStringList& arguments);
    // The keys of --keys-file and EXA_API_KEY; nothing (with a message printed) when there are none.
    std::optional<QList<KeyConfig>> loadKeys(const Parsed& parsed);
    // The keys (enabled ones) and proxies stored with 'exadesk keys' and 'exadesk proxies'.
    bool loadStored(QList<KeyConfig>* keys);
    int execute(const Parsed& parsed, const QList<KeyConfig>& keys);
    // The request log and, for a success, the history get the search (when the database opens).
    void record(const Parsed& parsed, const PendingCall& call, qint64 startedAtMs);

    std::unique_ptr<Workspace> m_workspace; // null when the database could not be opened
    QList<ProxyConfig> m_storedProxies;
};

} // namespace exadesk
