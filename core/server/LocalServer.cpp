#include "LocalServer.h"

#include "HttpConnection.h"
#include "base/Version.h"
#include "mcp/McpSession.h"
#include "mcp/McpSessions.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

constexpr QByteArrayView kJson = "application/json";

QString routeName(const HttpRequest& request)
{
    if (request.path == "/healthz")
        return u"healthz"_s;
    if (request.path == "/metrics")
        return u"metrics"_s;
    if (request.path == "/mcp")
        return u"mcp"_s;
    return exa::toString(exa::routeFor(request.method, QString::fromLatin1(request.path)));
}

// What a request asks, in the words a person would use for it: the query, the instructions of a
// research task, or the pages asked for.
QString questionOf(const QJsonObject& body)
{
    for (const QLatin1StringView field : {"query"_L1, "instructions"_L1, "url"_L1}) {
        const QString text = body.value(field).toString();
        if (!text.isEmpty())
            return text.left(RequestLog::kQueryLength);
    }
    QStringList pages;
    for (const QLatin1StringView field : {"urls"_L1, "ids"_L1}) {
        for (const QJsonValue& page : body.value(field).toArray())
            pages.append(page.toString());
    }
    return pages.join(u' ').left(RequestLog::kQueryLength);
}

// Paths we pass on are made of these characters only, with no empty, '.' or '..' segment:
// what reaches Exa is exactly one of its routes.
bool isPlainPath(QByteArrayView path)
{
    const bool charactersOk = std::all_of(path.begin(), path.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' || c == '_'
            || c == '-' || c == '.';
    });
    return charactersOk && !path.contains("//") && !path.contains("/./") && !path.contains("/../")
        && !path.endsWith("/.") && !path.endsWith("/..") && (path.size() == 1 || !path.endsWith('/'));
}

// Where a JSON string holds a raw control character (which JSON does not allow, and Qt's parser
// lets through), or -1.
qsizetype rawControlInString(QByteArrayView json)
{
    bool inString = false;
    for (qsizetype i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (!inString) {
            inString = c == '"';
        } else if (c == '\\') {
            ++i;
        } else if (c == '"') {
            inString = false;
        } else if (c >= 0 && c < 0x20) {
            return i;
        }
    }
    return -1;
}

// Exa's headers that are passed on, each as its grammar allows; anything else (a line break, a
// stray byte) is dropped rather than written.
bool isWellFormed(QByteArrayView name, QByteArrayView value)
{
    // Whole values only (\A...\z: '$' would also match before a final line break).
    static const QString token = uR"([!#$%&'*+.^_`|~0-9A-Za-z-]+)"_s;
    static const QRegularExpression contentType(QRegularExpression::anchoredPattern(
        token + u'/' + token + uR"(([ \t]*;[ \t]*)"_s + token + uR"(=("[^"\x00-\x1f\x7f]*"|)"_s + token + u"))*"_s));
    static const QRegularExpression retryAfter(QRegularExpression::anchoredPattern(
        uR"([0-9]{1,10}|[A-Za-z]{3}, [0-9]{2} [A-Za-z]{3} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT)"_s));
    static const QRegularExpression cacheControl(
        QRegularExpression::anchoredPattern(uR"([!#$%&'*+.^_`|~0-9A-Za-z=", -]+)"_s));
    const QString text = QString::fromLatin1(value);
    if (name == "content-type")
        return contentType.match(text).hasMatch();
    if (name == "retry-after")
        return retryAfter.match(text).hasMatch();
    if (name == "cache-control")
        return cacheControl.match(text).hasMatch();
    return false;
}

// Where a call that Exa did not answer (or the pool could not send) ends up.
std::pair<int, QByteArrayView> statusFor(const exa::ExaError& error)
{
    switch (error.kind) {
    case exa::ExaError::Kind::Unavailable:
        // Every key is held back by Exa's rate limits: the caller is told so, and when to come back.
        if (error.httpStatus == 429)
            return {429, "RATE_LIMIT_EXCEEDED"};
        return {503, "NO_KEY_AVAILABLE"};
    case exa::ExaError::Kind::InvalidKey:
        return {503, "NO_KEY_AVAILABLE"};
    case exa::ExaError::Kind::Timeout:
        return {504, "UPSTREAM_TIMEOUT"};
    case exa::ExaError::Kind::InvalidResponse:
        return {502, "UPSTREAM_INVALID_RESPONSE"};
    default:
        return {502, "UPSTREAM_UNREACHABLE"};
    }
}

} // namespace

LocalServerOptions LocalServerOptions::fromSettings(const SettingValues& values)
{
    LocalServerOptions options;
    options.port = static_cast<quint16>(values.number(setting::ServerPort));
    options.addresses = addressesOf(values.list(setting::ServerBind));
    options.extraHosts = values.list(setting::ServerAllowedHosts);
    options.allowedOrigins = values.list(setting::ServerAllowedOrigins);
    options.limits.maxBodyBytes = qsizetype{values.number(setting::ServerMaxBodyKib)} * 1024;
    options.maxConnections = values.number(setting::ServerMaxConnections);
    return options;
}

QList<QHostAddress> LocalServerOptions::addressesOf(const QStringList& addresses)
{
    QList<QHostAddress> parsed;
    for (const QString& address : addresses)
        parsed.append(QHostAddress(address));
    return parsed;
}

LocalServer::LocalServer(CallService& service, QObject* parent)
    : QObject(parent)
    , m_service(service)
    , m_mcpSessions(std::make_unique<McpSessions>(service))
{
    connect(&service, &CallService::attemptFinished, this,
            [this](const AttemptRecord& attempt) { m_metrics.countAttempt(attempt); });
}

LocalServer::~LocalServer()
{
    stop();
}

QUrl LocalServer::endpoint() const
{
    if (m_bound.isEmpty())
        return {};
    QUrl url;
    url.setScheme(u"http"_s);
    const QHostAddress& first = m_bound.constFirst();
    const bool wildcard
        = first == QHostAddress::AnyIPv4 || first == QHostAddress::AnyIPv6 || first == QHostAddress::Any;
    url.setHost(wildcard ? u"127.0.0.1"_s : first.toString());
    url.setPort(m_port);
    return url;
}

bool LocalServer::start(const LocalServerOptions& options, QString* error)
{
    if (isRunning()) {
        *error = tr("The local port is already running.");
        return false;
    }
    if (options.accessToken.size() < 16) {
        *error = tr("The local port needs an access token of at least 16 characters.");
        return false;
    }
    if (options.addresses.isEmpty()) {
        *error = tr("No address to listen on was given.");
        return false;
    }
    m_options = options;
    m_warnings.clear();
    m_bound.clear();
    m_draining = false;
    m_port = options.port;
    for (const QHostAddress& address : options.addresses) {
        auto* listener = new QTcpServer(this);
        // A burst of clients must not wait for SYN retries behind Qt's default backlog of 50.
        listener->setListenBacklogSize(1024);
        if (!listener->listen(address, m_port)) {
            const auto failure = listener->serverError();
            const QString reason = listener->errorString();
            delete listener;
            const bool noIpv6 = address == QHostAddress::LocalHostIPv6
                && (failure == QAbstractSocket::SocketAddressNotAvailableError
                    || failure == QAbstractSocket::UnsupportedSocketOperationError);
            if (noIpv6 && options.addresses.size() > 1) {
                m_warnings.append(tr("IPv6 is not available here, so the port listens on IPv4 only."));
                continue;
            }
            for (QTcpServer* bound : m_listeners)
                delete bound;
            m_listeners.clear();
            m_bound.clear();
            *error = failure == QAbstractSocket::AddressInUseError
                ? tr("Port %1 on %2 is already in use by another program; choose another port.")
                      .arg(m_port)
                      .arg(address.toString())
                : tr("Cannot listen on %1 port %2: %3.").arg(address.toString()).arg(m_port).arg(reason);
            return false;
        }
        m_port = listener->serverPort(); // port 0 picks one; the other addresses use the same
        m_bound.append(address);
        m_listeners.push_back(listener);
        connect(listener, &QTcpServer::newConnection, this, [this, listener] { onNewConnection(listener); });
        if (!address.isLoopback())
            m_warnings.append(tr("The port listens on %1, which other computers may reach; they still need the "
                                 "access token.")
                                  .arg(address.toString()));
    }
    GuardPolicy policy;
    policy.port = m_port;
    policy.extraHosts = options.extraHosts;
    // A specific address the user chose is a name clients will use.
    for (const QHostAddress& address : std::as_const(m_bound)) {
        if (!address.isLoopback() && address != QHostAddress::AnyIPv4 && address != QHostAddress::AnyIPv6
            && address != QHostAddress::Any)
            policy.extraHosts.append(address.protocol() == QAbstractSocket::IPv6Protocol
                                         ? u'[' + address.toString() + u']'
                                         : address.toString());
    }
    policy.allowedOrigins = options.allowedOrigins;
    policy.accessToken = options.accessToken;
    m_guard = std::make_unique<RequestGuard>(policy);
    Q_EMIT runningChanged(true);
    return true;
}

void LocalServer::setAccessToken(const QByteArray& token)
{
    m_options.accessToken = token;
    if (!m_guard)
        return;
    GuardPolicy policy = m_guard->policy();
    policy.accessToken = token;
    m_guard = std::make_unique<RequestGuard>(policy);
}

void LocalServer::stop()
{
    const bool wasRunning = isRunning() || !m_connections.isEmpty();
    for (QTcpServer* listener : m_listeners)
        delete listener;
    m_listeners.clear();
    m_bound.clear();
    const auto exchanges = m_exchanges;
    m_exchanges.clear();
    for (const Exchange& exchange : exchanges) {
        delete exchange.mcp; // stops its tool calls
        if (!exchange.call)
            continue;
        served(exchange, 503, tr("The local port stopped before Exa answered."));
        exchange.call->deleteLater(); // cancels it
    }
    // MCP clients start a new session when theirs is gone.
    m_mcpSessions = std::make_unique<McpSessions>(m_service);
    const auto connections = m_connections;
    m_connections.clear();
    for (HttpConnection* connection : connections) {
        connection->disconnect(this);
        connection->abort();
        connection->deleteLater();
    }
    m_draining = false;
    if (wasRunning)
        Q_EMIT runningChanged(false);
}

void LocalServer::drain()
{
    const bool wasListening = isRunning();
    for (QTcpServer* listener : m_listeners)
        delete listener;
    m_listeners.clear();
    m_draining = true;
    // A copy: an idle connection closes, and leaves the set, at once.
    const auto connections = m_connections;
    for (HttpConnection* connection : connections)
        connection->closeWhenIdle();
    if (wasListening)
        Q_EMIT runningChanged(false);
    checkDrained();
}

void LocalServer::checkDrained()
{
    // Drained when every answer is not only written but sent, and its connection closed.
    if (m_draining && m_exchanges.isEmpty() && m_connections.isEmpty())
        QMetaObject::invokeMethod(this, &LocalServer::drained, Qt::QueuedConnection);
}

void LocalServer::onNewConnection(QTcpServer* listener)
{
    while (QTcpSocket* socket = listener->nextPendingConnection()) {
        if (m_connections.size() >= m_options.maxConnections && !evictStranger()) {
            const QByteArray body = errorBody(
                "TOO_MANY_CONNECTIONS",
                tr("The local port has %1 connections open, its limit; try again shortly.").arg(m_connections.size()));
            socket->write("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nRetry-After: "
                          "1\r\nConnection: close\r\nContent-Length: "
                          + QByteArray::number(body.size()) + "\r\n\r\n" + body);
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            socket->disconnectFromHost();
            continue;
        }
        auto* connection = new HttpConnection(socket, m_options.limits, this);
        connection->setHeadCheck(
            [this, connection](const HttpRequest& request) { return checkHead(connection, request); });
        m_connections.insert(connection);
        connect(connection, &HttpConnection::requestReady, this, [this, connection] { onRequest(connection); });
        connect(connection, &HttpConnection::closed, this, [this, connection] { onConnectionClosed(connection); });
        connect(connection, &HttpConnection::refused, this, [this, connection](int status) {
            Exchange exchange;
            exchange.elapsed.start();
            exchange.method = connection->request().method;
            exchange.path = m_guard->redacted(connection->request().path);
            exchange.client = connection->peerAddress();
            exchange.route = routeName(connection->request());
            served(exchange, status);
        });
    }
}

bool LocalServer::evictStranger()
{
    // The oldest that never showed the token and has nothing of a request in: a client halfway
    // through sending one is not cut off.
    HttpConnection* victim = nullptr;
    for (HttpConnection* connection : std::as_const(m_connections)) {
        if (!connection->isTrusted() && connection->isIdle() && (!victim || connection->serial() < victim->serial()))
            victim = connection;
    }
    if (!victim)
        return false;
    m_connections.remove(victim);
    victim->disconnect(this);
    victim->closeNow();
    return true;
}

std::optional<Refusal> LocalServer::checkHead(HttpConnection* connection, const HttpRequest& request)
{
    if (auto refusal = m_guard->checkHost(request))
        return refusal;
    if (auto refusal = m_guard->checkOrigin(request))
        return refusal;
    if (auto refusal = m_guard->checkTarget(request))
        return refusal;
    // Health and a browser's preflight need no token; everything else does.
    const bool open = (request.path == "/healthz" && request.method == "GET")
        || (request.method == "OPTIONS" && request.hasHeader("origin"));
    if (open)
        return std::nullopt;
    if (auto refusal = m_guard->checkToken(request))
        return refusal;
    connection->markTrusted();
    return std::nullopt;
}

void LocalServer::onConnectionClosed(HttpConnection* connection)
{
    m_connections.remove(connection);
    // The client left before its answer: the call is cancelled, and the port notes it as
    // nginx does, with 499.
    if (const std::optional<Exchange> exchange = takeExchange(connection)) {
        delete exchange->mcp; // stops its tool calls
        if (exchange->call) {
            exchange->call->disconnect(this);
            exchange->call->deleteLater();
        }
        served(*exchange, 499, tr("The client left before Exa answered."));
    }
    checkDrained();
}

std::optional<LocalServer::Exchange> LocalServer::takeExchange(HttpConnection* connection)
{
    const auto found = m_exchanges.find(connection);
    if (found == m_exchanges.end())
        return std::nullopt;
    Exchange exchange = std::move(*found);
    m_exchanges.erase(found);
    return exchange;
}

void LocalServer::onRequest(HttpConnection* connection)
{
    const HttpRequest& request = connection->request();
    Exchange& exchange = m_exchanges[connection];
    exchange.elapsed.start();
    exchange.startedAtMs = QDateTime::currentMSecsSinceEpoch();
    exchange.method = request.method;
    exchange.path = request.path;
    exchange.client = connection->peerAddress();
    exchange.route = routeName(request);

    // Host, Origin and the token were checked at the end of the head (checkHead()).
    if (m_draining) {
        connection->closeWhenIdle();
        return refuse(connection, {503, "SHUTTING_DOWN", tr("ExaDesk's local port is shutting down.")});
    }
    if (request.method == "OPTIONS" && request.hasHeader("origin")) {
        // A browser's preflight from an origin the user allowed.
        HttpHeaders headers = corsHeaders(request);
        headers.emplaceBack("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS");
        headers.emplaceBack("Access-Control-Allow-Headers",
                            "content-type, x-api-key, authorization, mcp-session-id, mcp-protocol-version");
        headers.emplaceBack("Access-Control-Max-Age", "600");
        return reply(connection, 204, headers, {});
    }
    if (request.path == "/healthz" && request.method == "GET") {
        const PoolSummary pool = m_service.summary();
        const int total = pool.keyCount();
        const int usable = pool.keysIn(KeyState::Active);
        const QJsonObject health{{"status"_L1, usable > 0 ? u"ok"_s : u"no usable key"_s},
                                 {"keys"_L1, QJsonObject{{"total"_L1, total}, {"usable"_L1, usable}}},
                                 {"version"_L1, QString::fromLatin1(kVersion)}};
        return reply(connection, 200, {{"Content-Type", kJson.toByteArray()}},
                     QJsonDocument(health).toJson(QJsonDocument::Compact));
    }
    if (request.path == "/metrics" && request.method == "GET")
        return reply(connection, 200, {{"Content-Type", "text/plain; version=0.0.4; charset=utf-8"}},
                     m_metrics.render(m_service.summary(), openConnections()));
    if (request.path == "/mcp")
        return serveMcp(connection, exchange);

    const QString path = QString::fromLatin1(request.path);
    const exa::ExaRoute route = exa::routeFor(request.method, path);
    if (route == exa::ExaRoute::Other || !isPlainPath(request.path)) {
        const bool knownPath
            = exa::routeFor("POST", path) != exa::ExaRoute::Other || exa::routeFor("GET", path) != exa::ExaRoute::Other;
        if (knownPath && isPlainPath(request.path))
            return refuse(connection,
                          {405, "METHOD_NOT_ALLOWED",
                           tr("%1 does not take %2 requests.").arg(path, QString::fromLatin1(request.method))});
        return refuse(connection,
                      {404, "NOT_FOUND",
                       tr("ExaDesk serves Exa's routes: /search, /findSimilar, /contents, /answer and "
                          "/research/v1, and MCP at /mcp; %1 is not one of them.")
                           .arg(path)});
    }
    if (request.method == "POST") {
        QJsonParseError parseError;
        const QJsonDocument body = QJsonDocument::fromJson(request.body, &parseError);
        if (request.body.trimmed().isEmpty())
            return refuse(
                connection,
                {400, "INVALID_REQUEST_BODY", tr("The request body is empty; %1 takes a JSON object.").arg(path)});
        if (parseError.error != QJsonParseError::NoError)
            return refuse(connection,
                          {400, "INVALID_REQUEST_BODY",
                           tr("The request body is not valid JSON: %1 at byte %2.")
                               .arg(parseError.errorString())
                               .arg(parseError.offset)});
        if (const qsizetype at = rawControlInString(request.body); at >= 0)
            return refuse(connection,
                          {400, "INVALID_REQUEST_BODY",
                           tr("The request body is not valid JSON: a control character inside a string at byte %1 "
                              "(write it escaped, as \\n or \\u0001).")
                               .arg(at)});
        if (!body.isObject())
            return refuse(connection,
                          {400, "INVALID_REQUEST_BODY", tr("The request body must be a JSON object ({...}).")});
        exchange.query = questionOf(body.object());
    }
    const QUrlQuery query(QString::fromLatin1(request.query));
    forward(connection, exa::ExaCall::passthrough(request.method, path, query, request.body), exchange);
}

void LocalServer::forward(HttpConnection* connection, const exa::ExaCall& call, Exchange& exchange)
{
    PendingCall* pending = m_service.submit(call);
    exchange.call = pending;
    if (call.streamed) {
        connect(pending, &PendingCall::headersReceived, this, [this, connection, pending] {
            auto found = m_exchanges.find(connection);
            if (found == m_exchanges.end())
                return;
            found->streaming = true;
            // The attempt carrying the stream is recorded when it ends; it is counted here.
            HttpHeaders headers = callHeaders(*pending, 1, pending->streamingKeyId());
            headers += corsHeaders(connection->request());
            connection->beginStream(pending->httpStatus(), headers);
        });
        connect(pending, &PendingCall::dataReceived, connection, [connection, pending](const QByteArray& chunk) {
            connection->writeChunk(chunk);
            // A client that does not read holds the stream back, not our memory.
            if (connection->isBackedUp())
                pending->pauseReading(true);
        });
        connect(connection, &HttpConnection::caughtUp, pending, [pending] { pending->pauseReading(false); });
    }
    connect(pending, &PendingCall::ended, this, [this, connection] { onCallEnded(connection); });
}

void LocalServer::onCallEnded(HttpConnection* connection)
{
    const auto found = m_exchanges.find(connection);
    if (found == m_exchanges.end() || !found->call)
        return;
    PendingCall* call = found->call;
    call->deleteLater();
    if (found->streaming) {
        // Taken out first: closing the connection may report its close at once.
        const Exchange exchange = *takeExchange(connection);
        served(exchange, call->httpStatus());
        if (call->isSuccess())
            connection->endStream();
        else
            connection->abort(); // the client sees the stream end early
        checkDrained();
        return;
    }
    HttpHeaders headers = callHeaders(*call, 0, call->keyId());
    if (call->error().kind == exa::ExaError::Kind::Http || call->isSuccess())
        return reply(connection, call->httpStatus(), headers + corsHeaders(connection->request()), call->body());
    const auto [status, tag] = statusFor(call->error());
    // When the pool is back is ours to say, not what Exa said of one key on the last attempt.
    headers.removeIf(
        [](const auto& header) { return header.first == "retry-after" || header.first == "content-type"; });
    if (!call->error().retryAfter.isEmpty())
        headers.emplaceBack("Retry-After", call->error().retryAfter);
    headers.emplaceBack("Content-Type", kJson.toByteArray());
    reply(connection, status, headers + corsHeaders(connection->request()),
          errorBody(tag, call->error().userMessage()));
}

HttpHeaders LocalServer::callHeaders(const PendingCall& call, int running, const QString& keyId) const
{
    HttpHeaders headers;
    for (const QByteArrayView name : {"content-type", "cache-control", "retry-after"}) {
        const QByteArray value = call.header(name);
        if (!value.isEmpty() && isWellFormed(name, value))
            headers.emplaceBack(name.toByteArray(), value);
    }
    headers.emplaceBack("x-exadesk-attempts", QByteArray::number(call.attempts().size() + running));
    // Header values are ASCII: the mask's ellipsis is spelt out.
    if (const QString key = m_service.maskedKey(keyId); !key.isEmpty())
        headers.emplaceBack("x-exadesk-key", QString(key).replace(u'…', u"..."_s).toLatin1());
    return headers;
}

HttpHeaders LocalServer::corsHeaders(const HttpRequest& request) const
{
    const QByteArray origin = request.header("origin");
    if (origin.isEmpty() || !m_guard->isOriginAllowed(origin))
        return {};
    return {{"Access-Control-Allow-Origin", origin},
            {"Vary", "Origin"},
            {"Access-Control-Expose-Headers", "x-exadesk-attempts, x-exadesk-key, mcp-session-id"}};
}

void LocalServer::reply(HttpConnection* connection, int status, HttpHeaders headers, const QByteArray& body)
{
    // Taken out first: answering may close the connection and report its close at once.
    const std::optional<Exchange> exchange = takeExchange(connection);
    connection->respond(status, headers, body);
    if (exchange)
        served(*exchange, status);
    checkDrained();
}

void LocalServer::refuse(HttpConnection* connection, const Refusal& refusal)
{
    reply(connection, refusal.status, {{"Content-Type", kJson.toByteArray()}}, errorBody(refusal.tag, refusal.message));
}

void LocalServer::served(const Exchange& exchange, int status, const QString& why)
{
    m_metrics.countRequest(exchange.route, status);
    ServedRequest served;
    served.method = exchange.method;
    served.path = exchange.path;
    served.route = exchange.route;
    served.status = status;
    served.elapsedMs = exchange.elapsed.elapsed();
    served.client = exchange.client;
    if (const PendingCall* call = exchange.call) {
        served.attempts = static_cast<int>(call->attempts().size());
        served.key = m_service.maskedKey(call->keyId());
        served.proxyId = call->proxyId();
        FinishedCall& finished = served.call.emplace(finishedCall(*call, CallSource::LocalPort));
        finished.route = exchange.route;
        finished.query = exchange.query;
        finished.startedAtMs = exchange.startedAtMs;
        finished.latencyMs = served.elapsedMs;
        finished.httpStatus = status; // what the client got: 499 when it left
        if (finished.error.isEmpty())
            finished.error = why;
        m_service.record(finished);
    }
    Q_EMIT requestServed(served);
}

} // namespace exadesk
