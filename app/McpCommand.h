#pragma once

#include <QCoreApplication>
#include <QStringList>

namespace exadesk {

// `exadesk mcp [options]`: an MCP server on stdin and stdout, for AI agents that launch a
// command. Its tools search Exa through the stored pool (or --keys-file), with its proxies,
// settings and request log, as `serve` does. Only protocol messages go to stdout, one per line;
// everything else to stderr. It ends when stdin closes, or on SIGINT or SIGTERM.
class McpCommand
{
    Q_DECLARE_TR_FUNCTIONS(McpCommand)

public:
    int run(const QString& program, const QStringList& arguments);
};

} // namespace exadesk
