// Request serialisation, checked against JSON written out by hand from Exa's OpenAPI
// description (never against our own serialiser's output).
#include "exa/ExaRequests.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;

namespace {

QJsonObject parse(const char* json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    EXPECT_EQ(error.error, QJsonParseError::NoError) << qPrintable(error.errorString());
    return document.object();
}

std::string dump(const QJsonObject& object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Indented).toStdString();
}

exa::ContentsOptions everyContentsOption()
{
    exa::ContentsOptions contents;
    contents.text = exa::TextOptions{true, 1000, false, exa::TextVerbosity::Standard, {u"body"_s}, {u"footer"_s}};
    contents.highlights = exa::HighlightsOptions{true, 2000, 3, 2, u"Key findings"_s};
    contents.summary = exa::SummaryOptions{u"Main developments"_s, QJsonObject{{"type"_L1, u"object"_s}}};
    contents.livecrawl = exa::Livecrawl::Preferred;
    contents.livecrawlTimeoutMs = 1000;
    contents.maxAgeHours = 24;
    contents.subpages = 1;
    contents.subpageTarget = {u"sources"_s};
    contents.extras = exa::ExtrasOptions{2, 1};
    contents.context = exa::ContextOptions{true, 10000};
    return contents;
}

TEST(ExaRequests, MinimalSearchSendsOnlyTheQuery)
{
    exa::SearchRequest request;
    request.query = u"Latest research in LLMs"_s;
    EXPECT_EQ(request.toJson(), parse(R"({"query": "Latest research in LLMs"})")) << dump(request.toJson());
}

TEST(ExaRequests, SearchWithEveryField)
{
    exa::SearchRequest request;
    request.query = u"Latest research in LLMs"_s;
    request.additionalQueries = {u"LLM advancements"_s};
    request.type = exa::SearchType::DeepReasoning;
    request.outputSchema = QJsonObject{{"type"_L1, u"object"_s}};
    request.category = exa::Category::ResearchPaper;
    request.userLocation = u"US"_s;
    exa::CommonSearchOptions& options = request.options;
    options.numResults = 25;
    options.includeDomains = {u"arxiv.org"_s, u"paperswithcode.com"_s};
    options.excludeDomains = {u"example.com"_s};
    options.startCrawlDate = QDateTime(QDate(2023, 1, 1), QTime(0, 0), Qt::UTC);
    options.endCrawlDate = QDateTime(QDate(2023, 12, 31), QTime(23, 59, 59, 500), Qt::UTC);
    // A local time is sent as the same instant in UTC.
    options.startPublishedDate = QDateTime(QDate(2023, 6, 1), QTime(2, 0), Qt::OffsetFromUTC, 2 * 3600);
    options.endPublishedDate = QDateTime(QDate(2024, 1, 1), QTime(0, 0), Qt::UTC);
    options.includeText = {u"large language model"_s};
    options.excludeText = {u"course"_s};
    options.context = exa::ContextOptions{true, {}};
    options.moderation = true;
    options.contents = everyContentsOption();

    const QJsonObject expected = parse(R"({
        "query": "Latest research in LLMs",
        "additionalQueries": ["LLM advancements"],
        "type": "deep-reasoning",
        "outputSchema": {"type": "object"},
        "category": "research paper",
        "userLocation": "US",
        "numResults": 25,
        "includeDomains": ["arxiv.org", "paperswithcode.com"],
        "excludeDomains": ["example.com"],
        "startCrawlDate": "2023-01-01T00:00:00.000Z",
        "endCrawlDate": "2023-12-31T23:59:59.500Z",
        "startPublishedDate": "2023-06-01T00:00:00.000Z",
        "endPublishedDate": "2024-01-01T00:00:00.000Z",
        "includeText": ["large language model"],
        "excludeText": ["course"],
        "context": true,
        "moderation": true,
        "contents": {
            "text": {"maxCharacters": 1000, "includeHtmlTags": false, "verbosity": "standard",
                     "includeSections": ["body"], "excludeSections": ["footer"]},
            "highlights": {"maxCharacters": 2000, "numSentences": 3, "highlightsPerUrl": 2, "query": "Key findings"},
            "summary": {"query": "Main developments", "schema": {"type": "object"}},
            "livecrawl": "preferred",
            "livecrawlTimeout": 1000,
            "maxAgeHours": 24,
            "subpages": 1,
            "subpageTarget": "sources",
            "extras": {"links": 2, "imageLinks": 1},
            "context": {"maxCharacters": 10000}
        }
    })");
    EXPECT_EQ(request.toJson(), expected) << dump(request.toJson());
}

TEST(ExaRequests, BooleanFormsOfContentsOptions)
{
    exa::ContentsOptions contents;
    contents.text = exa::TextOptions{};
    contents.highlights = exa::HighlightsOptions{};
    contents.highlights->enabled = false;
    contents.summary = exa::SummaryOptions{};
    contents.subpageTarget = {u"docs"_s, u"pricing"_s};
    QJsonObject object;
    contents.writeTo(object);
    EXPECT_EQ(object, parse(R"({"text": true, "highlights": false, "summary": {},
                                "subpageTarget": ["docs", "pricing"]})"))
        << dump(object);
    EXPECT_TRUE(exa::ContentsOptions{}.isEmpty());
    EXPECT_FALSE(contents.isEmpty());
}

TEST(ExaRequests, EmptyContentsAreNotSent)
{
    exa::SearchRequest request;
    request.query = u"q"_s;
    request.options.numResults = 5;
    EXPECT_FALSE(request.toJson().contains("contents"_L1));
}

TEST(ExaRequests, ExtraFieldsAreSentAndWinOverModelledOnes)
{
    exa::SearchRequest request;
    request.query = u"q"_s;
    request.options.numResults = 5;
    request.extraFields = QJsonObject{{"numResults"_L1, 7}, {"futureOption"_L1, true}};
    EXPECT_EQ(request.toJson(), parse(R"({"query": "q", "numResults": 7, "futureOption": true})"));
}

TEST(ExaRequests, FindSimilar)
{
    exa::FindSimilarRequest request;
    request.url = u"https://arxiv.org/abs/2307.06435"_s;
    request.excludeSourceDomain = true;
    request.options.numResults = 3;
    request.options.contents.text = exa::TextOptions{};
    EXPECT_EQ(request.toJson(), parse(R"({"url": "https://arxiv.org/abs/2307.06435", "excludeSourceDomain": true,
                                          "numResults": 3, "contents": {"text": true}})"))
        << dump(request.toJson());
}

TEST(ExaRequests, ContentsPutsItsOptionsAtTheTopLevel)
{
    exa::ContentsRequest request;
    request.urls = {u"https://arxiv.org/abs/2307.06435"_s};
    request.contents = everyContentsOption();
    const QJsonObject json = request.toJson();
    EXPECT_EQ(json.value("urls"_L1).toArray().size(), 1);
    EXPECT_EQ(json.value("maxAgeHours"_L1).toInt(), 24);
    EXPECT_EQ(json.value("highlights"_L1).toObject().value("query"_L1).toString(), u"Key findings"_s);
    EXPECT_FALSE(json.contains("contents"_L1));
    EXPECT_FALSE(json.contains("ids"_L1));
}

TEST(ExaRequests, ContentsByDeprecatedIdsSendsNoEmptyUrls)
{
    exa::ContentsRequest request;
    request.ids = {u"https://arxiv.org/abs/2307.06435"_s};
    EXPECT_EQ(request.toJson(), parse(R"({"ids": ["https://arxiv.org/abs/2307.06435"]})")) << dump(request.toJson());
    EXPECT_EQ(exa::ContentsRequest{}.toJson(), parse(R"({"urls": []})")) << "nothing asked: Exa says what is missing";
}

TEST(ExaRequests, Answer)
{
    exa::AnswerRequest request;
    request.query = u"What is the latest valuation of SpaceX?"_s;
    request.stream = true;
    request.text = true;
    request.model = u"exa-pro"_s;
    request.systemPrompt = u"One sentence."_s;
    request.userLocation = u"DE"_s;
    request.outputSchema = QJsonObject{{"type"_L1, u"object"_s}};
    EXPECT_EQ(request.toJson(), parse(R"({"query": "What is the latest valuation of SpaceX?", "stream": true,
                                          "text": true, "model": "exa-pro", "systemPrompt": "One sentence.",
                                          "userLocation": "DE", "outputSchema": {"type": "object"}})"))
        << dump(request.toJson());
}

TEST(ExaRequests, Research)
{
    exa::ResearchRequest request;
    request.instructions = u"Summarise"_s;
    request.model = u"exa-research"_s;
    EXPECT_EQ(request.toJson(), parse(R"({"instructions": "Summarise", "model": "exa-research"})"));
}

TEST(ExaRequests, EnumNamesRoundTrip)
{
    for (const QString& name : exa::allSearchTypeNames())
        EXPECT_EQ(exa::toString(*exa::searchTypeFromString(name)), name);
    for (const QString& name : exa::allCategoryNames())
        EXPECT_EQ(exa::toString(*exa::categoryFromString(name)), name);
    EXPECT_EQ(exa::searchTypeFromString(u"NEURAL"), exa::SearchType::Neural);
    EXPECT_FALSE(exa::searchTypeFromString(u"keyword-ish"));
    EXPECT_FALSE(exa::categoryFromString(u"papers"));
    EXPECT_EQ(exa::livecrawlFromString(u"always"), exa::Livecrawl::Always);
}

} // namespace
