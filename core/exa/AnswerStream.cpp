#include "AnswerStream.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace exa {
namespace {

QList<Result> citationsIn(const QJsonArray& array)
{
    QList<Result> list;
    for (const QJsonValue& item : array) {
        if (item.isObject())
            list.append(Result::fromJson(item.toObject()));
    }
    return list;
}

} // namespace

QList<AnswerStreamEvent> AnswerStreamDecoder::feed(const QByteArray& bytes)
{
    return decode(m_parser.feed(bytes));
}

QList<AnswerStreamEvent> AnswerStreamDecoder::finish()
{
    return decode(m_parser.finish());
}

QList<AnswerStreamEvent> AnswerStreamDecoder::decode(const QList<SseEvent>& events)
{
    QList<AnswerStreamEvent> out;
    for (const SseEvent& event : events) {
        // Some servers put one JSON object on each data line of a single event.
        if (!event.data.contains('\n') || QJsonDocument::fromJson(event.data).isObject()) {
            decodePayload(event.data, out);
            continue;
        }
        for (const QByteArray& line : event.data.split('\n'))
            decodePayload(line, out);
    }
    return out;
}

void AnswerStreamDecoder::decodePayload(QByteArrayView payload, QList<AnswerStreamEvent>& out)
{
    payload = payload.trimmed();
    if (payload.isEmpty())
        return;
    if (payload == "[DONE]") {
        m_done = true;
        AnswerStreamEvent done;
        done.done = true;
        out.append(done);
        return;
    }
    const QJsonDocument document = QJsonDocument::fromJson(payload.toByteArray());
    if (!document.isObject())
        return; // what the SDKs do with a line they cannot read: skip it
    const QJsonObject object = document.object();

    AnswerStreamEvent event;
    // OpenAI-style pieces are what Exa streams; `answer` is its native shape.
    const QJsonArray choices = object.value("choices"_L1).toArray();
    if (!choices.isEmpty())
        event.content = choices.first().toObject().value("delta"_L1).toObject().value("content"_L1).toString();
    else if (object.value("answer"_L1).isString())
        event.content = object.value("answer"_L1).toString();

    const QJsonValue citations
        = object.contains("citations"_L1) ? object.value("citations"_L1) : object.value("results"_L1);
    event.citations = citationsIn(citations.toArray());
    event.costDollars = CostDollars::fromJson(object.value("costDollars"_L1));

    if (event.content.isEmpty() && event.citations.isEmpty() && !event.costDollars)
        return;
    m_answer += event.content;
    m_citations += event.citations;
    out.append(std::move(event));
}

} // namespace exa
