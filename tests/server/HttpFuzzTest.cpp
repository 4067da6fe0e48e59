// Thousands of mangled requests against the local port (seeded, so a failure repeats): it must
// answer each with a status or close the connection, never pass anything on to Exa that is
// not one of Exa's routes with a pool key, and serve a well-formed request afterwards. Run
// under the asan preset, this also checks the parser's memory use.
#include "LocalServerFixture.h"
#include "Wait.h"

#include <QRandomGenerator>

#include <cstdio>

using namespace servertests;
using testsupport::waitUntil;

namespace {

QList<QByteArray> seeds(quint16 port)
{
    const QByteArray search = R"({"query":"rust","numResults":2})";
    return {
        rawRequest("POST", "/search", port, {{"x-api-key", kToken}}, search),
        rawRequest("GET", "/healthz", port),
        rawRequest("GET", "/research/v1/r_123?limit=2", port, {{"Authorization", "Bearer " + kToken}}),
        rawRequest("POST", "/contents", port, {{"x-api-key", kToken}, {"Expect", "100-continue"}},
                   R"({"urls":["https://example.com"]})"),
        rawRequest("POST", "/search", port, {{"x-api-key", kToken}}, search)
            + rawRequest("GET", "/metrics", port, {{"x-api-key", kToken}}),
        "POST /answer HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port) + "\r\nx-api-key: " + kToken
            + "\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"a\":\r\n0\r\n\r\n",
        "GET /healthz HTTP/1.0\r\n\r\n",
    };
}

QByteArray mangle(QByteArray bytes, QRandomGenerator& random)
{
    static const QList<QByteArray> pieces{"\r\n",
                                          "\n",
                                          "\r",
                                          ":",
                                          " ",
                                          "\t",
                                          QByteArray(1, '\0'),
                                          "\xff",
                                          "Content-Length: 99999999999\r\n",
                                          "Transfer-Encoding: chunked\r\n",
                                          "Host: evil.com\r\n",
                                          "HTTP/1.1",
                                          "/../",
                                          "%00",
                                          "{",
                                          "\"",
                                          "0\r\n\r\n"};
    const int edits = 1 + random.bounded(4);
    for (int i = 0; i < edits && !bytes.isEmpty(); ++i) {
        const qsizetype at = random.bounded(bytes.size());
        switch (random.bounded(5)) {
        case 0: // a byte flipped
            bytes[at] = static_cast<char>(random.bounded(256));
            break;
        case 1: // a piece put in
            bytes.insert(at, pieces.at(random.bounded(pieces.size())));
            break;
        case 2: // some bytes cut out
            bytes.remove(at, 1 + random.bounded(8));
            break;
        case 3: // cut short
            bytes.truncate(at);
            break;
        default: // a run repeated
            bytes.insert(at, bytes.mid(at, 1 + random.bounded(32)));
            break;
        }
    }
    return bytes;
}

TEST_F(LocalServerTest, SurvivesMangledRequests)
{
    LocalServerOptions options;
    options.limits.readTimeout = std::chrono::milliseconds(150); // cut short ones end soon
    options.limits.firstByteTimeout = std::chrono::milliseconds(150); // and empty ones
    options.limits.maxBodyBytes = 4096;
    options.maxConnections = 1024;
    startServer(options);
    QRandomGenerator random(20261127);
    const QList<QByteArray> originals = seeds(port);
    constexpr int kBatches = 30;
    constexpr int kPerBatch = 64;
    int answered = 0;
    int closed = 0;
    for (int batch = 0; batch < kBatches; ++batch) {
        std::vector<std::unique_ptr<RawClient>> clients;
        for (int i = 0; i < kPerBatch; ++i) {
            clients.push_back(std::make_unique<RawClient>());
            ASSERT_TRUE(clients.back()->connectTo(port));
            clients.back()->send(mangle(originals.at(random.bounded(originals.size())), random));
        }
        for (auto& client : clients) {
            // An answer, a close, or both; at worst the read time (150 ms) ends it.
            ASSERT_TRUE(client->waitForAnswerOrClose(5'000));
            const QByteArray& bytes = client->pending();
            if (bytes.startsWith("HTTP/1.")) {
                const int status = bytes.mid(9, 3).toInt();
                EXPECT_TRUE(status >= 100 && status < 600) << bytes.left(80).constData();
                ++answered;
            } else {
                ++closed;
            }
        }
    }
    EXPECT_GT(answered, kBatches * kPerBatch / 4);
    // Nothing reached Exa but Exa's routes, with the pool key.
    for (const fakeexa::RecordedRequest& request : fake->recentRequests()) {
        EXPECT_EQ(request.header("x-api-key"), kPoolKey.toLatin1());
        EXPECT_NE(exa::routeFor(request.method, request.path), exa::ExaRoute::Other) << qPrintable(request.path);
    }
    // And the port still serves.
    EXPECT_EQ(post("/search", R"({"query":"rust","numResults":2})").status, 200);
    EXPECT_TRUE(waitUntil([&] { return server->requestsInFlight() == 0; }));
    std::printf("%d mangled requests: %d answered, %d closed unanswered\n", kBatches * kPerBatch, answered, closed);
}

// The same mangled requests pipelined several to a connection, half of the clients never reading
// what comes back, with a small mark for unread answers: back-pressure meets the parser. Each
// client is answered or closed in bounded time, and the port serves afterwards.
TEST_F(LocalServerTest, SurvivesPipelinedMangledRequestsFromClientsThatDoNotRead)
{
    LocalServerOptions options;
    options.limits.readTimeout = std::chrono::milliseconds(150);
    options.limits.firstByteTimeout = std::chrono::milliseconds(150);
    options.limits.idleTimeout = std::chrono::milliseconds(300);
    options.limits.maxUnsentBytes = 2048; // a few answers
    options.limits.maxBodyBytes = 4096;
    options.maxConnections = 1024;
    startServer(options);
    QRandomGenerator random(20261206);
    const QList<QByteArray> originals = seeds(port);
    constexpr int kBatches = 6;
    constexpr int kPerBatch = 32;
    for (int batch = 0; batch < kBatches; ++batch) {
        std::vector<std::unique_ptr<RawClient>> readers;
        std::vector<std::unique_ptr<QTcpSocket>> silent;
        for (int i = 0; i < kPerBatch; ++i) {
            QByteArray pipelined;
            for (int n = 2 + random.bounded(5); n > 0; --n)
                pipelined += random.bounded(3) == 0 ? originals.at(random.bounded(originals.size()))
                                                    : mangle(originals.at(random.bounded(originals.size())), random);
            if (i % 2 == 0) {
                readers.push_back(std::make_unique<RawClient>());
                ASSERT_TRUE(readers.back()->connectTo(port));
                readers.back()->send(pipelined);
            } else {
                silent.push_back(std::make_unique<QTcpSocket>());
                silent.back()->connectToHost(QHostAddress::LocalHost, port);
                ASSERT_TRUE(silent.back()->waitForConnected(5'000));
                silent.back()->setReadBufferSize(1);
                silent.back()->write(pipelined);
            }
        }
        for (auto& reader : readers)
            ASSERT_TRUE(reader->waitForAnswerOrClose(5'000));
        // Those that never read, like every other, are closed once their time runs out.
        ASSERT_TRUE(waitUntil([&] { return server->openConnections() == 0; }, 10'000))
            << server->openConnections() << " connections still open";
    }
    for (const fakeexa::RecordedRequest& request : fake->recentRequests()) {
        EXPECT_EQ(request.header("x-api-key"), kPoolKey.toLatin1());
        EXPECT_NE(exa::routeFor(request.method, request.path), exa::ExaRoute::Other) << qPrintable(request.path);
    }
    EXPECT_EQ(post("/search", R"({"query":"rust","numResults":2})").status, 200);
    EXPECT_TRUE(waitUntil([&] { return server->requestsInFlight() == 0; }));
}

} // namespace
