// The client's TLS and HTTP/2 path for real: nginx terminates TLS with the test certificate and
// speaks HTTP/2 to our client, in front of the fake Exa server.
#include "FakeExaServer.h"
#include "LocalProxy.h"
#include "TestCertificates.h"
#include "Wait.h"
#include "exa/AnswerStream.h"
#include "exa/ExaClient.h"
#include "exa/ExaReply.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;

namespace {

const QString kKey = u"h2-key-0000-1111-2222"_s;

class Http2Test : public ::testing::Test
{
protected:
    void SetUp() override
    {
        const QString nginx = QStandardPaths::findExecutable(u"nginx"_s, {u"/usr/sbin"_s, u"/usr/bin"_s});
        if (nginx.isEmpty())
            GTEST_SKIP() << "nginx is not installed (scripts/install-deps.sh installs it)";

        fakeexa::FakeExaOptions options;
        options.keys = {kKey};
        options.streamIntervalMs = 30;
        upstream = std::make_unique<fakeexa::FakeExaServer>(options);
        ASSERT_TRUE(upstream->listen());

        // The free port may be taken by someone else before nginx binds it; then try another.
        for (int attempt = 0; attempt < 3 && process.state() != QProcess::Running; ++attempt)
            startNginx(nginx);
        ASSERT_EQ(process.state(), QProcess::Running) << "nginx did not start: " << readLog().constData();

        exa::ExaClientOptions clientOptions;
        clientOptions.baseUrl = QUrl(u"https://127.0.0.1:%1"_s.arg(port));
        clientOptions.extraCaCertificates = testsupport::testCa();
        client = std::make_unique<exa::ExaClient>(clientOptions);
    }

    void startNginx(const QString& nginx)
    {
        port = testsupport::freePort();
        const QString config
            = u"daemon off;\nmaster_process off;\nerror_log %1/error.log warn;\npid %1/nginx.pid;\n"
              "events { worker_connections 64; }\n"
              "http {\n  access_log off;\n"
              "  client_body_temp_path %1/body;\n  proxy_temp_path %1/proxy;\n"
              "  fastcgi_temp_path %1/fastcgi;\n  uwsgi_temp_path %1/uwsgi;\n  scgi_temp_path %1/scgi;\n"
              "  server {\n    listen 127.0.0.1:%2 ssl http2;\n"
              "    ssl_certificate %3;\n    ssl_certificate_key %4;\n"
              "    location / {\n      proxy_pass http://127.0.0.1:%5;\n"
              "      proxy_http_version 1.1;\n      proxy_set_header Connection \"\";\n"
              "      proxy_buffering off;\n    }\n  }\n}\n"_s.arg(
                  dir.path(), QString::number(port), testsupport::certificatePath(u"server.pem"_s),
                  testsupport::certificatePath(u"server.key"_s), QString::number(upstream->port()));
        QFile file(dir.filePath(u"nginx.conf"_s));
        if (!file.open(QIODevice::WriteOnly))
            return;
        file.write(config.toUtf8());
        file.close();

        process.start(nginx, {u"-p"_s, dir.path(), u"-e"_s, dir.filePath(u"error.log"_s), u"-c"_s, file.fileName()});
        if (!process.waitForStarted())
            return;
        testsupport::waitUntil([this] {
            if (process.state() == QProcess::NotRunning)
                return true;
            QTcpSocket probe;
            probe.connectToHost(QHostAddress::LocalHost, port);
            return probe.waitForConnected(100);
        });
    }

    void TearDown() override
    {
        if (process.state() != QProcess::NotRunning) {
            process.terminate();
            if (!process.waitForFinished(5'000))
                process.kill();
            process.waitForFinished();
        }
    }

    QByteArray readLog()
    {
        QFile log(dir.filePath(u"error.log"_s));
        return log.open(QIODevice::ReadOnly) ? log.readAll() : QByteArray("(no log)");
    }

    exa::ExaReply* finish(exa::ExaReply* reply)
    {
        EXPECT_TRUE(testsupport::waitUntil([reply] { return reply->isFinished(); }));
        return reply;
    }

    QTemporaryDir dir;
    QProcess process;
    quint16 port = 0;
    std::unique_ptr<fakeexa::FakeExaServer> upstream;
    std::unique_ptr<exa::ExaClient> client;
};

TEST_F(Http2Test, SearchGoesOverHttp2WhenTheServerOffersIt)
{
    exa::SearchRequest request;
    request.query = u"http2 multiplexing"_s;
    exa::ExaReply* reply = finish(client->search(request, kKey));
    ASSERT_TRUE(reply->isSuccess()) << qPrintable(reply->error().userMessage());
    EXPECT_TRUE(reply->wasHttp2Used());
    EXPECT_EQ(exa::SearchResponse::fromJson(reply->json()).results.size(), 10);
    EXPECT_EQ(upstream->lastRequest().header("x-api-key"), kKey.toUtf8());
}

TEST_F(Http2Test, ManyConcurrentCallsAllSucceedOverHttp2)
{
    // Over HTTP/1.1 Qt opens at most 6 connections to a host; HTTP/2 multiplexes calls.
    QList<exa::ExaReply*> replies;
    for (int i = 0; i < 20; ++i) {
        exa::SearchRequest request;
        request.query = u"parallel %1"_s.arg(i);
        replies.append(client->search(request, kKey));
    }
    ASSERT_TRUE(testsupport::waitUntil(
        [&] { return std::all_of(replies.begin(), replies.end(), [](exa::ExaReply* r) { return r->isFinished(); }); }));
    for (exa::ExaReply* reply : replies) {
        EXPECT_TRUE(reply->isSuccess()) << qPrintable(reply->error().userMessage());
        EXPECT_TRUE(reply->wasHttp2Used());
    }
}

TEST_F(Http2Test, AStreamedAnswerStillStreams)
{
    exa::AnswerRequest request;
    request.query = u"does streaming survive http2"_s;
    request.stream = true;
    exa::ExaReply* reply = client->answer(request, kKey);
    exa::AnswerStreamDecoder decoder;
    int chunksBeforeEnd = 0;
    QObject::connect(reply, &exa::ExaReply::dataReceived, [&](const QByteArray& chunk) {
        decoder.feed(chunk);
        ++chunksBeforeEnd;
    });
    finish(reply);
    ASSERT_TRUE(reply->isSuccess()) << qPrintable(reply->error().userMessage());
    EXPECT_TRUE(reply->wasHttp2Used());
    EXPECT_GT(chunksBeforeEnd, 1);
    EXPECT_TRUE(decoder.sawDone());
    EXPECT_FALSE(decoder.answer().isEmpty());
}

TEST_F(Http2Test, ErrorsKeepExasBodyOverHttp2)
{
    exa::ExaReply* reply = finish(client->search({}, u"not-the-key-at-all"_s));
    EXPECT_EQ(reply->error().httpStatus, 401);
    EXPECT_EQ(reply->error().tag, exa::ErrorTag::InvalidApiKey);
}

} // namespace
