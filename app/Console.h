#pragma once

#include <QString>
#include <QTextStream>

// The command line's terminal: one stream each for standard output and standard error (kept
// in order within each), and reading a named file or standard input ("-").
namespace exadesk::console {

QTextStream& out();
QTextStream& err();
// The text of `source`, or empty with `error` saying why it could not be read.
QString readText(const QString& source, QString* error);

} // namespace exadesk::console
