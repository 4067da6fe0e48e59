#include "Latency.h"

#include <algorithm>
#include <cstdint>

namespace exadesk {

LatencySamples::LatencySamples(const LatencySamples& other)
    : m_samples(other.m_samples ? std::make_unique<Samples>(*other.m_samples) : nullptr)
    , m_count(other.m_count)
    , m_next(other.m_next)
    , m_median(other.m_median)
    , m_last(other.m_last)
{ }

LatencySamples& LatencySamples::operator=(const LatencySamples& other)
{
    if (this == &other)
        return *this;
    m_samples = other.m_samples ? std::make_unique<Samples>(*other.m_samples) : nullptr;
    m_count = other.m_count;
    m_next = other.m_next;
    m_median = other.m_median;
    m_last = other.m_last;
    return *this;
}

void LatencySamples::add(qint64 latencyMs)
{
    if (latencyMs < 0)
        return;
    if (!m_samples)
        m_samples = std::make_unique<Samples>();
    m_last = latencyMs;
    (*m_samples)[static_cast<size_t>(m_next)] = static_cast<quint32>(std::min<qint64>(latencyMs, UINT32_MAX));
    m_next = (m_next + 1) % kKept;
    m_count = std::min(m_count + 1, kKept);
    // 31 numbers: sorting a copy costs less than keeping two heaps in order.
    Samples sorted = *m_samples;
    const auto end = sorted.begin() + m_count;
    std::sort(sorted.begin(), end);
    const int middle = m_count / 2;
    m_median = m_count % 2 == 1
        ? qint64{sorted[static_cast<size_t>(middle)]}
        : (qint64{sorted[static_cast<size_t>(middle - 1)]} + sorted[static_cast<size_t>(middle)]) / 2;
}

} // namespace exadesk
