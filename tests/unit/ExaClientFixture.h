#pragma once

#include "FakeExaServer.h"
#include "TestCertificates.h"
#include "Wait.h"
#include "exa/ExaClient.h"
#include "exa/ExaReply.h"

#include <QJsonDocument>

#include <gtest/gtest.h>

#include <memory>

// An ExaClient talking to an in-process fake Exa server over real loopback HTTP.
class ExaClientFixture : public ::testing::Test
{
protected:
    static inline const QString kKey = QStringLiteral("client-key-0000-aaaa-1111");

    void SetUp() override { startServer({}); }

    void startServer(fakeexa::FakeExaOptions options, bool tls = false);

    exa::ExaClient& client() { return *m_client; }
    fakeexa::FakeExaServer& server() { return *m_server; }

    // Sends and waits for finished(); the reply stays alive until the test ends.
    exa::ExaReply* sendAndWait(const exa::ExaCall& call, const QString& key = kKey);
    exa::ExaReply* finish(exa::ExaReply* reply);

    void script(const char* json);

private:
    std::unique_ptr<fakeexa::FakeExaServer> m_server;
    std::unique_ptr<exa::ExaClient> m_client;
};

inline void ExaClientFixture::startServer(fakeexa::FakeExaOptions options, bool tls)
{
    m_client.reset();
    if (options.keys.isEmpty())
        options.keys = {kKey};
    m_server = std::make_unique<fakeexa::FakeExaServer>(std::move(options));
    if (tls)
        m_server->useTls(testsupport::serverCertificate(), testsupport::serverKey());
    ASSERT_TRUE(m_server->listen());
    exa::ExaClientOptions clientOptions;
    clientOptions.baseUrl = m_server->baseUrl();
    clientOptions.timeout = std::chrono::seconds(10);
    m_client = std::make_unique<exa::ExaClient>(clientOptions);
}

inline exa::ExaReply* ExaClientFixture::finish(exa::ExaReply* reply)
{
    EXPECT_TRUE(testsupport::waitUntil([reply] { return reply->isFinished(); })) << "no finished() in time";
    return reply;
}

inline exa::ExaReply* ExaClientFixture::sendAndWait(const exa::ExaCall& call, const QString& key)
{
    return finish(m_client->send(call, key));
}

inline void ExaClientFixture::script(const char* json)
{
    QString error;
    ASSERT_TRUE(m_server->loadScript(QJsonDocument::fromJson(json).object(), &error)) << qPrintable(error);
}
