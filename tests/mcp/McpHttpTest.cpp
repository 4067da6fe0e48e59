// MCP's Streamable HTTP transport at /mcp on the local port, with raw HTTP on loopback: sessions
// made by initialize and ended by DELETE, the session id and protocol version checked, JSON or
// an event stream as the client accepts, the port's guard in front, and the port's other routes
// and counts unharmed.
#include "../server/LocalServerFixture.h"
#include "ManualClock.h"
#include "Wait.h"
#include "mcp/McpSessions.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace servertests;

namespace {

const QByteArray kAccept = "application/json, text/event-stream";

QByteArray initializeBody(const QString& version = u"2025-11-25"_s)
{
    return QJsonDocument(
               QJsonObject{{"jsonrpc"_L1, u"2.0"_s},
                           {"id"_L1, 1},
                           {"method"_L1, u"initialize"_s},
                           {"params"_L1,
                            QJsonObject{{"protocolVersion"_L1, version},
                                        {"capabilities"_L1, QJsonObject{}},
                                        {"clientInfo"_L1, QJsonObject{{"name"_L1, u"t"_s}, {"version"_L1, u"1"_s}}}}}})
        .toJson(QJsonDocument::Compact);
}

QByteArray searchCall(int id, bool progress = false)
{
    QJsonObject params{{"name"_L1, u"web_search_exa"_s}, {"arguments"_L1, QJsonObject{{"query"_L1, u"rust"_s}}}};
    if (progress)
        params.insert("_meta"_L1, QJsonObject{{"progressToken"_L1, 5}});
    return QJsonDocument(
               QJsonObject{
                   {"jsonrpc"_L1, u"2.0"_s}, {"id"_L1, id}, {"method"_L1, u"tools/call"_s}, {"params"_L1, params}})
        .toJson(QJsonDocument::Compact);
}

// The JSON-RPC messages of an event stream's body, in order.
QList<QJsonObject> events(const QByteArray& body)
{
    QList<QJsonObject> messages;
    for (const QByteArray& event : body.split('\n')) {
        if (event.startsWith("data: "))
            messages.append(QJsonDocument::fromJson(event.mid(6)).object());
    }
    return messages;
}

class McpHttpTest : public LocalServerTest
{
protected:
    RawResponse mcp(const QByteArray& method, const QByteArray& body, testsupport::RawHeaders headers = {},
                    const QByteArray& target = "/mcp")
    {
        headers.prepend({"x-api-key", kToken});
        return exchange(rawRequest(method, target, port, headers, body));
    }

    // A session, by initialize; its id.
    QByteArray initialize(const QByteArray& target = "/mcp")
    {
        const RawResponse answer = mcp("POST", initializeBody(), {{"accept", kAccept}}, target);
        EXPECT_EQ(answer.status, 200) << answer.body.constData();
        EXPECT_EQ(answer.json()["result"_L1]["protocolVersion"_L1].toString(), u"2025-11-25"_s);
        return answer.header("mcp-session-id");
    }

    RawResponse inSession(const QByteArray& session, const QByteArray& body, const QByteArray& accept = kAccept)
    {
        return mcp("POST", body,
                   {{"accept", accept}, {"mcp-session-id", session}, {"mcp-protocol-version", "2025-11-25"}});
    }
};

TEST_F(McpHttpTest, ASessionIsMadeUsedAndEnded)
{
    startServer();
    const QByteArray session = initialize();
    ASSERT_EQ(session.size(), 32) << "128 random bits, in hex";
    EXPECT_NE(initialize(), session) << "each initialize its own session";

    const RawResponse notified = inSession(session, R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
    EXPECT_EQ(notified.status, 202);
    EXPECT_TRUE(notified.body.isEmpty());

    const RawResponse listed = inSession(session, R"({"jsonrpc":"2.0","id":2,"method":"tools/list"})");
    ASSERT_EQ(listed.status, 200);
    EXPECT_EQ(listed.header("content-type"), "application/json");
    EXPECT_EQ(listed.json()["result"_L1]["tools"_L1].toArray().size(), 2);

    const RawResponse searched = inSession(session, searchCall(3));
    ASSERT_EQ(searched.status, 200) << searched.body.constData();
    EXPECT_TRUE(searched.json()["result"_L1]["content"_L1][0]["text"_L1].toString().startsWith(u"Title: "_s));

    EXPECT_EQ(mcp("DELETE", {}, {{"mcp-session-id", session}}).status, 204);
    EXPECT_EQ(inSession(session, R"({"jsonrpc":"2.0","id":4,"method":"ping"})").status, 404) << "ended";
    EXPECT_EQ(mcp("DELETE", {}, {{"mcp-session-id", session}}).status, 404);
}

TEST_F(McpHttpTest, TheToolsAreChosenInTheAddressAsWithExaMcpServer)
{
    startServer();
    const QByteArray session = initialize("/mcp?tools=answer_exa,find_similar_exa,not_a_tool");
    const QJsonArray tools = inSession(session, R"({"jsonrpc":"2.0","id":2,"method":"tools/list"})")
                                 .json()["result"_L1]["tools"_L1]
                                 .toArray();
    ASSERT_EQ(tools.size(), 2);
    EXPECT_EQ(tools[0]["name"_L1].toString(), u"find_similar_exa"_s);
    EXPECT_EQ(tools[1]["name"_L1].toString(), u"answer_exa"_s);

    const RawResponse none = mcp("POST", initializeBody(), {{"accept", kAccept}}, "/mcp?tools=not_a_tool");
    EXPECT_EQ(none.status, 400);
    EXPECT_TRUE(none.json()["error"_L1]["message"_L1].toString().contains(u"web_search_exa"_s));
    EXPECT_FALSE(none.hasHeader("mcp-session-id"));
}

TEST_F(McpHttpTest, WhatIsNotASessionsMessageIsRefusedAsTheSpecificationSays)
{
    startServer();
    const QByteArray ping = R"({"jsonrpc":"2.0","id":2,"method":"ping"})";
    const RawResponse noSession = mcp("POST", ping, {{"accept", kAccept}});
    EXPECT_EQ(noSession.status, 400);
    EXPECT_EQ(noSession.json()["error"_L1]["code"_L1].toInt(), -32600);
    EXPECT_EQ(mcp("POST", ping, {{"accept", kAccept}, {"mcp-session-id", "0123456789abcdef0123456789abcdef"}}).status,
              404);

    const QByteArray session = initialize();
    const RawResponse oldVersion
        = mcp("POST", ping, {{"accept", kAccept}, {"mcp-session-id", session}, {"mcp-protocol-version", "2024-10-07"}});
    EXPECT_EQ(oldVersion.status, 400);
    EXPECT_TRUE(oldVersion.json()["error"_L1]["message"_L1].toString().contains(u"2025-06-18"_s));
    EXPECT_EQ(inSession(session, ping, "text/html").status, 406);
    EXPECT_EQ(mcp("GET", {}, {{"accept", "text/event-stream"}, {"mcp-session-id", session}}).status, 405);
    EXPECT_EQ(mcp("PUT", ping, {{"mcp-session-id", session}}).status, 405);
    EXPECT_EQ(mcp("DELETE", {}).status, 400);

    // Bad messages inside a good session: JSON-RPC's errors, with HTTP's 400 where it was no message.
    const RawResponse parse = inSession(session, "{\"jsonrpc\":");
    EXPECT_EQ(parse.status, 400);
    EXPECT_EQ(parse.json()["error"_L1]["code"_L1].toInt(), -32700);
    const RawResponse unknown = inSession(session, R"({"jsonrpc":"2.0","id":3,"method":"sampling/createMessage"})");
    EXPECT_EQ(unknown.status, 200);
    EXPECT_EQ(unknown.json()["error"_L1]["code"_L1].toInt(), -32601);
    const RawResponse batch = inSession(session, "[" + ping + "]");
    EXPECT_EQ(batch.status, 400) << "no batches in 2025-11-25";
    const RawResponse unknownTool = inSession(
        session, R"({"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"deep_researcher_start"}})");
    EXPECT_EQ(unknownTool.json()["error"_L1]["code"_L1].toInt(), -32602);

    // And it keeps serving.
    EXPECT_EQ(inSession(session, ping).json()["result"_L1].toObject(), QJsonObject{});
    EXPECT_EQ(fake->totalRequests(), 0);
}

TEST_F(McpHttpTest, TheGuardStandsInFrontOfMcpToo)
{
    LocalServerOptions options;
    options.allowedOrigins = {u"http://localhost:3000"_s};
    startServer(options);
    const QByteArray body = initializeBody();
    const auto withoutToken = exchange(rawRequest("POST", "/mcp", port, {{"accept", kAccept}}, body));
    EXPECT_EQ(withoutToken.status, 401);
    const auto wrongToken
        = exchange(rawRequest("POST", "/mcp", port, {{"authorization", "Bearer not-the-token-at-all"}}, body));
    EXPECT_EQ(wrongToken.status, 401);
    EXPECT_EQ(mcp("POST", body, {{"accept", kAccept}, {"origin", "http://evil.example"}}).status, 403);
    const RawResponse wrongHost = exchange("POST /mcp HTTP/1.1\r\nHost: attacker.example\r\nx-api-key: " + kToken
                                           + "\r\nContent-Type: application/json\r\nContent-Length: "
                                           + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    EXPECT_EQ(wrongHost.status, 403) << "DNS rebinding";

    // An allowed page's preflight and request, with the session id readable by its script.
    const RawResponse preflight = exchange(
        rawRequest("OPTIONS", "/mcp", port,
                   {{"origin", "http://localhost:3000"}, {"access-control-request-headers", "mcp-session-id"}}));
    EXPECT_EQ(preflight.status, 204);
    EXPECT_TRUE(preflight.header("access-control-allow-headers").contains("mcp-session-id"));
    EXPECT_TRUE(preflight.header("access-control-allow-methods").contains("DELETE"));
    const RawResponse allowed = mcp("POST", body, {{"accept", kAccept}, {"origin", "http://localhost:3000"}});
    EXPECT_EQ(allowed.status, 200);
    EXPECT_TRUE(allowed.header("access-control-expose-headers").contains("mcp-session-id"));
    EXPECT_EQ(fake->totalRequests(), 0);
}

TEST_F(McpHttpTest, ProgressComesAsAnEventStreamBeforeTheAnswer)
{
    fake->setAcceptedKeys({kPoolKey, kDeadKey});
    startServer({}, {kPoolKey, kDeadKey});
    const QByteArray session = initialize();
    fakeexa::FakeOutcome limited;
    limited.status = 429;
    fake->script().set(u"*"_s, {limited});
    const RawResponse streamed = inSession(session, searchCall(7, true));
    ASSERT_EQ(streamed.status, 200) << streamed.body.constData();
    EXPECT_EQ(streamed.header("content-type"), "text/event-stream");
    const QList<QJsonObject> messages = events(streamed.body);
    ASSERT_EQ(messages.size(), 2) << streamed.body.constData();
    EXPECT_EQ(messages[0]["method"_L1].toString(), u"notifications/progress"_s);
    EXPECT_EQ(messages[0]["params"_L1]["progressToken"_L1].toInt(), 5);
    EXPECT_EQ(messages[1]["id"_L1].toInt(), 7);
    EXPECT_TRUE(messages[1]["result"_L1]["content"_L1][0]["text"_L1].toString().startsWith(u"Title: "_s));

    // A client that takes only events gets one, progress or not.
    const RawResponse onlyEvents = inSession(session, searchCall(8), "text/event-stream");
    EXPECT_EQ(onlyEvents.header("content-type"), "text/event-stream");
    ASSERT_EQ(events(onlyEvents.body).size(), 1);
    EXPECT_EQ(events(onlyEvents.body)[0]["id"_L1].toInt(), 8);
}

TEST_F(McpHttpTest, ToolCallsAreCountedAndAClientThatLeavesStopsItsCall)
{
    startServer();
    const QByteArray session = initialize();
    ASSERT_EQ(inSession(session, searchCall(1)).status, 200);
    const QByteArray metrics = exchange(rawRequest("GET", "/metrics", port, {{"x-api-key", kToken}})).body;
    EXPECT_TRUE(metrics.contains("exadesk_mcp_tool_calls_total{tool=\"web_search_exa\",result=\"ok\"} 1"))
        << metrics.constData();
    EXPECT_TRUE(metrics.contains("exadesk_requests_total{route=\"mcp\",status=\"200\"} 2")) << metrics.constData();

    fakeexa::FakeOutcome hang;
    hang.hang = true;
    fake->script().set(kPoolKey, {hang});
    {
        RawClient client;
        ASSERT_TRUE(client.connectTo(port));
        client.send(rawRequest("POST", "/mcp", port,
                               {{"x-api-key", kToken}, {"accept", kAccept}, {"mcp-session-id", session}},
                               searchCall(2)));
        ASSERT_TRUE(testsupport::waitUntil([&] { return fake->stats(kPoolKey).hung == 1; }));
        EXPECT_EQ(server->requestsInFlight(), 1);
        client.close();
    }
    ASSERT_TRUE(testsupport::waitUntil([&] { return server->requestsInFlight() == 0; }));
    EXPECT_TRUE(testsupport::waitUntil([&] { return gateway->summary().inFlight == 0; }));
    EXPECT_EQ(served->constLast().constFirst().value<ServedRequest>().status, 499);
}

TEST(McpSessionsTest, IdleSessionsAreForgottenAndTheOldestMakesRoom)
{
    KeyPolicy policy;
    Gateway gateway(Clock::system(), {}, policy);
    testsupport::ManualClock clock;
    McpSessions sessions(gateway, clock);
    QByteArray first;
    ASSERT_TRUE(sessions.open({u"web_search_exa"_s}, &first));
    clock.advance(std::chrono::minutes(30));
    QByteArray second;
    ASSERT_TRUE(sessions.open({u"web_search_exa"_s}, &second));
    clock.advance(std::chrono::minutes(31));
    EXPECT_FALSE(sessions.find(first)) << "an hour without a message";
    EXPECT_TRUE(sessions.find(second));
    EXPECT_EQ(sessions.count(), 1);

    // Full: the least recently used goes, not the one just used.
    QList<QByteArray> ids{second};
    for (int i = 1; i < McpSessions::kMaxSessions; ++i) {
        clock.advance(std::chrono::seconds(1));
        ids.append(QByteArray());
        ASSERT_TRUE(sessions.open({u"web_search_exa"_s}, &ids.last()));
    }
    EXPECT_EQ(sessions.count(), McpSessions::kMaxSessions);
    clock.advance(std::chrono::seconds(1));
    ASSERT_TRUE(sessions.find(second));
    QByteArray newest;
    ASSERT_TRUE(sessions.open({u"web_search_exa"_s}, &newest));
    EXPECT_EQ(sessions.count(), McpSessions::kMaxSessions);
    EXPECT_TRUE(sessions.find(second));
    EXPECT_FALSE(sessions.find(ids[1])) << "the least recently used made room";
}

} // namespace
