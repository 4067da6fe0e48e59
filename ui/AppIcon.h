#pragma once

#include <QIcon>

namespace exadesk {

// ExaDesk's icon (the magnifier on blue of resources/icons/exadesk.svg), drawn in code so no
// SVG module is needed; with `serving`, a green dot says the local port is running.
QIcon appIcon(bool serving = false);

} // namespace exadesk
