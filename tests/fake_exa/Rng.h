#pragma once

#include <QString>

#include <cstdint>

namespace fakeexa {

// A small, stable pseudo-random source (splitmix64) seeded from text; never from the clock.
class Rng
{
public:
    explicit Rng(std::uint64_t seed)
        : m_state(seed)
    { }
    static Rng fromText(QStringView text, std::uint64_t salt = 0);

    std::uint64_t next();
    int below(int bound); // 0 <= n < bound
    double unit(); // 0 <= x < 1
    QString hex(int digits);

private:
    std::uint64_t m_state;
};

} // namespace fakeexa
