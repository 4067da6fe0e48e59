#pragma once

#include <QCoreApplication>
#include <QStringList>

namespace exadesk {

// `exadesk settings list|get|set|unset`: the same rows the Settings page edits.
class SettingsCommand
{
    Q_DECLARE_TR_FUNCTIONS(SettingsCommand)

public:
    int run(const QString& program, const QStringList& arguments);
};

} // namespace exadesk
