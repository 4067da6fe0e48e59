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

KeyForms::KeyForms(QStringView key)
    : m_key(key.trimmed().toUtf8())
    , m_head(m_key.left(16))
    , m_mask(maskKey(key).toUtf8())
{
    if (m_key.isEmpty())
        return;
    QByteArray escaped;
    for (const char c : std::as_const(m_key))
        escaped += "\\u00" + QByteArray(1, c).toHex();
    m_encoded += {escaped, escaped.toUpper().replace("\\U", "\\u")};
    // In base64 the key's characters land at one of three alignments; only the characters that
    // depend on the key alone are looked for.
    for (int offset = 0; offset < 3; ++offset) {
        const QByteArray padded = QByteArray(offset, '\0') + m_key;
        const qsizetype skip = (offset * 8 + 5) / 6;
        const qsizetype whole = padded.size() * 8 / 6;
        for (const auto alphabet : {QByteArray::Base64Encoding, QByteArray::Base64UrlEncoding})
            m_encoded += padded.toBase64(alphabet).mid(skip, whole - skip);
    }
    // A short key's forms are too short to tell from other text (and an empty one matches
    // everywhere): only the key itself is masked then.
    m_encoded.removeIf([](const QByteArray& form) { return form.size() < 12; });
}

QByteArray KeyForms::masked(QByteArrayView data) const
{
    QByteArray out = data.toByteArray();
    if (isEmpty())
        return out;
    for (const QByteArray& form : m_encoded)
        out.replace(form, m_mask);
    // The key, or as much of it as follows its head.
    for (qsizetype at = out.indexOf(m_head); at >= 0; at = out.indexOf(m_head, at + m_mask.size())) {
        qsizetype length = m_head.size();
        while (length < m_key.size() && at + length < out.size() && out.at(at + length) == m_key.at(length))
            ++length;
        out.replace(at, length, m_mask);
    }
    return out;
}

qsizetype KeyForms::openEnd(QByteArrayView data) const
{
    qsizetype longest = 0;
    const auto check = [&](QByteArrayView form) {
        for (qsizetype length = std::min(data.size(), form.size() - 1); length > longest; --length) {
            if (data.last(length) == form.first(length)) {
                longest = length;
                return;
            }
        }
    };
    if (isEmpty())
        return 0;
    check(m_key);
    for (const QByteArray& form : m_encoded)
        check(form);
    return longest;
}

StreamKeyMask::StreamKeyMask(const KeyForms& forms)
    : m_forms(forms)
{ }

QByteArray StreamKeyMask::feed(QByteArrayView piece)
{
    QByteArray data = m_held;
    data += piece;
    // What could begin a form of the key waits for the next piece, unmasked, to be masked whole.
    const qsizetype open = m_forms.openEnd(data);
    m_held = data.last(open);
    data.chop(open);
    return m_forms.masked(data);
}

QByteArray StreamKeyMask::finish()
{
    return m_forms.masked(std::exchange(m_held, {}));
}

} // namespace exadesk
