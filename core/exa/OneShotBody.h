#pragma once

#include <QByteArray>
#include <QIODevice>

namespace exa {

// A request body Qt can read once and never rewind.
//
// Qt 6.4 sends a request again by itself when an HTTP/1.1 connection closes before the answer's
// headers, rewinding the body to do so. For a search that is a second bill nobody sees; for a
// research task, a second task. Given a body it cannot rewind (and its length, so Qt streams it
// rather than copying it into a buffer it could rewind), Qt reports ContentReSendError instead,
// and whether to try again is the gateway's decision, made in the open.
class OneShotBody : public QIODevice
{
    Q_OBJECT

public:
    explicit OneShotBody(QByteArray data, QObject* parent = nullptr);

    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override;
    // Sequential: always false, which is the point.
    bool reset() override { return false; }

protected:
    qint64 readData(char* data, qint64 maxSize) override;
    qint64 writeData(const char* data, qint64 maxSize) override;

private:
    QByteArray m_data;
    qint64 m_read = 0;
};

} // namespace exa
