#include "CallJournal.h"

#include "HistoryStore.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace exadesk {

namespace {

double costOf(const FinishedCall& call)
{
    if (call.costDollars > 0)
        return call.costDollars;
    return call.response.value("costDollars"_L1).toObject().value("total"_L1).toDouble();
}

RequestLogEntry logEntryOf(const FinishedCall& call)
{
    return {0,
            call.startedAtMs,
            call.route,
            call.query,
            call.keyId,
            call.proxyId,
            call.httpStatus,
            static_cast<int>(call.attemptLog.size()),
            call.latencyMs,
            costOf(call),
            call.error,
            call.source,
            call.attemptLog};
}

} // namespace

bool CallJournal::log(const QList<FinishedCall>& calls, StorageError* error)
{
    QList<RequestLogEntry> entries;
    entries.reserve(calls.size());
    for (const FinishedCall& call : calls)
        entries.append(logEntryOf(call));
    return RequestLog(m_db).append(entries, error);
}

qint64 CallJournal::record(const FinishedCall& call, StorageError* error)
{
    const double cost = costOf(call);
    RequestLog(m_db).append({logEntryOf(call)}, error);
    if (!call.error.isEmpty() || call.response.isEmpty())
        return 0;
    // An answer's citations are its results.
    const QJsonArray found = call.response.value(call.route == "answer"_L1 ? "citations"_L1 : "results"_L1).toArray();
    QList<StoredResult> results;
    for (const QJsonValue& value : found) {
        const QJsonObject result = value.toObject();
        // Full-text search sees the page's text, else its highlights, else its summary.
        QString text = result.value("text"_L1).toString();
        if (text.isEmpty()) {
            QStringList highlights;
            for (const QJsonValue& highlight : result.value("highlights"_L1).toArray())
                highlights.append(highlight.toString());
            text = highlights.join(u' ');
        }
        if (text.isEmpty())
            text = result.value("summary"_L1).toString();
        results.append({result.value("url"_L1).toString(), result.value("title"_L1).toString(), text, result});
    }
    StorageError historyError;
    const QJsonValue answer = call.response.value("answer"_L1);
    const qint64 id = HistoryStore(m_db).add(
        {0, call.route, call.query, call.request, call.keyId, cost, call.startedAtMs, 0,
         answer.isObject() ? QString::fromUtf8(QJsonDocument(answer.toObject()).toJson(QJsonDocument::Indented))
                           : answer.toString()},
        results, &historyError);
    if (historyError.isError() && error && !error->isError())
        *error = historyError;
    return id;
}

} // namespace exadesk
