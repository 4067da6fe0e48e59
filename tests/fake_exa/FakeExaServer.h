#pragma once

#include "FakeResearch.h"
#include "FakeScript.h"

#include <QAbstractHttpServer>
#include <QHash>
#include <QHostAddress>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QPointer>
#include <QSslCertificate>
#include <QSslKey>
#include <QStringList>
#include <QUrl>
#include <QUrlQuery>

#include <functional>

class QTcpSocket;

// A test double that behaves like Exa's search API on loopback: same routes, auth, request
// validation, response shapes, error bodies and streamed answers, with per-key scripted faults.
namespace fakeexa {

struct FakeExaOptions
{
    QStringList keys; // the keys Exa accepts; empty: any non-empty key
    bool instant = false; // no artificial delay anywhere (load tests)
    int streamIntervalMs = 15; // pause between the events of a streamed answer
    int researchPollsToComplete = 2; // GETs of a research task before it is completed
    bool verbose = false; // one line per request on stderr, keys masked
    // The sites' icons are served here (/_fake/icons/<host>.png, a square of the host's colour)
    // and results point there, so the window's site icons stay on loopback.
    bool localSiteIcons = false;
};

struct KeyStats
{
    int requests = 0;
    QMap<int, int> answered; // status -> count
    int dropped = 0;
    int hung = 0;
};

// A request as it arrived, for tests that check what a client sent.
struct RecordedRequest
{
    QByteArray method;
    QString path;
    QUrlQuery query;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray header(QByteArrayView name) const;
    QJsonObject json() const;
};

class FakeExaServer : public QAbstractHttpServer
{
    Q_OBJECT

public:
    explicit FakeExaServer(FakeExaOptions options = {}, QObject* parent = nullptr);
    ~FakeExaServer() override;

    // Call before listen(): serve HTTPS with this certificate.
    void useTls(const QSslCertificate& certificate, const QSslKey& key);
    // Port 0 picks a free one. Only loopback addresses are accepted.
    bool listen(const QHostAddress& address = QHostAddress::LocalHost, quint16 port = 0);
    quint16 port() const { return m_port; }
    QUrl baseUrl() const;

    void setAcceptedKeys(const QStringList& keys) { m_options.keys = keys; }
    void setInstant(bool instant) { m_options.instant = instant; }
    FakeScript& script() { return m_script; }
    bool loadScript(const QJsonObject& script, QString* error) { return m_script.load(script, error); }

    KeyStats stats(const QString& key) const { return m_stats.value(key); }
    QJsonObject statsJson() const;
    int totalRequests() const { return m_totalRequests; }
    const QList<RecordedRequest>& recentRequests() const { return m_recent; }
    RecordedRequest lastRequest() const { return m_recent.isEmpty() ? RecordedRequest{} : m_recent.constLast(); }
    // Forgets scripts, statistics, research tasks and recorded requests.
    void reset();

Q_SIGNALS:
    // After each answer to an authenticated or unauthenticated Exa route; status 0 when the
    // connection was dropped or left hanging.
    void requestAnswered(const QString& key, const QString& path, int status);

protected:
    bool handleRequest(const QHttpServerRequest& request, QTcpSocket* socket) override;
    void missingHandler(const QHttpServerRequest& request, QTcpSocket* socket) override;

private:
    struct Exchange;
    enum class Route
    {
        Search,
        FindSimilar,
        Contents,
        Answer,
        ResearchCreate,
        ResearchList,
        ResearchGet,
        Unknown
    };

    static Route routeOf(QByteArrayView method, const QString& path);
    void handleControl(Exchange& exchange);
    void serve(Exchange& exchange, Route route, bool truncate);
    QJsonObject withLocalIcons(QJsonObject response) const;
    void serveIcon(Exchange& exchange, const QString& host);
    void serveResearch(Exchange& exchange, Route route);
    QString nextRequestId(const Exchange& exchange);
    void later(int delayMs, std::function<void()> action);
    void count(const Exchange& exchange, int status);

    void answerJson(Exchange& exchange, int status, const QJsonObject& body, bool truncate = false,
                    const QList<QPair<QByteArray, QByteArray>>& headers = {});
    void answerError(Exchange& exchange, int status, const QString& tag, const QString& message,
                     const QByteArray& retryAfter = {});
    void answerStream(Exchange& exchange, const QList<QByteArray>& events, bool truncate);
    void drop(Exchange& exchange);
    void reset(Exchange& exchange);

    FakeExaOptions m_options;
    quint16 m_port = 0;
    QHostAddress m_address;
    bool m_tls = false;
    FakeScript m_script;
    QHash<QString, KeyStats> m_stats;
    int m_totalRequests = 0;
    quint64 m_requestCounter = 0;
    QList<RecordedRequest> m_recent;
    FakeResearch m_research;
};

} // namespace fakeexa
