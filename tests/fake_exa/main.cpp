// exadesk-fake-exa: the fake Exa server as a program, for end-to-end tests, benchmarks and
// trying ExaDesk without spending credits.
#include "FakeExaServer.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QSslCertificate>
#include <QSslKey>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

int fail(const QString& message)
{
    std::fprintf(stderr, "exadesk-fake-exa: %s\n", qPrintable(message));
    return 2;
}

QByteArray readFile(const QString& path, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = u"cannot read %1: %2"_s.arg(path, file.errorString());
        return {};
    }
    return file.readAll();
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"exadesk-fake-exa"_s);
    QCoreApplication::setApplicationVersion(u"1.0"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"A fake of Exa's search API on loopback, faithful to its OpenAPI description, "
        "with scripted per-key faults. Control routes: GET /_fake/stats, "
        "GET|POST|DELETE /_fake/script, POST /_fake/reset, GET /_fake/requests, GET /_fake/icons/HOST.png."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption port(u"port"_s, u"Port to listen on; 0 picks a free one (default)."_s, u"PORT"_s, u"0"_s);
    const QCommandLineOption bind(u"bind"_s, u"Loopback address to listen on (default 127.0.0.1)."_s, u"ADDRESS"_s,
                                  u"127.0.0.1"_s);
    const QCommandLineOption key(u"key"_s, u"Accept this API key (repeatable); with none, any non-empty key."_s,
                                 u"KEY"_s);
    const QCommandLineOption script(u"script"_s, u"Per-key outcomes from this JSON file."_s, u"FILE"_s);
    const QCommandLineOption instant(u"instant"_s, u"No artificial delays (for load tests)."_s);
    const QCommandLineOption streamInterval(
        u"stream-interval"_s, u"Milliseconds between streamed answer events (default 15)."_s, u"MS"_s, u"15"_s);
    const QCommandLineOption tlsCert(u"tls-cert"_s, u"Serve HTTPS with this PEM certificate."_s, u"FILE"_s);
    const QCommandLineOption tlsKey(u"tls-key"_s, u"The PEM private key of --tls-cert."_s, u"FILE"_s);
    const QCommandLineOption verbose(u"verbose"_s, u"Log one line per request on stderr (keys masked)."_s);
    const QCommandLineOption siteIcons(
        u"site-icons"_s, u"Serve the results' site icons here (/_fake/icons/HOST.png) and point them there."_s);
    parser.addOptions({port, bind, key, script, instant, streamInterval, tlsCert, tlsKey, verbose, siteIcons});
    parser.process(app);

    fakeexa::FakeExaOptions options;
    options.keys = parser.values(key);
    options.instant = parser.isSet(instant);
    options.verbose = parser.isSet(verbose);
    options.localSiteIcons = parser.isSet(siteIcons);
    bool ok = false;
    options.streamIntervalMs = parser.value(streamInterval).toInt(&ok);
    if (!ok || options.streamIntervalMs < 0)
        return fail(u"--stream-interval takes a number of milliseconds"_s);

    fakeexa::FakeExaServer server(options);
    if (parser.isSet(script)) {
        QString error;
        const QByteArray text = readFile(parser.value(script), &error);
        if (!error.isEmpty())
            return fail(error);
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(text, &parseError);
        if (!document.isObject())
            return fail(u"%1 is not a JSON object: %2"_s.arg(parser.value(script), parseError.errorString()));
        if (!server.loadScript(document.object(), &error))
            return fail(u"%1: %2"_s.arg(parser.value(script), error));
    }
    if (parser.isSet(tlsCert) != parser.isSet(tlsKey))
        return fail(u"--tls-cert and --tls-key go together"_s);
    if (parser.isSet(tlsCert)) {
        QString error;
        const QByteArray certificate = readFile(parser.value(tlsCert), &error);
        const QByteArray privateKey = error.isEmpty() ? readFile(parser.value(tlsKey), &error) : QByteArray();
        if (!error.isEmpty())
            return fail(error);
        const QSslCertificate cert(certificate, QSsl::Pem);
        const QSslKey sslKey(privateKey, QSsl::Rsa, QSsl::Pem);
        if (cert.isNull() || sslKey.isNull())
            return fail(u"the TLS certificate or key could not be read as PEM (RSA)"_s);
        server.useTls(cert, sslKey);
    }

    const QHostAddress address(parser.value(bind));
    if (!address.isLoopback())
        return fail(u"--bind takes a loopback address (127.0.0.1 or ::1); the fake never leaves this machine"_s);
    const uint requestedPort = parser.value(port).toUInt(&ok);
    if (!ok || requestedPort > 65535)
        return fail(u"--port takes a number from 0 to 65535"_s);
    if (!server.listen(address, static_cast<quint16>(requestedPort)))
        return fail(u"cannot listen on %1:%2"_s.arg(address.toString(), QString::number(requestedPort)));

    // Tests read this line to learn the port.
    std::printf("exadesk-fake-exa listening on %s\n", qPrintable(server.baseUrl().toString()));
    std::fflush(stdout);
    return QCoreApplication::exec();
}
