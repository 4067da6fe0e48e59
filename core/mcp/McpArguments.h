#pragma once

#include <QCoreApplication>
#include <QJsonObject>
#include <QString>

namespace exadesk {

// A tool's arguments read against its input schema, as leniently as exa-mcp-server reads them
// (models send "5" for 5 and "yes" for true): numbers, booleans and strings are converted where
// the meaning is plain, an optional number that is no number is left out, and names the schema
// does not have are ignored. What cannot be read (a required argument missing, a value outside
// an enum, a list that is not a list of strings) is said in words a model can act on.
class McpArguments
{
    Q_DECLARE_TR_FUNCTIONS(McpArguments)

public:
    // `schema` is the tool's inputSchema. On failure, `error` says what is wrong and the result
    // is empty.
    static QJsonObject read(const QString& tool, const QJsonObject& schema, const QJsonObject& given, QString* error);
};

} // namespace exadesk
