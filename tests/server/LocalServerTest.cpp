// The local port, guard and behaviour, with raw requests on loopback: every item of the guard
// has a request here that a polite client would never send.
#include "CannedHttpServer.h"
#include "LocalServerFixture.h"
#include "Wait.h"
#include "logging/KeyMask.h"
#include "storage/BatchedCallLog.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>

using namespace servertests;
using testsupport::CannedHttpServer;
using testsupport::waitForSignals;
using testsupport::waitUntil;

namespace {

const QByteArray kSearch = R"({"query":"rust async runtimes","numResults":2})";

fakeexa::FakeOutcome slowAnswer(int delayMs)
{
    fakeexa::FakeOutcome outcome;
    outcome.delayMs = delayMs;
    outcome.times = -1;
    return outcome;
}

// The key as the x-exadesk-key header shows it: masked, in ASCII.
QByteArray maskedForHeader(const QString& key)
{
    const QByteArray masked = maskKey(key).replace(u'…', u"..."_s).toLatin1();
    EXPECT_FALSE(masked.contains(key.left(12).toLatin1()));
    return masked;
}

ServedRequest lastServed(QSignalSpy& spy)
{
    return spy.constLast().constFirst().value<ServedRequest>();
}

// 1. Loopback only

TEST_F(LocalServerTest, ListensOnLoopbackOnlyByDefault)
{
    startServer();
    ASSERT_FALSE(server->addresses().isEmpty());
    for (const QHostAddress& address : server->addresses())
        EXPECT_TRUE(address.isLoopback()) << qPrintable(address.toString());
    // 127.0.0.2 is loopback too, but not an address we bound: nothing answers there.
    RawClient other;
    EXPECT_FALSE(other.connectTo(port, QHostAddress(u"127.0.0.2"_s), 2'000));
    EXPECT_EQ(server->endpoint(), QUrl(u"http://127.0.0.1:%1"_s.arg(port)));
}

TEST_F(LocalServerTest, WarnsWhenAskedToListenBeyondLoopback)
{
    LocalServerOptions options;
    options.addresses = {QHostAddress(QHostAddress::AnyIPv4)};
    startServer(options);
    ASSERT_EQ(server->warnings().size(), 1);
    EXPECT_TRUE(server->warnings().constFirst().contains(u"0.0.0.0"_s));
    // A wildcard address does not widen the Host allow-list.
    EXPECT_EQ(exchange("GET /healthz HTTP/1.1\r\nHost: 192.168.1.20:" + QByteArray::number(port) + "\r\n\r\n").status,
              403);
    EXPECT_EQ(exchange(rawRequest("GET", "/healthz", port)).status, 200);
}

TEST_F(LocalServerTest, RefusesAPortInUseWithAClearMessage)
{
    startServer();
    LocalServer second(*gateway);
    LocalServerOptions options;
    options.port = port;
    options.accessToken = kToken;
    QString error;
    EXPECT_FALSE(second.start(options, &error));
    EXPECT_TRUE(error.contains(QString::number(port))) << qPrintable(error);
    EXPECT_TRUE(error.contains(u"in use"_s)) << qPrintable(error);
    EXPECT_FALSE(second.isRunning());
}

TEST_F(LocalServerTest, RefusesToStartWithoutAToken)
{
    startServer();
    LocalServer second(*gateway);
    LocalServerOptions options;
    options.port = 0;
    QString error;
    EXPECT_FALSE(second.start(options, &error));
    EXPECT_TRUE(error.contains(u"token"_s));
}

// 2. Host allow-list

TEST_F(LocalServerTest, AnswersOnlyToItsOwnHostNames)
{
    LocalServerOptions options;
    options.extraHosts = {u"desk.lan"_s};
    startServer(options);
    const QByteArray p = QByteArray::number(port);
    for (const QByteArray& host :
         QList<QByteArray>{"127.0.0.1:" + p, "localhost:" + p, "[::1]:" + p, "desk.lan:" + p}) {
        const QByteArray raw = "GET /healthz HTTP/1.1\r\nHost: " + host + "\r\n\r\n";
        EXPECT_EQ(exchange(raw).status, 200) << host.constData();
    }
    for (const QByteArray& host :
         QList<QByteArray>{QByteArray(), "0.0.0.0:" + p, "localhost.evil.com:" + p, "evil.com", "127.0.0.1",
                           "attacker.example:" + p, "127.0.0.1:" + QByteArray::number(port + 1)}) {
        const QByteArray raw = "POST /search HTTP/1.1\r\nHost: " + host + "\r\nx-api-key: " + kToken
            + "\r\nContent-Length: " + QByteArray::number(kSearch.size()) + "\r\n\r\n" + kSearch;
        const RawResponse response = exchange(raw);
        EXPECT_EQ(response.status, 403) << host.constData();
        EXPECT_EQ(response.json().value("tag"_L1).toString(), u"HOST_NOT_ALLOWED"_s);
    }
    const RawResponse missing = exchange("GET /healthz HTTP/1.1\r\n\r\n");
    EXPECT_EQ(missing.status, 403);
    EXPECT_EQ(fake->totalRequests(), 0);
}

// 3. Origin

TEST_F(LocalServerTest, RefusesWebPagesFromOriginsNotAllowed)
{
    startServer();
    for (const QByteArray& origin : QList<QByteArray>{"http://evil.com", "null", "http://localhost:3000"}) {
        const RawResponse response = post("/search", kSearch, {{"Origin", origin}});
        EXPECT_EQ(response.status, 403) << origin.constData();
        EXPECT_FALSE(response.hasHeader("access-control-allow-origin"));
    }
    const RawResponse plain = post("/search", kSearch);
    EXPECT_EQ(plain.status, 200);
    EXPECT_FALSE(plain.hasHeader("access-control-allow-origin"));
    EXPECT_EQ(fake->totalRequests(), 1);
}

TEST_F(LocalServerTest, AnswersAllowedOriginsWithCors)
{
    LocalServerOptions options;
    options.allowedOrigins = {u"http://localhost:3000"_s};
    startServer(options);
    const RawResponse preflight = exchange(rawRequest("OPTIONS", "/search", port,
                                                      {{"Origin", "http://localhost:3000"},
                                                       {"Access-Control-Request-Method", "POST"},
                                                       {"Access-Control-Request-Headers", "x-api-key"}}));
    EXPECT_EQ(preflight.status, 204);
    EXPECT_EQ(preflight.header("access-control-allow-origin"), "http://localhost:3000");
    EXPECT_TRUE(preflight.header("access-control-allow-headers").contains("x-api-key"));

    const RawResponse response = post("/search", kSearch, {{"Origin", "http://localhost:3000"}});
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.header("access-control-allow-origin"), "http://localhost:3000");
    EXPECT_EQ(post("/search", kSearch, {{"Origin", "http://localhost:3001"}}).status, 403);
}

// 4. The access token

TEST_F(LocalServerTest, RequiresTheAccessTokenInAHeader)
{
    startServer();
    const QByteArray withoutToken = rawRequest("POST", "/search", port, {}, kSearch);
    const RawResponse missing = exchange(withoutToken);
    EXPECT_EQ(missing.status, 401);
    EXPECT_EQ(missing.header("www-authenticate"), "Bearer");
    EXPECT_EQ(exchange(rawRequest("POST", "/search", port, {{"x-api-key", "exd_wrong"}}, kSearch)).status, 401);
    EXPECT_EQ(exchange(rawRequest("POST", "/search", port, {{"x-api-key", kPoolKey.toLatin1()}}, kSearch)).status, 401);
    EXPECT_EQ(exchange(rawRequest("POST", "/search?apiKey=" + kToken, port, {}, kSearch)).status, 400);
    EXPECT_EQ(exchange(rawRequest("POST", "/search?x-api-key=" + kToken, port, {}, kSearch)).status, 400);
    EXPECT_EQ(exchange(rawRequest("POST", "/search", port, {{"Cookie", "x-api-key=" + kToken}}, kSearch)).status, 401);
    EXPECT_EQ(fake->totalRequests(), 0);

    EXPECT_EQ(exchange(rawRequest("POST", "/search", port, {{"Authorization", "Bearer " + kToken}}, kSearch)).status,
              200);
    EXPECT_EQ(post("/search", kSearch).status, 200);
    // Even with the right header, a token in the URL is refused rather than passed on.
    EXPECT_EQ(post("/search?token=" + kToken, kSearch).status, 400);
    EXPECT_EQ(fake->totalRequests(), 2);

    // What the port tells about requests never holds the token.
    for (const QList<QVariant>& signal : std::as_const(*served)) {
        const ServedRequest request = signal.constFirst().value<ServedRequest>();
        EXPECT_FALSE(request.path.contains(kToken));
        EXPECT_FALSE(request.key.contains(QString::fromLatin1(kToken)));
    }
}

TEST_F(LocalServerTest, ANewTokenReplacesTheOld)
{
    startServer();
    server->setAccessToken("exd_the_next_token_0123456789");
    EXPECT_EQ(post("/search", kSearch).status, 401);
    EXPECT_EQ(
        exchange(rawRequest("POST", "/search", port, {{"x-api-key", "exd_the_next_token_0123456789"}}, kSearch)).status,
        200);
}

// 5. Not an open proxy

TEST_F(LocalServerTest, SendsThePoolKeyAndNothingOfTheClients)
{
    startServer();
    const RawResponse response = post("/search", kSearch,
                                      {{"Cookie", "session=abc"},
                                       {"Authorization", "Bearer something-else"},
                                       {"X-Forwarded-For", "10.0.0.1"},
                                       {"Proxy-Authorization", "Basic dXNlcjpwYXNz"}});
    ASSERT_EQ(response.status, 200) << response.body.constData();
    const fakeexa::RecordedRequest upstream = fake->lastRequest();
    EXPECT_EQ(upstream.header("x-api-key"), kPoolKey.toLatin1());
    for (const QByteArray& name :
         QList<QByteArray>{"cookie", "authorization", "x-forwarded-for", "proxy-authorization"})
        EXPECT_TRUE(upstream.header(name).isEmpty()) << name.constData();
    EXPECT_EQ(upstream.json(), QJsonDocument::fromJson(kSearch).object());
}

TEST_F(LocalServerTest, RefusesProxyRequestsAndUnknownRoutes)
{
    startServer();
    const QByteArray token = "x-api-key: " + kToken + "\r\n";
    const QByteArray host = "Host: 127.0.0.1:" + QByteArray::number(port) + "\r\n";
    EXPECT_EQ(exchange("GET http://example.com/ HTTP/1.1\r\n" + host + token + "\r\n").status, 400);
    EXPECT_EQ(
        exchange("POST http://api.exa.ai/search HTTP/1.1\r\n" + host + token + "Content-Length: 2\r\n\r\n{}").status,
        400);
    EXPECT_EQ(exchange("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n").status, 405);
    for (const QByteArray& path : QList<QByteArray>{"/admin", "/", "/search/../admin", "/research/v1/abc/def",
                                                    "/websets/v0/websets", "/%73earch", "//search"}) {
        const RawResponse response = exchange(rawRequest("POST", path, port, {{"x-api-key", kToken}}, "{}"));
        EXPECT_EQ(response.status, 404) << path.constData();
    }
    EXPECT_EQ(exchange(rawRequest("GET", "/search", port, {{"x-api-key", kToken}})).status, 405);
    EXPECT_EQ(fake->totalRequests(), 0);
}

TEST_F(LocalServerTest, DoesNotFollowARedirectToAnotherHostWithTheKey)
{
    CannedHttpServer elsewhere(CannedHttpServer::response(200, "application/json", R"({"results":[]})"));
    const quint16 elsewherePort = elsewhere.start();
    CannedHttpServer redirecting(CannedHttpServer::response(
        302, "text/plain", "moved", "Location: http://localhost:" + QByteArray::number(elsewherePort) + "/search\r\n"));
    const quint16 redirectingPort = redirecting.start();

    GatewayOptions options;
    startServer({}, {kPoolKey}, options);
    // The same gateway, now pointed at the redirecting upstream.
    options.client.baseUrl = QUrl(u"http://127.0.0.1:%1"_s.arg(redirectingPort));
    gateway->setOptions(options);

    const RawResponse response = post("/search", kSearch);
    EXPECT_EQ(redirecting.requestCount(), 1);
    EXPECT_EQ(elsewhere.requestCount(), 0);
    EXPECT_NE(response.status, 200);
}

// 6. Bounds

TEST_F(LocalServerTest, RefusesBodiesOverTheLimit)
{
    LocalServerOptions options;
    options.limits.maxBodyBytes = 1024;
    startServer(options);
    const QByteArray big = R"({"query":")" + QByteArray(2000, 'a') + R"("})";
    const RawResponse response = post("/search", big);
    EXPECT_EQ(response.status, 413);
    EXPECT_TRUE(response.json().value("error"_L1).toString().contains(u"1024"_s));
    // Announced but never sent: refused from the header alone.
    RawClient client;
    ASSERT_TRUE(client.connectTo(port));
    client.send("POST /search HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port) + "\r\nx-api-key: " + kToken
                + "\r\nContent-Length: 50000000\r\n\r\n");
    const auto announced = client.readResponse();
    ASSERT_TRUE(announced);
    EXPECT_EQ(announced->status, 413);
    EXPECT_TRUE(client.waitForClose());
    EXPECT_EQ(fake->totalRequests(), 0);
}

TEST_F(LocalServerTest, RefusesOversizedAndTooManyHeaders)
{
    LocalServerOptions options;
    options.limits.maxHeaderBytes = 4096;
    options.limits.maxHeaderCount = 20;
    startServer(options);
    EXPECT_EQ(post("/search", kSearch, {{"X-Padding", QByteArray(5000, 'p')}}).status, 431);
    testsupport::RawHeaders many;
    for (int i = 0; i < 30; ++i)
        many.append({"X-Header-" + QByteArray::number(i), "v"});
    EXPECT_EQ(post("/search", kSearch, many).status, 431);
    // Headers that never end are cut off at the limit, not buffered.
    RawClient endless;
    ASSERT_TRUE(endless.connectTo(port));
    endless.send("GET /healthz HTTP/1.1\r\nX-Endless: " + QByteArray(8000, 'e'));
    const auto cut = endless.readResponse();
    ASSERT_TRUE(cut);
    EXPECT_EQ(cut->status, 431);
    EXPECT_TRUE(endless.waitForClose());
}

TEST_F(LocalServerTest, ClosesAClientThatDribblesWithoutStarvingOthers)
{
    LocalServerOptions options;
    options.limits.readTimeout = std::chrono::milliseconds(400);
    startServer(options);
    RawClient slow;
    ASSERT_TRUE(slow.connectTo(port));
    slow.send("POST /search HTTP/1.1\r\nHost: 127.0.0.1:");
    QElapsedTimer timer;
    timer.start();
    // Others are served meanwhile.
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(post("/search", kSearch).status, 200);
    // Bytes keep coming, but the request's time is counted from its first byte.
    for (int i = 0; i < 100 && !slow.isClosed(); ++i) {
        slow.send("1");
        waitUntil([&] { return slow.isClosed(); }, 20);
    }
    const auto response = slow.readResponse(3'000);
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 408);
    EXPECT_TRUE(slow.waitForClose(3'000));
    EXPECT_LT(timer.elapsed(), 2'000);
}

TEST_F(LocalServerTest, ClosesIdleConnections)
{
    LocalServerOptions options;
    options.limits.readTimeout = std::chrono::milliseconds(300);
    options.limits.idleTimeout = std::chrono::milliseconds(300);
    options.limits.firstByteTimeout = std::chrono::milliseconds(300);
    startServer(options);
    RawClient silent;
    ASSERT_TRUE(silent.connectTo(port));
    EXPECT_TRUE(silent.waitForClose(3'000));

    RawClient kept;
    ASSERT_TRUE(kept.connectTo(port));
    kept.send(rawRequest("GET", "/healthz", port));
    ASSERT_TRUE(kept.readResponse());
    EXPECT_TRUE(kept.waitForClose(3'000));
}

// At the cap, a connection that never showed the token and is not being answered makes way for
// a newcomer; known clients keep theirs, and with only those open a newcomer is turned away.
TEST_F(LocalServerTest, CapsConnectionsMakingWayForKnownClients)
{
    LocalServerOptions options;
    options.maxConnections = 2;
    startServer(options);
    RawClient first;
    RawClient second;
    ASSERT_TRUE(first.connectTo(port));
    ASSERT_TRUE(second.connectTo(port));
    first.send(rawRequest("GET", "/metrics", port, {{"x-api-key", kToken}}));
    ASSERT_TRUE(first.readResponse());
    ASSERT_TRUE(waitUntil([&] { return server->openConnections() == 2; }));
    RawClient third;
    ASSERT_TRUE(third.connectTo(port));
    third.send(rawRequest("GET", "/metrics", port, {{"x-api-key", kToken}}));
    const auto served = third.readResponse();
    ASSERT_TRUE(served);
    EXPECT_EQ(served->status, 200);
    EXPECT_TRUE(second.waitForClose()); // the stranger made way
    // Both open connections are known clients now: the next one is turned away.
    RawClient fourth;
    ASSERT_TRUE(fourth.connectTo(port));
    const auto refused = fourth.readResponse();
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 503);
    first.send(rawRequest("GET", "/healthz", port));
    const auto answered = first.readResponse();
    ASSERT_TRUE(answered);
    EXPECT_EQ(answered->status, 200);
}

TEST_F(LocalServerTest, SaysWhatIsWrongWithABody)
{
    startServer();
    const RawResponse broken = post("/search", R"({"query": "rust",)");
    EXPECT_EQ(broken.status, 400);
    EXPECT_EQ(broken.json().value("tag"_L1).toString(), u"INVALID_REQUEST_BODY"_s);
    EXPECT_TRUE(broken.json().value("error"_L1).toString().contains(u"not valid JSON"_s)) << broken.body.constData();
    EXPECT_EQ(post("/search", "[1,2]").status, 400);
    EXPECT_EQ(post("/search", "").status, 400);
    EXPECT_EQ(exchange("POST /search HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port)
                       + "\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n")
                  .status,
              411);
    EXPECT_EQ(exchange("POST /search HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port)
                       + "\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n{}")
                  .status,
              400);
    EXPECT_EQ(exchange("POST /search HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port)
                       + "\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}")
                  .status,
              400);
    EXPECT_EQ(exchange("GARBAGE\r\n\r\n").status, 400);
    EXPECT_EQ(exchange("GET /healthz HTTP/2.0\r\n\r\n").status, 505);
    EXPECT_EQ(fake->totalRequests(), 0);
}

// Behaviour

TEST_F(LocalServerTest, PassesExasAnswerOnWithWhoServedIt)
{
    startServer({}, {kDeadKey, kPoolKey});
    const RawResponse response = post("/search", kSearch);
    ASSERT_EQ(response.status, 200) << response.body.constData();
    EXPECT_TRUE(response.header("content-type").startsWith("application/json"));
    EXPECT_EQ(response.json().value("results"_L1).toArray().size(), 2);
    // The dead key is refused by Exa, the pool key serves: two attempts, the second key.
    EXPECT_EQ(response.header("x-exadesk-attempts"), "2");
    EXPECT_EQ(response.header("x-exadesk-key"), maskedForHeader(kPoolKey));
    EXPECT_FALSE(response.body.contains(kPoolKey.toLatin1()));
    EXPECT_EQ(gateway->keys().at(0).health.state, KeyState::Invalid);

    const RawResponse wrong = post("/search", R"({"query":"x","numResults":500})");
    EXPECT_EQ(wrong.status, 400);
    EXPECT_EQ(wrong.json().value("tag"_L1).toString(), u"NUM_RESULTS_EXCEEDED"_s) << wrong.body.constData();
    EXPECT_EQ(wrong.header("x-exadesk-attempts"), "1");

    ASSERT_GE(served->size(), 2);
    const ServedRequest last = lastServed(*served);
    EXPECT_EQ(last.status, 400);
    EXPECT_EQ(last.route, u"search"_s);
    EXPECT_EQ(last.path, "/search");
}

TEST_F(LocalServerTest, ServesEveryExaRoute)
{
    startServer();
    EXPECT_EQ(post("/findSimilar", R"({"url":"https://example.com","numResults":2})").status, 200);
    EXPECT_EQ(post("/contents", R"({"urls":["https://example.com/a"],"text":true})").status, 200);
    const RawResponse answer = post("/answer", R"({"query":"what is rust"})");
    EXPECT_EQ(answer.status, 200);
    EXPECT_FALSE(answer.json().value("answer"_L1).toString().isEmpty()) << answer.body.constData();
    const RawResponse created
        = post("/research/v1", R"({"instructions":"summarise rust runtimes","model":"exa-research"})");
    ASSERT_EQ(created.status, 201) << created.body.constData();
    const QByteArray id = created.json().value("researchId"_L1).toString().toLatin1();
    ASSERT_FALSE(id.isEmpty());
    const RawResponse got = exchange(rawRequest("GET", "/research/v1/" + id, port, {{"x-api-key", kToken}}));
    EXPECT_EQ(got.status, 200) << got.body.constData();
    EXPECT_EQ(got.json().value("researchId"_L1).toString().toLatin1(), id);
    const RawResponse listed = exchange(rawRequest("GET", "/research/v1?limit=5", port, {{"x-api-key", kToken}}));
    EXPECT_EQ(listed.status, 200) << listed.body.constData();
    EXPECT_EQ(fake->lastRequest().query.queryItemValue(u"limit"_s), u"5"_s);
}

TEST_F(LocalServerTest, StreamsTheAnswerAsItArrives)
{
    startServer();
    RawClient client;
    ASSERT_TRUE(client.connectTo(port));
    client.send(
        rawRequest("POST", "/answer", port, {{"x-api-key", kToken}}, R"({"query":"what is rust","stream":true})"));
    // The first event reaches the client while the fake server is still writing the rest.
    ASSERT_TRUE(client.waitForBytes("data: "));
    EXPECT_FALSE(client.pending().contains("\r\n0\r\n\r\n"));
    EXPECT_EQ(server->requestsInFlight(), 1);
    const auto response = client.readResponse();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
    EXPECT_TRUE(response->header("content-type").startsWith("text/event-stream"));
    EXPECT_EQ(response->header("x-exadesk-attempts"), "1");
    EXPECT_EQ(response->header("x-exadesk-key"), maskedForHeader(kPoolKey));
    EXPECT_GT(response->chunks, 2);
    EXPECT_TRUE(response->body.contains("citations")) << response->body.constData();
}

TEST_F(LocalServerTest, AStreamThatBreaksOffIsCutShortForTheClient)
{
    startFake(false);
    fakeexa::FakeOutcome broken;
    broken.truncate = true;
    fake->script().set(kPoolKey, {broken});
    startServer();
    RawClient client;
    ASSERT_TRUE(client.connectTo(port));
    client.send(
        rawRequest("POST", "/answer", port, {{"x-api-key", kToken}}, R"({"query":"what is rust","stream":true})"));
    ASSERT_TRUE(client.waitForClose());
    // The answer began (200, chunked) and then ended without its last chunk.
    EXPECT_TRUE(client.pending().startsWith("HTTP/1.1 200")) << client.pending().left(200).constData();
    EXPECT_FALSE(client.pending().endsWith("\r\n0\r\n\r\n"));
    EXPECT_FALSE(client.readResponse(100));
    ASSERT_TRUE(testsupport::waitUntil([&] { return server->requestsInFlight() == 0; }));
    // Noted once, as what Exa answered.
    ASSERT_EQ(served->size(), 1);
    EXPECT_EQ(lastServed(*served).status, 200);
}

TEST_F(LocalServerTest, DrainingClosesIdleKeptAliveConnections)
{
    startServer();
    std::vector<std::unique_ptr<RawClient>> clients;
    for (int i = 0; i < 3; ++i) {
        clients.push_back(std::make_unique<RawClient>());
        ASSERT_TRUE(clients.back()->connectTo(port));
        clients.back()->send(rawRequest("POST", "/search", port, {{"x-api-key", kToken}}, kSearch));
        const auto response = clients.back()->readResponse();
        ASSERT_TRUE(response && response->status == 200);
    }
    ASSERT_EQ(server->openConnections(), 3);
    QSignalSpy drained(server.get(), &LocalServer::drained);
    server->drain();
    for (auto& client : clients)
        EXPECT_TRUE(client->waitForClose());
    EXPECT_TRUE(waitForSignals(drained));
    EXPECT_EQ(server->openConnections(), 0);
}

TEST_F(LocalServerTest, ItsRequestsReachTheRequestLogWithTheirAttempts)
{
    QTemporaryDir dir;
    Database database(dir.filePath(u"exadesk.sqlite"_s));
    StorageError error;
    ASSERT_TRUE(database.open(&error)) << qPrintable(error.message);
    startServer({}, {kDeadKey, kPoolKey});
    BatchedCallLog log(database);
    log.setInterval(std::chrono::hours(1)); // written when the test says
    QObject::connect(server.get(), &LocalServer::requestServed, &log, [&log](const ServedRequest& request) {
        if (request.call)
            log.add(*request.call);
    });
    QSignalSpy written(&log, &BatchedCallLog::written);

    ASSERT_EQ(post("/search", kSearch).status, 200);
    ASSERT_EQ(post("/contents", R"({"urls":["https://tokio.rs","https://docs.rs"]})").status, 200);
    ASSERT_EQ(exchange(rawRequest("GET", "/healthz", port)).status, 200); // not a call: not logged
    EXPECT_EQ(log.waiting(), 2); // written together, later
    EXPECT_TRUE(written.isEmpty());
    ASSERT_TRUE(log.flush());
    ASSERT_EQ(written.size(), 1);
    EXPECT_EQ(written.constFirst().constFirst().toInt(), 2);

    const QList<RequestLogEntry> entries = RequestLog(database).recent(10, &error);
    ASSERT_EQ(entries.size(), 2) << qPrintable(error.message);
    const RequestLogEntry& search = entries.at(1);
    EXPECT_EQ(search.source, CallSource::LocalPort);
    EXPECT_EQ(search.route, u"search"_s);
    EXPECT_EQ(search.query, u"rust async runtimes"_s);
    EXPECT_EQ(search.status, 200);
    EXPECT_EQ(search.attempts, 2);
    EXPECT_GT(search.costDollars, 0.0);
    EXPECT_EQ(entries.at(0).query, u"https://tokio.rs https://docs.rs"_s);
    // The dead key was tried first and refused; the pool key served.
    const QList<LoggedAttempt> attempts = RequestLog(database).attempts(search.id, &error);
    ASSERT_EQ(attempts.size(), 2);
    EXPECT_EQ(attempts.at(0).keyId, gateway->keys().at(0).config.id);
    EXPECT_EQ(attempts.at(0).outcome, u"key invalid"_s);
    EXPECT_EQ(attempts.at(0).status, 401);
    EXPECT_EQ(attempts.at(1).keyId, gateway->keys().at(1).config.id);
    EXPECT_EQ(attempts.at(1).outcome, u"success"_s);
    EXPECT_EQ(search.keyId, attempts.at(1).keyId);
}

TEST_F(LocalServerTest, HealthNeedsNoTokenButMetricsDo)
{
    startServer({}, {kDeadKey, kPoolKey});
    const RawResponse health = exchange(rawRequest("GET", "/healthz", port));
    EXPECT_EQ(health.status, 200);
    EXPECT_EQ(health.json().value("keys"_L1).toObject().value("total"_L1).toInt(), 2);
    EXPECT_EQ(exchange(rawRequest("GET", "/metrics", port)).status, 401);

    ASSERT_EQ(post("/search", kSearch).status, 200);
    ASSERT_EQ(post("/search", "{").status, 400);
    const RawResponse metrics = exchange(rawRequest("GET", "/metrics", port, {{"x-api-key", kToken}}));
    ASSERT_EQ(metrics.status, 200);
    EXPECT_TRUE(metrics.header("content-type").startsWith("text/plain; version=0.0.4"));
    const QByteArray& text = metrics.body;
    EXPECT_TRUE(text.contains("exadesk_requests_total{route=\"search\",status=\"200\"} 1\n")) << text.constData();
    EXPECT_TRUE(text.contains("exadesk_requests_total{route=\"search\",status=\"400\"} 1\n"));
    EXPECT_TRUE(text.contains("exadesk_upstream_attempts_total{outcome=\"key invalid\"} 1\n"));
    EXPECT_TRUE(text.contains("exadesk_upstream_retries_total 1\n"));
    EXPECT_TRUE(text.contains("exadesk_upstream_latency_seconds_count 2\n"));
    EXPECT_TRUE(text.contains("exadesk_keys{state=\"invalid\"} 1\n"));
    EXPECT_TRUE(text.contains("exadesk_keys{state=\"active\"} 1\n"));
    EXPECT_TRUE(text.contains("exadesk_queue_depth 0\n"));
    EXPECT_FALSE(text.contains("exadesk_proxy_pace_per_second{")); // nothing is paced
    EXPECT_FALSE(text.contains(kPoolKey.toLatin1()));
    const RawResponse after = exchange(rawRequest("GET", "/healthz", port));
    EXPECT_EQ(after.json().value("keys"_L1).toObject().value("usable"_L1).toInt(), 1);

    ProxyPolicy paced = gateway->proxies().policy();
    paced.ratePerSecond = 5;
    gateway->setProxyPolicy(paced);
    const QByteArray pacedText = exchange(rawRequest("GET", "/metrics", port, {{"x-api-key", kToken}})).body;
    EXPECT_TRUE(pacedText.contains("exadesk_proxy_pace_per_second{proxy=\"direct\"} 5\n")) << pacedText.constData();
}

// Every key rate limited by Exa: the caller is told so with a 429 (not a 503), and when the
// first key is back in Retry-After, as Exa itself would say it.
TEST_F(LocalServerTest, EveryKeyRateLimitedIsA429SayingWhenToComeBack)
{
    startServer({}, {kDeadKey, kPoolKey});
    fakeexa::FakeOutcome limited;
    limited.status = 429;
    limited.tag = fakeexa::defaultTagFor(429);
    limited.message = fakeexa::defaultMessageFor(429);
    limited.times = -1;
    limited.retryAfter = "40";
    fake->script().set(kDeadKey, {limited});
    limited.retryAfter = "30";
    fake->script().set(kPoolKey, {limited});
    const RawResponse response = post("/search", kSearch);
    EXPECT_EQ(response.status, 429);
    EXPECT_EQ(response.json().value("tag"_L1).toString(), u"RATE_LIMIT_EXCEEDED"_s);
    const int retryAfter = response.header("retry-after").toInt();
    EXPECT_GE(retryAfter, 29);
    EXPECT_LE(retryAfter, 30);
    EXPECT_TRUE(response.json().value("error"_L1).toString().contains("rate limited"_L1)) << response.body.constData();
}

TEST_F(LocalServerTest, KeepsConnectionsAliveAndAnswersPipelinedRequestsInOrder)
{
    startServer();
    RawClient client;
    ASSERT_TRUE(client.connectTo(port));
    client.send(rawRequest("POST", "/search", port, {{"x-api-key", kToken}}, kSearch)
                + rawRequest("GET", "/healthz", port)
                + rawRequest("POST", "/search", port, {{"x-api-key", kToken}}, R"({"query":"x","numResults":500})"));
    const auto first = client.readResponse();
    const auto second = client.readResponse();
    const auto third = client.readResponse();
    ASSERT_TRUE(first && second && third);
    EXPECT_EQ(first->status, 200);
    EXPECT_EQ(second->status, 200);
    EXPECT_TRUE(second->json().contains("keys"_L1));
    EXPECT_EQ(third->status, 400);
    EXPECT_FALSE(client.isClosed());
    EXPECT_EQ(server->openConnections(), 1);
}

// A search Exa answers only after 5 s, under way in the gateway.
class LocalServerSlowSearchTest : public LocalServerTest
{
protected:
    void SetUp() override
    {
        startFake(false);
        fake->script().set(kPoolKey, {slowAnswer(5'000)});
        startServer();
        ASSERT_TRUE(client.connectTo(port));
        client.send(rawRequest("POST", "/search", port, {{"x-api-key", kToken}}, kSearch));
        ASSERT_TRUE(waitUntil([&] { return gateway->inFlightCount() == 1; }));
    }

    RawClient client;
};

TEST_F(LocalServerSlowSearchTest, CancelsTheCallWhenTheClientLeaves)
{
    client.close();
    ASSERT_TRUE(waitUntil([&] { return gateway->inFlightCount() == 0 && server->requestsInFlight() == 0; }));
    ASSERT_TRUE(waitForSignals(*served));
    EXPECT_EQ(lastServed(*served).status, 499);
    // The request log says so too.
    ASSERT_TRUE(lastServed(*served).call);
    EXPECT_EQ(lastServed(*served).call->httpStatus, 499);
    EXPECT_EQ(lastServed(*served).call->query, u"rust async runtimes"_s);
    EXPECT_TRUE(lastServed(*served).call->error.contains(u"client left"_s));
}

TEST_F(LocalServerSlowSearchTest, AStopCutsOffRequestsInFlightAndSaysSo)
{
    const qsizetype before = served->size();
    server->stop();
    ASSERT_EQ(served->size(), before + 1);
    const ServedRequest cut = lastServed(*served);
    EXPECT_EQ(cut.status, 503);
    ASSERT_TRUE(cut.call);
    EXPECT_TRUE(cut.call->error.contains(u"stopped"_s)) << qPrintable(cut.call->error);
    ASSERT_TRUE(waitUntil([&] { return gateway->inFlightCount() == 0; }));
}

TEST_F(LocalServerTest, DrainsRequestsInFlightBeforeStopping)
{
    startFake(false);
    fake->script().set(kPoolKey, {slowAnswer(300)});
    startServer();
    RawClient client;
    ASSERT_TRUE(client.connectTo(port));
    client.send(rawRequest("POST", "/search", port, {{"x-api-key", kToken}}, kSearch));
    ASSERT_TRUE(waitUntil([&] { return gateway->inFlightCount() == 1; }));
    QSignalSpy drained(server.get(), &LocalServer::drained);
    server->drain();
    EXPECT_FALSE(server->isRunning());
    RawClient late;
    EXPECT_FALSE(late.connectTo(port, QHostAddress(QHostAddress::LocalHost), 1'000));
    EXPECT_EQ(drained.size(), 0);
    const auto response = client.readResponse();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->header("connection"), "close");
    ASSERT_TRUE(waitForSignals(drained));
    EXPECT_TRUE(client.waitForClose());
}

TEST_F(LocalServerTest, ServesManyClientsInParallelAgainstASlowUpstream)
{
    startFake(false);
    fake->script().set(kPoolKey, {slowAnswer(300)});
    startServer();
    constexpr int kClients = 64;
    std::vector<std::unique_ptr<RawClient>> clients;
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < kClients; ++i) {
        clients.push_back(std::make_unique<RawClient>());
        ASSERT_TRUE(clients.back()->connectTo(port));
        clients.back()->send(rawRequest("POST", "/search", port, {{"x-api-key", kToken}}, kSearch));
    }
    int ok = 0;
    for (auto& client : clients) {
        const auto response = client->readResponse(10'000);
        ok += response && response->status == 200 ? 1 : 0;
    }
    EXPECT_EQ(ok, kClients);
    // Six at a time would take 11 rounds of 300 ms (3.3 s); in parallel it is about one (with
    // room for a sanitizer's slowness).
    EXPECT_LT(timer.elapsed(), 2'500);
}

} // namespace
