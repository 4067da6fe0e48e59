#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// Exa's responses as typed values. Parsing is lenient, as Exa's own SDKs are: a missing field
// is left empty, a field we do not model stays in `raw`, so nothing Exa sends is lost.
namespace exa {

struct CostDollars
{
    double total = 0.0;
    QJsonObject raw;

    static std::optional<CostDollars> fromJson(const QJsonValue& value);
};

// One search result, a citation of an answer, or a page fetched by /contents.
struct Result
{
    QString id;
    QString url;
    QString title;
    QString publishedDate; // as sent: usually ISO 8601, sometimes a bare date
    QString author;
    std::optional<double> score;
    QString image;
    QString favicon;
    QString text;
    QStringList highlights;
    QList<double> highlightScores;
    QString summary;
    QList<Result> subpages;
    QStringList links;
    QStringList imageLinks;
    QJsonObject raw;

    static Result fromJson(const QJsonObject& object);
};

struct SearchResponse
{
    QString requestId;
    QList<Result> results;
    QString searchType;
    QString resolvedSearchType;
    QString context;
    QJsonObject output;
    std::optional<CostDollars> costDollars;
    QJsonObject raw;

    static SearchResponse fromJson(const QJsonObject& object);
};

// /findSimilar answers in the same shape as /search.
using FindSimilarResponse = SearchResponse;

struct ContentStatus
{
    QString id;
    bool ok = true;
    QString errorTag;
    std::optional<int> httpStatusCode;
};

struct ContentsResponse
{
    QString requestId;
    QList<Result> results;
    QList<ContentStatus> statuses;
    QString context;
    std::optional<CostDollars> costDollars;
    QJsonObject raw;

    static ContentsResponse fromJson(const QJsonObject& object);
};

struct AnswerResponse
{
    QString requestId;
    QJsonValue answer; // a string, or an object when an outputSchema was sent
    QList<Result> citations;
    std::optional<CostDollars> costDollars;
    QJsonObject raw;

    // The answer as readable text: the string itself, or the structured answer as JSON.
    QString answerText() const;

    static AnswerResponse fromJson(const QJsonObject& object);
};

struct ResearchTask
{
    QString researchId;
    QString status; // pending, running, completed, canceled, failed
    QString model;
    QString instructions;
    qint64 createdAtMs = 0;
    QString outputContent;
    QJsonObject outputParsed;
    QString error;
    std::optional<CostDollars> costDollars;
    QJsonObject raw;

    bool isFinished() const;

    static ResearchTask fromJson(const QJsonObject& object);
};

} // namespace exa
