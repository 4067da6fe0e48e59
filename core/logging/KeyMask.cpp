#include "KeyMask.h"

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace exadesk {

QString maskKey(QStringView key)
{
    key = key.trimmed();
    const qsizetype shown = key.size() >= 16 ? 4 : key.size() >= 8 ? 2 : 0;
    return u"exa-…"_s + key.last(shown).toString();
}

StreamKeyMask::StreamKeyMask(QStringView key)
    : m_key(key.toUtf8())
    , m_masked(maskKey(key).toUtf8())
{ }

QByteArray StreamKeyMask::feed(QByteArrayView piece)
{
    QByteArray data = m_held;
    data += piece;
    m_held.clear();
    if (m_key.isEmpty())
        return data;
    data.replace(m_key, m_masked);
    // The longest end of the data that the key begins with waits for the next piece.
    for (qsizetype length = std::min(data.size(), m_key.size() - 1); length > 0; --length) {
        if (QByteArrayView(data).last(length) == QByteArrayView(m_key).first(length)) {
            m_held = data.last(length);
            data.chop(length);
            break;
        }
    }
    return data;
}

QByteArray StreamKeyMask::finish()
{
    return std::exchange(m_held, {});
}

} // namespace exadesk
