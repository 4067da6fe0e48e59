// Every endpoint through the real client, over loopback HTTP, against the fake Exa server:
// what goes on the wire, and what comes back parsed.
#include "ExaClientFixture.h"
#include "exa/AnswerStream.h"
#include "exa/ExaResults.h"

#include <QJsonArray>
#include <QSignalSpy>

using namespace Qt::StringLiterals;

namespace {

class ExaClientTest : public ExaClientFixture
{ };

TEST_F(ExaClientTest, SearchSendsTheRequestAsExaDescribesIt)
{
    exa::SearchRequest request;
    request.query = u"rust async runtimes"_s;
    request.type = exa::SearchType::Neural;
    request.category = exa::Category::Github;
    request.options.numResults = 4;
    request.options.excludeDomains = {u"example.com"_s};
    request.options.startPublishedDate = QDateTime(QDate(2024, 1, 1), QTime(0, 0), Qt::UTC);
    request.options.contents.text = exa::TextOptions{true, 200, {}, {}, {}, {}};
    request.options.contents.highlights = exa::HighlightsOptions{};
    request.options.contents.summary = exa::SummaryOptions{u"what is it"_s, {}};

    exa::ExaReply* reply = finish(client().search(request, kKey));
    ASSERT_TRUE(reply->isSuccess()) << qPrintable(reply->error().userMessage());

    const fakeexa::RecordedRequest sent = server().lastRequest();
    EXPECT_EQ(sent.method, "POST");
    EXPECT_EQ(sent.path, u"/search"_s);
    EXPECT_EQ(sent.header("x-api-key"), kKey.toUtf8());
    EXPECT_TRUE(sent.header("content-type").startsWith("application/json"));
    EXPECT_EQ(sent.header("accept"), "application/json");
    EXPECT_EQ(sent.json(),
              QJsonDocument::fromJson(R"({
        "query": "rust async runtimes", "type": "neural", "category": "github", "numResults": 4,
        "excludeDomains": ["example.com"], "startPublishedDate": "2024-01-01T00:00:00.000Z",
        "contents": {"text": {"maxCharacters": 200}, "highlights": true, "summary": {"query": "what is it"}}
    })")
                  .object());

    const exa::SearchResponse response = exa::SearchResponse::fromJson(reply->json());
    ASSERT_EQ(response.results.size(), 4);
    for (const exa::Result& result : response.results) {
        EXPECT_TRUE(result.url.startsWith("https://github.com/"_L1)) << qPrintable(result.url);
        EXPECT_FALSE(result.text.isEmpty());
        EXPECT_LE(result.text.size(), 200);
        EXPECT_FALSE(result.highlights.isEmpty());
        EXPECT_TRUE(result.summary.contains("what is it"_L1));
        EXPECT_GE(result.publishedDate, u"2024-01-01"_s);
    }
    EXPECT_EQ(response.requestId.size(), 32);
    ASSERT_TRUE(response.costDollars);
    EXPECT_NEAR(response.costDollars->total, 0.005 + 4 * 3 * 0.001, 1e-9);
    // A field the client does not model (searchTime) is still there.
    EXPECT_TRUE(response.raw.value("searchTime"_L1).isDouble());
    EXPECT_EQ(reply->httpStatus(), 200);
    EXPECT_TRUE(reply->contentType().startsWith("application/json"));
    EXPECT_GE(reply->elapsed().count(), 0);
}

TEST_F(ExaClientTest, SendsAnHonestUserAgentThatCanBeChanged)
{
    exa::SearchRequest request;
    request.query = u"q"_s;
    finish(client().search(request, kKey));
    EXPECT_EQ(server().lastRequest().header("user-agent"), exa::ExaClientOptions::defaultUserAgent().toUtf8());

    exa::ExaClientOptions options = client().options();
    options.userAgent = u"MyTool/2.0 (contact: me@example.com)"_s;
    client().setOptions(options);
    finish(client().search(request, kKey));
    EXPECT_EQ(server().lastRequest().header("user-agent"), "MyTool/2.0 (contact: me@example.com)");
}

TEST_F(ExaClientTest, FindSimilar)
{
    exa::FindSimilarRequest request;
    request.url = u"https://arxiv.org/abs/2307.06435"_s;
    request.excludeSourceDomain = true;
    request.options.numResults = 3;
    exa::ExaReply* reply = finish(client().findSimilar(request, kKey));
    ASSERT_TRUE(reply->isSuccess()) << qPrintable(reply->error().userMessage());
    EXPECT_EQ(server().lastRequest().path, u"/findSimilar"_s);
    EXPECT_EQ(server().lastRequest().json(),
              QJsonDocument::fromJson(
                  R"({"url": "https://arxiv.org/abs/2307.06435", "excludeSourceDomain": true, "numResults": 3})")
                  .object());
    const exa::FindSimilarResponse response = exa::FindSimilarResponse::fromJson(reply->json());
    ASSERT_EQ(response.results.size(), 3);
    for (const exa::Result& result : response.results)
        EXPECT_FALSE(result.url.contains("arxiv.org"_L1));
}

TEST_F(ExaClientTest, Contents)
{
    exa::ContentsRequest request;
    request.urls = {u"https://example.com/good"_s, u"https://example.com/notfound"_s};
    request.contents.text = exa::TextOptions{};
    request.contents.text->includeHtmlTags = true;
    request.contents.maxAgeHours = 0;
    exa::ExaReply* reply = finish(client().contents(request, kKey));
    ASSERT_TRUE(reply->isSuccess()) << qPrintable(reply->error().userMessage());
    EXPECT_EQ(server().lastRequest().json(),
              QJsonDocument::fromJson(R"({"urls": ["https://example.com/good", "https://example.com/notfound"],
                                          "text": {"includeHtmlTags": true}, "maxAgeHours": 0})")
                  .object());
    const exa::ContentsResponse response = exa::ContentsResponse::fromJson(reply->json());
    ASSERT_EQ(response.results.size(), 1);
    EXPECT_TRUE(response.results.first().text.startsWith("<h1>"_L1));
    ASSERT_EQ(response.statuses.size(), 2);
    EXPECT_TRUE(response.statuses.at(0).ok);
    EXPECT_EQ(response.statuses.at(1).errorTag, u"CRAWL_NOT_FOUND"_s);
    EXPECT_EQ(response.statuses.at(1).httpStatusCode, 404);
}

TEST_F(ExaClientTest, PlainAnswer)
{
    exa::AnswerRequest request;
    request.query = u"What is the latest valuation of SpaceX?"_s;
    request.text = true;
    exa::ExaReply* reply = finish(client().answer(request, kKey));
    ASSERT_TRUE(reply->isSuccess()) << qPrintable(reply->error().userMessage());
    EXPECT_EQ(server().lastRequest().json(),
              QJsonDocument::fromJson(
                  R"({"query": "What is the latest valuation of SpaceX?", "stream": false, "text": true})")
                  .object());
    const exa::AnswerResponse response = exa::AnswerResponse::fromJson(reply->json());
    EXPECT_FALSE(response.answerText().isEmpty());
    ASSERT_FALSE(response.citations.isEmpty());
    EXPECT_FALSE(response.citations.first().text.isEmpty()) << "text: true brings the sources' text";
    ASSERT_TRUE(response.costDollars);
}

TEST_F(ExaClientTest, StreamedAnswerArrivesPieceByPiece)
{
    exa::AnswerRequest request;
    request.query = u"How do async runtimes schedule tasks?"_s;
    exa::ExaReply* plain = finish(client().answer(request, kKey));
    const QString expected = exa::AnswerResponse::fromJson(plain->json()).answerText();

    request.stream = true;
    exa::ExaReply* reply = client().answer(request, kKey);
    exa::AnswerStreamDecoder decoder;
    int deliveries = 0;
    int deliveriesBeforeLastEvent = 0;
    QObject::connect(reply, &exa::ExaReply::dataReceived, [&](const QByteArray& chunk) {
        ++deliveries;
        decoder.feed(chunk);
        if (!decoder.sawDone())
            deliveriesBeforeLastEvent = deliveries;
    });
    finish(reply);
    decoder.finish();

    ASSERT_TRUE(reply->isSuccess()) << qPrintable(reply->error().userMessage());
    EXPECT_EQ(server().lastRequest().header("accept"), "text/event-stream");
    EXPECT_TRUE(server().lastRequest().json().value("stream"_L1).toBool());
    EXPECT_TRUE(reply->contentType().startsWith("text/event-stream"));
    EXPECT_GT(deliveriesBeforeLastEvent, 1) << "pieces must be delivered as they arrive, not all at the end";
    EXPECT_EQ(decoder.answer(), expected);
    EXPECT_EQ(decoder.citations().size(), exa::AnswerResponse::fromJson(plain->json()).citations.size());
    EXPECT_TRUE(decoder.sawDone());
}

TEST_F(ExaClientTest, ResearchCreateGetAndList)
{
    exa::ResearchRequest request;
    request.instructions = u"Compare async runtimes"_s;
    request.model = u"exa-research"_s;
    exa::ExaReply* created = sendAndWait(exa::ExaCall::createResearch(request));
    ASSERT_TRUE(created->isSuccess()) << qPrintable(created->error().userMessage());
    EXPECT_EQ(created->httpStatus(), 201);
    const exa::ResearchTask task = exa::ResearchTask::fromJson(created->json());
    EXPECT_EQ(task.status, u"pending"_s);
    EXPECT_EQ(task.model, u"exa-research"_s);

    exa::ResearchTask polled;
    for (int i = 0; i < 5 && !polled.isFinished(); ++i) {
        exa::ExaReply* reply = sendAndWait(exa::ExaCall::getResearch(task.researchId));
        ASSERT_TRUE(reply->isSuccess()) << qPrintable(reply->error().userMessage());
        EXPECT_EQ(server().lastRequest().method, "GET");
        EXPECT_TRUE(server().lastRequest().body.isEmpty());
        polled = exa::ResearchTask::fromJson(reply->json());
    }
    EXPECT_EQ(polled.status, u"completed"_s);
    EXPECT_FALSE(polled.outputContent.isEmpty());

    exa::ExaReply* list = sendAndWait(exa::ExaCall::listResearch({}, 10));
    ASSERT_TRUE(list->isSuccess());
    EXPECT_EQ(list->json().value("data"_L1).toArray().size(), 1);
}

TEST_F(ExaClientTest, BearerIsNotNeededButXApiKeyIsAlwaysSent)
{
    exa::ExaReply* reply = sendAndWait(exa::ExaCall::listResearch());
    ASSERT_TRUE(reply->isSuccess());
    EXPECT_EQ(server().lastRequest().header("x-api-key"), kKey.toUtf8());
    EXPECT_TRUE(server().lastRequest().header("authorization").isEmpty());
}

TEST_F(ExaClientTest, HeadersReceivedComesBeforeFinished)
{
    exa::SearchRequest request;
    request.query = u"q"_s;
    exa::ExaReply* reply = client().search(request, kKey);
    QSignalSpy headers(reply, &exa::ExaReply::headersReceived);
    QSignalSpy finished(reply, &exa::ExaReply::finished);
    QObject::connect(reply, &exa::ExaReply::finished, [&] { EXPECT_EQ(headers.count(), 1); });
    ASSERT_TRUE(testsupport::waitForSignals(finished));
    EXPECT_EQ(headers.count(), 1);
    EXPECT_EQ(finished.count(), 1);
}

} // namespace
