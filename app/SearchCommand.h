#pragma once

#include "exa/ExaClient.h"
#include "exa/ExaRequests.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <optional>
#include <variant>

namespace exadesk {

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
    };
    // The parsed command line, or the exit code when it cannot run (bad usage, --help).
    std::variant<Parsed, int> parse(const QString& program, const QStringList& arguments);
    int execute(const Parsed& parsed, const QString& apiKey);
};

} // namespace exadesk
