#include "FakeExaServer.h"

#include "FakeCorpus.h"
#include "RequestValidator.h"

#include <QBuffer>
#include <QColor>
#include <QDateTime>
#include <QHttpServerRequest>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <cstdio>
#include <memory>

using namespace Qt::StringLiterals;

namespace fakeexa {
namespace {

constexpr qsizetype kRecentRequestLimit = 200;
constexpr QStringView kControlPrefix = u"/_fake/";
constexpr QStringView kResearchPath = u"/research/v1";

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 402:
        return "Payment Required";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 409:
        return "Conflict";
    case 422:
        return "Unprocessable Entity";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return "Status";
    }
}

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    case QHttpServerRequest::Method::Patch:
        return "PATCH";
    case QHttpServerRequest::Method::Head:
        return "HEAD";
    case QHttpServerRequest::Method::Options:
        return "OPTIONS";
    default:
        return "OTHER";
    }
}

QString maskedKey(const QString& key)
{
    return key.size() >= 8 ? u"…"_s + key.right(4) : u"…"_s;
}

QString keyFrom(const RecordedRequest& request)
{
    const QByteArray apiKey = request.header("x-api-key").trimmed();
    if (!apiKey.isEmpty())
        return QString::fromUtf8(apiKey);
    const QByteArray authorization = request.header("authorization").trimmed();
    if (authorization.size() > 7 && authorization.first(7).compare("bearer ", Qt::CaseInsensitive) == 0)
        return QString::fromUtf8(authorization.sliced(7).trimmed());
    return {};
}

QByteArray sseEvent(const QJsonObject& object)
{
    return "data: " + QJsonDocument(object).toJson(QJsonDocument::Compact) + "\n\n";
}

// A task as its stream tells it: what it is, then, once done, its output with the cost.
QList<QByteArray> researchEvents(const QJsonObject& task)
{
    const QJsonValue id = task.value("researchId"_L1);
    QList<QByteArray> events{sseEvent(QJsonObject{{"eventType"_L1, u"research-definition"_s},
                                                  {"researchId"_L1, id},
                                                  {"instructions"_L1, task.value("instructions"_L1)},
                                                  {"createdAt"_L1, task.value("createdAt"_L1)}})};
    if (task.value("status"_L1).toString() == "completed"_L1) {
        QJsonObject output = task.value("output"_L1).toObject();
        output.insert("outputType"_L1, u"completed"_s);
        output.insert("costDollars"_L1, task.value("costDollars"_L1));
        events.append(sseEvent(
            QJsonObject{{"eventType"_L1, u"research-output"_s}, {"researchId"_L1, id}, {"output"_L1, output}}));
    }
    return events;
}

} // namespace

// One request and the socket to answer it on; the socket may be gone by the time we answer.
struct FakeExaServer::Exchange
{
    QPointer<QTcpSocket> socket;
    RecordedRequest request;
    QString key;
    bool closeAfter = false;
};

QByteArray RecordedRequest::header(QByteArrayView name) const
{
    for (const auto& [key, value] : headers) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QJsonObject RecordedRequest::json() const
{
    return QJsonDocument::fromJson(body).object();
}

FakeExaServer::FakeExaServer(FakeExaOptions options, QObject* parent)
    : QAbstractHttpServer(parent)
    , m_options(std::move(options))
    , m_research(m_options.researchPollsToComplete)
{ }

FakeExaServer::~FakeExaServer() = default;

void FakeExaServer::useTls(const QSslCertificate& certificate, const QSslKey& key)
{
    sslSetup(certificate, key);
    m_tls = true;
}

bool FakeExaServer::listen(const QHostAddress& address, quint16 port)
{
    if (!address.isLoopback())
        return false;
    m_address = address;
    if (m_tls) {
        m_port = QAbstractHttpServer::listen(address, port);
        return m_port != 0;
    }
    // Exa takes many connections at once. With Qt's backlog of 50, the 51st connection of a
    // burst waits for the kernel's SYN retry, a whole second.
    auto* server = new QTcpServer(this);
    server->setListenBacklogSize(1024);
    if (!server->listen(address, port)) {
        delete server;
        return false;
    }
    bind(server);
    m_port = server->serverPort();
    return true;
}

QUrl FakeExaServer::baseUrl() const
{
    QUrl url;
    url.setScheme(m_tls ? u"https"_s : u"http"_s);
    url.setHost(m_address.toString());
    url.setPort(m_port);
    return url;
}

QJsonObject FakeExaServer::statsJson() const
{
    QJsonObject keys;
    for (auto it = m_stats.begin(); it != m_stats.end(); ++it) {
        QJsonObject answered;
        for (auto status = it->answered.begin(); status != it->answered.end(); ++status)
            answered.insert(QString::number(status.key()), status.value());
        keys.insert(it.key(),
                    QJsonObject{{"requests"_L1, it->requests},
                                {"answered"_L1, answered},
                                {"dropped"_L1, it->dropped},
                                {"hung"_L1, it->hung}});
    }
    return QJsonObject{{"requests"_L1, m_totalRequests}, {"keys"_L1, keys}};
}

void FakeExaServer::reset()
{
    m_script.clear();
    m_stats.clear();
    m_totalRequests = 0;
    m_recent.clear();
    m_research.clear();
}

FakeExaServer::Route FakeExaServer::routeOf(QByteArrayView method, const QString& path)
{
    if (method == "POST") {
        if (path == "/search"_L1)
            return Route::Search;
        if (path == "/findSimilar"_L1)
            return Route::FindSimilar;
        if (path == "/contents"_L1)
            return Route::Contents;
        if (path == "/answer"_L1)
            return Route::Answer;
        if (path == kResearchPath)
            return Route::ResearchCreate;
    } else if (method == "GET") {
        if (path == kResearchPath)
            return Route::ResearchList;
        if (path.startsWith(kResearchPath.toString() + u'/') && path.count(u'/') == 3)
            return Route::ResearchGet;
    }
    return Route::Unknown;
}

bool FakeExaServer::handleRequest(const QHttpServerRequest& request, QTcpSocket* socket)
{
    // Copy everything now: the request object is reused for the next one on this connection.
    Exchange exchange;
    exchange.socket = socket;
    exchange.request.method = methodName(request.method());
    exchange.request.path = request.url().path();
    exchange.request.query = request.query();
    exchange.request.headers = request.headers();
    exchange.request.body = request.body();
    exchange.closeAfter = exchange.request.header("connection").compare("close", Qt::CaseInsensitive) == 0;
    m_recent.append(exchange.request);
    if (m_recent.size() > kRecentRequestLimit)
        m_recent.removeFirst();

    if (exchange.request.path.startsWith(kControlPrefix)) {
        handleControl(exchange);
        return true;
    }

    const Route route = routeOf(exchange.request.method, exchange.request.path);
    if (route == Route::Unknown) {
        answerError(exchange, 404, {},
                    u"Not found: %1 %2"_s.arg(QString::fromLatin1(exchange.request.method), exchange.request.path));
        return true;
    }

    exchange.key = keyFrom(exchange.request);
    ++m_totalRequests;
    ++m_stats[exchange.key].requests;
    if (exchange.key.isEmpty()) {
        answerError(exchange, 401, u"INVALID_API_KEY"_s,
                    u"Missing API key. Send it in the x-api-key header or as Authorization: Bearer."_s);
        return true;
    }
    if (!m_options.keys.isEmpty() && !m_options.keys.contains(exchange.key)) {
        answerError(exchange, 401, u"INVALID_API_KEY"_s, defaultMessageFor(401));
        return true;
    }

    const QString peer = socket->peerAddress().toString();
    const std::optional<FakeOutcome> outcome = m_script.next(exchange.key, peer);
    if (!outcome) {
        serve(exchange, route, false);
        return true;
    }
    if (outcome->hang) {
        ++m_stats[exchange.key].hung;
        count(exchange, 0);
        return true; // the socket stays open until the client gives up
    }
    later(outcome->delayMs, [this, exchange, route, outcome = *outcome]() mutable {
        if (outcome.reset)
            reset(exchange);
        else if (outcome.drop)
            drop(exchange);
        else if (outcome.status == 200)
            serve(exchange, route, outcome.truncate);
        else
            answerError(exchange, outcome.status, outcome.tag, outcome.message, outcome.retryAfter);
    });
    return true;
}

void FakeExaServer::missingHandler(const QHttpServerRequest& request, QTcpSocket* socket)
{
    Exchange exchange;
    exchange.socket = socket;
    answerError(exchange, 404, {}, u"Not found: %1"_s.arg(request.url().path()));
}

void FakeExaServer::later(int delayMs, std::function<void()> action)
{
    if (delayMs <= 0 || m_options.instant)
        action();
    else
        QTimer::singleShot(delayMs, this, std::move(action));
}

void FakeExaServer::handleControl(Exchange& exchange)
{
    const QString what = exchange.request.path.sliced(kControlPrefix.size());
    const QByteArray& method = exchange.request.method;
    if (what == "stats"_L1 && method == "GET") {
        answerJson(exchange, 200, statsJson());
    } else if (what == "script"_L1 && method == "GET") {
        answerJson(exchange, 200, m_script.toJson());
    } else if (what == "script"_L1 && method == "DELETE") {
        m_script.clear();
        answerJson(exchange, 200, m_script.toJson());
    } else if (what == "script"_L1 && method == "POST") {
        QJsonObject script;
        QString error;
        if (const auto invalid = RequestValidator::parseBody(exchange.request.body, &script))
            error = invalid->message;
        else if (!loadScript(script, &error))
            error = u"invalid script: "_s + error;
        if (!error.isEmpty())
            answerJson(exchange, 400, QJsonObject{{"error"_L1, error}});
        else
            answerJson(exchange, 200, m_script.toJson());
    } else if (what.startsWith("icons/"_L1) && what.endsWith(".png"_L1) && method == "GET") {
        serveIcon(exchange, what.sliced(6).chopped(4));
    } else if (what == "reset"_L1 && method == "POST") {
        reset();
        answerJson(exchange, 200, QJsonObject{{"reset"_L1, true}});
    } else if (what == "requests"_L1 && method == "GET") {
        QJsonArray requests;
        for (const RecordedRequest& recorded : std::as_const(m_recent)) {
            QJsonObject headers;
            for (const auto& [name, value] : recorded.headers) {
                const QString header = QString::fromLatin1(name).toLower();
                // Keys are shown as Exa's dashboard shows them: by their last characters.
                const bool secret = header == "x-api-key"_L1 || header == "authorization"_L1;
                headers.insert(header, secret ? maskedKey(QString::fromUtf8(value)) : QString::fromUtf8(value));
            }
            requests.append(QJsonObject{{"method"_L1, QString::fromLatin1(recorded.method)},
                                        {"path"_L1, recorded.path},
                                        {"query"_L1, recorded.query.toString()},
                                        {"headers"_L1, headers},
                                        {"body"_L1, QString::fromUtf8(recorded.body)}});
        }
        answerJson(exchange, 200, QJsonObject{{"requests"_L1, requests}});
    } else {
        answerJson(exchange, 404, QJsonObject{{"error"_L1, u"unknown control route"_s}});
    }
}

QString FakeExaServer::nextRequestId(const Exchange& exchange)
{
    return Rng::fromText(exchange.request.path + QString::fromUtf8(exchange.request.body), ++m_requestCounter).hex(32);
}

void FakeExaServer::serve(Exchange& exchange, Route route, bool truncate)
{
    if (route == Route::ResearchList || route == Route::ResearchGet) {
        serveResearch(exchange, route);
        return;
    }

    QJsonObject body;
    std::optional<ValidationError> invalid = RequestValidator::parseBody(exchange.request.body, &body);
    if (!invalid) {
        switch (route) {
        case Route::Search:
            invalid = RequestValidator::search(body);
            break;
        case Route::FindSimilar:
            invalid = RequestValidator::findSimilar(body);
            break;
        case Route::Contents:
            invalid = RequestValidator::contents(body);
            break;
        case Route::Answer:
            invalid = RequestValidator::answer(body);
            break;
        case Route::ResearchCreate:
            invalid = RequestValidator::research(body);
            break;
        default:
            break;
        }
    }
    if (invalid) {
        answerError(exchange, 400, invalid->tag, invalid->message);
        return;
    }

    const QString requestId = nextRequestId(exchange);
    switch (route) {
    case Route::Search:
        answerJson(exchange, 200, withLocalIcons(FakeCorpus::search(body, requestId)), truncate);
        break;
    case Route::FindSimilar:
        answerJson(exchange, 200, withLocalIcons(FakeCorpus::findSimilar(body, requestId)), truncate);
        break;
    case Route::Contents:
        answerJson(exchange, 200, withLocalIcons(FakeCorpus::contents(body, requestId)), truncate);
        break;
    case Route::Answer: {
        const QJsonObject answer = FakeCorpus::answer(body, requestId);
        if (!body.value("stream"_L1).toBool()) {
            answerJson(exchange, 200, answer, truncate);
            break;
        }
        // What Exa's SDKs parse: OpenAI-style pieces, then the citations, then [DONE].
        QList<QByteArray> events;
        const QStringList pieces = FakeCorpus::answerPieces(
            answer.value("answer"_L1).isString()
                ? answer.value("answer"_L1).toString()
                : QString::fromUtf8(
                    QJsonDocument(answer.value("answer"_L1).toObject()).toJson(QJsonDocument::Compact)));
        for (const QString& piece : pieces)
            events.append(sseEvent(QJsonObject{
                {"choices"_L1, QJsonArray{QJsonObject{{"delta"_L1, QJsonObject{{"content"_L1, piece}}}}}}}));
        const QJsonArray citations = answer.value("citations"_L1).toArray();
        events.append(sseEvent(QJsonObject{{"citations"_L1, citations},
                                           {"results"_L1, citations},
                                           {"costDollars"_L1, answer.value("costDollars"_L1)}}));
        events.append("data: [DONE]\n\n");
        answerStream(exchange, events, truncate);
        break;
    }
    case Route::ResearchCreate:
        answerJson(exchange, 201, m_research.create(u"r_"_s + requestId.left(24), exchange.key, body));
        break;
    default:
        break;
    }
}

QJsonObject FakeExaServer::withLocalIcons(QJsonObject response) const
{
    if (!m_options.localSiteIcons)
        return response;
    QJsonArray results = response.value("results"_L1).toArray();
    for (QJsonValueRef value : results) {
        QJsonObject result = value.toObject();
        const QString host = QUrl(result.value("url"_L1).toString()).host();
        result.insert("favicon"_L1, baseUrl().toString() + u"/_fake/icons/"_s + host + u".png"_s);
        value = result;
    }
    response.insert("results"_L1, results);
    return response;
}

void FakeExaServer::serveIcon(Exchange& exchange, const QString& host)
{
    // A square in a colour of the host's own, so different sites look different.
    QImage image(16, 16, QImage::Format_RGB32);
    image.fill(QColor::fromHsv(static_cast<int>(qHash(host) % 360), 160, 200));
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    count(exchange, 200);
    if (!exchange.socket)
        return;
    exchange.socket->write("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: "
                           + QByteArray::number(png.size()) + "\r\n\r\n" + png);
}

void FakeExaServer::serveResearch(Exchange& exchange, Route route)
{
    if (route == Route::ResearchGet) {
        const QString id = exchange.request.path.section(u'/', -1);
        const std::optional<QJsonObject> task = m_research.poll(id, exchange.key);
        if (task && exchange.request.query.queryItemValue(u"stream"_s) == "true"_L1)
            answerStream(exchange, researchEvents(*task), false);
        else if (task)
            answerJson(exchange, 200, *task);
        else
            answerError(exchange, 404, {}, u"Research task %1 not found"_s.arg(id));
        return;
    }

    bool limitOk = true;
    const QString limitText = exchange.request.query.queryItemValue(u"limit"_s);
    const int limit = limitText.isEmpty() ? 25 : limitText.toInt(&limitOk);
    if (!limitOk || limit < 1 || limit > 200) {
        answerError(exchange, 400, u"INVALID_REQUEST"_s, u"limit: must be a number from 1 to 200"_s);
        return;
    }
    answerJson(exchange, 200, m_research.list(exchange.key, exchange.request.query.queryItemValue(u"cursor"_s), limit));
}

void FakeExaServer::count(const Exchange& exchange, int status)
{
    if (!exchange.request.path.startsWith(kControlPrefix)) {
        if (status > 0)
            ++m_stats[exchange.key].answered[status];
        if (m_options.verbose) {
            std::fprintf(stderr, "%s %s key=%s -> %d\n", exchange.request.method.constData(),
                         qPrintable(exchange.request.path), qPrintable(maskedKey(exchange.key)), status);
        }
        Q_EMIT requestAnswered(exchange.key, exchange.request.path, status);
    }
}

void FakeExaServer::answerJson(Exchange& exchange, int status, const QJsonObject& body, bool truncate,
                               const QList<QPair<QByteArray, QByteArray>>& headers)
{
    const QByteArray payload = QJsonDocument(body).toJson(QJsonDocument::Compact);
    count(exchange, truncate ? 0 : status);
    if (!exchange.socket)
        return;
    QByteArray response = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n"
        + "Content-Type: application/json; charset=utf-8\r\n" + "Content-Length: " + QByteArray::number(payload.size())
        + "\r\n";
    for (const auto& [name, value] : headers)
        response += name + ": " + value + "\r\n";
    if (exchange.closeAfter)
        response += "Connection: close\r\n";
    response += "\r\n";
    if (truncate) {
        // Promise the whole body, send half, hang up: the client must not take it as complete.
        exchange.socket->write(response + payload.first(payload.size() / 2));
        exchange.socket->flush();
        exchange.socket->abort();
        ++m_stats[exchange.key].dropped;
        return;
    }
    exchange.socket->write(response + payload);
    if (exchange.closeAfter)
        exchange.socket->disconnectFromHost();
}

void FakeExaServer::answerError(Exchange& exchange, int status, const QString& tag, const QString& message,
                                const QByteArray& retryAfter)
{
    QJsonObject body{{"requestId"_L1, nextRequestId(exchange)}, {"error"_L1, message}};
    if (!tag.isEmpty())
        body.insert("tag"_L1, tag);
    QList<QPair<QByteArray, QByteArray>> headers;
    if (!retryAfter.isEmpty())
        headers.append({"Retry-After", retryAfter});
    answerJson(exchange, status, body, false, headers);
}

void FakeExaServer::answerStream(Exchange& exchange, const QList<QByteArray>& events, bool truncate)
{
    count(exchange, truncate ? 0 : 200);
    if (!exchange.socket)
        return;
    exchange.socket->write("HTTP/1.1 200 OK\r\n"
                           "Content-Type: text/event-stream; charset=utf-8\r\n"
                           "Cache-Control: no-cache\r\n"
                           "Transfer-Encoding: chunked\r\n\r\n");

    // Events go out one by one, as a model produces them; a truncated stream stops halfway.
    const qsizetype stopAt = truncate ? events.size() / 2 : events.size();
    auto* timer = new QTimer(exchange.socket);
    timer->setInterval(m_options.instant ? 0 : m_options.streamIntervalMs);
    auto next = std::make_shared<qsizetype>(0);
    QPointer<QTcpSocket> socket = exchange.socket;
    const bool closeAfter = exchange.closeAfter;
    const QString key = exchange.key;
    connect(timer, &QTimer::timeout, this, [this, timer, socket, events, stopAt, next, closeAfter, key, truncate] {
        if (!socket) {
            timer->deleteLater();
            return;
        }
        if (*next == stopAt) {
            timer->stop();
            timer->deleteLater();
            if (truncate) {
                socket->abort();
                ++m_stats[key].dropped;
                return;
            }
            socket->write("0\r\n\r\n");
            if (closeAfter)
                socket->disconnectFromHost();
            return;
        }
        const QByteArray& event = events.at((*next)++);
        socket->write(QByteArray::number(event.size(), 16) + "\r\n" + event + "\r\n");
    });
    timer->start();
}

void FakeExaServer::reset(Exchange& exchange)
{
    ++m_stats[exchange.key].dropped;
    count(exchange, 0);
    if (exchange.socket)
        exchange.socket->abort();
}

void FakeExaServer::drop(Exchange& exchange)
{
    ++m_stats[exchange.key].dropped;
    count(exchange, 0);
    if (!exchange.socket)
        return;
    // The connection dies as the answer begins, after its headers. Closing before the headers
    // would be invisible to Qt 6.4's clients: they silently send the request again, even a POST.
    exchange.socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n");
    exchange.socket->flush();
    exchange.socket->abort();
}

} // namespace fakeexa
