#pragma once

#include "ExaRequests.h"

#include <QByteArray>
#include <QString>
#include <QUrlQuery>

// One HTTP call to Exa, without its key: the unit the client sends and the gateway retries.
namespace exa {

enum class ExaRoute
{
    Search,
    FindSimilar,
    Contents,
    Answer,
    ResearchCreate,
    ResearchList,
    ResearchGet,
    Other
};

QString toString(ExaRoute route);
// Which of Exa's routes a method and path name; the local port and the metrics use this.
ExaRoute routeFor(QByteArrayView method, QStringView path);

struct ExaCall
{
    ExaRoute route = ExaRoute::Other;
    QByteArray method = "POST";
    QString path; // below the base URL, with its leading '/'
    QUrlQuery query;
    QByteArray body; // JSON; empty for GET
    bool streamed = false; // Exa answers with text/event-stream
    // Whether sending it twice does no more than sending it once (a second bill aside). Creating
    // a research task is not: each create is a task of its own, run and billed.
    bool idempotent = true;

    static ExaCall search(const SearchRequest& request);
    static ExaCall findSimilar(const FindSimilarRequest& request);
    static ExaCall contents(const ContentsRequest& request);
    static ExaCall answer(const AnswerRequest& request);
    static ExaCall createResearch(const ResearchRequest& request);
    static ExaCall getResearch(const QString& researchId);
    static ExaCall listResearch(const QString& cursor = {}, int limit = 0);
    // A call as a client sent it, passed through untouched: the route and whether the answer
    // streams are read from the method, path and body.
    static ExaCall passthrough(const QByteArray& method, const QString& path, const QUrlQuery& query,
                               const QByteArray& body);
};

} // namespace exa
