#pragma once

#include "ExaResults.h"
#include "SseParser.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

// Decodes the server-sent events of a streamed /answer into text pieces and citations.
namespace exa {

struct AnswerStreamEvent
{
    QString content; // the next piece of the answer, possibly empty
    QList<Result> citations;
    std::optional<CostDollars> costDollars;
    bool done = false; // the `[DONE]` sentinel
};

class AnswerStreamDecoder
{
public:
    QList<AnswerStreamEvent> feed(const QByteArray& bytes);
    QList<AnswerStreamEvent> finish();

    // Everything received so far, joined.
    const QString& answer() const { return m_answer; }
    const QList<Result>& citations() const { return m_citations; }
    bool sawDone() const { return m_done; }

private:
    QList<AnswerStreamEvent> decode(const QList<SseEvent>& events);
    void decodePayload(QByteArrayView payload, QList<AnswerStreamEvent>& out);

    SseParser m_parser;
    QString m_answer;
    QList<Result> m_citations;
    bool m_done = false;
};

} // namespace exa
