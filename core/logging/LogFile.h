#pragma once

#include <QFile>
#include <QMutex>
#include <QString>

namespace exadesk {

// The app's log: a file in the data folder that rotates (exadesk.log, then .1, .2, .3) so it
// never grows without bound, in plain text or as JSON lines. Lines are redacted before they
// are written. Thread-safe.
class LogFile
{
public:
    enum class Format
    {
        Text,
        JsonLines
    };

    explicit LogFile(QString path, Format format = Format::Text, qint64 maxBytes = 5 * 1024 * 1024, int keep = 3);

    void write(QtMsgType type, const QString& category, const QString& message);
    const QString& path() const { return m_path; }

    // Sends every Qt message (qDebug, qWarning, ... and categories) here too, redacted, and on
    // to the previous handler (the terminal). Pass nullptr to stop.
    static void install(LogFile* log);

private:
    void rotate();
    bool openPrivately();

    QString m_path;
    Format m_format;
    qint64 m_maxBytes;
    int m_keep;
    QMutex m_mutex;
    QFile m_file;
    qint64 m_size = 0; // kept here: asking the file system for it on every line is a system call
};

} // namespace exadesk
