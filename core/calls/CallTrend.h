#pragma once

#include <QList>
#include <QString>

#include <array>

namespace exadesk {

struct FinishedCall;

// How a call ended, as the Overview counts it.
enum class CallResult
{
    Served, // answered at the first attempt
    Retried, // answered after another attempt failed
    Refused, // Exa turned the request itself down (a bad request), or its caller went away
    Failed, // no answer: Exa failed, no key or proxy could carry it, the network, time ran out
};
inline constexpr std::array kCallResults{CallResult::Served, CallResult::Retried, CallResult::Refused,
                                         CallResult::Failed};

// `lastOutcome`: the engine's name for its last attempt's outcome ("cancelled", ...), or empty.
CallResult callResult(int httpStatus, int attempts, const QString& lastOutcome);

// The last hour of calls, minute by minute: how many ended each way and how long they took. It
// is counted as calls end, in constant memory (a latency histogram a minute, not each call), so a
// busy port costs it nothing and the window reads it at once.
class CallTrend
{
public:
    static constexpr int kMinutes = 60;
    static constexpr qint64 kMinuteMs = 60'000;

    void add(qint64 endedAtMs, CallResult result, qint64 latencyMs);
    void add(const FinishedCall& call);

    struct Span
    {
        qint64 startMs = 0;
        std::array<int, kCallResults.size()> calls{}; // by CallResult
        int p50Ms = 0; // of the calls answered; 0 without any
        int p95Ms = 0;

        int count(CallResult result) const { return calls[static_cast<size_t>(result)]; }
        int total() const;
    };
    // The kMinutes minutes up to `nowMs`, the oldest first; the last is the minute under way.
    QList<Span> lastHour(qint64 nowMs) const;
    // All calls of the last `minutes` minutes (the one under way among them) as one span.
    Span lastMinutes(qint64 nowMs, int minutes) const;

private:
    // Latencies in slots a quarter of a doubling wide, each ±9 %: 1 ms to 12 days.
    static constexpr int kLatencySlots = 120;
    static int slotOf(qint64 latencyMs);
    static int slotMiddleMs(int slot);

    struct Minute
    {
        qint64 index = -1; // minutes since the epoch
        std::array<int, kCallResults.size()> calls{};
        std::array<quint32, kLatencySlots> latency{};
    };
    static void percentiles(const std::array<quint32, kLatencySlots>& latency, Span& span);
    static qint64 minuteOf(qint64 ms);
    // The ring's slot for minute `index` (minutes since the epoch, not negative).
    Minute& slotFor(qint64 index);
    const Minute& slotFor(qint64 index) const;

    std::array<Minute, kMinutes> m_minutes{}; // a ring, by index % kMinutes
};

} // namespace exadesk
