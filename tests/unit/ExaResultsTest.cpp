#include "exa/ExaResults.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;

namespace {

QJsonObject parse(const char* json)
{
    return QJsonDocument::fromJson(json).object();
}

TEST(ExaResults, SearchResponseKeepsWhatItDoesNotModel)
{
    const QJsonObject json = parse(R"({
        "requestId": "b5947044c4b78efa9552a7c89b306d95",
        "resolvedSearchType": "neural",
        "searchTime": 512.5,
        "futureTopLevel": {"x": 1},
        "results": [{
            "id": "https://arxiv.org/abs/2307.06435",
            "url": "https://arxiv.org/pdf/2307.06435.pdf",
            "title": "A Comprehensive Overview of Large Language Models",
            "publishedDate": "2023-11-16T01:36:32.547Z",
            "author": null,
            "score": 0.46,
            "highlights": ["Such requirements have limited their adoption"],
            "highlightScores": [0.46],
            "subpages": [{"id": "s", "url": "https://arxiv.org/abs/2303.17580", "title": "HuggingGPT"}],
            "extras": {"links": ["https://a.example"], "imageLinks": ["https://a.example/i.png"]},
            "entities": [{"id": "e", "type": "company", "version": 1, "properties": {"name": "Exa"}}],
            "futureResultField": "kept"
        }],
        "costDollars": {"total": 0.005, "breakDown": [{"search": 0.005}]}
    })");
    const exa::SearchResponse response = exa::SearchResponse::fromJson(json);
    EXPECT_EQ(response.requestId, u"b5947044c4b78efa9552a7c89b306d95"_s);
    EXPECT_EQ(response.resolvedSearchType, u"neural"_s);
    ASSERT_EQ(response.results.size(), 1);
    const exa::Result& result = response.results.first();
    EXPECT_EQ(result.url, u"https://arxiv.org/pdf/2307.06435.pdf"_s);
    EXPECT_TRUE(result.author.isEmpty());
    ASSERT_TRUE(result.score);
    EXPECT_DOUBLE_EQ(*result.score, 0.46);
    EXPECT_EQ(result.highlights.size(), 1);
    EXPECT_EQ(result.highlightScores, QList<double>{0.46});
    ASSERT_EQ(result.subpages.size(), 1);
    EXPECT_EQ(result.subpages.first().title, u"HuggingGPT"_s);
    EXPECT_EQ(result.links, QStringList{u"https://a.example"_s});
    EXPECT_EQ(result.imageLinks, QStringList{u"https://a.example/i.png"_s});
    ASSERT_TRUE(response.costDollars);
    EXPECT_DOUBLE_EQ(response.costDollars->total, 0.005);
    // Nothing Exa sent is lost.
    EXPECT_EQ(result.raw.value("futureResultField"_L1).toString(), u"kept"_s);
    EXPECT_EQ(result.raw.value("entities"_L1).toArray().size(), 1);
    EXPECT_EQ(response.raw, json);
    EXPECT_EQ(response.costDollars->raw.value("breakDown"_L1).toArray().size(), 1);
}

TEST(ExaResults, MissingFieldsAreEmptyNotErrors)
{
    const exa::SearchResponse response = exa::SearchResponse::fromJson(parse(R"({"results":[{}]})"));
    ASSERT_EQ(response.results.size(), 1);
    EXPECT_FALSE(response.results.first().score);
    EXPECT_FALSE(response.costDollars);
    EXPECT_TRUE(exa::SearchResponse::fromJson({}).results.isEmpty());
}

TEST(ExaResults, ContentsStatuses)
{
    const exa::ContentsResponse response = exa::ContentsResponse::fromJson(parse(R"({
        "results": [{"url": "https://ok.example"}],
        "statuses": [{"id": "https://ok.example", "status": "success"},
                     {"id": "https://gone.example", "status": "error",
                      "error": {"tag": "CRAWL_NOT_FOUND", "httpStatusCode": 404}}]
    })"));
    ASSERT_EQ(response.statuses.size(), 2);
    EXPECT_TRUE(response.statuses.at(0).ok);
    EXPECT_FALSE(response.statuses.at(1).ok);
    EXPECT_EQ(response.statuses.at(1).errorTag, u"CRAWL_NOT_FOUND"_s);
    EXPECT_EQ(response.statuses.at(1).httpStatusCode, 404);
}

TEST(ExaResults, AnswerAsTextOrStructure)
{
    const exa::AnswerResponse text = exa::AnswerResponse::fromJson(
        parse(R"({"answer": "$350 billion.", "citations": [{"url": "https://x.example", "title": "X"}]})"));
    EXPECT_EQ(text.answerText(), u"$350 billion."_s);
    EXPECT_EQ(text.citations.size(), 1);
    const exa::AnswerResponse structured = exa::AnswerResponse::fromJson(parse(R"({"answer": {"valuation": 350}})"));
    EXPECT_TRUE(structured.answerText().contains("\"valuation\": 350"_L1)) << qPrintable(structured.answerText());
}

TEST(ExaResults, ResearchTask)
{
    const exa::ResearchTask task = exa::ResearchTask::fromJson(parse(R"({
        "researchId": "r_1", "status": "completed", "createdAt": 1760000000000, "model": "exa-research",
        "instructions": "i", "output": {"content": "done", "parsed": {"a": 1}}, "costDollars": {"total": 0.1}
    })"));
    EXPECT_TRUE(task.isFinished());
    EXPECT_EQ(task.createdAtMs, 1760000000000);
    EXPECT_EQ(task.outputContent, u"done"_s);
    EXPECT_EQ(task.outputParsed.value("a"_L1).toInt(), 1);
    EXPECT_FALSE(exa::ResearchTask::fromJson(parse(R"({"status": "running"})")).isFinished());
}

} // namespace
