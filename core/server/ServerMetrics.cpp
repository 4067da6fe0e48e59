#include "ServerMetrics.h"

#include "calls/CallService.h"
#include "calls/PoolAlerts.h"

#include <map>

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

void family(QByteArray& out, const char* name, const char* type, const char* help)
{
    out += "# HELP ";
    out += name;
    out += ' ';
    out += help;
    out += "\n# TYPE ";
    out += name;
    out += ' ';
    out += type;
    out += '\n';
}

// Label values are our own words (routes, states, outcomes); quotes and backslashes would
// still be escaped as the format asks.
QByteArray labelValue(const QString& value)
{
    QByteArray text = value.toUtf8();
    text.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n");
    return text;
}

void sample(QByteArray& out, const char* name, const QByteArray& labels, double value)
{
    out += name;
    if (!labels.isEmpty()) {
        out += '{';
        out += labels;
        out += '}';
    }
    out += ' ';
    out += QByteArray::number(value, 'g', 12);
    out += '\n';
}

} // namespace

void ServerMetrics::countRequest(const QString& route, int status)
{
    ++m_requests;
    ++m_byRouteAndStatus[{route, status}];
}

void ServerMetrics::countAttempt(const AttemptRecord& attempt)
{
    ++m_attemptsByOutcome[toString(attempt.outcome)];
    if (attempt.number > 1)
        ++m_retries;
    if (attempt.httpStatus == 0)
        return; // no answer: no upstream latency to speak of
    const double seconds = static_cast<double>(attempt.latencyMs) / 1000.0;
    const auto bucket = std::lower_bound(kLatencyBuckets.cbegin(), kLatencyBuckets.cend(), seconds);
    if (bucket != kLatencyBuckets.cend())
        ++m_latencyBuckets[static_cast<size_t>(bucket - kLatencyBuckets.cbegin())];
    ++m_latencyCount;
    m_latencySumSeconds += seconds;
}

void ServerMetrics::countToolCall(const QString& tool, bool failed)
{
    ++m_toolCalls[{tool, failed}];
}

QByteArray ServerMetrics::render(const PoolSummary& pool, int openConnections) const
{
    QByteArray out;
    out.reserve(4096);

    family(out, "exadesk_requests_total", "counter", "Requests the local port answered, by route and status.");
    // Sorted, so the page reads the same from one scrape to the next.
    const std::map<QPair<QString, int>, qint64> requests(m_byRouteAndStatus.keyValueBegin(),
                                                         m_byRouteAndStatus.keyValueEnd());
    for (const auto& [routeAndStatus, count] : requests)
        sample(out, "exadesk_requests_total",
               "route=\"" + labelValue(routeAndStatus.first) + "\",status=\""
                   + QByteArray::number(routeAndStatus.second) + '"',
               static_cast<double>(count));

    family(out, "exadesk_mcp_tool_calls_total", "counter", "MCP tool calls answered on /mcp, by tool and result.");
    const std::map<QPair<QString, bool>, qint64> toolCalls(m_toolCalls.keyValueBegin(), m_toolCalls.keyValueEnd());
    for (const auto& [toolAndFailed, count] : toolCalls)
        sample(out, "exadesk_mcp_tool_calls_total",
               "tool=\"" + labelValue(toolAndFailed.first) + "\",result=\"" + (toolAndFailed.second ? "error" : "ok")
                   + '"',
               static_cast<double>(count));

    family(out, "exadesk_upstream_attempts_total", "counter", "Attempts sent to Exa, by outcome.");
    const std::map<QString, qint64> attempts(m_attemptsByOutcome.keyValueBegin(), m_attemptsByOutcome.keyValueEnd());
    for (const auto& [outcome, count] : attempts)
        sample(out, "exadesk_upstream_attempts_total", "outcome=\"" + labelValue(outcome) + '"',
               static_cast<double>(count));

    family(out, "exadesk_upstream_retries_total", "counter",
           "Attempts that retried a call after an earlier one failed.");
    sample(out, "exadesk_upstream_retries_total", {}, static_cast<double>(m_retries));

    family(out, "exadesk_upstream_latency_seconds", "histogram", "Time from sending an attempt to Exa's answer.");
    qint64 cumulative = 0;
    for (size_t i = 0; i < kLatencyBuckets.size(); ++i) {
        cumulative += m_latencyBuckets[i];
        sample(out, "exadesk_upstream_latency_seconds_bucket", "le=\"" + QByteArray::number(kLatencyBuckets[i]) + '"',
               static_cast<double>(cumulative));
    }
    sample(out, "exadesk_upstream_latency_seconds_bucket", "le=\"+Inf\"", static_cast<double>(m_latencyCount));
    sample(out, "exadesk_upstream_latency_seconds_sum", {}, m_latencySumSeconds);
    sample(out, "exadesk_upstream_latency_seconds_count", {}, static_cast<double>(m_latencyCount));

    family(out, "exadesk_keys", "gauge", "Keys in the pool, by state.");
    std::map<QString, int> keyStates; // sorted by name
    for (const KeyState state : kKeyStates)
        keyStates[toString(state)] = pool.keysIn(state);
    for (const auto& [state, count] : keyStates)
        sample(out, "exadesk_keys", "state=\"" + labelValue(state) + '"', count);

    family(out, "exadesk_proxies", "gauge", "Ways out (proxies, or direct), by state.");
    std::map<QString, int> proxyStates;
    for (const ProxyState state : kProxyStates)
        proxyStates[toString(state)] = pool.proxiesIn(state);
    for (const auto& [state, count] : proxyStates)
        sample(out, "exadesk_proxies", "state=\"" + labelValue(state) + '"', count);

    family(out, "exadesk_proxy_pace_per_second", "gauge",
           "Calls a second a paced proxy may carry now: its pace as set, lowered after Exa's 429s.");
    for (const PoolSummary::ProxyPace& pace : pool.paces)
        sample(out, "exadesk_proxy_pace_per_second", "proxy=\"" + labelValue(pace.proxy) + '"', pace.current);

    family(out, "exadesk_queue_depth", "gauge", "Calls waiting for a key or a free slot.");
    sample(out, "exadesk_queue_depth", {}, pool.queued);
    family(out, "exadesk_calls_in_flight", "gauge", "Calls being carried out.");
    sample(out, "exadesk_calls_in_flight", {}, pool.inFlight);
    family(out, "exadesk_open_connections", "gauge", "Client connections open on the local port.");
    sample(out, "exadesk_open_connections", {}, openConnections);

    family(out, "exadesk_recent_calls", "gauge", "Calls that ended in the last 5 minutes, by result (all, failed).");
    sample(out, "exadesk_recent_calls", "result=\"all\"", pool.recentCalls);
    sample(out, "exadesk_recent_calls", "result=\"failed\"", pool.recentFailures);
    family(out, "exadesk_alert", "gauge",
           "1 while an alert's condition holds (the desktop notifies of the same), else 0.");
    for (const PoolAlert alert : kPoolAlerts)
        sample(out, "exadesk_alert", "alert=\"" + labelValue(toString(alert)) + '"', holds(alert, pool) ? 1 : 0);
    return out;
}

} // namespace exadesk
