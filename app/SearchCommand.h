#pragma once

#include "PoolSource.h"
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
        bool baseUrlGiven = false; // the command line wins over the stored request.base-url
    };
    // The parsed command line, or the exit code when it cannot run (bad usage, --help).
    std::variant<Parsed, int> parse(const QString& program, const QStringList& arguments);
    int execute(const Parsed& parsed, const LoadedPool& pool);
    // The request log and, for a success, the history get the search (when the database opens).
    void record(const Parsed& parsed, const PendingCall& call, qint64 startedAtMs);

    std::unique_ptr<Workspace> m_workspace; // null when the database could not be opened
};

} // namespace exadesk
