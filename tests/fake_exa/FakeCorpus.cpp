#include "FakeCorpus.h"

#include <QDate>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <QUrl>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace fakeexa {
namespace {

const QStringList kGeneralDomains{
    u"en.wikipedia.org"_s, u"arxiv.org"_s,    u"github.com"_s,           u"medium.com"_s, u"nature.com"_s,
    u"techcrunch.com"_s,   u"theverge.com"_s, u"stackoverflow.com"_s,    u"dev.to"_s,     u"reuters.com"_s,
    u"bbc.co.uk"_s,        u"substack.com"_s, u"news.ycombinator.com"_s, u"acm.org"_s,    u"ieee.org"_s,
    u"mit.edu"_s};
const QStringList kPaperDomains{u"arxiv.org"_s, u"nature.com"_s,        u"acm.org"_s,
                                u"ieee.org"_s,  u"sciencedirect.com"_s, u"biorxiv.org"_s};
const QStringList kNewsDomains{u"reuters.com"_s,  u"bbc.co.uk"_s,      u"nytimes.com"_s,
                               u"theverge.com"_s, u"techcrunch.com"_s, u"apnews.com"_s};
const QStringList kFinanceDomains{u"sec.gov"_s, u"investor.gov"_s, u"annualreports.com"_s};
const QStringList kAuthors{u"Ada Lindqvist"_s,  u"Rahul Menon"_s,  u"Grace Okafor"_s,   u"Mateo Silva"_s,
                           u"Hana Kobayashi"_s, u"Lucas Meyer"_s,  u"Amara Nwosu"_s,    u"Chen Wei"_s,
                           u"Sofia Rossi"_s,    u"Daniel Novak"_s, u"Priya Raman"_s,    u"Oliver Hughes"_s,
                           u"Leila Haddad"_s,   u"Tomás Ortega"_s, u"Ingrid Solberg"_s, u"Kwame Mensah"_s};
const QStringList kTitleForms{u"%1: A Practical Guide"_s,
                              u"Understanding %1"_s,
                              u"%1 Explained"_s,
                              u"What's New in %1"_s,
                              u"A Survey of %1"_s,
                              u"%1 in Practice"_s,
                              u"Notes on %1"_s,
                              u"The State of %1"_s,
                              u"Why %1 Matters"_s,
                              u"Getting Started with %1"_s,
                              u"Lessons Learned from %1"_s,
                              u"%1: Open Questions"_s};
const QStringList kSentenceForms{
    u"%1 has changed considerably over the last few years."_s,
    u"Practitioners describe %1 as a trade-off between simplicity and control."_s,
    u"The most cited work on %1 compares several approaches on the same benchmark."_s,
    u"A common mistake with %1 is to optimise before measuring."_s,
    u"Recent releases made %1 easier to adopt in existing systems."_s,
    u"Critics of %1 point to its cost in complexity and maintenance."_s,
    u"Teams adopting %1 report faster iteration once the basics are in place."_s,
    u"The documentation for %1 covers installation, configuration and common pitfalls."_s,
    u"Several open-source projects now build on %1."_s,
    u"This article walks through %1 step by step with examples."_s,
};

QStringList categoryDomains(const QString& category)
{
    if (category == "research paper"_L1 || category == "pdf"_L1)
        return kPaperDomains;
    if (category == "news"_L1)
        return kNewsDomains;
    if (category == "github"_L1)
        return {u"github.com"_s};
    if (category == "people"_L1)
        return {u"linkedin.com"_s};
    if (category == "financial report"_L1)
        return kFinanceDomains;
    return kGeneralDomains;
}

QString topicOf(const QString& query)
{
    QString topic = query.simplified();
    if (topic.size() > 80)
        topic = topic.left(80).trimmed();
    return topic;
}

QString titleCase(const QString& text)
{
    QStringList words = text.split(u' ', Qt::SkipEmptyParts);
    for (QString& word : words) {
        if (!word.isEmpty())
            word[0] = word[0].toUpper();
    }
    return words.join(u' ');
}

QString slugOf(const QString& text)
{
    static const QRegularExpression nonWord(u"[^a-z0-9]+"_s);
    QString slug = text.toLower().replace(nonWord, u"-"_s);
    const QStringList parts = slug.split(u'-', Qt::SkipEmptyParts).mid(0, 6);
    slug = parts.join(u'-');
    return slug.isEmpty() ? u"page"_s : slug;
}

QDate dateFrom(const QJsonValue& value)
{
    const QString text = value.toString();
    QDateTime instant = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (instant.isValid())
        return instant.date();
    return QDate::fromString(text.left(10), Qt::ISODate);
}

bool domainMatches(const QString& host, const QString& domain)
{
    return host == domain || host.endsWith(u'.' + domain);
}

// The sentences of one page about `topic`; the same page always reads the same.
QStringList sentencesFor(const QString& topic, Rng& rng, int count)
{
    QStringList sentences;
    for (int i = 0; i < count; ++i)
        sentences.append(kSentenceForms.at(rng.below(static_cast<int>(kSentenceForms.size()))).arg(topic));
    return sentences;
}

QJsonObject summaryObject(const QJsonObject& schema, const QString& topic)
{
    QJsonObject object;
    const QJsonObject properties = schema.value("properties"_L1).toObject();
    for (auto it = properties.begin(); it != properties.end(); ++it) {
        const QString type = it.value().toObject().value("type"_L1).toString();
        if (type == "number"_L1 || type == "integer"_L1)
            object.insert(it.key(), 42);
        else if (type == "boolean"_L1)
            object.insert(it.key(), true);
        else if (type == "array"_L1)
            object.insert(it.key(), QJsonArray{topic});
        else
            object.insert(it.key(), u"%1 (%2)"_s.arg(it.key(), topic));
    }
    return object;
}

QJsonObject makeResult(const QString& topic, const QString& url, const QString& title, Rng rng,
                       const ContentsWanted& wanted, const QDate& from, const QDate& to, double score, bool nested);

QJsonArray subpagesFor(const QString& topic, const QUrl& parent, Rng& rng, const ContentsWanted& wanted)
{
    QJsonArray subpages;
    for (int i = 0; i < wanted.subpages; ++i) {
        const QString target = wanted.subpageTarget.isEmpty()
            ? u"page-%1"_s.arg(QString::number(i + 1))
            : slugOf(wanted.subpageTarget.at(i % wanted.subpageTarget.size()));
        QUrl url = parent;
        url.setPath(parent.path() + u'/' + target);
        subpages.append(makeResult(topic, url.toString(), titleCase(target.split(u'-').join(u' ')) + u" — "_s + topic,
                                   Rng(rng.next()), wanted, {}, {}, 0.0, true));
    }
    return subpages;
}

QJsonObject makeResult(const QString& topic, const QString& url, const QString& title, Rng rng,
                       const ContentsWanted& wanted, const QDate& from, const QDate& to, double score, bool nested)
{
    const QUrl parsed(url);
    const QString host = parsed.host();
    QJsonObject result{{"id"_L1, url}, {"url"_L1, url}, {"title"_L1, title}};

    // Exa knows no date or author for some pages; so does the fake, for the same pages each time.
    const QDate earliest = from.isValid() ? from : QDate(2018, 1, 1);
    const QDate latest = to.isValid() ? to : QDate(2025, 12, 31);
    const auto span = std::max<qint64>(1, earliest.daysTo(latest));
    const QDate published = earliest.addDays(static_cast<qint64>(rng.unit() * static_cast<double>(span)));
    const bool hasDate = rng.below(8) != 0 || from.isValid() || to.isValid();
    result.insert("publishedDate"_L1,
                  hasDate ? QJsonValue(published.toString(Qt::ISODate) + u"T00:00:00.000Z"_s)
                          : QJsonValue(QJsonValue::Null));
    const bool hasAuthor = rng.below(5) != 0;
    result.insert("author"_L1,
                  hasAuthor ? QJsonValue(kAuthors.at(rng.below(static_cast<int>(kAuthors.size()))))
                            : QJsonValue(QJsonValue::Null));
    if (!nested)
        result.insert("score"_L1, std::round(score * 10000.0) / 10000.0);
    if (rng.below(3) != 0)
        result.insert("image"_L1, u"https://%1/images/%2.jpg"_s.arg(host, rng.hex(8)));
    result.insert("favicon"_L1, u"https://%1/favicon.ico"_s.arg(host));

    const QStringList sentences = sentencesFor(topic, rng, 8);
    if (wanted.text) {
        QString text = u"%1\n\n%2\n\n%3"_s.arg(title, sentences.mid(0, 4).join(u' '), sentences.mid(4).join(u' '));
        if (wanted.textHtml)
            text = u"<h1>%1</h1><p>%2</p><p>%3</p>"_s.arg(title, sentences.mid(0, 4).join(u' '),
                                                          sentences.mid(4).join(u' '));
        if (wanted.textMaxCharacters > 0)
            text = text.left(wanted.textMaxCharacters);
        result.insert("text"_L1, text);
    }
    if (wanted.highlights) {
        QJsonArray highlights;
        QJsonArray scores;
        int budget = wanted.highlightsMaxCharacters > 0 ? wanted.highlightsMaxCharacters : -1;
        for (int i = 0; i < wanted.highlightsPerUrl; ++i) {
            QString highlight = sentences.mid(i * wanted.highlightSentences, wanted.highlightSentences).join(u' ');
            if (!wanted.highlightsQuery.isEmpty())
                highlight = u"%1 — %2"_s.arg(wanted.highlightsQuery, highlight);
            if (budget >= 0) {
                if (budget == 0)
                    break;
                highlight = highlight.left(budget);
                budget -= static_cast<int>(highlight.size());
            }
            highlights.append(highlight);
            scores.append(std::round((0.7 - 0.05 * i - rng.unit() * 0.05) * 10000.0) / 10000.0);
        }
        result.insert("highlights"_L1, highlights);
        result.insert("highlightScores"_L1, scores);
    }
    if (wanted.summary) {
        QString summary;
        if (!wanted.summarySchema.isEmpty())
            summary = QString::fromUtf8(
                QJsonDocument(summaryObject(wanted.summarySchema, topic)).toJson(QJsonDocument::Compact));
        else if (!wanted.summaryQuery.isEmpty())
            summary = u"On \"%1\": this page covers %2. %3"_s.arg(wanted.summaryQuery, topic, sentences.at(1));
        else
            summary = u"This page covers %1. %2 %3"_s.arg(topic, sentences.at(0), sentences.at(2));
        result.insert("summary"_L1, summary);
    }
    if (!nested && wanted.subpages > 0)
        result.insert("subpages"_L1, subpagesFor(topic, parsed, rng, wanted));
    if (wanted.links > 0 || wanted.imageLinks > 0) {
        QJsonObject extras;
        QJsonArray links;
        for (int i = 0; i < wanted.links; ++i)
            links.append(u"https://%1/%2"_s.arg(host, rng.hex(6)));
        extras.insert("links"_L1, links);
        if (wanted.imageLinks > 0) {
            QJsonArray images;
            for (int i = 0; i < wanted.imageLinks; ++i)
                images.append(u"https://%1/images/%2.png"_s.arg(host, rng.hex(6)));
            extras.insert("imageLinks"_L1, images);
        }
        result.insert("extras"_L1, extras);
    }
    return result;
}

// The results for one topic, filtered as the request says.
QJsonArray resultsFor(const QString& topic, const QJsonObject& request, int count, const QString& skipUrl = {})
{
    const ContentsWanted wanted = ContentsWanted::fromRequest(request);
    const QString category = request.value("category"_L1).toString();
    const QStringList include = stringsIn(request.value("includeDomains"_L1));
    const QStringList exclude = stringsIn(request.value("excludeDomains"_L1));
    QStringList domains = include.isEmpty() ? categoryDomains(category) : include;
    domains.erase(std::remove_if(domains.begin(), domains.end(),
                                 [&](const QString& domain) {
                                     return std::any_of(exclude.begin(), exclude.end(),
                                                        [&](const QString& ex) { return domainMatches(domain, ex); });
                                 }),
                  domains.end());
    if (domains.isEmpty())
        return {};

    const QDate from = dateFrom(request.value("startPublishedDate"_L1));
    const QDate to = dateFrom(request.value("endPublishedDate"_L1));
    const QStringList includeText = stringsIn(request.value("includeText"_L1));
    const QString subject = includeText.isEmpty() ? topic : u"%1 (%2)"_s.arg(topic, includeText.constFirst());
    const QString slug = slugOf(topic);

    Rng rng = Rng::fromText(topic + u'|' + category);
    const qsizetype firstForm = rng.below(static_cast<int>(kTitleForms.size()));
    QJsonArray results;
    QSet<QString> seen;
    for (int i = 0; results.size() < count && i < count * 4; ++i) {
        Rng page(rng.next());
        const QString domain = domains.at(page.below(static_cast<int>(domains.size())));
        const QString section = category == "people"_L1 ? u"in"_s
            : category == "github"_L1                   ? page.hex(6)
            : category == "pdf"_L1                      ? u"pdf"_s
                                                        : QString();
        QString path
            = section.isEmpty() ? u"/%1-%2"_s.arg(slug, page.hex(6)) : u"/%1/%2-%3"_s.arg(section, slug, page.hex(6));
        if (category == "pdf"_L1)
            path += u".pdf"_s;
        const QString url = u"https://"_s + domain + path;
        if (url == skipUrl || seen.contains(url))
            continue;
        seen.insert(url);
        // Consecutive results never share a title form, as real results rarely do.
        const QString title = kTitleForms.at((firstForm + results.size()) % kTitleForms.size()).arg(titleCase(topic));
        const double score = 0.92 - 0.012 * static_cast<double>(results.size()) - page.unit() * 0.01;
        results.append(makeResult(subject, url, title, page, wanted, from, to, score, false));
    }
    return results;
}

int requestedCount(const QJsonObject& request)
{
    return request.contains("numResults"_L1) ? request.value("numResults"_L1).toInt() : 10;
}

QString contextOf(const QJsonArray& results, int maxCharacters)
{
    QStringList parts;
    for (const QJsonValue& result : results) {
        const QJsonObject object = result.toObject();
        parts.append(u"%1\n%2\n%3"_s.arg(object.value("title"_L1).toString(), object.value("url"_L1).toString(),
                                         object.value("text"_L1).toString()));
    }
    QString context = parts.join(u"\n\n"_s);
    return maxCharacters > 0 ? context.left(maxCharacters) : context;
}

void addContext(QJsonObject& response, const QJsonArray& results, const ContentsWanted& wanted)
{
    if (wanted.context)
        response.insert("context"_L1, contextOf(results, wanted.contextMaxCharacters));
}

} // namespace

QJsonObject FakeCorpus::costDollars(int results, bool deep, const ContentsWanted& wanted, bool searched)
{
    // Exa's published prices; the fake charges the same so cost accounting can be checked.
    const double search = !searched ? 0.0 : deep ? (results <= 25 ? 0.015 : 0.075) : (results <= 25 ? 0.005 : 0.025);
    const double text = wanted.text ? 0.001 * results : 0.0;
    const double highlight = wanted.highlights ? 0.001 * results : 0.0;
    const double summary = wanted.summary ? 0.001 * results : 0.0;
    const double contents = text + highlight + summary;
    auto round = [](double value) { return std::round(value * 1e6) / 1e6; };

    QJsonObject breakdown{{"contentText"_L1, round(text)},
                          {"contentHighlight"_L1, round(highlight)},
                          {"contentSummary"_L1, round(summary)}};
    if (searched)
        breakdown.insert(deep ? "deepSearch"_L1 : "neuralSearch"_L1, search);
    return QJsonObject{
        {"total"_L1, round(search + contents)},
        {"breakDown"_L1,
         QJsonArray{QJsonObject{{"search"_L1, search}, {"contents"_L1, round(contents)}, {"breakdown"_L1, breakdown}}}},
        {"perRequestPrices"_L1,
         QJsonObject{{"neuralSearch_1_25_results"_L1, 0.005},
                     {"neuralSearch_26_100_results"_L1, 0.025},
                     {"neuralSearch_100_plus_results"_L1, 1},
                     {"deepSearch_1_25_results"_L1, 0.015},
                     {"deepSearch_26_100_results"_L1, 0.075}}},
        {"perPagePrices"_L1,
         QJsonObject{{"contentText"_L1, 0.001}, {"contentHighlight"_L1, 0.001}, {"contentSummary"_L1, 0.001}}},
    };
}

QJsonObject FakeCorpus::search(const QJsonObject& request, const QString& requestId)
{
    const QString topic = topicOf(request.value("query"_L1).toString());
    const QString type = request.value("type"_L1).toString(u"auto"_s);
    const bool deep = type.startsWith("deep"_L1);
    const QJsonArray results = resultsFor(topic, request, requestedCount(request));
    const ContentsWanted wanted = ContentsWanted::fromRequest(request);

    // searchType only takes the values of Exa's description; resolvedSearchType names the real one.
    const QString resolved = type == "auto"_L1 ? u"neural"_s : type;
    QJsonObject response{{"requestId"_L1, requestId},
                         {"resolvedSearchType"_L1, resolved},
                         {"searchType"_L1, deep ? type : u"neural"_s},
                         {"results"_L1, results},
                         {"searchTime"_L1, 120.0 + static_cast<double>(results.size()) * 7.5},
                         {"costDollars"_L1, costDollars(static_cast<int>(results.size()), deep, wanted)}};
    if (deep) {
        const QJsonObject schema = request.value("outputSchema"_L1).toObject();
        QJsonArray citations;
        for (qsizetype i = 0; i < std::min<qsizetype>(3, results.size()); ++i) {
            const QJsonObject result = results.at(i).toObject();
            citations.append(QJsonObject{{"url"_L1, result.value("url"_L1)}, {"title"_L1, result.value("title"_L1)}});
        }
        const QJsonValue content = schema.isEmpty()
            ? QJsonValue(u"%1: %2 sources agree on the main points."_s.arg(topic, QString::number(results.size())))
            : QJsonValue(summaryObject(schema, topic));
        response.insert(
            "output"_L1,
            QJsonObject{{"content"_L1, content},
                        {"grounding"_L1,
                         QJsonArray{QJsonObject{
                             {"field"_L1, u"content"_s}, {"citations"_L1, citations}, {"confidence"_L1, u"high"_s}}}}});
    }
    addContext(response, results, wanted);
    return response;
}

QJsonObject FakeCorpus::findSimilar(const QJsonObject& request, const QString& requestId)
{
    const QUrl source(request.value("url"_L1).toString());
    QString words = source.host().section(u'.', -2, -2) + u' ' + source.path();
    const QString topic = topicOf(words.replace(u'/', u' ').replace(u'-', u' ').replace(u'_', u' '));
    QJsonObject filtered = request;
    if (request.value("excludeSourceDomain"_L1).toBool()) {
        QJsonArray exclude = request.value("excludeDomains"_L1).toArray();
        exclude.append(source.host());
        filtered.insert("excludeDomains"_L1, exclude);
    }
    const QJsonArray results = resultsFor(topic, filtered, requestedCount(request), source.toString());
    const ContentsWanted wanted = ContentsWanted::fromRequest(request);
    QJsonObject response{{"requestId"_L1, requestId},
                         {"results"_L1, results},
                         {"costDollars"_L1, costDollars(static_cast<int>(results.size()), false, wanted)}};
    addContext(response, results, wanted);
    return response;
}

QJsonObject FakeCorpus::contents(const QJsonObject& request, const QString& requestId)
{
    QStringList urls = stringsIn(request.value("urls"_L1));
    if (urls.isEmpty())
        urls = stringsIn(request.value("ids"_L1));
    ContentsWanted wanted = ContentsWanted::fromRequest(request);
    // Exa returns the text when nothing else is asked for.
    if (!wanted.text && !wanted.highlights && !wanted.summary)
        wanted.text = true;

    static const QRegularExpression httpCode(u"/http-(\\d{3})"_s);
    QJsonArray results;
    QJsonArray statuses;
    for (const QString& text : urls) {
        const QUrl url(text);
        // Crawl failures are triggered by the address, so tests can ask for each of them.
        QString tag;
        QJsonValue code = QJsonValue::Null;
        const QRegularExpressionMatch match = httpCode.match(url.path());
        if (!url.isValid() || (url.scheme() != "http"_L1 && url.scheme() != "https"_L1) || url.host().isEmpty()) {
            tag = u"UNSUPPORTED_URL"_s;
        } else if (url.host().startsWith("notfound."_L1) || url.path().contains("/notfound"_L1)) {
            tag = u"CRAWL_NOT_FOUND"_s;
            code = 404;
        } else if (url.path().contains("/livecrawl-timeout"_L1)) {
            tag = u"CRAWL_LIVECRAWL_TIMEOUT"_s;
            code = 408;
        } else if (url.path().contains("/timeout"_L1)) {
            tag = u"CRAWL_TIMEOUT"_s;
            code = 408;
        } else if (url.host().startsWith("unavailable."_L1)) {
            tag = u"SOURCE_NOT_AVAILABLE"_s;
            code = 403;
        } else if (match.hasMatch()) {
            tag = u"CRAWL_HTTP_"_s + match.captured(1);
            code = match.captured(1).toInt();
        } else if (url.path().contains("/crawl-error"_L1)) {
            tag = u"CRAWL_UNKNOWN_ERROR"_s;
            code = 500;
        }

        if (!tag.isEmpty()) {
            statuses.append(QJsonObject{{"id"_L1, text},
                                        {"status"_L1, u"error"_s},
                                        {"error"_L1, QJsonObject{{"tag"_L1, tag}, {"httpStatusCode"_L1, code}}}});
            continue;
        }
        const QString topic = topicOf(url.path().section(u'/', -1).replace(u'-', u' ').replace(u'_', u' '));
        const QString title = titleCase(topic.isEmpty() ? url.host() : topic);
        results.append(makeResult(topic.isEmpty() ? url.host() : topic, text, title, Rng::fromText(text), wanted, {},
                                  {}, 0.0, false));
        statuses.append(QJsonObject{{"id"_L1, text}, {"status"_L1, u"success"_s}, {"error"_L1, QJsonValue::Null}});
    }

    QJsonObject response{{"requestId"_L1, requestId},
                         {"results"_L1, results},
                         {"statuses"_L1, statuses},
                         {"costDollars"_L1, costDollars(static_cast<int>(results.size()), false, wanted, false)}};
    addContext(response, results, wanted);
    return response;
}

QJsonObject FakeCorpus::answer(const QJsonObject& request, const QString& requestId)
{
    const QString topic = topicOf(request.value("query"_L1).toString());
    QJsonObject searchRequest{{"query"_L1, topic}, {"numResults"_L1, 4}};
    if (request.value("text"_L1).toBool())
        searchRequest.insert("text"_L1, true);
    const QJsonArray results = resultsFor(topic, searchRequest, 4);

    QJsonArray citations;
    for (const QJsonValue& result : results) {
        QJsonObject citation = result.toObject();
        citation.remove("score"_L1);
        citations.append(citation);
    }
    const QJsonObject schema = request.value("outputSchema"_L1).toObject();
    Rng rng = Rng::fromText(topic, 7);
    const QJsonValue answer = schema.isEmpty()
        ? QJsonValue(u"%1 [1]. %2 [2]. In short, the sources agree on the essentials of %3 [3]."_s.arg(
            sentencesFor(topic, rng, 1).constFirst().chopped(1), sentencesFor(topic, rng, 1).constFirst().chopped(1),
            topic))
        : QJsonValue(summaryObject(schema, topic));
    return QJsonObject{{"requestId"_L1, requestId},
                       {"answer"_L1, answer},
                       {"citations"_L1, citations},
                       {"costDollars"_L1, QJsonObject{{"total"_L1, 0.005}}}};
}

QStringList FakeCorpus::answerPieces(const QString& answer)
{
    // A few words at a time, the way a model streams tokens.
    QStringList pieces;
    const QStringList words = answer.split(u' ');
    for (qsizetype i = 0; i < words.size(); i += 3) {
        QString piece = words.mid(i, 3).join(u' ');
        if (i + 3 < words.size())
            piece += u' ';
        pieces.append(piece);
    }
    return pieces;
}

QString FakeCorpus::researchOutput(const QString& instructions)
{
    Rng rng = Rng::fromText(instructions, 11);
    const QString topic = topicOf(instructions);
    return u"# Research: %1\n\n%2\n\n%3"_s.arg(topic, sentencesFor(topic, rng, 3).join(u' '),
                                               sentencesFor(topic, rng, 3).join(u' '));
}

} // namespace fakeexa
