#pragma once

#include <QString>

namespace exadesk {

// How a key is shown anywhere a person or a log can see it: `exa-…9f3c`. Short keys reveal
// less of their tail, so a mask never gives away a meaningful share of the secret.
QString maskKey(QStringView key);

} // namespace exadesk
