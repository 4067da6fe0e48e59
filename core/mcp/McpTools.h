#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

// The tools ExaDesk offers over MCP. The first ones have the names, parameters, hints and result
// layout of the official exa-mcp-server, so prompts written for it keep working.
namespace exadesk {

struct McpTool
{
    QString name;
    QJsonObject definition; // what tools/list shows: name, description, inputSchema, annotations
    bool offeredByDefault = false; // as exa-mcp-server: web_search_exa and web_fetch_exa
};

class McpTools
{
public:
    static const QList<McpTool>& all();
    static const McpTool* find(QStringView name);
    static QStringList names();
    static QStringList defaultNames();

    // The tools named in `list` ("a,b", spaces allowed), in the catalogue's order; an empty list
    // means the defaults. Names ExaDesk does not have (exa-mcp-server's deprecated ones) are left
    // out and named in `unknown`.
    static QStringList select(QStringView list, QStringList* unknown = nullptr);
};

} // namespace exadesk
