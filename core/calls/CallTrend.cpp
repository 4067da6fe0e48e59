#include "CallTrend.h"

#include "storage/CallJournal.h"

#include <cmath>
#include <numeric>

using namespace Qt::StringLiterals;

namespace exadesk {

CallResult callResult(int httpStatus, int attempts, const QString& lastOutcome)
{
    if (httpStatus >= 200 && httpStatus < 300)
        return attempts > 1 ? CallResult::Retried : CallResult::Served;
    if (lastOutcome == "cancelled"_L1)
        return CallResult::Refused;
    // 401, 402 and 429 are about the keys and 408 about time: the pool's failure, not the request's.
    const bool requestRefused = httpStatus >= 400 && httpStatus < 500 && httpStatus != 401 && httpStatus != 402
        && httpStatus != 408 && httpStatus != 429;
    return requestRefused ? CallResult::Refused : CallResult::Failed;
}

int CallTrend::Span::total() const
{
    return std::accumulate(calls.cbegin(), calls.cend(), 0);
}

int CallTrend::slotOf(qint64 latencyMs)
{
    if (latencyMs <= 1)
        return 0;
    const int slot = static_cast<int>(std::floor(4.0 * std::log2(static_cast<double>(latencyMs))));
    return std::min(slot, kLatencySlots - 1);
}

int CallTrend::slotMiddleMs(int slot)
{
    return static_cast<int>(std::lround(std::exp2((slot + 0.5) / 4.0)));
}

qint64 CallTrend::minuteOf(qint64 ms)
{
    // Rounded down, before 1970 too: -1 ms is in minute -1, not 0.
    return ms >= 0 ? ms / kMinuteMs : (ms - kMinuteMs + 1) / kMinuteMs;
}

CallTrend::Minute& CallTrend::slotFor(qint64 index)
{
    return m_minutes[static_cast<size_t>(index % kMinutes)];
}

const CallTrend::Minute& CallTrend::slotFor(qint64 index) const
{
    return m_minutes[static_cast<size_t>(index % kMinutes)];
}

void CallTrend::add(qint64 endedAtMs, CallResult result, qint64 latencyMs)
{
    if (endedAtMs < 0)
        return; // before 1970: a clock gone wrong, and no place in the ring
    const qint64 index = endedAtMs / kMinuteMs;
    Minute& minute = slotFor(index);
    if (minute.index != index) {
        if (minute.index > index)
            return; // older than what the ring holds
        minute = Minute{};
        minute.index = index;
    }
    ++minute.calls[static_cast<size_t>(result)];
    if (result == CallResult::Served || result == CallResult::Retried)
        ++minute.latency[static_cast<size_t>(slotOf(latencyMs))];
}

void CallTrend::add(const FinishedCall& call)
{
    const QString lastOutcome = call.attemptLog.isEmpty() ? QString() : call.attemptLog.constLast().outcome;
    add(call.startedAtMs + call.latencyMs,
        callResult(call.httpStatus, static_cast<int>(call.attemptLog.size()), lastOutcome), call.latencyMs);
}

void CallTrend::percentiles(const std::array<quint32, kLatencySlots>& latency, Span& span)
{
    const quint64 count = std::accumulate(latency.cbegin(), latency.cend(), quint64{0});
    if (count == 0)
        return;
    // The middle of the slot holding the call at that rank.
    const auto at = [&](double share) {
        const auto rank = static_cast<quint64>(std::ceil(share * static_cast<double>(count)));
        quint64 seen = 0;
        for (int slot = 0; slot < kLatencySlots; ++slot) {
            seen += latency[static_cast<size_t>(slot)];
            if (seen >= rank)
                return slotMiddleMs(slot);
        }
        return slotMiddleMs(kLatencySlots - 1);
    };
    span.p50Ms = at(0.50);
    span.p95Ms = at(0.95);
}

QList<CallTrend::Span> CallTrend::lastHour(qint64 nowMs) const
{
    QList<Span> spans;
    spans.reserve(kMinutes);
    const qint64 now = minuteOf(nowMs);
    for (qint64 index = now - kMinutes + 1; index <= now; ++index) {
        Span span;
        span.startMs = index * kMinuteMs;
        if (index < 0) {
            spans.append(span);
            continue;
        }
        const Minute& minute = slotFor(index);
        if (minute.index == index) {
            span.calls = minute.calls;
            percentiles(minute.latency, span);
        }
        spans.append(span);
    }
    return spans;
}

CallTrend::Span CallTrend::lastMinutes(qint64 nowMs, int minutes) const
{
    const qint64 now = minuteOf(nowMs);
    const qint64 first = now - std::clamp(minutes, 1, kMinutes) + 1;
    Span span;
    span.startMs = first * kMinuteMs;
    std::array<quint32, kLatencySlots> latency{};
    for (const Minute& minute : m_minutes) {
        if (minute.index < 0 || minute.index < first || minute.index > now)
            continue; // an empty slot, or another hour's
        for (size_t i = 0; i < minute.calls.size(); ++i)
            span.calls[i] += minute.calls[i];
        for (size_t i = 0; i < latency.size(); ++i)
            latency[i] += minute.latency[i];
    }
    percentiles(latency, span);
    return span;
}

} // namespace exadesk
