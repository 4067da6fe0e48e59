#include "Console.h"

#include <QCoreApplication>
#include <QFile>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace exadesk::console {

QTextStream& out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream& err()
{
    static QTextStream stream(stderr);
    return stream;
}

QString readText(const QString& source, QString* error)
{
    QFile file;
    const bool opened = source == "-"_L1 ? file.open(stdin, QIODevice::ReadOnly)
                                         : (file.setFileName(source), file.open(QIODevice::ReadOnly));
    if (!opened) {
        *error = source == "-"_L1
            ? QCoreApplication::translate("Console", "could not read standard input")
            : QCoreApplication::translate("Console", "could not read %1: %2").arg(source, file.errorString());
        return {};
    }
    return QString::fromUtf8(file.readAll());
}

} // namespace exadesk::console
