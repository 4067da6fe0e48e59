// The local port's checks on their own: Host, Origin, the access token and the URL.
#include "server/RequestGuard.h"

#include <QSet>

#include <gtest/gtest.h>

using namespace exadesk;
using namespace Qt::StringLiterals;

namespace {

const QByteArray kToken = "exd_guard_test_token_0123456789";

HttpRequest requestWith(const HttpHeaders& headers, const QByteArray& query = {}, const QByteArray& path = "/search")
{
    HttpRequest request;
    request.method = "POST";
    request.path = path;
    request.query = query;
    request.target = query.isEmpty() ? path : path + '?' + query;
    request.headers = headers;
    return request;
}

RequestGuard guard(QStringList extraHosts = {}, QStringList origins = {})
{
    return RequestGuard({8787, std::move(extraHosts), std::move(origins), kToken});
}

TEST(RequestGuardTest, AcceptsOnlyLoopbackNamesWithThePort)
{
    const RequestGuard g = guard({u"desk.lan"_s});
    for (const QByteArray& host :
         QList<QByteArray>{"127.0.0.1:8787", "localhost:8787", "LocalHost:8787", "[::1]:8787", "desk.lan:8787"})
        EXPECT_FALSE(g.checkHost(requestWith({{"host", host}}))) << host.constData();
    for (const QByteArray& host :
         QList<QByteArray>{"", "0.0.0.0:8787", "localhost.evil.com:8787", "evil.com", "127.0.0.1", "127.0.0.1:8788",
                           "localhost:8787.evil.com", "rebind.attacker.net:8787", "127.0.0.2:8787", "desk.lan"}) {
        const auto refusal = g.checkHost(requestWith({{"host", host}}));
        ASSERT_TRUE(refusal) << host.constData();
        EXPECT_EQ(refusal->status, 403);
    }
    EXPECT_TRUE(g.checkHost(requestWith({})));
    EXPECT_TRUE(g.checkHost(requestWith({{"host", "127.0.0.1:8787"}, {"host", "evil.com"}})));
}

TEST(RequestGuardTest, OriginsMustBeAllowedAndNullNeverIs)
{
    const RequestGuard none = guard();
    EXPECT_FALSE(none.checkOrigin(requestWith({})));
    EXPECT_TRUE(none.checkOrigin(requestWith({{"origin", "http://localhost:3000"}})));
    EXPECT_TRUE(none.checkOrigin(requestWith({{"origin", "null"}})));

    const RequestGuard some = guard({}, {u"http://localhost:3000"_s, u"null"_s});
    EXPECT_FALSE(some.checkOrigin(requestWith({{"origin", "http://localhost:3000"}})));
    EXPECT_TRUE(some.checkOrigin(requestWith({{"origin", "http://localhost:3001"}})));
    EXPECT_TRUE(some.checkOrigin(requestWith({{"origin", "http://localhost:3000.evil.com"}})));
    EXPECT_TRUE(some.checkOrigin(requestWith({{"origin", "null"}})));
}

TEST(RequestGuardTest, TakesTheTokenAsApiKeyOrBearerOnly)
{
    const RequestGuard g = guard();
    EXPECT_FALSE(g.checkToken(requestWith({{"x-api-key", kToken}})));
    EXPECT_FALSE(g.checkToken(requestWith({{"authorization", "Bearer " + kToken}})));
    EXPECT_FALSE(g.checkToken(requestWith({{"authorization", "bearer " + kToken}})));

    for (const HttpHeaders& headers : QList<HttpHeaders>{{},
                                                         {{"x-api-key", kToken.chopped(1)}},
                                                         {{"x-api-key", kToken + "x"}},
                                                         {{"x-api-key", ""}},
                                                         {{"authorization", "Basic " + kToken}},
                                                         {{"authorization", kToken}},
                                                         {{"cookie", "token=" + kToken}}}) {
        const auto refusal = g.checkToken(requestWith(headers));
        ASSERT_TRUE(refusal);
        EXPECT_EQ(refusal->status, 401);
        EXPECT_FALSE(refusal->message.contains(QString::fromLatin1(kToken)));
    }
}

TEST(RequestGuardTest, RefusesCredentialsInTheUrl)
{
    const RequestGuard g = guard();
    EXPECT_FALSE(g.checkTarget(requestWith({}, "cursor=abc&limit=5")));
    for (const QByteArray& query :
         QList<QByteArray>{"apiKey=" + kToken, "x-api-key=abc", "token=abc", "API_KEY=abc", "q=" + kToken})
        EXPECT_TRUE(g.checkTarget(requestWith({}, query))) << g.redacted(query).constData();
    // Wherever in the target it is, as sent or percent-encoded.
    const QByteArray encoded = kToken.toPercentEncoding("", "_0123456789");
    for (const QByteArray& path : QList<QByteArray>{
             "/research/v1/" + kToken, "/" + kToken + "/search", "/research/v1/" + encoded,
             "/research/v1/" + QByteArray(encoded).replace("%", "%25"), "/research/v1/x" + kToken + "y"}) {
        const auto refusal = g.checkTarget(requestWith({}, {}, path));
        ASSERT_TRUE(refusal) << g.redacted(path).constData();
        EXPECT_EQ(refusal->status, 400);
        EXPECT_FALSE(g.redacted(path).contains(kToken));
        EXPECT_FALSE(QByteArray::fromPercentEncoding(g.redacted(path)).contains(kToken));
    }
    EXPECT_FALSE(g.checkTarget(requestWith({}, {}, "/research/v1/r_0123456789")));
    EXPECT_EQ(g.redacted("/research/v1/r_0123456789"), "/research/v1/r_0123456789");
}

TEST(RequestGuardTest, NoGuardWithoutAToken)
{
    const RequestGuard g({8787, {}, {}, {}});
    EXPECT_TRUE(g.checkToken(requestWith({{"x-api-key", ""}})));
}

TEST(RequestGuardTest, SecretComparisonIsExact)
{
    EXPECT_TRUE(RequestGuard::sameSecret("abc", "abc"));
    EXPECT_FALSE(RequestGuard::sameSecret("abd", "abc"));
    EXPECT_FALSE(RequestGuard::sameSecret("abc", "abcd"));
    EXPECT_FALSE(RequestGuard::sameSecret("", ""));
}

TEST(RequestGuardTest, NewTokensCarry256RandomBits)
{
    QSet<QByteArray> tokens;
    for (int i = 0; i < 100; ++i) {
        const QByteArray token = RequestGuard::newAccessToken();
        ASSERT_TRUE(token.startsWith("exd_"));
        EXPECT_EQ(QByteArray::fromBase64(token.mid(4), QByteArray::Base64UrlEncoding).size(), 32);
        tokens.insert(token);
    }
    EXPECT_EQ(tokens.size(), 100);
}

} // namespace
