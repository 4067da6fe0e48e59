#include "LogFile.h"

#include "Redactor.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

LogFile* g_log = nullptr;
QtMessageHandler g_previous = nullptr;

QString levelName(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return u"debug"_s;
    case QtInfoMsg:
        return u"info"_s;
    case QtWarningMsg:
        return u"warning"_s;
    case QtCriticalMsg:
        return u"critical"_s;
    case QtFatalMsg:
        return u"fatal"_s;
    }
    return {};
}

void handle(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    if (g_log)
        g_log->write(type, QString::fromLatin1(context.category ? context.category : "default"), message);
    if (g_previous)
        g_previous(type, context, Redactor::instance().redact(message));
}

} // namespace

LogFile::LogFile(QString path, Format format, qint64 maxBytes, int keep)
    : m_path(std::move(path))
    , m_format(format)
    , m_maxBytes(maxBytes)
    , m_keep(keep)
{ }

void LogFile::install(LogFile* log)
{
    if (log && !g_log)
        g_previous = qInstallMessageHandler(handle);
    else if (!log && g_log)
        qInstallMessageHandler(g_previous);
    g_log = log;
}

bool LogFile::openPrivately()
{
    // Created readable by its owner only, from the first byte.
    m_file.setFileName(m_path);
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append, QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        return false;
    m_size = m_file.size();
    return true;
}

void LogFile::rotate()
{
    m_file.close();
    QFile::remove(u"%1.%2"_s.arg(m_path).arg(m_keep));
    for (int i = m_keep - 1; i >= 1; --i)
        QFile::rename(u"%1.%2"_s.arg(m_path).arg(i), u"%1.%2"_s.arg(m_path).arg(i + 1));
    QFile::rename(m_path, m_path + u".1"_s);
}

void LogFile::write(QtMsgType type, const QString& category, const QString& message)
{
    const QString text = Redactor::instance().redact(message);
    QByteArray line;
    const QString time = QDateTime::currentDateTime().toString(Qt::ISODateWithMs);
    if (m_format == Format::JsonLines) {
        line = QJsonDocument(QJsonObject{{u"time"_s, time},
                                         {u"level"_s, levelName(type)},
                                         {u"category"_s, category},
                                         {u"message"_s, text}})
                   .toJson(QJsonDocument::Compact);
    } else {
        line = u"%1 %2 %3: %4"_s.arg(time, levelName(type).toUpper(), category, text).toUtf8();
    }
    line += '\n';

    const QMutexLocker lock(&m_mutex);
    if (!m_file.isOpen()) {
        // Made when first needed: a command that logs nothing leaves no file behind.
        QDir().mkpath(QFileInfo(m_path).absolutePath());
        if (!openPrivately())
            return;
    }
    if (m_size + line.size() > m_maxBytes) {
        rotate();
        if (!openPrivately())
            return;
    }
    m_file.write(line);
    m_file.flush();
    m_size += line.size();
}

} // namespace exadesk
