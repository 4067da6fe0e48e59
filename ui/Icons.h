#pragma once

#include <QIcon>

namespace exadesk {

// ExaDesk's icon (resources/icons/exadesk.svg); with `serving`, a green dot says the local port
// is running.
QIcon appIcon(bool serving = false);

// An action's icon from resources/icons/<name>.svg, drawn in the palette's text colour when it is
// painted (dimmed when disabled), so it follows a switch between light and dark by itself.
QIcon actionIcon(const QString& name);

} // namespace exadesk
