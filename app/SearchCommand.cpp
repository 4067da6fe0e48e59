#include "SearchCommand.h"

#include "CommandEngine.h"
#include "CommandLine.h"
#include "Console.h"
#include "ResultPrinter.h"
#include "exa/ExaClient.h"
#include "exa/ExaResults.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QEventLoop>
#include <QJsonArray>
#include <QTextStream>

#include <cstdio>
#include <optional>

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

using console::err;

// Dates on the command line: a day (2024-03-01) or an instant (2024-03-01T12:00:00Z), in UTC.
std::optional<QDateTime> parseDate(const QString& text)
{
    if (const QDate day = QDate::fromString(text, Qt::ISODate); day.isValid())
        return QDateTime(day, QTime(0, 0), Qt::UTC);
    // Qt's ISO 8601 reading takes fractions of a second too.
    const QDateTime instant = QDateTime::fromString(text, Qt::ISODate);
    if (!instant.isValid())
        return std::nullopt;
    return instant;
}

// Exa's bytes exactly as they came, with a final newline for the terminal.
void writeRaw(const QByteArray& body)
{
    std::fwrite(body.constData(), 1, static_cast<std::size_t>(body.size()), stdout);
    if (!body.endsWith('\n'))
        std::fputc('\n', stdout);
    std::fflush(stdout);
}

int usageError(const QString& program, const QString& message)
{
    return CommandEngine::usageError(program, "search"_L1, message);
}

} // namespace

std::variant<SearchCommand::Parsed, int> SearchCommand::parse(const QString& program, const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Searches Exa and prints the results. The API key comes from the "
                                        "EXA_API_KEY environment variable, or a pool of keys from --keys-file."));
    parser.addPositionalArgument(u"query"_s, tr("What to search for (several words are joined)."), u"QUERY..."_s);
    const QCommandLineOption help({u"h"_s, u"help"_s}, tr("Show the options of this command."));
    const QCommandLineOption num({u"n"_s, u"num"_s}, tr("Number of results, 1 to 100 (Exa's default is 10)."), u"N"_s);
    const QCommandLineOption type({u"t"_s, u"type"_s},
                                  tr("Search type: %1.").arg(exa::allSearchTypeNames().join(u", "_s)), u"TYPE"_s);
    const QCommandLineOption category({u"c"_s, u"category"_s},
                                      tr("Only this kind of page: %1.").arg(exa::allCategoryNames().join(u", "_s)),
                                      u"CATEGORY"_s);
    const QCommandLineOption includeDomain(u"include-domain"_s, tr("Only results from this domain (repeatable)."),
                                           u"DOMAIN"_s);
    const QCommandLineOption excludeDomain(u"exclude-domain"_s, tr("No results from this domain (repeatable)."),
                                           u"DOMAIN"_s);
    const QCommandLineOption after(u"published-after"_s, tr("Only pages published after this date (YYYY-MM-DD)."),
                                   u"DATE"_s);
    const QCommandLineOption before(u"published-before"_s, tr("Only pages published before this date (YYYY-MM-DD)."),
                                    u"DATE"_s);
    const QCommandLineOption text(u"text"_s, tr("Fetch and print each page's text."));
    const QCommandLineOption highlights(u"highlights"_s, tr("Fetch and print the most relevant passages."));
    const QCommandLineOption summary(u"summary"_s, tr("Fetch and print a summary of each page."));
    const QCommandLineOption json(u"json"_s, tr("Print Exa's response exactly as it came (JSON)."));
    const QCommandLineOption baseUrl = CommandEngine::baseUrlOption();
    const QCommandLineOption timeout(u"timeout"_s, tr("Give up after this many seconds (default 60)."), u"SECONDS"_s);
    const QCommandLineOption userAgent(
        u"user-agent"_s, tr("The User-Agent to send (default %1).").arg(exa::ExaClientOptions::defaultUserAgent()),
        u"TEXT"_s);
    const QCommandLineOption caBundle = CommandEngine::caBundleOption();
    const QCommandLineOption keysFile(u"keys-file"_s,
                                      tr("Use the keys in this file, one per line or 'label,key'; '#' starts a "
                                         "comment. Only you may read it (chmod 600)."),
                                      u"FILE"_s);
    const QCommandLineOption proxy(u"proxy"_s,
                                   tr("Send through this proxy: http://[user:password@]host:port or "
                                      "socks5://[user:password@]host:port (repeatable; each key keeps to one)."),
                                   u"URL"_s);
    parser.addOptions({help, num, type, category, includeDomain, excludeDomain, after, before, text, highlights,
                       summary, json, baseUrl, timeout, userAgent, caBundle, keysFile, proxy});

    if (!parser.parse(QStringList{program} + arguments))
        return usageError(program, parser.errorText());
    if (parser.isSet(help)) {
        QTextStream(stdout) << parser.helpText().replace(program + u" [options]"_s, program + u" search [options]"_s);
        return ExitSuccess;
    }

    Parsed parsed;
    exa::SearchRequest& request = parsed.request;
    request.query = parser.positionalArguments().join(u' ').trimmed();
    if (request.query.isEmpty())
        return usageError(program, tr("say what to search for, e.g. exadesk search \"rust async runtimes\"."));

    if (parser.isSet(num)) {
        bool ok = false;
        const int n = parser.value(num).toInt(&ok);
        if (!ok || n < 1 || n > 100)
            return usageError(program,
                              tr("--num takes a whole number from 1 to 100, not '%1'.").arg(parser.value(num)));
        request.options.numResults = n;
    }
    if (parser.isSet(type)) {
        request.type = exa::searchTypeFromString(parser.value(type));
        if (!request.type)
            return usageError(program,
                              tr("--type takes one of %1, not '%2'.")
                                  .arg(exa::allSearchTypeNames().join(u", "_s), parser.value(type)));
    }
    if (parser.isSet(category)) {
        request.category = exa::categoryFromString(parser.value(category));
        if (!request.category)
            return usageError(program,
                              tr("--category takes one of %1, not '%2'.")
                                  .arg(exa::allCategoryNames().join(u", "_s), parser.value(category)));
    }
    request.options.includeDomains = parser.values(includeDomain);
    request.options.excludeDomains = parser.values(excludeDomain);
    for (const auto& [option, target] : {std::pair{&after, &request.options.startPublishedDate},
                                         std::pair{&before, &request.options.endPublishedDate}}) {
        if (!parser.isSet(*option))
            continue;
        *target = parseDate(parser.value(*option));
        if (!*target)
            return usageError(program,
                              tr("--%1 takes a date such as 2024-03-01, not '%2'.")
                                  .arg(option->names().constFirst(), parser.value(*option)));
    }
    if (parser.isSet(text))
        request.options.contents.text = exa::TextOptions{};
    if (parser.isSet(highlights))
        request.options.contents.highlights = exa::HighlightsOptions{};
    if (parser.isSet(summary))
        request.options.contents.summary = exa::SummaryOptions{};
    parsed.json = parser.isSet(json);

    if (QString problem; !CommandEngine::takeBaseUrl(parser, baseUrl, parsed.engine, &problem))
        return usageError(program, problem);
    if (parser.isSet(timeout)) {
        bool ok = false;
        const double seconds = parser.value(timeout).toDouble(&ok);
        if (!ok || seconds <= 0 || seconds > 3600)
            return usageError(
                program,
                tr("--timeout takes a number of seconds from 0 to 3600, not '%1'.").arg(parser.value(timeout)));
        parsed.engine.timeout = std::chrono::milliseconds(static_cast<qint64>(seconds * 1000));
    }
    if (parser.isSet(userAgent))
        parsed.engine.userAgent = parser.value(userAgent);
    if (!CommandEngine::takeCaBundle(parser, caBundle, parsed.engine))
        return ExitUserError;
    parsed.engine.keysFile = parser.value(keysFile);
    parsed.engine.keyFromEnvironment = true;
    for (const QString& url : parser.values(proxy)) {
        if (const QString problem = Engine::proxyProblem(url); !problem.isEmpty())
            return usageError(program, tr("--proxy: %1.").arg(problem));
    }
    parsed.engine.proxyUrls = parser.values(proxy);
    // One search from a shell: a key found bad is reported, not probed again later.
    parsed.engine.oneShot = true;
    return parsed;
}

int SearchCommand::run(const QString& program, const QStringList& arguments)
{
    auto parsed = parse(program, arguments);
    if (const int* exitCode = std::get_if<int>(&parsed))
        return *exitCode;
    // The stored pool, settings and history; a search still runs without them.
    const std::unique_ptr<Engine> engine = CommandEngine::open(std::get<Parsed>(parsed).engine, false);
    if (!CommandEngine::loadKeys(*engine, std::get<Parsed>(parsed).engine.keysFile))
        return ExitUserError;
    return execute(std::get<Parsed>(parsed), *engine);
}

void SearchCommand::record(const Parsed& parsed, Engine& engine, const PendingCall& call, qint64 startedAtMs)
{
    if (!engine.database())
        return;
    FinishedCall finished = finishedCall(call, CallSource::CommandLine);
    finished.route = u"search"_s;
    finished.query = parsed.request.query;
    finished.request = parsed.request.toJson();
    if (call.isSuccess())
        finished.response = call.json();
    finished.startedAtMs = startedAtMs;
    finished.latencyMs = QDateTime::currentMSecsSinceEpoch() - startedAtMs;
    StorageError error;
    engine.recordNow(finished, &error);
    if (error.isError())
        err() << u"exadesk: "_s << tr("the search was not recorded in the history: %1").arg(error.message) << Qt::endl;
}

int SearchCommand::execute(const Parsed& parsed, Engine& engine)
{
    const qint64 startedAtMs = QDateTime::currentMSecsSinceEpoch();
    PendingCall* call = engine.submit(exa::ExaCall::search(parsed.request));
    QEventLoop loop;
    QObject::connect(call, &PendingCall::ended, &loop, &QEventLoop::quit);
    loop.exec();
    record(parsed, engine, *call, startedAtMs);

    if (call->error().isError()) {
        // Exa's JSON error body is the answer too: --json passes it on for scripts.
        if (parsed.json && call->httpStatus() >= 400 && !call->body().isEmpty())
            writeRaw(call->body());
        // What Exa said last, then (when the pool gave up) why no key was left.
        if (!call->attempts().isEmpty() && call->error().kind == exa::ExaError::Kind::Unavailable) {
            const AttemptRecord& last = call->attempts().constLast();
            QString message = last.error;
            if (last.httpStatus == 401)
                message += u' ' + tr("(key %1)").arg(last.keyLabel);
            err() << u"exadesk: "_s << message << Qt::endl;
        }
        QString message = call->error().userMessage();
        if (call->error().kind != exa::ExaError::Kind::Unavailable && call->httpStatus() == 401)
            message += u' ' + tr("(key %1)").arg(call->attempts().constLast().keyLabel);
        err() << u"exadesk: "_s << message << Qt::endl;
        return ExitUserError;
    }

    if (parsed.json) {
        writeRaw(call->body());
    } else {
        QTextStream out(stdout);
        ResultPrinter(out).print(exa::SearchResponse::fromJson(call->json()));
    }
    return ExitSuccess;
}

} // namespace exadesk
