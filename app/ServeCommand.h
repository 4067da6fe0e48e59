#pragma once

#include <QCoreApplication>
#include <QStringList>

namespace exadesk {

// `exadesk serve [options]`: the local Exa-compatible port without a window, until SIGINT or
// SIGTERM, which let the requests in flight finish first. `exadesk token [--regenerate]`
// shows the port's access token.
class ServeCommand
{
    Q_DECLARE_TR_FUNCTIONS(ServeCommand)

public:
    int run(const QString& program, const QStringList& arguments);
    int runToken(const QString& program, const QStringList& arguments);
};

} // namespace exadesk
