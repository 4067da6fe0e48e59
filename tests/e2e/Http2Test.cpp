// The client's TLS and HTTP/2 path for real: nginx terminates TLS with the test certificate and
// speaks HTTP/2 to our client, in front of the fake Exa server.
#include "FakeExaServer.h"
#include "NginxFront.h"
#include "TestCertificates.h"
#include "Wait.h"
#include "exa/AnswerStream.h"
#include "exa/ExaClient.h"
#include "exa/ExaReply.h"

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;

namespace {

const QString kKey = u"h2-key-0000-1111-2222"_s;

class Http2Test : public ::testing::Test
{
protected:
    void SetUp() override
    {
        if (testsupport::NginxFront::program().isEmpty())
            GTEST_SKIP() << "nginx is not installed (scripts/install-deps.sh installs it)";

        fakeexa::FakeExaOptions options;
        options.keys = {kKey};
        options.streamIntervalMs = 30;
        upstream = std::make_unique<fakeexa::FakeExaServer>(options);
        ASSERT_TRUE(upstream->listen());
        QString error;
        ASSERT_TRUE(nginx.start(upstream->port(), &error)) << qPrintable(error);

        exa::ExaClientOptions clientOptions;
        clientOptions.baseUrl = QUrl(u"https://127.0.0.1:%1"_s.arg(nginx.port()));
        clientOptions.extraCaCertificates = testsupport::testCa();
        client = std::make_unique<exa::ExaClient>(clientOptions);
    }

    exa::ExaReply* finish(exa::ExaReply* reply)
    {
        EXPECT_TRUE(testsupport::waitUntil([reply] { return reply->isFinished(); }));
        return reply;
    }

    std::unique_ptr<fakeexa::FakeExaServer> upstream;
    testsupport::NginxFront nginx; // after the upstream: stopped first
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
