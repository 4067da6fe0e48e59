// Redaction and the log file: known keys and passwords, and anything shaped like an Exa key,
// never reach a log line; the file rotates and can be written as JSON lines.
#include "logging/LogFile.h"
#include "logging/Redactor.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace exadesk;
using namespace Qt::StringLiterals;

namespace {

Q_LOGGING_CATEGORY(lcTest, "exadesk.test")

class LoggingTest : public ::testing::Test
{
protected:
    void TearDown() override
    {
        LogFile::install(nullptr);
        Redactor::instance().clear();
    }

    QByteArray read(const QString& path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    QTemporaryDir dir;
};

} // namespace

TEST_F(LoggingTest, KnownSecretsAndKeyShapedTextAreMasked)
{
    Redactor& redactor = Redactor::instance();
    redactor.addSecret(u"team-key-0000-aaaa-1111"_s);
    redactor.addSecret(u"pass word!"_s);
    EXPECT_EQ(redactor.redact(u"using team-key-0000-aaaa-1111 now"_s), u"using exa-…1111 now"_s);
    EXPECT_EQ(redactor.redact(u"proxy login alice:pass word!@host"_s), u"proxy login alice:••••@host"_s);
    // Never told, but shaped like an Exa key.
    EXPECT_EQ(redactor.redact(u"x-api-key: 11111111-2222-3333-4444-555555559f3c."_s), u"x-api-key: exa-…9f3c."_s);
    EXPECT_EQ(redactor.redact(u"key=11111111222233334444555555559f3c"_s), u"key=exa-…9f3c"_s);
    // Ordinary text, and words that only contain a secret's letters, are left alone.
    EXPECT_EQ(redactor.redact(u"GET /search 200 in 120 ms"_s), u"GET /search 200 in 120 ms"_s);
    EXPECT_EQ(redactor.redact(u"team-key-0000-aaaa-11112"_s), u"team-key-0000-aaaa-11112"_s);
    // A key right after text with no spaces (as Chinese is written) is still found.
    EXPECT_EQ(redactor.redact(u"密钥team-key-0000-aaaa-1111无效"_s), u"密钥exa-…1111无效"_s);
    // Short passwords too, also as they appear inside a URL.
    redactor.addSecret(u"p@ss"_s);
    EXPECT_EQ(redactor.redact(u"socks5://bob:p%40ss@host and p@ss"_s), u"socks5://bob:••••@host and ••••"_s);
    redactor.forget(u"team-key-0000-aaaa-1111"_s);
    EXPECT_EQ(redactor.redact(u"team-key-0000-aaaa-1111"_s), u"team-key-0000-aaaa-1111"_s);
}

TEST_F(LoggingTest, QtMessagesReachTheFileRedacted)
{
    Redactor::instance().addSecret(u"team-key-0000-aaaa-1111"_s);
    const QString path = dir.filePath(u"logs/exadesk.log"_s);
    LogFile log(path);
    LogFile::install(&log);
    qCWarning(lcTest) << "refused: team-key-0000-aaaa-1111";
    qCInfo(lcTest) << "probe with 11111111-2222-3333-4444-555555559f3c";
    LogFile::install(nullptr);
    const QByteArray text = read(path);
    EXPECT_TRUE(text.contains("WARNING exadesk.test: refused: exa-…1111")) << text.constData();
    EXPECT_FALSE(text.contains("team-key-0000")) << text.constData();
    EXPECT_FALSE(text.contains("555555559f3c")) << text.constData();
    EXPECT_EQ(QFile(path).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
              QFileDevice::Permissions());
}

TEST_F(LoggingTest, JsonLinesAreOneObjectALine)
{
    const QString path = dir.filePath(u"exadesk.log"_s);
    LogFile log(path, LogFile::Format::JsonLines);
    log.write(QtWarningMsg, u"exadesk.gateway"_s, u"proxy parked"_s);
    log.write(QtInfoMsg, u"exadesk.gateway"_s, u"line with \"quotes\"\nand a break"_s);
    const QList<QByteArray> lines = read(path).trimmed().split('\n');
    ASSERT_EQ(lines.size(), 2);
    const QJsonObject first = QJsonDocument::fromJson(lines[0]).object();
    EXPECT_EQ(first.value(u"level"_s).toString(), u"warning"_s);
    EXPECT_EQ(first.value(u"category"_s).toString(), u"exadesk.gateway"_s);
    EXPECT_EQ(first.value(u"message"_s).toString(), u"proxy parked"_s);
    EXPECT_FALSE(first.value(u"time"_s).toString().isEmpty());
    EXPECT_EQ(QJsonDocument::fromJson(lines[1]).object().value(u"message"_s).toString(),
              u"line with \"quotes\"\nand a break"_s);
}

TEST_F(LoggingTest, TheFileRotatesAndKeepsABoundedNumber)
{
    const QString path = dir.filePath(u"exadesk.log"_s);
    LogFile log(path, LogFile::Format::Text, 1'000, 2);
    for (int i = 0; i < 200; ++i)
        log.write(QtInfoMsg, u"exadesk.test"_s, u"message number %1 with some padding text"_s.arg(i));
    EXPECT_LE(QFileInfo(path).size(), 1'000);
    EXPECT_TRUE(QFile::exists(path + u".1"_s));
    EXPECT_TRUE(QFile::exists(path + u".2"_s));
    EXPECT_FALSE(QFile::exists(path + u".3"_s));
    EXPECT_TRUE(read(path).contains("message number 199"));
}
