// The fake Exa server's own tests, with a plain HTTP client: it must behave like Exa as its
// OpenAPI description and ../shared/exa/NOTES.md tell, since every other test trusts it.
#include "FakeExaServerFixture.h"
#include "HttpProbe.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using fakeexa::FakeExaOptions;
using fakeexa::FakeExaServer;
using fakeexa::tests::FakeExaServerTest;
using fakeexa::tests::kKey;
using fakeexa::tests::kOtherKey;
using testsupport::HttpAnswer;
using testsupport::postJson;

namespace {

// --- auth ------------------------------------------------------------------------------------

TEST_F(FakeExaServerTest, AcceptsTheKeyInXApiKey)
{
    EXPECT_EQ(post(u"/search"_s, {{"query"_L1, u"rust"_s}}).status, 200);
}

TEST_F(FakeExaServerTest, AcceptsTheKeyAsBearerToken)
{
    testsupport::HttpCall call;
    call.url = url(u"/search"_s);
    call.body = R"({"query":"rust"})";
    call.headers = {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + kOtherKey}};
    const HttpAnswer answer = testsupport::sendHttp(call);
    EXPECT_EQ(answer.status, 200);
    EXPECT_EQ(server->stats(QString::fromLatin1(kOtherKey)).requests, 1);
}

TEST_F(FakeExaServerTest, RejectsAMissingKeyWithExasErrorBody)
{
    const HttpAnswer answer = post(u"/search"_s, {{"query"_L1, u"rust"_s}}, {});
    expectExaError(answer, 401, u"INVALID_API_KEY"_s);
    EXPECT_TRUE(answer.json().value("error"_L1).toString().contains("x-api-key"_L1));
}

TEST_F(FakeExaServerTest, RejectsAKeyItWasNotGiven)
{
    const HttpAnswer answer = post(u"/search"_s, {{"query"_L1, u"rust"_s}}, "not-a-known-key-0000");
    expectExaError(answer, 401, u"INVALID_API_KEY"_s);
    EXPECT_FALSE(answer.body.contains("not-a-known-key")) << "the error must not echo the key";
    EXPECT_EQ(server->stats(u"not-a-known-key-0000"_s).answered.value(401), 1);
}

TEST_F(FakeExaServerTest, AcceptsAnyNonEmptyKeyWhenNoneWereGiven)
{
    server.reset();
    server = std::make_unique<FakeExaServer>(FakeExaOptions{});
    ASSERT_TRUE(server->listen());
    EXPECT_EQ(post(u"/search"_s, {{"query"_L1, u"rust"_s}}, "whatever-key").status, 200);
    EXPECT_EQ(post(u"/search"_s, {{"query"_L1, u"rust"_s}}, {}).status, 401);
}

TEST_F(FakeExaServerTest, ListensOnIpv6LoopbackToo)
{
    FakeExaServer six(FakeExaOptions{{QString::fromLatin1(kKey)}});
    if (!six.listen(QHostAddress::LocalHostIPv6))
        GTEST_SKIP() << "this machine has no IPv6 loopback";
    EXPECT_EQ(six.baseUrl().host(), u"::1"_s);
    EXPECT_TRUE(six.baseUrl().toString().startsWith("http://[::1]:"_L1)) << qPrintable(six.baseUrl().toString());
    EXPECT_EQ(postJson(six.baseUrl().resolved(QUrl(u"/search"_s)), R"({"query":"v6"})", kKey).status, 200);
}

TEST_F(FakeExaServerTest, RefusesToListenBeyondLoopback)
{
    FakeExaServer outside;
    EXPECT_FALSE(outside.listen(QHostAddress::Any));
}

TEST_F(FakeExaServerTest, UnknownRouteIs404WithAnErrorBody)
{
    const HttpAnswer answer = post(u"/nope"_s, {{"query"_L1, u"x"_s}});
    EXPECT_EQ(answer.status, 404);
    EXPECT_TRUE(answer.json().value("error"_L1).toString().contains("/nope"_L1));
}

// --- /search ---------------------------------------------------------------------------------

TEST_F(FakeExaServerTest, SearchIsDeterministicPerQuery)
{
    const HttpAnswer first = post(u"/search"_s, {{"query"_L1, u"rust async runtimes"_s}});
    const HttpAnswer second = post(u"/search"_s, {{"query"_L1, u"rust async runtimes"_s}});
    const HttpAnswer other = post(u"/search"_s, {{"query"_L1, u"tokio scheduler design"_s}});
    ASSERT_EQ(first.status, 200);
    EXPECT_EQ(urlsOf(first), urlsOf(second));
    EXPECT_EQ(first.json().value("results"_L1), second.json().value("results"_L1));
    EXPECT_NE(first.json().value("requestId"_L1), second.json().value("requestId"_L1));
    const QStringList firstUrls = urlsOf(first);
    const QStringList otherUrls = urlsOf(other);
    EXPECT_TRUE(QSet<QString>(firstUrls.begin(), firstUrls.end())
                    .intersect(QSet<QString>(otherUrls.begin(), otherUrls.end()))
                    .isEmpty());
}

TEST_F(FakeExaServerTest, SearchAnswersInExasShape)
{
    const HttpAnswer answer = post(u"/search"_s, {{"query"_L1, u"rust async"_s}});
    ASSERT_EQ(answer.status, 200);
    EXPECT_TRUE(answer.header("content-type").startsWith("application/json"));
    const QJsonObject body = answer.json();
    EXPECT_EQ(body.value("requestId"_L1).toString().size(), 32);
    EXPECT_EQ(body.value("searchType"_L1).toString(), u"neural"_s);
    const QJsonArray results = body.value("results"_L1).toArray();
    ASSERT_EQ(results.size(), 10) << "Exa's default numResults";
    QSet<QString> ids;
    for (const QJsonValue& value : results) {
        const QJsonObject result = value.toObject();
        EXPECT_TRUE(result.value("url"_L1).toString().startsWith("https://"_L1));
        EXPECT_EQ(result.value("id"_L1), result.value("url"_L1));
        EXPECT_FALSE(result.value("title"_L1).toString().isEmpty());
        EXPECT_TRUE(result.contains("publishedDate"_L1) && result.contains("author"_L1));
        EXPECT_TRUE(result.value("score"_L1).isDouble());
        EXPECT_FALSE(result.contains("text"_L1)) << "no contents unless asked";
        ids.insert(result.value("id"_L1).toString());
    }
    EXPECT_EQ(ids.size(), 10);
    EXPECT_DOUBLE_EQ(body.value("costDollars"_L1).toObject().value("total"_L1).toDouble(), 0.005);
}

TEST_F(FakeExaServerTest, NumResultsIsHonouredAndBoundedAsExaDescribes)
{
    EXPECT_EQ(urlsOf(post(u"/search"_s, {{"query"_L1, u"x"_s}, {"numResults"_L1, 1}})).size(), 1);
    EXPECT_EQ(urlsOf(post(u"/search"_s, {{"query"_L1, u"x"_s}, {"numResults"_L1, 100}})).size(), 100);
    expectExaError(post(u"/search"_s, {{"query"_L1, u"x"_s}, {"numResults"_L1, 0}}), 400, u"INVALID_NUM_RESULTS"_s);
    expectExaError(post(u"/search"_s, {{"query"_L1, u"x"_s}, {"numResults"_L1, 2.5}}), 400, u"INVALID_NUM_RESULTS"_s);
    expectExaError(post(u"/search"_s, {{"query"_L1, u"x"_s}, {"numResults"_L1, 101}}), 400, u"NUM_RESULTS_EXCEEDED"_s);
    // 26 to 100 results cost more, as Exa's price table says.
    const HttpAnswer many = post(u"/search"_s, {{"query"_L1, u"x"_s}, {"numResults"_L1, 30}});
    EXPECT_DOUBLE_EQ(many.json().value("costDollars"_L1).toObject().value("total"_L1).toDouble(), 0.025);
}

TEST_F(FakeExaServerTest, MalformedBodiesGetInvalidRequestBody)
{
    expectExaError(postJson(url(u"/search"_s), "{\"query\": ", kKey), 400, u"INVALID_REQUEST_BODY"_s);
    expectExaError(postJson(url(u"/search"_s), "[1,2]", kKey), 400, u"INVALID_REQUEST_BODY"_s);
    expectExaError(postJson(url(u"/search"_s), "", kKey), 400, u"INVALID_REQUEST_BODY"_s);
    expectExaError(post(u"/search"_s, {{"numResults"_L1, 3}}), 400, u"INVALID_REQUEST_BODY"_s);
    expectExaError(post(u"/search"_s, {{"query"_L1, 42}}), 400, u"INVALID_REQUEST_BODY"_s);
    expectExaError(post(u"/search"_s, {{"query"_L1, u"x"_s}, {"type"_L1, u"keyword-ish"_s}}), 400,
                   u"INVALID_REQUEST_BODY"_s);
    expectExaError(post(u"/search"_s, {{"query"_L1, u"x"_s}, {"includeDomains"_L1, u"arxiv.org"_s}}), 400,
                   u"INVALID_REQUEST_BODY"_s);
    expectExaError(post(u"/search"_s, {{"query"_L1, u"x"_s}, {"startPublishedDate"_L1, u"last week"_s}}), 400,
                   u"INVALID_REQUEST_BODY"_s);
    const HttpAnswer nested
        = post(u"/search"_s,
               {{"query"_L1, u"x"_s},
                {"contents"_L1, QJsonObject{{"text"_L1, QJsonObject{{"maxCharacters"_L1, u"many"_s}}}}}});
    expectExaError(nested, 400, u"INVALID_REQUEST_BODY"_s);
    EXPECT_TRUE(nested.json().value("error"_L1).toString().startsWith("contents.text.maxCharacters"_L1))
        << nested.body.constData();
}

TEST_F(FakeExaServerTest, SchemaAndFilterRulesUseExasTags)
{
    expectExaError(post(u"/search"_s, {{"query"_L1, u"x"_s}, {"outputSchema"_L1, u"a string"_s}}), 400,
                   u"INVALID_JSON_SCHEMA"_s);
    expectExaError(
        post(u"/search"_s,
             {{"query"_L1, u"x"_s}, {"contents"_L1, QJsonObject{{"summary"_L1, QJsonObject{{"schema"_L1, 3}}}}}}),
        400, u"INVALID_JSON_SCHEMA"_s);
    expectExaError(post(u"/search"_s, {{"query"_L1, u"x"_s}, {"contents"_L1, QJsonObject{{"subpages"_L1, 11}}}}), 400,
                   u"SUBPAGES_LIMIT_EXCEEDED"_s);
    expectExaError(post(u"/search"_s, {{"query"_L1, u"x"_s}, {"includeText"_L1, QJsonArray{u"a"_s, u"b"_s}}}), 400,
                   u"INVALID_REQUEST"_s);
    expectExaError(
        post(u"/search"_s, {{"query"_L1, u"x"_s}, {"includeText"_L1, QJsonArray{u"one two three four five six"_s}}}),
        400, u"INVALID_REQUEST"_s);
    expectExaError(
        post(u"/search"_s,
             {{"query"_L1, u"acme"_s}, {"category"_L1, u"company"_s}, {"startPublishedDate"_L1, u"2024-01-01"_s}}),
        400, u"INVALID_REQUEST"_s);
    expectExaError(post(u"/search"_s, {{"query"_L1, u"x"_s}, {"additionalQueries"_L1, QJsonArray{u"y"_s}}}), 400,
                   u"INVALID_REQUEST"_s);
    EXPECT_EQ(
        post(u"/search"_s, {{"query"_L1, u"x"_s}, {"type"_L1, u"deep"_s}, {"additionalQueries"_L1, QJsonArray{u"y"_s}}})
            .status,
        200);
}

TEST_F(FakeExaServerTest, DomainAndDateFiltersAreHonoured)
{
    const HttpAnswer included
        = post(u"/search"_s, {{"query"_L1, u"compilers"_s}, {"includeDomains"_L1, QJsonArray{u"arxiv.org"_s}}});
    for (const QString& result : urlsOf(included))
        EXPECT_TRUE(result.startsWith("https://arxiv.org/"_L1)) << qPrintable(result);

    const HttpAnswer excluded = post(
        u"/search"_s,
        {{"query"_L1, u"compilers"_s}, {"numResults"_L1, 30}, {"excludeDomains"_L1, QJsonArray{u"github.com"_s}}});
    ASSERT_EQ(urlsOf(excluded).size(), 30);
    for (const QString& result : urlsOf(excluded))
        EXPECT_FALSE(result.contains("github.com"_L1)) << qPrintable(result);

    const HttpAnswer dated = post(u"/search"_s,
                                  {{"query"_L1, u"compilers"_s},
                                   {"startPublishedDate"_L1, u"2024-01-01T00:00:00.000Z"_s},
                                   {"endPublishedDate"_L1, u"2024-06-30"_s}});
    const QJsonArray results = dated.json().value("results"_L1).toArray();
    ASSERT_FALSE(results.isEmpty());
    for (const QJsonValue& result : results) {
        const QDate date
            = QDate::fromString(result.toObject().value("publishedDate"_L1).toString().left(10), Qt::ISODate);
        EXPECT_TRUE(date >= QDate(2024, 1, 1) && date <= QDate(2024, 6, 30)) << qPrintable(date.toString());
    }
}

TEST_F(FakeExaServerTest, ContentsComeBackWhenAskedForNestedOrTopLevel)
{
    const QJsonObject contents{
        {"text"_L1, QJsonObject{{"maxCharacters"_L1, 120}}},
        {"highlights"_L1, QJsonObject{{"highlightsPerUrl"_L1, 2}, {"query"_L1, u"key findings"_s}}},
        {"summary"_L1, QJsonObject{{"query"_L1, u"main point"_s}}},
        {"subpages"_L1, 2},
        {"subpageTarget"_L1, u"docs"_s},
        {"extras"_L1, QJsonObject{{"links"_L1, 3}, {"imageLinks"_L1, 1}}},
    };
    const HttpAnswer answer
        = post(u"/search"_s, {{"query"_L1, u"vector databases"_s}, {"numResults"_L1, 3}, {"contents"_L1, contents}});
    ASSERT_EQ(answer.status, 200) << answer.body.constData();
    const QJsonArray results = answer.json().value("results"_L1).toArray();
    ASSERT_EQ(results.size(), 3);
    for (const QJsonValue& value : results) {
        const QJsonObject result = value.toObject();
        EXPECT_FALSE(result.value("text"_L1).toString().isEmpty());
        EXPECT_LE(result.value("text"_L1).toString().size(), 120);
        EXPECT_EQ(result.value("highlights"_L1).toArray().size(), 2);
        EXPECT_EQ(result.value("highlightScores"_L1).toArray().size(), 2);
        EXPECT_TRUE(result.value("highlights"_L1).toArray().first().toString().contains("key findings"_L1));
        EXPECT_TRUE(result.value("summary"_L1).toString().contains("main point"_L1));
        const QJsonArray subpages = result.value("subpages"_L1).toArray();
        ASSERT_EQ(subpages.size(), 2);
        EXPECT_TRUE(subpages.first().toObject().value("url"_L1).toString().contains("/docs"_L1));
        EXPECT_EQ(result.value("extras"_L1).toObject().value("links"_L1).toArray().size(), 3);
        EXPECT_EQ(result.value("extras"_L1).toObject().value("imageLinks"_L1).toArray().size(), 1);
    }
    // Three results, each with text, highlights and summary: $0.005 + 3 x 3 x $0.001.
    EXPECT_NEAR(answer.json().value("costDollars"_L1).toObject().value("total"_L1).toDouble(), 0.014, 1e-9);

    const HttpAnswer topLevel = post(u"/search"_s, {{"query"_L1, u"vector databases"_s}, {"text"_L1, true}});
    EXPECT_FALSE(
        topLevel.json().value("results"_L1).toArray().first().toObject().value("text"_L1).toString().isEmpty());
}

TEST_F(FakeExaServerTest, SummaryWithSchemaIsJsonFollowingIt)
{
    const QJsonObject schema{{"type"_L1, u"object"_s},
                             {"properties"_L1,
                              QJsonObject{{"founded"_L1, QJsonObject{{"type"_L1, u"integer"_s}}},
                                          {"name"_L1, QJsonObject{{"type"_L1, u"string"_s}}}}}};
    const HttpAnswer answer = post(u"/search"_s,
                                   {{"query"_L1, u"exa labs"_s},
                                    {"numResults"_L1, 1},
                                    {"contents"_L1, QJsonObject{{"summary"_L1, QJsonObject{{"schema"_L1, schema}}}}}});
    const QString summary
        = answer.json().value("results"_L1).toArray().first().toObject().value("summary"_L1).toString();
    const QJsonObject parsed = QJsonDocument::fromJson(summary.toUtf8()).object();
    EXPECT_TRUE(parsed.value("founded"_L1).isDouble()) << qPrintable(summary);
    EXPECT_TRUE(parsed.value("name"_L1).isString()) << qPrintable(summary);
}

TEST_F(FakeExaServerTest, DeepSearchSynthesisesAnOutput)
{
    const HttpAnswer answer = post(u"/search"_s, {{"query"_L1, u"battery chemistry"_s}, {"type"_L1, u"deep"_s}});
    const QJsonObject output = answer.json().value("output"_L1).toObject();
    EXPECT_TRUE(output.value("content"_L1).isString());
    EXPECT_FALSE(output.value("grounding"_L1).toArray().isEmpty());
    EXPECT_DOUBLE_EQ(answer.json().value("costDollars"_L1).toObject().value("total"_L1).toDouble(), 0.015);
}

// --- /findSimilar, /contents -----------------------------------------------------------------

TEST_F(FakeExaServerTest, FindSimilarNeverReturnsTheSourceAndCanSkipItsDomain)
{
    const QString source = u"https://arxiv.org/abs/2307.06435"_s;
    const HttpAnswer answer
        = post(u"/findSimilar"_s, {{"url"_L1, source}, {"numResults"_L1, 20}, {"excludeSourceDomain"_L1, true}});
    ASSERT_EQ(answer.status, 200) << answer.body.constData();
    ASSERT_EQ(urlsOf(answer).size(), 20);
    for (const QString& result : urlsOf(answer))
        EXPECT_FALSE(result.contains("arxiv.org"_L1)) << qPrintable(result);
    expectExaError(post(u"/findSimilar"_s, {{"numResults"_L1, 2}}), 400, u"INVALID_REQUEST_BODY"_s);
    expectExaError(post(u"/findSimilar"_s, {{"url"_L1, u"not a url"_s}}), 400, u"INVALID_REQUEST"_s);
}

TEST_F(FakeExaServerTest, ContentsReportsAStatusPerUrl)
{
    const QJsonArray urls{u"https://example.com/a-good-page"_s,   u"https://example.com/notfound"_s,
                          u"https://example.com/timeout"_s,       u"https://example.com/livecrawl-timeout"_s,
                          u"https://unavailable.example.com/x"_s, u"https://example.com/http-503"_s,
                          u"https://example.com/crawl-error"_s,   u"ftp://example.com/file"_s};
    const HttpAnswer answer = post(u"/contents"_s, {{"urls"_L1, urls}});
    ASSERT_EQ(answer.status, 200) << answer.body.constData();
    const QJsonArray statuses = answer.json().value("statuses"_L1).toArray();
    ASSERT_EQ(statuses.size(), urls.size());
    const QStringList tags{{},
                           u"CRAWL_NOT_FOUND"_s,
                           u"CRAWL_TIMEOUT"_s,
                           u"CRAWL_LIVECRAWL_TIMEOUT"_s,
                           u"SOURCE_NOT_AVAILABLE"_s,
                           u"CRAWL_HTTP_503"_s,
                           u"CRAWL_UNKNOWN_ERROR"_s,
                           u"UNSUPPORTED_URL"_s};
    for (qsizetype i = 0; i < urls.size(); ++i) {
        const QJsonObject status = statuses.at(i).toObject();
        EXPECT_EQ(status.value("id"_L1), urls.at(i));
        EXPECT_EQ(status.value("status"_L1).toString(), tags.at(i).isEmpty() ? u"success"_s : u"error"_s);
        EXPECT_EQ(status.value("error"_L1).toObject().value("tag"_L1).toString(), tags.at(i));
    }
    const QJsonArray results = answer.json().value("results"_L1).toArray();
    ASSERT_EQ(results.size(), 1);
    EXPECT_FALSE(results.first().toObject().value("text"_L1).toString().isEmpty()) << "text is the default";
    // Only the pages' contents are billed; the breakdown adds up to the total.
    const QJsonObject cost = answer.json().value("costDollars"_L1).toObject();
    const QJsonObject item = cost.value("breakDown"_L1).toArray().first().toObject();
    EXPECT_DOUBLE_EQ(cost.value("total"_L1).toDouble(), 0.001);
    EXPECT_DOUBLE_EQ(item.value("search"_L1).toDouble(), 0.0);
    EXPECT_DOUBLE_EQ(item.value("contents"_L1).toDouble(), cost.value("total"_L1).toDouble());
    expectExaError(post(u"/contents"_s, {{"urls"_L1, QJsonArray{}}}), 400, u"INVALID_REQUEST_BODY"_s);
    expectExaError(post(u"/contents"_s, {{"text"_L1, true}}), 400, u"INVALID_REQUEST_BODY"_s);
}

// --- /answer ---------------------------------------------------------------------------------

TEST_F(FakeExaServerTest, AnswerHasTextAndCitations)
{
    const HttpAnswer answer = post(u"/answer"_s, {{"query"_L1, u"What is the latest valuation of SpaceX?"_s}});
    ASSERT_EQ(answer.status, 200);
    EXPECT_FALSE(answer.json().value("answer"_L1).toString().isEmpty());
    const QJsonArray citations = answer.json().value("citations"_L1).toArray();
    ASSERT_FALSE(citations.isEmpty());
    EXPECT_FALSE(citations.first().toObject().value("url"_L1).toString().isEmpty());
    expectExaError(post(u"/answer"_s, {{"query"_L1, u""_s}}), 400, u"INVALID_REQUEST_BODY"_s);
    expectExaError(post(u"/answer"_s, {{"query"_L1, u"x"_s}, {"model"_L1, u"gpt"_s}}), 400, u"INVALID_REQUEST_BODY"_s);
}

TEST_F(FakeExaServerTest, StreamedAnswerIsServerSentEventsTheSdksParse)
{
    const QString question = u"How do rust async runtimes schedule tasks?"_s;
    const HttpAnswer plain = post(u"/answer"_s, {{"query"_L1, question}});
    const HttpAnswer streamed = post(u"/answer"_s, {{"query"_L1, question}, {"stream"_L1, true}});
    ASSERT_EQ(streamed.status, 200);
    EXPECT_TRUE(streamed.header("content-type").startsWith("text/event-stream"));
    EXPECT_GT(streamed.readyReadCount, 1) << "events must arrive as they are made, not all at the end";

    QString text;
    QJsonArray citations;
    QStringList payloads;
    for (const QByteArray& line : streamed.body.split('\n')) {
        if (line.startsWith("data: "))
            payloads.append(QString::fromUtf8(line.mid(6)));
        else
            EXPECT_TRUE(line.isEmpty()) << line.constData();
    }
    ASSERT_GE(payloads.size(), 3);
    EXPECT_EQ(payloads.constLast(), u"[DONE]"_s);
    for (const QString& payload : payloads.mid(0, payloads.size() - 1)) {
        const QJsonObject event = QJsonDocument::fromJson(payload.toUtf8()).object();
        if (event.contains("choices"_L1))
            text += event.value("choices"_L1)
                        .toArray()
                        .first()
                        .toObject()
                        .value("delta"_L1)
                        .toObject()
                        .value("content"_L1)
                        .toString();
        if (event.contains("citations"_L1))
            citations = event.value("citations"_L1).toArray();
    }
    EXPECT_EQ(text, plain.json().value("answer"_L1).toString());
    EXPECT_EQ(citations, plain.json().value("citations"_L1).toArray());
}

TEST_F(FakeExaServerTest, AnswerWithOutputSchemaIsAnObject)
{
    const QJsonObject schema{{"type"_L1, u"object"_s},
                             {"properties"_L1, QJsonObject{{"valuation"_L1, QJsonObject{{"type"_L1, u"number"_s}}}}}};
    const HttpAnswer answer = post(u"/answer"_s, {{"query"_L1, u"SpaceX valuation"_s}, {"outputSchema"_L1, schema}});
    EXPECT_TRUE(answer.json().value("answer"_L1).toObject().value("valuation"_L1).isDouble())
        << answer.body.constData();
}

// --- research --------------------------------------------------------------------------------

TEST_F(FakeExaServerTest, ResearchTasksProgressAndBelongToTheirKey)
{
    const HttpAnswer created = post(u"/research/v1"_s, {{"instructions"_L1, u"Compare honeypot ants"_s}});
    ASSERT_EQ(created.status, 201) << created.body.constData();
    const QString id = created.json().value("researchId"_L1).toString();
    EXPECT_EQ(created.json().value("status"_L1).toString(), u"pending"_s);
    EXPECT_EQ(created.json().value("model"_L1).toString(), u"exa-research-fast"_s);

    const QUrl taskUrl = url(u"/research/v1/"_s + id);
    EXPECT_EQ(testsupport::getWithKey(taskUrl, kKey).json().value("status"_L1).toString(), u"running"_s);
    const HttpAnswer done = testsupport::getWithKey(taskUrl, kKey);
    EXPECT_EQ(done.json().value("status"_L1).toString(), u"completed"_s);
    EXPECT_FALSE(done.json().value("output"_L1).toObject().value("content"_L1).toString().isEmpty());
    EXPECT_GT(done.json().value("costDollars"_L1).toObject().value("total"_L1).toDouble(), 0.0);

    // Another key cannot see the task: follow-ups must go out with the key that made it.
    EXPECT_EQ(testsupport::getWithKey(taskUrl, kOtherKey).status, 404);
    expectExaError(post(u"/research/v1"_s, {{"model"_L1, u"exa-research"_s}}), 400, u"INVALID_REQUEST_BODY"_s);
}

TEST_F(FakeExaServerTest, ResearchListPagesThroughTheKeysTasks)
{
    for (int i = 0; i < 3; ++i)
        post(u"/research/v1"_s, {{"instructions"_L1, u"task %1"_s.arg(i)}});
    post(u"/research/v1"_s, {{"instructions"_L1, u"someone else's"_s}}, kOtherKey);

    const HttpAnswer first = testsupport::getWithKey(url(u"/research/v1?limit=2"_s), kKey);
    ASSERT_EQ(first.status, 200);
    EXPECT_EQ(first.json().value("data"_L1).toArray().size(), 2);
    EXPECT_TRUE(first.json().value("hasMore"_L1).toBool());
    const QString cursor = first.json().value("nextCursor"_L1).toString();
    const HttpAnswer second = testsupport::getWithKey(url(u"/research/v1?limit=2&cursor="_s + cursor), kKey);
    const QJsonArray rest = second.json().value("data"_L1).toArray();
    ASSERT_EQ(rest.size(), 1);
    EXPECT_EQ(rest.first().toObject().value("instructions"_L1).toString(), u"task 0"_s);
    EXPECT_FALSE(second.json().value("hasMore"_L1).toBool());
    EXPECT_TRUE(second.json().value("nextCursor"_L1).isNull());
}

} // namespace
