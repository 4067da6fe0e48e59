#pragma once

#include "ContentsWanted.h"
#include "Rng.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

// Realistic, deterministic Exa results: the same query and options always give the same ids,
// urls, titles, dates and texts, so tests can compare runs and caches can be checked.
namespace fakeexa {

class FakeCorpus
{
public:
    // /search: `numResults` results for the query, honouring the domain, date, category and
    // text filters of the request.
    static QJsonObject search(const QJsonObject& request, const QString& requestId);
    // /findSimilar: pages like the url, never the url itself.
    static QJsonObject findSimilar(const QJsonObject& request, const QString& requestId);
    // /contents: one status per url, a result for each that could be "crawled".
    static QJsonObject contents(const QJsonObject& request, const QString& requestId);
    // /answer: the answer text (or object, with an outputSchema) and its citations.
    static QJsonObject answer(const QJsonObject& request, const QString& requestId);
    // The answer split into the pieces a stream sends, in order.
    static QStringList answerPieces(const QString& answer);
    static QString researchOutput(const QString& instructions);

    // What `results` pages cost: the search itself (unless only contents were fetched) and their
    // contents.
    static QJsonObject costDollars(int results, bool deep, const ContentsWanted& wanted, bool searched = true);
};

} // namespace fakeexa
