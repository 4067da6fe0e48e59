#pragma once

#include "FakeExaServer.h"
#include "HttpProbe.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <gtest/gtest.h>

#include <memory>

// A fake Exa server on loopback and a plain HTTP client to talk to it: the fake's own tests
// must not depend on the client they are there to check.
namespace fakeexa::tests {

using namespace Qt::StringLiterals;
using testsupport::HttpAnswer;
using testsupport::postJson;

inline const QByteArray kKey = "fake-key-aaaa-1111";
inline const QByteArray kOtherKey = "fake-key-bbbb-2222";

class FakeExaServerTest : public ::testing::Test
{
protected:
    void SetUp() override { start({}); }

    void start(FakeExaOptions options)
    {
        if (options.keys.isEmpty())
            options.keys = {QString::fromLatin1(kKey), QString::fromLatin1(kOtherKey)};
        server = std::make_unique<FakeExaServer>(options);
        ASSERT_TRUE(server->listen());
    }

    QUrl url(const QString& path) const { return server->baseUrl().resolved(QUrl(path)); }

    HttpAnswer post(const QString& path, const QJsonObject& body, const QByteArray& key = kKey)
    {
        return postJson(url(path), QJsonDocument(body).toJson(QJsonDocument::Compact), key);
    }

    void loadScript(const char* json)
    {
        QString error;
        ASSERT_TRUE(server->loadScript(QJsonDocument::fromJson(json).object(), &error)) << qPrintable(error);
    }

    static void expectExaError(const HttpAnswer& answer, int status, const QString& tag)
    {
        EXPECT_EQ(answer.status, status) << answer.body.constData();
        const QJsonObject body = answer.json();
        EXPECT_EQ(body.value("tag"_L1).toString(), tag) << answer.body.constData();
        EXPECT_FALSE(body.value("requestId"_L1).toString().isEmpty());
        EXPECT_FALSE(body.value("error"_L1).toString().isEmpty());
    }

    static QStringList urlsOf(const HttpAnswer& answer)
    {
        QStringList urls;
        const QJsonArray results = answer.json().value("results"_L1).toArray();
        for (const QJsonValue& result : results)
            urls.append(result.toObject().value("url"_L1).toString());
        return urls;
    }

    std::unique_ptr<FakeExaServer> server;
};

} // namespace fakeexa::tests
