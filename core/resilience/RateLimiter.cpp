#include "RateLimiter.h"

#include <algorithm>
#include <cmath>

namespace exadesk {
namespace {

// Never slower than one request in ten seconds: a key slowed to nothing would never recover.
constexpr double kMinRate = 0.1;

} // namespace

RateLimiter::RateLimiter(double ratePerSecond)
    : m_configured(ratePerSecond)
    , m_rate(ratePerSecond)
    , m_tokens(std::max(ratePerSecond, 1.0))
{ }

void RateLimiter::setRate(double ratePerSecond)
{
    m_configured = ratePerSecond;
    m_rate = ratePerSecond;
    // A bucket never used starts full; one in use keeps what it has (a new rate is no gift).
    const double burst = std::max(ratePerSecond, 1.0);
    m_tokens = m_refilledAtMs < 0 ? burst : std::min(m_tokens, burst);
}

void RateLimiter::refill(qint64 nowMs)
{
    if (m_refilledAtMs >= 0 && nowMs > m_refilledAtMs) {
        const double burst = std::max(m_rate, 1.0);
        m_tokens = std::min(burst, m_tokens + m_rate * static_cast<double>(nowMs - m_refilledAtMs) / 1000.0);
    }
    if (m_refilledAtMs < nowMs)
        m_refilledAtMs = nowMs;
}

bool RateLimiter::tryTake(qint64 nowMs)
{
    if (isUnlimited())
        return true;
    refill(nowMs);
    if (m_tokens < 1.0)
        return false;
    m_tokens -= 1.0;
    return true;
}

qint64 RateLimiter::nextTokenAtMs(qint64 nowMs) const
{
    if (isUnlimited())
        return nowMs;
    double tokens = m_tokens;
    if (m_refilledAtMs >= 0 && nowMs > m_refilledAtMs)
        tokens += m_rate * static_cast<double>(nowMs - m_refilledAtMs) / 1000.0;
    if (tokens >= 1.0)
        return nowMs;
    return nowMs + static_cast<qint64>(std::ceil((1.0 - tokens) * 1000.0 / m_rate));
}

void RateLimiter::giveBack()
{
    if (!isUnlimited())
        m_tokens = std::min(m_tokens + 1.0, std::max(m_rate, 1.0));
}

void RateLimiter::onRateLimited()
{
    if (isUnlimited())
        return;
    m_rate = std::max(m_rate / 2.0, std::min(kMinRate, m_configured));
    m_tokens = std::min(m_tokens, std::max(m_rate, 1.0));
}

void RateLimiter::onSuccess()
{
    if (isUnlimited() || m_rate >= m_configured)
        return;
    m_rate = std::min(m_configured, m_rate + m_configured / 20.0);
}

RetryBudget::RetryBudget(double ratio, double reserve, double cap)
    : m_ratio(ratio)
    , m_cap(std::max(cap, reserve))
    , m_balance(reserve)
{ }

bool RetryBudget::tryRetry()
{
    if (m_balance < 1.0)
        return false;
    m_balance -= 1.0;
    return true;
}

} // namespace exadesk
