#include "ExaCall.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace exa {
namespace {

constexpr QStringView kResearchPath = u"/research/v1";

ExaCall post(ExaRoute route, QString path, const QJsonObject& body)
{
    ExaCall call;
    call.route = route;
    call.method = "POST";
    call.path = std::move(path);
    call.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return call;
}

ExaCall get(ExaRoute route, QString path, QUrlQuery query = {})
{
    ExaCall call;
    call.route = route;
    call.method = "GET";
    call.path = std::move(path);
    call.query = std::move(query);
    return call;
}

} // namespace

QString toString(ExaRoute route)
{
    switch (route) {
    case ExaRoute::Search:
        return u"search"_s;
    case ExaRoute::FindSimilar:
        return u"findSimilar"_s;
    case ExaRoute::Contents:
        return u"contents"_s;
    case ExaRoute::Answer:
        return u"answer"_s;
    case ExaRoute::ResearchCreate:
        return u"research.create"_s;
    case ExaRoute::ResearchList:
        return u"research.list"_s;
    case ExaRoute::ResearchGet:
        return u"research.get"_s;
    case ExaRoute::Other:
        break;
    }
    return u"other"_s;
}

ExaRoute routeFor(QByteArrayView method, QStringView path)
{
    if (path.endsWith(u'/') && path.size() > 1)
        path.chop(1);
    const bool isPost = method == "POST";
    if (isPost && path == u"/search")
        return ExaRoute::Search;
    if (isPost && path == u"/findSimilar")
        return ExaRoute::FindSimilar;
    if (isPost && path == u"/contents")
        return ExaRoute::Contents;
    if (isPost && path == u"/answer")
        return ExaRoute::Answer;
    if (path == kResearchPath)
        return isPost ? ExaRoute::ResearchCreate : method == "GET" ? ExaRoute::ResearchList : ExaRoute::Other;
    if (method == "GET" && path.startsWith(kResearchPath) && path.at(kResearchPath.size()) == u'/'
        && !path.sliced(kResearchPath.size() + 1).contains(u'/'))
        return ExaRoute::ResearchGet;
    return ExaRoute::Other;
}

ExaCall ExaCall::search(const SearchRequest& request)
{
    return post(ExaRoute::Search, u"/search"_s, request.toJson());
}

ExaCall ExaCall::findSimilar(const FindSimilarRequest& request)
{
    return post(ExaRoute::FindSimilar, u"/findSimilar"_s, request.toJson());
}

ExaCall ExaCall::contents(const ContentsRequest& request)
{
    return post(ExaRoute::Contents, u"/contents"_s, request.toJson());
}

ExaCall ExaCall::answer(const AnswerRequest& request)
{
    ExaCall call = post(ExaRoute::Answer, u"/answer"_s, request.toJson());
    call.streamed = request.stream;
    return call;
}

ExaCall ExaCall::createResearch(const ResearchRequest& request)
{
    ExaCall call = post(ExaRoute::ResearchCreate, kResearchPath.toString(), request.toJson());
    call.idempotent = false;
    return call;
}

ExaCall ExaCall::getResearch(const QString& researchId)
{
    return get(ExaRoute::ResearchGet,
               kResearchPath.toString() + u'/' + QString::fromUtf8(QUrl::toPercentEncoding(researchId)));
}

ExaCall ExaCall::listResearch(const QString& cursor, int limit)
{
    QUrlQuery query;
    if (!cursor.isEmpty())
        query.addQueryItem(u"cursor"_s, cursor);
    if (limit > 0)
        query.addQueryItem(u"limit"_s, QString::number(limit));
    return get(ExaRoute::ResearchList, kResearchPath.toString(), query);
}

ExaCall ExaCall::passthrough(const QByteArray& method, const QString& path, const QUrlQuery& query,
                             const QByteArray& body)
{
    ExaCall call;
    call.route = routeFor(method, path);
    call.method = method;
    call.path = path;
    call.query = query;
    call.body = body;
    // A route we do not know may start something (as research does): it is not sent twice.
    call.idempotent = call.route != ExaRoute::ResearchCreate && (call.route != ExaRoute::Other || method == "GET");
    if (call.route == ExaRoute::Answer)
        call.streamed = QJsonDocument::fromJson(body).object().value("stream"_L1).toBool();
    else if (call.route == ExaRoute::ResearchGet)
        call.streamed = query.queryItemValue(u"stream"_s) == "true"_L1;
    return call;
}

} // namespace exa
