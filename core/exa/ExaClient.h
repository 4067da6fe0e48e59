#pragma once

#include "ExaCall.h"
#include "ExaRequests.h"
#include "config/SettingsRegistry.h"

#include <QList>
#include <QObject>
#include <QSslCertificate>
#include <QUrl>

#include <chrono>
#include <optional>

class QNetworkAccessManager;

namespace exa {

class ExaReply;

struct ExaClientOptions
{
    QUrl baseUrl = defaultBaseUrl();
    QString userAgent = defaultUserAgent();
    // A whole call must finish in this time; a streamed answer may not fall silent for longer.
    // 0: no limit here (the gateway keeps time itself, on its clock).
    std::chrono::milliseconds timeout = std::chrono::seconds(exadesk::setting::TimeoutSeconds.number);
    // Trusted in addition to the system's CAs, e.g. a corporate proxy that inspects TLS.
    QList<QSslCertificate> extraCaCertificates;
    // A paused stream (its reader behind) is given up once this much of it waits unread: over
    // HTTP/2, Qt 6.4 reads on regardless (see ExaReply::setPaused()).
    qsizetype maxUnreadStreamBytes = 16 * 1024 * 1024;

    static QUrl defaultBaseUrl();
    static QString defaultUserAgent(); // ExaDesk/<version>
};

// Reads a PEM bundle of CA certificates. On failure says why in `error` (unreadable file,
// no certificate in it).
std::optional<QList<QSslCertificate>> loadCaBundle(const QString& path, QString* error);

// Sends calls to Exa on the event loop through one QNetworkAccessManager (which carries the
// proxy, if any). One client per network path; the key comes with each call.
class ExaClient : public QObject
{
    Q_OBJECT

public:
    // `network` is not owned; with none the client makes its own.
    explicit ExaClient(ExaClientOptions options = {}, QNetworkAccessManager* network = nullptr,
                       QObject* parent = nullptr);

    const ExaClientOptions& options() const { return m_options; }
    void setOptions(ExaClientOptions options);
    QNetworkAccessManager* network() const { return m_network; }

    // Starts the call at once. The reply belongs to this client until the caller reparents or
    // deletes it; deleting a running reply cancels it.
    ExaReply* send(const ExaCall& call, const QString& apiKey);

    ExaReply* search(const SearchRequest& request, const QString& apiKey);
    ExaReply* findSimilar(const FindSimilarRequest& request, const QString& apiKey);
    ExaReply* contents(const ContentsRequest& request, const QString& apiKey);
    ExaReply* answer(const AnswerRequest& request, const QString& apiKey);

    QUrl urlFor(const ExaCall& call) const;

private:
    ExaClientOptions m_options;
    QNetworkAccessManager* m_network;
};

} // namespace exa
