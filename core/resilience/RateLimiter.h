#pragma once

#include <QtGlobal>

namespace exadesk {

// A token bucket: `rate` requests per second, bursts up to one second's worth. After a 429
// the rate halves; each success afterwards wins back a twentieth of the configured rate, so a
// key that Exa slowed down speeds up again gently (additive increase, multiplicative decrease).
class RateLimiter
{
public:
    RateLimiter()
        : RateLimiter(0.0)
    { }
    explicit RateLimiter(double ratePerSecond); // 0: unlimited

    double configuredRate() const { return m_configured; }
    double currentRate() const { return m_rate; }
    bool isUnlimited() const { return m_configured <= 0.0; }
    void setRate(double ratePerSecond);

    // Takes a token when one is there.
    bool tryTake(qint64 nowMs);
    // When the next token will be there (now, if one is).
    qint64 nextTokenAtMs(qint64 nowMs) const;
    // Gives back a token taken for a request that did not go after all.
    void giveBack();

    void onRateLimited();
    void onSuccess();

private:
    void refill(qint64 nowMs);

    double m_configured;
    double m_rate;
    double m_tokens;
    qint64 m_refilledAtMs = -1;
};

// Retries as a bounded share of calls: each call adds `ratio` to a balance, each retry takes
// one. The balance starts at `reserve` and never exceeds `cap`, so a quiet app can still retry
// its first failures while a broken upstream sees at most calls * ratio + reserve retries,
// not a storm.
class RetryBudget
{
public:
    RetryBudget(double ratio = 0.2, double reserve = 10.0, double cap = 100.0);

    double balance() const { return m_balance; }

    void onCall() { m_balance = qMin(m_balance + m_ratio, m_cap); }
    bool tryRetry();

private:
    double m_ratio;
    double m_cap;
    double m_balance;
};

} // namespace exadesk
