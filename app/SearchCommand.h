#pragma once

#include "engine/Engine.h"
#include "exa/ExaRequests.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

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
        bool json = false;
        // The keys, proxies and options given for this search (the command line wins over the
        // stored settings).
        EngineSetup engine;
    };
    // The parsed command line, or the exit code when it cannot run (bad usage, --help).
    std::variant<Parsed, int> parse(const QString& program, const QStringList& arguments);
    int execute(const Parsed& parsed, Engine& engine);
    // The request log and, for a success, the history get the search (when the database opens).
    void record(const Parsed& parsed, Engine& engine, const PendingCall& call, qint64 startedAtMs);
};

} // namespace exadesk
