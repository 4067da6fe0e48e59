// How much the Exa client itself costs: serialising requests, parsing responses, decoding a
// streamed answer, and whole calls over loopback to the fake server with its delays off.
// Every loop is bounded; every figure printed names what it measured.
#include "FakeCorpus.h"
#include "FakeExaServer.h"
#include "exa/AnswerStream.h"
#include "exa/ExaCall.h"
#include "exa/ExaClient.h"
#include "exa/ExaReply.h"
#include "exa/ExaResults.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

struct Timing
{
    double medianUs;
    double p99Us;
};

template <typename Work>
Timing measure(int runs, Work&& work)
{
    std::vector<double> samples;
    samples.reserve(static_cast<std::size_t>(runs));
    QElapsedTimer clock;
    for (int i = 0; i < runs; ++i) {
        clock.start();
        work(i);
        samples.push_back(static_cast<double>(clock.nsecsElapsed()) / 1000.0);
    }
    std::sort(samples.begin(), samples.end());
    return {samples[samples.size() / 2], samples[std::min(samples.size() - 1, samples.size() * 99 / 100)]};
}

void row(const char* what, const Timing& timing, const QString& extra)
{
    std::printf("| %-50s | %10.1f | %10.1f | %-30s |\n", what, timing.medianUs, timing.p99Us, qPrintable(extra));
}

exa::SearchRequest fullSearchRequest()
{
    exa::SearchRequest request;
    request.query = u"rust async runtimes compared"_s;
    request.type = exa::SearchType::Auto;
    request.options.numResults = 100;
    request.options.includeDomains = {u"github.com"_s, u"docs.rs"_s};
    request.options.contents.text = exa::TextOptions{true, 2000, false, {}, {}, {}};
    request.options.contents.highlights = exa::HighlightsOptions{};
    request.options.contents.summary = exa::SummaryOptions{u"main point"_s, {}};
    return request;
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    std::printf("| %-50s | %10s | %10s | %-30s |\n", "benchmark", "median us", "p99 us", "notes");
    std::printf("|%s|%s|%s|%s|\n", std::string(52, '-').c_str(), std::string(12, '-').c_str(),
                std::string(12, '-').c_str(), std::string(32, '-').c_str());

    const exa::SearchRequest request = fullSearchRequest();
    row("serialise a /search request (all options)", measure(20'000, [&](int) { (void)exa::ExaCall::search(request); }),
        u"%1 bytes"_s.arg(exa::ExaCall::search(request).body.size()));

    const QJsonObject response = fakeexa::FakeCorpus::search(request.toJson(), u"bench"_s);
    const QByteArray body = QJsonDocument(response).toJson(QJsonDocument::Compact);
    const Timing parse = measure(300, [&](int) {
        const exa::SearchResponse parsed = exa::SearchResponse::fromJson(QJsonDocument::fromJson(body).object());
        if (parsed.results.size() != 100)
            std::abort();
    });
    row("parse a 100-result /search response", parse,
        u"%1 KiB, %2 MB/s"_s.arg(body.size() / 1024).arg(static_cast<double>(body.size()) / parse.medianUs, 0, 'f', 0));

    QByteArray stream;
    for (int i = 0; stream.size() < 1024 * 1024; ++i)
        stream += "data: {\"choices\":[{\"delta\":{\"content\":\"piece " + QByteArray::number(i) + " \"}}]}\n\n";
    const Timing decode = measure(20, [&](int) {
        exa::AnswerStreamDecoder decoder;
        for (qsizetype at = 0; at < stream.size(); at += 1460)
            decoder.feed(stream.mid(at, 1460));
        decoder.finish();
    });
    row("decode a 1 MiB streamed answer (1460 B reads)", decode,
        u"%1 MB/s"_s.arg(static_cast<double>(stream.size()) / decode.medianUs, 0, 'f', 0));

    fakeexa::FakeExaOptions options;
    options.instant = true;
    fakeexa::FakeExaServer server(options);
    if (!server.listen())
        return 1;
    exa::ExaClientOptions clientOptions;
    clientOptions.baseUrl = server.baseUrl();
    exa::ExaClient client(clientOptions);
    exa::SearchRequest small;
    small.query = u"loopback"_s;
    auto call = [&](int) {
        exa::ExaReply* reply = client.search(small, u"bench-key"_s);
        QEventLoop loop;
        QObject::connect(reply, &exa::ExaReply::finished, &loop, &QEventLoop::quit);
        if (!reply->isFinished())
            loop.exec();
        if (!reply->isSuccess())
            std::abort();
        delete reply;
    };
    measure(200, call); // warm the connection
    constexpr int kCalls = 2000;
    QElapsedTimer wall;
    wall.start();
    const Timing roundTrip = measure(kCalls, call);
    row("sequential /search calls, client+fake in-process", roundTrip,
        u"%1 calls/s, 10 results each"_s.arg(kCalls * 1000.0 / static_cast<double>(wall.elapsed()), 0, 'f', 0));
    return 0;
}
