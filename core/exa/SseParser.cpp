#include "SseParser.h"

#include <utility>

namespace exa {

QList<SseEvent> SseParser::feed(const QByteArray& bytes)
{
    QList<SseEvent> out;
    for (const char c : bytes) {
        // A CRLF may be split across two reads: its '\n' ends nothing.
        if (std::exchange(m_lastWasCr, false) && c == '\n')
            continue;
        if (c == '\r' || c == '\n') {
            takeLine(m_pending, out);
            m_pending.clear();
            m_lastWasCr = c == '\r';
            continue;
        }
        m_pending.append(c);
    }
    return out;
}

QList<SseEvent> SseParser::finish()
{
    QList<SseEvent> out;
    if (!m_pending.isEmpty()) {
        takeLine(m_pending, out);
        m_pending.clear();
    }
    dispatch(out);
    return out;
}

void SseParser::takeLine(QByteArrayView line, QList<SseEvent>& out)
{
    if (line.isEmpty()) {
        dispatch(out);
        return;
    }
    if (line.startsWith(':'))
        return;
    const qsizetype colon = line.indexOf(':');
    const QByteArrayView field = colon < 0 ? line : line.first(colon);
    QByteArrayView value = colon < 0 ? QByteArrayView() : line.sliced(colon + 1);
    if (value.startsWith(' '))
        value = value.sliced(1);

    if (field == "data") {
        if (m_hasData)
            m_current.data.append('\n');
        m_current.data.append(value);
        m_hasData = true;
    } else if (field == "event") {
        m_current.event = value.toByteArray();
    }
}

void SseParser::dispatch(QList<SseEvent>& out)
{
    if (m_hasData)
        out.append(std::move(m_current));
    m_current = {};
    m_hasData = false;
}

} // namespace exa
