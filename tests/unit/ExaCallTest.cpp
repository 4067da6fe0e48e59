#include "exa/ExaCall.h"

#include "exa/ExaClient.h"

#include <QJsonDocument>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using exa::ExaCall;
using exa::ExaRoute;

namespace {

TEST(ExaCall, RoutesAreRecognisedByMethodAndPath)
{
    EXPECT_EQ(exa::routeFor("POST", u"/search"), ExaRoute::Search);
    EXPECT_EQ(exa::routeFor("POST", u"/findSimilar"), ExaRoute::FindSimilar);
    EXPECT_EQ(exa::routeFor("POST", u"/contents"), ExaRoute::Contents);
    EXPECT_EQ(exa::routeFor("POST", u"/answer"), ExaRoute::Answer);
    EXPECT_EQ(exa::routeFor("POST", u"/research/v1"), ExaRoute::ResearchCreate);
    EXPECT_EQ(exa::routeFor("GET", u"/research/v1"), ExaRoute::ResearchList);
    EXPECT_EQ(exa::routeFor("GET", u"/research/v1/r_123"), ExaRoute::ResearchGet);
    EXPECT_EQ(exa::routeFor("GET", u"/research/v1/r_123/x"), ExaRoute::Other);
    EXPECT_EQ(exa::routeFor("GET", u"/search"), ExaRoute::Other);
    EXPECT_EQ(exa::routeFor("POST", u"/search/"), ExaRoute::Search);
    EXPECT_EQ(exa::routeFor("DELETE", u"/research/v1"), ExaRoute::Other);
}

TEST(ExaCall, PassthroughKnowsWhenTheAnswerStreams)
{
    EXPECT_TRUE(ExaCall::passthrough("POST", u"/answer"_s, {}, R"({"query":"q","stream":true})").streamed);
    EXPECT_FALSE(ExaCall::passthrough("POST", u"/answer"_s, {}, R"({"query":"q"})").streamed);
    EXPECT_FALSE(ExaCall::passthrough("POST", u"/search"_s, {}, R"({"query":"q","stream":true})").streamed);
    EXPECT_TRUE(ExaCall::passthrough("GET", u"/research/v1/r1"_s, QUrlQuery(u"stream=true"_s), {}).streamed);
}

TEST(ExaCall, TypedCallsAreJsonPosts)
{
    exa::SearchRequest request;
    request.query = u"q"_s;
    const ExaCall call = ExaCall::search(request);
    EXPECT_EQ(call.route, ExaRoute::Search);
    EXPECT_EQ(call.method, "POST");
    EXPECT_EQ(call.path, u"/search"_s);
    EXPECT_EQ(QJsonDocument::fromJson(call.body).object(), request.toJson());

    const ExaCall get = ExaCall::getResearch(u"r/1 x"_s);
    EXPECT_EQ(get.method, "GET");
    EXPECT_EQ(get.path, u"/research/v1/r%2F1%20x"_s);
    EXPECT_TRUE(get.body.isEmpty());

    const ExaCall list = ExaCall::listResearch(u"abc"_s, 5);
    EXPECT_EQ(list.query.toString(), u"cursor=abc&limit=5"_s);
}

TEST(ExaClient, JoinsTheBaseUrlAndThePath)
{
    exa::ExaClientOptions options;
    options.baseUrl = QUrl(u"http://127.0.0.1:8080/exa/"_s);
    exa::ExaClient client(options);
    EXPECT_EQ(client.urlFor(ExaCall::listResearch({}, 2)).toString(),
              u"http://127.0.0.1:8080/exa/research/v1?limit=2"_s);
    options.baseUrl = QUrl(u"https://api.exa.ai"_s);
    client.setOptions(options);
    EXPECT_EQ(client.urlFor(ExaCall::search({})).toString(), u"https://api.exa.ai/search"_s);
    // An id that needs escaping is escaped once, not twice.
    EXPECT_EQ(client.urlFor(ExaCall::getResearch(u"r/1 x%"_s)).toString(QUrl::FullyEncoded),
              u"https://api.exa.ai/research/v1/r%2F1%20x%25"_s);
}

TEST(ExaClient, DefaultUserAgentIsHonest)
{
    EXPECT_TRUE(exa::ExaClientOptions::defaultUserAgent().startsWith("ExaDesk/"_L1));
    EXPECT_EQ(exa::ExaClientOptions::defaultBaseUrl().toString(), u"https://api.exa.ai"_s);
}

} // namespace
