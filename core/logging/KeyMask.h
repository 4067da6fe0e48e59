#pragma once

#include <QByteArray>
#include <QString>

namespace exadesk {

// How a key is shown anywhere a person or a log can see it: `exa-…9f3c`. Short keys reveal
// less of their tail, so a mask never gives away a meaningful share of the secret.
QString maskKey(QStringView key);

// Masks a key in data that arrives in pieces (a streamed answer), also when the key is split
// between two pieces: the end of a piece that could be the key's beginning is held back until
// the next piece shows whether it is.
class StreamKeyMask
{
public:
    explicit StreamKeyMask(QStringView key);

    // What of `piece` (and of what was held back) may go on now, masked.
    QByteArray feed(QByteArrayView piece);
    // The end: what was held back.
    QByteArray finish();

private:
    QByteArray m_key;
    QByteArray m_masked;
    QByteArray m_held;
};

} // namespace exadesk
