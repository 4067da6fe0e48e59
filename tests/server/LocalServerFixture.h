#pragma once

#include "FakeExaServer.h"
#include "RawHttp.h"
#include "gateway/Gateway.h"
#include "server/LocalServer.h"

#include <QSignalSpy>

#include <gtest/gtest.h>

#include <memory>

// The local port in this process, in front of a gateway over the fake Exa server, with raw
// HTTP clients on loopback.
namespace servertests {

using namespace exadesk;
using namespace Qt::StringLiterals;
using testsupport::RawClient;
using testsupport::rawRequest;
using testsupport::RawResponse;

inline const QByteArray kToken = "exd_local_server_test_token_42";
inline const QString kPoolKey = u"pool-key-aaaa-0000-1111-9f3c"_s;
inline const QString kDeadKey = u"pool-key-dead-0000-1111-7e21"_s;

class LocalServerTest : public ::testing::Test
{
protected:
    void SetUp() override { startFake(true); }

    void startFake(bool instant)
    {
        fakeexa::FakeExaOptions options;
        options.keys = {kPoolKey};
        options.instant = instant;
        options.streamIntervalMs = 40;
        fake = std::make_unique<fakeexa::FakeExaServer>(options);
        ASSERT_TRUE(fake->listen());
    }

    // The gateway (with `keys`) and the port in front of it.
    void startServer(LocalServerOptions options = {}, QStringList keys = {kPoolKey}, GatewayOptions gatewayOptions = {})
    {
        gatewayOptions.client.baseUrl = upstream.isEmpty() ? fake->baseUrl() : upstream;
        KeyPolicy policy;
        policy.searchRatePerSecond = 0; // no pacing: these tests are about the port
        policy.contentsRatePerSecond = 0;
        policy.recheck = false;
        gateway = std::make_unique<Gateway>(Clock::system(), gatewayOptions, policy);
        for (const QString& secret : keys)
            gateway->addKey({u"id-"_s + secret.right(4), u"label "_s + secret.right(4), secret, {}, {}, 0, 0.0});
        server = std::make_unique<LocalServer>(*gateway);
        served = std::make_unique<QSignalSpy>(server.get(), &LocalServer::requestServed);
        options.port = 0;
        if (options.accessToken.isEmpty())
            options.accessToken = kToken;
        QString error;
        ASSERT_TRUE(server->start(options, &error)) << qPrintable(error);
        port = server->port();
    }

    // One request on a new connection, and its response.
    RawResponse exchange(const QByteArray& raw)
    {
        RawClient client;
        EXPECT_TRUE(client.connectTo(port));
        client.send(raw);
        const auto response = client.readResponse();
        EXPECT_TRUE(response) << "no response to: " << raw.left(200).constData();
        return response.value_or(RawResponse{});
    }

    RawResponse post(const QByteArray& path, const QByteArray& body, testsupport::RawHeaders headers = {})
    {
        headers.prepend({"x-api-key", kToken});
        return exchange(rawRequest("POST", path, port, headers, body));
    }

    std::unique_ptr<fakeexa::FakeExaServer> fake;
    QUrl upstream; // instead of the fake, when set
    std::unique_ptr<Gateway> gateway;
    std::unique_ptr<LocalServer> server;
    std::unique_ptr<QSignalSpy> served;
    quint16 port = 0;
};

} // namespace servertests
