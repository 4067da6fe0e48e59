#pragma once

#include <QtGlobal>

#include <array>
#include <memory>

namespace exadesk {

// The median of a key's or proxy's last answers: one slow answer among them does not move it, a
// slowdown that lasts shows within a few calls, and the figure does not flicker in a table.
class LatencySamples
{
public:
    static constexpr int kKept = 31;

    LatencySamples() = default;
    // Copied whole; no move of its own, so a moved-from one stays as it was.
    LatencySamples(const LatencySamples& other);
    LatencySamples& operator=(const LatencySamples& other);
    ~LatencySamples() = default;

    void add(qint64 latencyMs);
    // -1 before the first answer.
    qint64 median() const { return m_median; }
    qint64 last() const { return m_last; }
    int count() const { return m_count; }

private:
    using Samples = std::array<quint32, kKept>;
    // Milliseconds in 32 bits (49 days at most), made at the first answer: most of a large
    // pool's keys have none yet when the window starts.
    std::unique_ptr<Samples> m_samples;
    int m_count = 0;
    int m_next = 0;
    qint64 m_median = -1;
    qint64 m_last = -1;
};

} // namespace exadesk
