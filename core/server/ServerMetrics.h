#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>

#include <array>

namespace exadesk {

struct AttemptRecord;
struct PoolSummary;

// What the local port counts for /metrics, in Prometheus' text format: requests by route and
// status, MCP tool calls by tool and result, upstream attempts by outcome, retries, and upstream
// latency as a histogram. The
// pools' states and the queue come from the engine's summary when the page is rendered.
class ServerMetrics
{
public:
    static constexpr std::array<double, 12> kLatencyBuckets{0.005, 0.01, 0.025, 0.05, 0.1,  0.25,
                                                            0.5,   1.0,  2.5,   5.0,  10.0, 30.0};

    void countRequest(const QString& route, int status);
    void countAttempt(const AttemptRecord& attempt);
    // An MCP tool call answered on /mcp; `failed`: its result has isError.
    void countToolCall(const QString& tool, bool failed);
    qint64 requests() const { return m_requests; }

    QByteArray render(const PoolSummary& pool, int openConnections) const;

private:
    qint64 m_requests = 0;
    QHash<QPair<QString, int>, qint64> m_byRouteAndStatus;
    QHash<QString, qint64> m_attemptsByOutcome;
    qint64 m_retries = 0;
    QHash<QPair<QString, bool>, qint64> m_toolCalls; // by tool and whether it failed
    std::array<qint64, kLatencyBuckets.size()> m_latencyBuckets{}; // not cumulative here
    qint64 m_latencyCount = 0;
    double m_latencySumSeconds = 0.0;
};

} // namespace exadesk
