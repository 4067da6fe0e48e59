// MCP's JSON-RPC as a session speaks it, transport aside, over the real engine (SQLite, a keychain
// in memory) and the fake Exa server: version negotiation, the errors the specification names,
// every tool's request to Exa and layout of its answer, the pool's retries behind a tool call,
// cancellation and progress, and the request log.
#include "mcp/McpSession.h"

#include "FakeExaServer.h"
#include "MemorySecretStore.h"
#include "TestEngine.h"
#include "Wait.h"
#include "mcp/McpTools.h"
#include "pool/KeysFile.h"
#include "storage/RequestLog.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>

#include <gtest/gtest.h>

using namespace exadesk;
using namespace Qt::StringLiterals;
using testsupport::finish;
using testsupport::waitUntil;

namespace {

const QString kGood = u"11111111-2222-3333-4444-555555559f3c"_s;
const QString kSecond = u"22222222-3333-4444-5555-66666666aaaa"_s;
const QString kThird = u"33333333-4444-5555-6666-777777770dea"_s;

fakeexa::FakeOutcome failing(int status)
{
    fakeexa::FakeOutcome outcome;
    outcome.status = status;
    return outcome;
}

QByteArray text(const QJsonObject& object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonObject request(const QJsonValue& id, const QString& method, const QJsonObject& params = {})
{
    QJsonObject message{{"jsonrpc"_L1, u"2.0"_s}, {"id"_L1, id}, {"method"_L1, method}};
    if (!params.isEmpty())
        message.insert("params"_L1, params);
    return message;
}

QJsonObject toolCall(int id, const QString& tool, const QJsonObject& arguments, const QJsonObject& meta = {})
{
    QJsonObject params{{"name"_L1, tool}, {"arguments"_L1, arguments}};
    if (!meta.isEmpty())
        params.insert("_meta"_L1, meta);
    return request(id, u"tools/call"_s, params);
}

QString resultText(const QJsonObject& response)
{
    return response["result"_L1]["content"_L1][0]["text"_L1].toString();
}

class McpSessionTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        fakeexa::FakeExaOptions options;
        options.keys = {kGood, kSecond, kThird};
        options.instant = true;
        options.researchPollsToComplete = 2;
        fake = std::make_unique<fakeexa::FakeExaServer>(options);
        ASSERT_TRUE(fake->listen());
        engine = testsupport::makeEngine(dir, secrets, fake->baseUrl(), testsupport::quietSettings());
        useKeys({kGood});
    }

    void useKeys(const QStringList& secrets)
    {
        QString lines;
        for (const QString& secret : secrets)
            lines += u"key-"_s + secret.right(4) + u',' + secret + u'\n';
        const PoolTask* task = finish(engine->keys().import(lines));
        ASSERT_TRUE(task->error().isEmpty()) << qPrintable(task->error());
    }

    // A session that has agreed on `version`, offering `tools`.
    std::unique_ptr<McpSession> open(const QString& version = u"2025-11-25"_s,
                                     const QStringList& tools = McpTools::names())
    {
        auto session = std::make_unique<McpSession>(*engine, tools);
        const QJsonObject answer
            = ask(*session,
                  request(0, u"initialize"_s,
                          {{"protocolVersion"_L1, version},
                           {"capabilities"_L1, QJsonObject{}},
                           {"clientInfo"_L1, QJsonObject{{"name"_L1, u"test"_s}, {"version"_L1, u"1"_s}}}}));
        EXPECT_EQ(answer["result"_L1]["protocolVersion"_L1].toString(), version) << text(answer).constData();
        return session;
    }

    // Sends one message (or raw text) and waits for the answer; an empty object when none came.
    QJsonValue askRaw(McpSession& session, const QByteArray& message)
    {
        McpReply* reply = session.receive(message);
        QSignalSpy finished(reply, &McpReply::finished);
        EXPECT_TRUE(reply->isFinished() || testsupport::waitForSignals(finished)) << message.constData();
        const QByteArray answer = reply->answer();
        delete reply;
        if (answer.isEmpty())
            return QJsonObject{};
        const QJsonDocument document = QJsonDocument::fromJson(answer);
        return document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
    }

    QJsonObject ask(McpSession& session, const QJsonObject& message)
    {
        return askRaw(session, text(message)).toObject();
    }

    QJsonObject lastExaRequest() const { return fake->lastRequest().json(); }

    QTemporaryDir dir;
    std::unique_ptr<fakeexa::FakeExaServer> fake;
    testsupport::MemorySecretStore secrets;
    std::unique_ptr<Engine> engine;
};

TEST_F(McpSessionTest, InitializeAgreesOnTheClientsVersionOrElseTheNewest)
{
    for (const QString& version : McpSession::protocolVersions()) {
        const std::unique_ptr<McpSession> session = open(version);
        EXPECT_EQ(session->protocolVersion(), version);
    }
    McpSession session(*engine, McpTools::defaultNames());
    const QJsonObject answer
        = ask(session, request(u"init"_s, u"initialize"_s, {{"protocolVersion"_L1, u"2024-11-05"_s}}));
    EXPECT_EQ(answer["id"_L1].toString(), u"init"_s);
    EXPECT_EQ(answer["result"_L1]["protocolVersion"_L1].toString(), McpSession::protocolVersions().constFirst());
    EXPECT_EQ(answer["result"_L1]["serverInfo"_L1]["name"_L1].toString(), u"exadesk"_s);
    EXPECT_TRUE(answer["result"_L1]["capabilities"_L1]["tools"_L1].isObject());

    const QJsonObject again = ask(session, request(2, u"initialize"_s, {{"protocolVersion"_L1, u"2025-06-18"_s}}));
    EXPECT_EQ(again["error"_L1]["code"_L1].toInt(), McpSession::InvalidRequest);
    EXPECT_EQ(session.protocolVersion(), McpSession::protocolVersions().constFirst()) << "the first agreement stands";
    const QJsonObject noVersion = ask(*std::make_unique<McpSession>(*engine, McpTools::defaultNames()),
                                      request(3, u"initialize"_s, {{"capabilities"_L1, QJsonObject{}}}));
    EXPECT_EQ(noVersion["error"_L1]["code"_L1].toInt(), McpSession::InvalidParams);
}

TEST_F(McpSessionTest, ToolsListShowsWhatWasChosenWithExaMcpServersDefaults)
{
    EXPECT_EQ(McpTools::defaultNames(), (QStringList{u"web_search_exa"_s, u"web_fetch_exa"_s}));
    QStringList unknown;
    const QStringList chosen
        = McpTools::select(u" answer_exa,get_code_context_exa , web_search_advanced_exa,"_s, &unknown);
    EXPECT_EQ(chosen, (QStringList{u"web_search_advanced_exa"_s, u"answer_exa"_s})) << "in the catalogue's order";
    EXPECT_EQ(unknown, QStringList{u"get_code_context_exa"_s});
    EXPECT_EQ(McpTools::select(u""_s), McpTools::defaultNames());

    const std::unique_ptr<McpSession> session = open(u"2025-11-25"_s, chosen);
    const QJsonArray tools = ask(*session, request(1, u"tools/list"_s))["result"_L1]["tools"_L1].toArray();
    ASSERT_EQ(tools.size(), 2);
    const QJsonObject advanced = tools[0].toObject();
    EXPECT_EQ(advanced["name"_L1].toString(), u"web_search_advanced_exa"_s);
    EXPECT_EQ(advanced["inputSchema"_L1]["required"_L1].toArray(), QJsonArray{u"query"_s});
    EXPECT_EQ(advanced["inputSchema"_L1]["properties"_L1].toObject().size(), 28) << "exa-mcp-server's whole set";
    EXPECT_TRUE(advanced["annotations"_L1]["readOnlyHint"_L1].toBool());
    EXPECT_FALSE(advanced.contains("default"_L1)) << "the catalogue's own mark stays inside";

    // Every tool of the catalogue describes itself fully.
    for (const McpTool& tool : McpTools::all()) {
        EXPECT_FALSE(tool.definition["description"_L1].toString().isEmpty()) << qPrintable(tool.name);
        EXPECT_EQ(tool.definition["inputSchema"_L1]["type"_L1].toString(), u"object"_s) << qPrintable(tool.name);
        EXPECT_TRUE(tool.definition["annotations"_L1].isObject()) << qPrintable(tool.name);
    }
}

TEST_F(McpSessionTest, MalformedMessagesGetTheErrorsJsonRpcNames)
{
    const std::unique_ptr<McpSession> session = open();
    const auto code = [&](const QByteArray& message) {
        return askRaw(*session, message).toObject()["error"_L1]["code"_L1].toInt();
    };
    EXPECT_EQ(code("{\"jsonrpc\":\"2.0\",\"id\":1,"), McpSession::ParseError);
    EXPECT_EQ(code("[]"), McpSession::InvalidRequest);
    EXPECT_EQ(code("42"), McpSession::ParseError) << "Qt reads a bare number as no document";
    EXPECT_EQ(code(R"({"jsonrpc":"1.0","id":1,"method":"ping"})"), McpSession::InvalidRequest);
    EXPECT_EQ(code(R"({"jsonrpc":"2.0","id":1})"), McpSession::InvalidRequest);
    EXPECT_EQ(code(R"({"jsonrpc":"2.0","id":1,"method":7})"), McpSession::InvalidRequest);
    EXPECT_EQ(code(R"({"jsonrpc":"2.0","id":{"a":1},"method":"ping"})"), McpSession::InvalidRequest);
    EXPECT_EQ(code(R"({"jsonrpc":"2.0","id":null,"method":"ping"})"), McpSession::InvalidRequest);
    EXPECT_EQ(code(R"({"jsonrpc":"2.0","id":1,"method":"tools/list","params":[1]})"), McpSession::InvalidParams);
    const QJsonObject unknown = askRaw(*session, R"({"jsonrpc":"2.0","id":"x7","method":"resources/list"})").toObject();
    EXPECT_EQ(unknown["error"_L1]["code"_L1].toInt(), McpSession::MethodNotFound);
    EXPECT_EQ(unknown["id"_L1].toString(), u"x7"_s);

    // Notifications and a client's responses are not answered, understood or not.
    for (const QByteArray& silent : {QByteArray(R"({"jsonrpc":"2.0","method":"notifications/initialized"})"),
                                     QByteArray(R"({"jsonrpc":"2.0","method":"notifications/whatever"})"),
                                     QByteArray(R"({"jsonrpc":"2.0","id":9,"result":{}})")}) {
        McpReply* reply = session->receive(silent);
        EXPECT_FALSE(reply->expectsAnswer()) << silent.constData();
        delete reply;
    }
    // And the session keeps serving.
    EXPECT_TRUE(ask(*session, request(5, u"ping"_s))["result"_L1].isObject());
}

TEST_F(McpSessionTest, BatchesAreTakenOnlyUnderTheVersionThatHadThem)
{
    const QByteArray batch = R"([{"jsonrpc":"2.0","id":1,"method":"ping"},
        {"jsonrpc":"2.0","method":"notifications/initialized"},
        {"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"web_search_exa","arguments":{"query":"rust"}}},
        {"jsonrpc":"2.0","id":3,"method":"initialize","params":{"protocolVersion":"2025-03-26"}}])";
    const std::unique_ptr<McpSession> newer = open(u"2025-06-18"_s);
    EXPECT_EQ(askRaw(*newer, batch).toObject()["error"_L1]["code"_L1].toInt(), McpSession::InvalidRequest);

    const std::unique_ptr<McpSession> older = open(u"2025-03-26"_s);
    const QJsonArray answers = askRaw(*older, batch).toArray();
    ASSERT_EQ(answers.size(), 3) << "one per request, none for the notification";
    EXPECT_TRUE(answers[0]["result"_L1].isObject());
    EXPECT_EQ(answers[1]["id"_L1].toInt(), 2);
    EXPECT_TRUE(resultText(answers[1].toObject()).startsWith(u"Title: "_s));
    EXPECT_EQ(answers[2]["error"_L1]["code"_L1].toInt(), McpSession::InvalidRequest) << "initialize is never batched";
}

TEST_F(McpSessionTest, UnknownToolsAreProtocolErrorsAndWrongArgumentsAreToldToTheModel)
{
    const std::unique_ptr<McpSession> latest = open(u"2025-11-25"_s, McpTools::defaultNames());
    const QJsonObject unknown = ask(*latest, toolCall(1, u"answer_exa"_s, {{"query"_L1, u"x"_s}}));
    EXPECT_EQ(unknown["error"_L1]["code"_L1].toInt(), McpSession::InvalidParams) << "not offered in this session";
    EXPECT_TRUE(unknown["error"_L1]["message"_L1].toString().contains(u"web_search_exa"_s));

    // From 2025-11-25 a model sees what was wrong, as a tool's error it can correct.
    const QJsonObject missing = ask(*latest, toolCall(2, u"web_search_exa"_s, {{"numResults"_L1, 3}}));
    EXPECT_TRUE(missing["result"_L1]["isError"_L1].toBool());
    EXPECT_TRUE(resultText(missing).contains(u"'query' is required"_s)) << qPrintable(resultText(missing));
    const QJsonObject list = ask(*latest, toolCall(3, u"web_fetch_exa"_s, {{"urls"_L1, QJsonArray{1, 2}}}));
    EXPECT_TRUE(resultText(list).contains(u"'urls' must be a list of strings"_s)) << qPrintable(resultText(list));
    EXPECT_EQ(fake->totalRequests(), 0) << "nothing reached Exa";

    // Before it, the same is a JSON-RPC error.
    const std::unique_ptr<McpSession> older = open(u"2025-06-18"_s, McpTools::names());
    const QJsonObject badEnum
        = ask(*older, toolCall(4, u"web_search_advanced_exa"_s, {{"query"_L1, u"rust"_s}, {"type"_L1, u"slow"_s}}));
    EXPECT_EQ(badEnum["error"_L1]["code"_L1].toInt(), McpSession::InvalidParams);
    EXPECT_TRUE(badEnum["error"_L1]["message"_L1].toString().contains(u"'auto', 'fast', 'instant'"_s));
    const QJsonObject badId = ask(*older, toolCall(5, u"deep_researcher_check"_s, {{"researchId"_L1, u"../search"_s}}));
    EXPECT_TRUE(badId["result"_L1]["isError"_L1].toBool()) << "an ID that would leave the research route";
    EXPECT_EQ(fake->totalRequests(), 0);
}

TEST_F(McpSessionTest, ArgumentsAreReadAsLenientlyAsExaMcpServerReadsThem)
{
    const std::unique_ptr<McpSession> session = open();
    ASSERT_FALSE(ask(*session,
                     toolCall(1, u"web_search_exa"_s,
                              {{"query"_L1, u"  category:People  Ada Lovelace  "_s},
                               {"numResults"_L1, u"3"_s},
                               {"unknownArgument"_L1, true}}))["result"_L1]["isError"_L1]
                     .toBool());
    QJsonObject sent = lastExaRequest();
    EXPECT_EQ(fake->lastRequest().path, u"/search"_s);
    EXPECT_EQ(sent["query"_L1].toString(), u"Ada Lovelace"_s);
    EXPECT_EQ(sent["category"_L1].toString(), u"people"_s);
    EXPECT_EQ(sent["numResults"_L1].toInt(), 3);
    EXPECT_EQ(sent["type"_L1].toString(), u"auto"_s);
    EXPECT_TRUE(sent["contents"_L1]["highlights"_L1].toBool());
    EXPECT_FALSE(sent.contains("unknownArgument"_L1));

    ask(*session, toolCall(2, u"web_search_exa"_s, {{"query"_L1, 1984}, {"numResults"_L1, u"many"_s}}));
    sent = lastExaRequest();
    EXPECT_EQ(sent["query"_L1].toString(), u"1984"_s);
    EXPECT_EQ(sent["numResults"_L1].toInt(), 10) << "a number that is none: the default";

    ask(*session, toolCall(3, u"web_fetch_exa"_s, {{"urls"_L1, u"https://tokio.rs"_s}, {"maxCharacters"_L1, 0}}));
    sent = lastExaRequest();
    EXPECT_EQ(sent["urls"_L1].toArray(), QJsonArray{u"https://tokio.rs"_s});
    EXPECT_EQ(sent["text"_L1]["maxCharacters"_L1].toInt(), 3000) << "below the minimum: the default";

    ask(*session,
        toolCall(4, u"web_search_advanced_exa"_s,
                 {{"query"_L1, u"rust"_s},
                  {"includeDomains"_L1, u"[\"docs.rs\",\"tokio.rs\"]"_s},
                  {"excludeText"_L1, QJsonArray{}},
                  {"enableHighlights"_L1, u"yes"_s},
                  {"highlightsMaxCharacters"_L1, 500},
                  {"enableSummary"_L1, u"no"_s},
                  {"maxAgeHours"_L1, 0},
                  {"category"_L1, u"news"_s}}));
    sent = lastExaRequest();
    EXPECT_EQ(sent["includeDomains"_L1].toArray(), (QJsonArray{u"docs.rs"_s, u"tokio.rs"_s}));
    EXPECT_FALSE(sent.contains("excludeText"_L1)) << "an empty list is no filter";
    EXPECT_EQ(sent["contents"_L1]["highlights"_L1]["maxCharacters"_L1].toInt(), 500);
    EXPECT_FALSE(sent["contents"_L1].toObject().contains("summary"_L1));
    EXPECT_EQ(sent["contents"_L1]["maxAgeHours"_L1].toInt(), 0);
    EXPECT_FALSE(sent["contents"_L1].toObject().contains("livecrawl"_L1));
    EXPECT_EQ(sent["category"_L1].toString(), u"news"_s);
}

TEST_F(McpSessionTest, EveryToolCallsItsRouteAndLaysOutTheAnswer)
{
    const std::unique_ptr<McpSession> session = open();

    const QString search = resultText(ask(*session, toolCall(1, u"web_search_exa"_s, {{"query"_L1, u"rust"_s}})));
    const QStringList blocks = search.split(u"\n\n---\n\n"_s);
    ASSERT_GE(blocks.size(), 2) << qPrintable(search);
    for (const QString& block : blocks) {
        const QStringList lines = block.split(u'\n');
        ASSERT_GE(lines.size(), 5) << qPrintable(block);
        EXPECT_TRUE(lines[0].startsWith(u"Title: "_s));
        EXPECT_TRUE(lines[1].startsWith(u"URL: https://"_s));
        EXPECT_TRUE(lines[2].startsWith(u"Published: "_s));
        EXPECT_TRUE(lines[3].startsWith(u"Author: "_s));
        EXPECT_EQ(lines[4], u"Highlights:"_s);
    }

    const QString url = blocks[0].split(u'\n')[1].mid(5);
    const QString page = resultText(ask(*session, toolCall(2, u"web_fetch_exa"_s, {{"urls"_L1, QJsonArray{url}}})));
    EXPECT_TRUE(page.startsWith(u"# "_s)) << qPrintable(page);
    EXPECT_TRUE(page.contains(u"\nURL: "_s + url + u'\n')) << qPrintable(page);
    EXPECT_EQ(fake->lastRequest().path, u"/contents"_s);

    const QJsonObject advanced
        = ask(*session, toolCall(3, u"web_search_advanced_exa"_s, {{"query"_L1, u"rust"_s}, {"numResults"_L1, 2}}));
    const QJsonObject parsed = QJsonDocument::fromJson(resultText(advanced).toUtf8()).object();
    EXPECT_EQ(parsed["results"_L1].toArray().size(), 2) << qPrintable(resultText(advanced));
    EXPECT_TRUE(parsed["results"_L1][0]["text"_L1].isString());
    EXPECT_EQ(lastExaRequest()["contents"_L1]["livecrawl"_L1].toString(), u"fallback"_s);

    const QString similar = resultText(ask(*session, toolCall(4, u"find_similar_exa"_s, {{"url"_L1, url}})));
    EXPECT_TRUE(similar.startsWith(u"Title: "_s)) << qPrintable(similar);
    EXPECT_EQ(fake->lastRequest().path, u"/findSimilar"_s);
    EXPECT_EQ(lastExaRequest()["url"_L1].toString(), url);

    const QString answer = resultText(ask(*session, toolCall(5, u"answer_exa"_s, {{"query"_L1, u"who made rust"_s}})));
    const QStringList parts = answer.split(u"\n\nCitations:\n"_s);
    ASSERT_EQ(parts.size(), 2) << qPrintable(answer);
    EXPECT_FALSE(parts[0].isEmpty()) << "the answer stays above its citations";
    EXPECT_TRUE(parts[1].startsWith(u"[1] "_s)) << qPrintable(answer);
    EXPECT_EQ(fake->lastRequest().path, u"/answer"_s);
    EXPECT_FALSE(lastExaRequest()["stream"_L1].toBool());

    const QJsonObject started
        = QJsonDocument::fromJson(
              resultText(
                  ask(*session, toolCall(6, u"deep_researcher_start"_s, {{"instructions"_L1, u"history of rust"_s}})))
                  .toUtf8())
              .object();
    const QString researchId = started["researchId"_L1].toString();
    ASSERT_FALSE(researchId.isEmpty());
    EXPECT_EQ(started["model"_L1].toString(), u"exa-research-fast"_s);
    EXPECT_EQ(lastExaRequest()["model"_L1].toString(), u"exa-research-fast"_s);
    QStringList statuses;
    QJsonObject checked;
    for (int poll = 0; poll < 5 && statuses.value(statuses.size() - 1) != "completed"_L1; ++poll) {
        checked = QJsonDocument::fromJson(
                      resultText(ask(*session,
                                     toolCall(7 + poll, u"deep_researcher_check"_s, {{"researchId"_L1, researchId}})))
                          .toUtf8())
                      .object();
        statuses.append(checked["status"_L1].toString());
    }
    // The fake finishes a task at its second look; until then it runs.
    EXPECT_EQ(statuses, (QStringList{u"running"_s, u"completed"_s}));
    EXPECT_FALSE(checked["report"_L1].toString().isEmpty());
    EXPECT_EQ(fake->lastRequest().path, u"/research/v1/"_s + researchId);

    const QJsonObject missing
        = ask(*session, toolCall(20, u"deep_researcher_check"_s, {{"researchId"_L1, u"r_nope"_s}}));
    EXPECT_TRUE(missing["result"_L1]["isError"_L1].toBool());
    EXPECT_TRUE(resultText(missing).contains(u"Research not found"_s)) << qPrintable(resultText(missing));
}

TEST_F(McpSessionTest, AResearchTaskIsCheckedWithTheKeyThatStartedIt)
{
    useKeys({kSecond, kThird});
    const std::unique_ptr<McpSession> session = open();
    QSet<QByteArray> starters;
    for (int task = 0; task < 3; ++task) {
        const QJsonObject started
            = QJsonDocument::fromJson(resultText(ask(*session,
                                                     toolCall(task, u"deep_researcher_start"_s,
                                                              {{"instructions"_L1, u"task %1"_s.arg(task)}})))
                                          .toUtf8())
                  .object();
        const QByteArray starter = fake->lastRequest().header("x-api-key");
        starters.insert(starter);
        for (int check = 0; check < 2; ++check) {
            ask(*session,
                toolCall(10 * task + check + 10, u"deep_researcher_check"_s,
                         {{"researchId"_L1, started["researchId"_L1]}}));
            EXPECT_EQ(fake->lastRequest().header("x-api-key"), starter) << "task " << task;
        }
    }
    EXPECT_GT(starters.size(), 1) << "the tasks were started with different keys, so the check means something";
}

TEST_F(McpSessionTest, ThePoolAnswersPastARateLimitedKeyAndARefusedOne)
{
    useKeys({kSecond, kThird});
    // Whichever key goes first is rate limited, whichever goes next is refused.
    fake->script().set(u"*"_s, {failing(429), failing(401)});
    const std::unique_ptr<McpSession> session = open();
    QSignalSpy logged(engine.get(), &Engine::callsLogged);
    const QJsonObject answer = ask(*session, toolCall(1, u"web_search_exa"_s, {{"query"_L1, u"rust"_s}}));
    EXPECT_FALSE(answer["result"_L1]["isError"_L1].toBool()) << text(answer).constData();
    EXPECT_TRUE(resultText(answer).startsWith(u"Title: "_s));
    for (const QString& key : {kGood, kSecond, kThird})
        EXPECT_EQ(fake->stats(key).requests, 1) << "each key once";

    // In the request log as MCP's, with its attempts.
    ASSERT_TRUE(testsupport::waitForSignals(logged, 1, 5'000));
    StorageError error;
    const QList<RequestLogEntry> log = RequestLog(*engine->database()).recent(5, &error);
    ASSERT_EQ(log.size(), 1) << qPrintable(error.message);
    EXPECT_EQ(log[0].source, CallSource::Mcp);
    EXPECT_EQ(log[0].route, u"search"_s);
    EXPECT_EQ(log[0].query, u"rust"_s);
    EXPECT_EQ(log[0].attempts, 3);
    EXPECT_EQ(log[0].status, 200);
}

TEST_F(McpSessionTest, AToolThatFailsSaysWhyInWordsAModelCanActOn)
{
    const std::unique_ptr<McpSession> session = open();
    // Exa's own message, for what Exa refused.
    const QJsonObject refused
        = ask(*session, toolCall(1, u"web_search_exa"_s, {{"query"_L1, u"rust"_s}, {"numResults"_L1, 5000}}));
    EXPECT_TRUE(refused["result"_L1]["isError"_L1].toBool());
    EXPECT_TRUE(resultText(refused).startsWith(u"web_search_exa error (400): "_s)) << qPrintable(resultText(refused));
    EXPECT_TRUE(resultText(refused).contains(u"at most 100 results"_s)) << qPrintable(resultText(refused));

    // The only key refused: then nothing is left to answer with, and the model hears so.
    fake->setAcceptedKeys({u"someone-elses-key-0000-0000-0000"_s});
    for (const int id : {2, 3}) {
        const QJsonObject failed = ask(*session, toolCall(id, u"web_search_exa"_s, {{"query"_L1, u"rust"_s}}));
        ASSERT_TRUE(failed["result"_L1]["isError"_L1].toBool()) << text(failed).constData();
        const QString message = resultText(failed);
        EXPECT_TRUE(message.startsWith(u"web_search_exa error"_s)) << qPrintable(message);
        EXPECT_GT(message.size(), 40) << qPrintable(message);
        EXPECT_FALSE(message.contains(kGood)) << "no key in what the model reads";
    }
}

TEST_F(McpSessionTest, WhenEveryKeyIsRestingTheModelHearsUntilWhen)
{
    fakeexa::FakeOutcome limited = failing(429);
    limited.retryAfter = "600";
    limited.times = -1;
    fake->script().set(u"*"_s, {limited});
    const std::unique_ptr<McpSession> session = open();
    const QJsonObject first = ask(*session, toolCall(1, u"web_search_exa"_s, {{"query"_L1, u"rust"_s}}));
    ASSERT_TRUE(first["result"_L1]["isError"_L1].toBool()) << text(first).constData();
    const QJsonObject resting = ask(*session, toolCall(2, u"web_search_exa"_s, {{"query"_L1, u"rust"_s}}));
    ASSERT_TRUE(resting["result"_L1]["isError"_L1].toBool()) << text(resting).constData();
    const QString message = resultText(resting);
    EXPECT_TRUE(message.startsWith(u"web_search_exa error: "_s)) << qPrintable(message);
    EXPECT_TRUE(message.contains(u"until "_s)) << qPrintable(message);
    EXPECT_EQ(fake->totalRequests(), 1) << "the second call did not bother Exa";
}

TEST_F(McpSessionTest, ACancelledCallStopsAndIsNotAnswered)
{
    fakeexa::FakeOutcome hang;
    hang.hang = true;
    fake->script().set(kGood, {hang});
    const std::unique_ptr<McpSession> session = open();
    McpReply* reply = session->receive(text(toolCall(41, u"web_search_exa"_s, {{"query"_L1, u"slow"_s}})));
    ASSERT_TRUE(waitUntil([&] { return fake->stats(kGood).hung == 1; }));
    EXPECT_EQ(session->callsInFlight(), 1);
    QSignalSpy finished(reply, &McpReply::finished);
    McpReply* cancel = session->receive(
        R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":41,"reason":"user"}})");
    EXPECT_FALSE(cancel->expectsAnswer());
    delete cancel;
    ASSERT_TRUE(reply->isFinished());
    EXPECT_TRUE(reply->answer().isEmpty()) << "a cancelled request gets no response";
    EXPECT_EQ(session->callsInFlight(), 0);
    EXPECT_TRUE(waitUntil([&] { return engine->summary().inFlight == 0; }));
    delete reply;

    // A reply its transport drops (the client left) stops its call too.
    fake->script().set(kGood, {hang});
    McpReply* dropped = session->receive(text(toolCall(42, u"web_search_exa"_s, {{"query"_L1, u"slow"_s}})));
    ASSERT_TRUE(waitUntil([&] { return fake->stats(kGood).hung == 2; }));
    delete dropped;
    EXPECT_EQ(session->callsInFlight(), 0);
    EXPECT_TRUE(waitUntil([&] { return engine->summary().inFlight == 0; }));
}

TEST_F(McpSessionTest, ProgressIsToldWhenAskedFor)
{
    useKeys({kSecond});
    fake->script().set(u"*"_s, {failing(429)});
    const std::unique_ptr<McpSession> session = open();
    McpReply* reply = session->receive(
        text(toolCall(1, u"web_search_exa"_s, {{"query"_L1, u"rust"_s}}, {{"progressToken"_L1, u"p"_s}})));
    EXPECT_TRUE(reply->wantsProgress());
    QSignalSpy notifications(reply, &McpReply::notification);
    QSignalSpy finished(reply, &McpReply::finished);
    ASSERT_TRUE(testsupport::waitForSignals(finished));
    ASSERT_EQ(notifications.size(), 1);
    const QJsonObject progress
        = QJsonDocument::fromJson(notifications.constFirst().constFirst().toByteArray()).object();
    EXPECT_EQ(progress["method"_L1].toString(), u"notifications/progress"_s);
    EXPECT_EQ(progress["params"_L1]["progressToken"_L1].toString(), u"p"_s);
    EXPECT_EQ(progress["params"_L1]["progress"_L1].toInt(), 1);
    EXPECT_TRUE(progress["params"_L1]["message"_L1].toString().contains(u"trying again"_s));
    EXPECT_FALSE(QJsonDocument::fromJson(reply->answer()).object()["result"_L1]["isError"_L1].toBool());
    delete reply;

    // An attempt that ends the call is no retry: nothing is said before the answer.
    McpReply* refused = session->receive(text(toolCall(
        2, u"web_search_exa"_s, {{"query"_L1, u"rust"_s}, {"numResults"_L1, 5000}}, {{"progressToken"_L1, u"q"_s}})));
    QSignalSpy refusedNotes(refused, &McpReply::notification);
    QSignalSpy refusedDone(refused, &McpReply::finished);
    ASSERT_TRUE(testsupport::waitForSignals(refusedDone));
    EXPECT_TRUE(QJsonDocument::fromJson(refused->answer()).object()["result"_L1]["isError"_L1].toBool());
    EXPECT_TRUE(refusedNotes.isEmpty()) << qPrintable(refusedNotes.value(0).value(0).toString());
    delete refused;
}

} // namespace
