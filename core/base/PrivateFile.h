#pragma once

#include <QFile>

namespace exadesk {

// Whether users other than the owner may read or change a file that holds secrets (a keys
// file, a token file). Windows has no such bits: there, never.
bool othersMayAccess(const QFile& file);

} // namespace exadesk
