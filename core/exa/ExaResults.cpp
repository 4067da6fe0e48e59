#include "ExaResults.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace exa {
namespace {

QStringList stringList(const QJsonValue& value)
{
    QStringList list;
    const QJsonArray array = value.toArray();
    for (const QJsonValue& item : array) {
        if (item.isString())
            list.append(item.toString());
    }
    return list;
}

QList<Result> resultList(const QJsonValue& value)
{
    QList<Result> list;
    const QJsonArray array = value.toArray();
    list.reserve(array.size());
    for (const QJsonValue& item : array) {
        if (item.isObject())
            list.append(Result::fromJson(item.toObject()));
    }
    return list;
}

} // namespace

std::optional<CostDollars> CostDollars::fromJson(const QJsonValue& value)
{
    if (!value.isObject())
        return std::nullopt;
    const QJsonObject object = value.toObject();
    return CostDollars{object.value("total"_L1).toDouble(), object};
}

Result Result::fromJson(const QJsonObject& object)
{
    Result result;
    result.id = object.value("id"_L1).toString();
    result.url = object.value("url"_L1).toString();
    result.title = object.value("title"_L1).toString();
    result.publishedDate = object.value("publishedDate"_L1).toString();
    result.author = object.value("author"_L1).toString();
    if (const QJsonValue score = object.value("score"_L1); score.isDouble())
        result.score = score.toDouble();
    result.image = object.value("image"_L1).toString();
    result.favicon = object.value("favicon"_L1).toString();
    result.text = object.value("text"_L1).toString();
    result.highlights = stringList(object.value("highlights"_L1));
    const QJsonArray scores = object.value("highlightScores"_L1).toArray();
    for (const QJsonValue& score : scores)
        result.highlightScores.append(score.toDouble());
    result.summary = object.value("summary"_L1).toString();
    result.subpages = resultList(object.value("subpages"_L1));
    const QJsonObject extras = object.value("extras"_L1).toObject();
    result.links = stringList(extras.value("links"_L1));
    result.imageLinks = stringList(extras.value("imageLinks"_L1));
    result.raw = object;
    return result;
}

SearchResponse SearchResponse::fromJson(const QJsonObject& object)
{
    SearchResponse response;
    response.requestId = object.value("requestId"_L1).toString();
    response.results = resultList(object.value("results"_L1));
    response.searchType = object.value("searchType"_L1).toString();
    response.resolvedSearchType = object.value("resolvedSearchType"_L1).toString();
    response.context = object.value("context"_L1).toString();
    response.output = object.value("output"_L1).toObject();
    response.costDollars = CostDollars::fromJson(object.value("costDollars"_L1));
    response.raw = object;
    return response;
}

ContentsResponse ContentsResponse::fromJson(const QJsonObject& object)
{
    ContentsResponse response;
    response.requestId = object.value("requestId"_L1).toString();
    response.results = resultList(object.value("results"_L1));
    const QJsonArray statuses = object.value("statuses"_L1).toArray();
    for (const QJsonValue& item : statuses) {
        const QJsonObject status = item.toObject();
        ContentStatus parsed;
        parsed.id = status.value("id"_L1).toString();
        parsed.ok = status.value("status"_L1).toString() != "error"_L1;
        const QJsonObject error = status.value("error"_L1).toObject();
        parsed.errorTag = error.value("tag"_L1).toString();
        if (const QJsonValue code = error.value("httpStatusCode"_L1); code.isDouble())
            parsed.httpStatusCode = code.toInt();
        response.statuses.append(parsed);
    }
    response.context = object.value("context"_L1).toString();
    response.costDollars = CostDollars::fromJson(object.value("costDollars"_L1));
    response.raw = object;
    return response;
}

QString AnswerResponse::answerText() const
{
    if (answer.isString())
        return answer.toString();
    if (answer.isObject())
        return QString::fromUtf8(QJsonDocument(answer.toObject()).toJson(QJsonDocument::Indented));
    return {};
}

AnswerResponse AnswerResponse::fromJson(const QJsonObject& object)
{
    AnswerResponse response;
    response.requestId = object.value("requestId"_L1).toString();
    response.answer = object.value("answer"_L1);
    response.citations = resultList(object.value("citations"_L1));
    response.costDollars = CostDollars::fromJson(object.value("costDollars"_L1));
    response.raw = object;
    return response;
}

bool ResearchTask::isFinished() const
{
    return status == "completed"_L1 || status == "failed"_L1 || status == "canceled"_L1;
}

ResearchTask ResearchTask::fromJson(const QJsonObject& object)
{
    ResearchTask task;
    task.researchId = object.value("researchId"_L1).toString();
    task.status = object.value("status"_L1).toString();
    task.model = object.value("model"_L1).toString();
    task.instructions = object.value("instructions"_L1).toString();
    task.createdAtMs = static_cast<qint64>(object.value("createdAt"_L1).toDouble());
    const QJsonObject output = object.value("output"_L1).toObject();
    task.outputContent = output.value("content"_L1).toString();
    task.outputParsed = output.value("parsed"_L1).toObject();
    task.error = object.value("error"_L1).toString();
    task.costDollars = CostDollars::fromJson(object.value("costDollars"_L1));
    task.raw = object;
    return task;
}

} // namespace exa
