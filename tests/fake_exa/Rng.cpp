#include "Rng.h"

namespace fakeexa {
namespace {

std::uint64_t fnv1a(QStringView text)
{
    std::uint64_t hash = 1469598103934665603ULL;
    for (const QChar c : text) {
        hash ^= c.unicode();
        hash *= 1099511628211ULL;
    }
    return hash;
}

} // namespace

Rng Rng::fromText(QStringView text, std::uint64_t salt)
{
    return Rng(fnv1a(text) ^ (salt * 0x9E3779B97F4A7C15ULL));
}

std::uint64_t Rng::next()
{
    std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

int Rng::below(int bound)
{
    return bound <= 0 ? 0 : static_cast<int>(next() % static_cast<std::uint64_t>(bound));
}

double Rng::unit()
{
    return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0);
}

QString Rng::hex(int digits)
{
    QString text;
    while (text.size() < digits)
        text += QString::number(next(), 16).rightJustified(16, u'0');
    return text.left(digits);
}

} // namespace fakeexa
