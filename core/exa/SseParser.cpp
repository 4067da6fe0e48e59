#include "SseParser.h"

#include <utility>

namespace exa {

QList<SseEvent> SseParser::feed(const QByteArray& bytes)
{
    QList<SseEvent> out;
    const char* data = bytes.constData();
    const qsizetype size = bytes.size();
    if (size == 0)
        return out;
    qsizetype i = 0;
    // A stream may start with a UTF-8 byte order mark, which is not part of the first line.
    if (!std::exchange(m_started, true) && bytes.startsWith("\xEF\xBB\xBF"))
        i = 3;
    // A CRLF may be split across two reads: its '\n' ends nothing.
    if (std::exchange(m_lastWasCr, false) && i < size && data[i] == '\n')
        ++i;
    qsizetype start = i;
    for (; i < size; ++i) {
        const char c = data[i];
        if (c != '\n' && c != '\r')
            continue;
        if (m_pending.isEmpty()) {
            takeLine(QByteArrayView(data + start, i - start), out);
        } else {
            m_pending.append(data + start, i - start);
            takeLine(m_pending, out);
            m_pending.clear();
        }
        if (c == '\r') {
            if (i + 1 == size)
                m_lastWasCr = true;
            else if (data[i + 1] == '\n')
                ++i;
        }
        start = i + 1;
    }
    m_pending.append(data + start, size - start);
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
