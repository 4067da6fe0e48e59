#pragma once

#include <QByteArray>
#include <QList>

// Splits a text/event-stream body into events as bytes arrive, however the network cuts them.
// Follows the WHATWG framing: LF, CRLF or CR line ends, `field: value` lines, comments that
// start with ':', an event dispatched at each blank line.
namespace exa {

struct SseEvent
{
    QByteArray event; // the `event:` field; empty means "message"
    QByteArray data; // `data:` lines joined with '\n'
};

class SseParser
{
public:
    QList<SseEvent> feed(const QByteArray& bytes);
    // The stream ended: an event without its closing blank line is still delivered, as Exa's
    // SDKs do.
    QList<SseEvent> finish();

private:
    void takeLine(QByteArrayView line, QList<SseEvent>& out);
    void dispatch(QList<SseEvent>& out);

    QByteArray m_pending;
    bool m_lastWasCr = false;
    bool m_started = false;
    SseEvent m_current;
    bool m_hasData = false;
};

} // namespace exa
