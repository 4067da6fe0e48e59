#include "KeyMask.h"

using namespace Qt::StringLiterals;

namespace exadesk {

QString maskKey(QStringView key)
{
    key = key.trimmed();
    const qsizetype shown = key.size() >= 16 ? 4 : key.size() >= 8 ? 2 : 0;
    return u"exa-…"_s + key.last(shown).toString();
}

} // namespace exadesk
