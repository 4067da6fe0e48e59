#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <cstdint>

// Realistic, deterministic Exa results: the same query and options always give the same ids,
// urls, titles, dates and texts, so tests can compare runs and caches can be checked.
namespace fakeexa {

// A small, stable pseudo-random source (splitmix64) seeded from text; never from the clock.
class Rng
{
public:
    explicit Rng(std::uint64_t seed)
        : m_state(seed)
    { }
    static Rng fromText(QStringView text, std::uint64_t salt = 0);

    std::uint64_t next();
    int below(int bound); // 0 <= n < bound
    double unit(); // 0 <= x < 1
    QString hex(int digits);

private:
    std::uint64_t m_state;
};

// What a request asked to get back for each page (ContentsRequest in Exa's description).
struct ContentsWanted
{
    bool text = false;
    int textMaxCharacters = 0;
    bool textHtml = false;
    bool highlights = false;
    int highlightsMaxCharacters = 0;
    int highlightsPerUrl = 3;
    int highlightSentences = 1;
    QString highlightsQuery;
    bool summary = false;
    QString summaryQuery;
    QJsonObject summarySchema;
    int subpages = 0;
    QStringList subpageTarget;
    int links = 0;
    int imageLinks = 0;
    bool context = false;
    int contextMaxCharacters = 0;

    // Reads the options from the top level of `object` and, if present, from `contents`.
    static ContentsWanted fromRequest(const QJsonObject& object);
};

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
