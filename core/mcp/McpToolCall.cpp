#include "McpToolCall.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace exadesk {
namespace mcptool {
namespace {

// exa-mcp-server's defaults.
constexpr int kDefaultResults = 10;
constexpr int kDefaultPageCharacters = 3000;
constexpr QLatin1StringView kDefaultResearchModel = "exa-research-fast"_L1;

QString compact(const QJsonObject& object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QString indented(const QJsonObject& object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented)).trimmed();
}

QJsonObject textResult(const QString& text, const QJsonObject& answer = {}, bool isError = false)
{
    QJsonObject content{{"type"_L1, u"text"_s}, {"text"_L1, text}};
    if (const QJsonValue searchTime = answer.value("searchTime"_L1); searchTime.isDouble())
        content.insert("_meta"_L1, QJsonObject{{"searchTime"_L1, searchTime}});
    QJsonObject result{{"content"_L1, QJsonArray{content}}};
    if (isError)
        result.insert("isError"_L1, true);
    return result;
}

// A truthy number as exa-mcp-server reads one (`numResults || 10`): 0 and absent mean the default.
int countOr(const QJsonObject& arguments, QLatin1StringView name, int fallback)
{
    const int count = qRound(arguments.value(name).toDouble());
    return count != 0 ? count : fallback;
}

QString stringOr(const QJsonValue& value, const QString& fallback)
{
    const QString text = value.toString();
    return text.isEmpty() ? fallback : text;
}

// Only strings, and only when there is one (exa-mcp-server's sanitizer).
QJsonArray strings(const QJsonValue& value)
{
    QJsonArray kept;
    for (const QJsonValue& item : value.toArray()) {
        if (item.isString())
            kept.append(item);
    }
    return kept;
}

QJsonArray numbers(const QJsonValue& value)
{
    QJsonArray kept;
    for (const QJsonValue& item : value.toArray()) {
        if (item.isDouble())
            kept.append(item);
    }
    return kept;
}

// Exa's own bookkeeping (requestTags) is not for the model.
QJsonValue withoutTags(const QJsonValue& value)
{
    if (value.isArray()) {
        QJsonArray items;
        for (const QJsonValue& item : value.toArray())
            items.append(withoutTags(item));
        return items;
    }
    if (!value.isObject())
        return value;
    QJsonObject object;
    const QJsonObject source = value.toObject();
    for (auto it = source.begin(); it != source.end(); ++it) {
        if (it.key() != "requestTags"_L1)
            object.insert(it.key(), withoutTags(it.value()));
    }
    return object;
}

// A result with only the fields a model can use, each of the type Exa documents.
QJsonObject sanitizedResult(const QJsonObject& result)
{
    QJsonObject kept;
    for (const QLatin1StringView field :
         {"id"_L1, "url"_L1, "publishedDate"_L1, "author"_L1, "text"_L1, "summary"_L1, "image"_L1, "favicon"_L1}) {
        if (result.value(field).isString())
            kept.insert(field, result.value(field));
    }
    if (result.value("title"_L1).isString() || result.value("title"_L1).isNull())
        kept.insert("title"_L1, result.value("title"_L1));
    if (result.value("score"_L1).isDouble())
        kept.insert("score"_L1, result.value("score"_L1));
    if (const QJsonArray highlights = strings(result.value("highlights"_L1)); !highlights.isEmpty())
        kept.insert("highlights"_L1, highlights);
    if (const QJsonArray scores = numbers(result.value("highlightScores"_L1)); !scores.isEmpty())
        kept.insert("highlightScores"_L1, scores);
    QJsonArray entities;
    for (const QJsonValue& entity : result.value("entities"_L1).toArray()) {
        if (entity.isObject())
            entities.append(withoutTags(entity));
    }
    if (!entities.isEmpty())
        kept.insert("entities"_L1, entities);
    QJsonObject extras;
    for (const QLatin1StringView field : {"links"_L1, "imageLinks"_L1}) {
        if (const QJsonArray links = strings(result.value("extras"_L1).toObject().value(field)); !links.isEmpty())
            extras.insert(field, links);
    }
    if (!extras.isEmpty())
        kept.insert("extras"_L1, extras);
    QJsonArray subpages;
    for (const QJsonValue& subpage : result.value("subpages"_L1).toArray()) {
        if (subpage.isObject())
            subpages.append(sanitizedResult(subpage.toObject()));
    }
    if (!subpages.isEmpty())
        kept.insert("subpages"_L1, subpages);
    return kept;
}

QJsonArray sanitizedResults(const QJsonObject& answer)
{
    QJsonArray results;
    for (const QJsonValue& result : answer.value("results"_L1).toArray()) {
        if (result.isObject())
            results.append(sanitizedResult(result.toObject()));
    }
    return results;
}

QJsonObject sanitizedAnswer(const QJsonObject& answer)
{
    QJsonObject kept;
    for (const QLatin1StringView field :
         {"requestId"_L1, "autopromptString"_L1, "autoDate"_L1, "resolvedSearchType"_L1, "context"_L1}) {
        if (answer.value(field).isString())
            kept.insert(field, answer.value(field));
    }
    const QJsonObject output = answer.value("output"_L1).toObject();
    QJsonObject keptOutput;
    if (output.contains("content"_L1))
        keptOutput.insert("content"_L1, withoutTags(output.value("content"_L1)));
    QJsonArray grounding;
    for (const QJsonValue& entry : output.value("grounding"_L1).toArray()) {
        if (!entry.isObject())
            continue;
        QJsonArray citations;
        for (const QJsonValue& citation : entry["citations"_L1].toArray()) {
            if (citation["url"_L1].isString() && citation["title"_L1].isString())
                citations.append(QJsonObject{{"url"_L1, citation["url"_L1]}, {"title"_L1, citation["title"_L1]}});
        }
        QJsonObject keptEntry{{"citations"_L1, citations}};
        for (const QLatin1StringView field : {"field"_L1, "confidence"_L1}) {
            if (entry[field].isString())
                keptEntry.insert(field, entry[field]);
        }
        grounding.append(keptEntry);
    }
    if (!grounding.isEmpty())
        keptOutput.insert("grounding"_L1, grounding);
    if (!keptOutput.isEmpty())
        kept.insert("output"_L1, keptOutput);
    QJsonArray statuses;
    for (const QJsonValue& status : answer.value("statuses"_L1).toArray()) {
        if (status["id"_L1].isString() && status["status"_L1].isString() && status["source"_L1].isString())
            statuses.append(QJsonObject{
                {"id"_L1, status["id"_L1]}, {"status"_L1, status["status"_L1]}, {"source"_L1, status["source"_L1]}});
    }
    if (!statuses.isEmpty())
        kept.insert("statuses"_L1, statuses);
    if (const QJsonArray results = sanitizedResults(answer); !results.isEmpty())
        kept.insert("results"_L1, results);
    if (answer.value("searchTime"_L1).isDouble())
        kept.insert("searchTime"_L1, answer.value("searchTime"_L1));
    if (answer.value("costDollars"_L1).isObject())
        kept.insert("costDollars"_L1, withoutTags(answer.value("costDollars"_L1)));
    return kept;
}

// web_search_exa's layout: one block per result, its highlights (or else its text).
QJsonObject searchResult(const QJsonObject& answer)
{
    if (answer.value("results"_L1).toArray().isEmpty())
        return textResult(u"No search results found. Please try a different query."_s);
    QStringList blocks;
    for (const QJsonValue& value : sanitizedResults(answer)) {
        const QJsonObject result = value.toObject();
        QStringList lines{u"Title: "_s + stringOr(result["title"_L1], u"N/A"_s),
                          u"URL: "_s + result["url"_L1].toString(),
                          u"Published: "_s + stringOr(result["publishedDate"_L1], u"N/A"_s),
                          u"Author: "_s + stringOr(result["author"_L1], u"N/A"_s)};
        if (const QJsonArray highlights = result["highlights"_L1].toArray(); !highlights.isEmpty()) {
            QStringList passages;
            for (const QJsonValue& passage : highlights)
                passages.append(passage.toString());
            lines.append(u"Highlights:\n"_s + passages.join(u'\n'));
        } else if (!result["text"_L1].toString().isEmpty()) {
            lines.append(u"Text: "_s + result["text"_L1].toString());
        }
        blocks.append(lines.join(u'\n'));
    }
    return textResult(blocks.join(u"\n\n---\n\n"_s), answer);
}

// web_fetch_exa's layout: each page as a Markdown heading, its address, date and author, its
// text; then the pages that could not be read.
QJsonObject fetchResult(const QJsonObject& answer)
{
    QStringList failures;
    for (const QJsonValue& status : answer.value("statuses"_L1).toArray()) {
        if (status["status"_L1].toString() == "error"_L1)
            failures.append(status["id"_L1].toString() + u": "_s
                            + stringOr(status["error"_L1]["tag"_L1], u"unknown error"_s));
    }
    if (answer.value("results"_L1).toArray().isEmpty()) {
        if (!failures.isEmpty())
            return textResult(u"Error fetching URL(s): "_s + failures.join(u"; "_s), {}, true);
        return textResult(u"No content found for the provided URL(s)."_s);
    }
    QStringList lines;
    for (const QJsonValue& value : sanitizedResults(answer)) {
        const QJsonObject page = value.toObject();
        lines.append(u"# "_s + stringOr(page["title"_L1], u"(no title)"_s));
        lines.append(u"URL: "_s + page["url"_L1].toString());
        if (const QString date = page["publishedDate"_L1].toString(); !date.isEmpty())
            lines.append(u"Published: "_s + date.section(u'T', 0, 0));
        if (const QString author = page["author"_L1].toString(); !author.isEmpty())
            lines.append(u"Author: "_s + author);
        lines.append(QString());
        if (const QString text = page["text"_L1].toString(); !text.isEmpty())
            lines.append(text);
        lines.append(QString());
    }
    for (const QString& failure : std::as_const(failures))
        lines.append(u"Error fetching "_s + failure);
    return textResult(lines.join(u'\n').trimmed(), answer);
}

QJsonObject answerResult(const QJsonObject& answer, bool withText)
{
    const QJsonValue said = answer.value("answer"_L1);
    QStringList lines{said.isObject() ? compact(said.toObject()) : said.toString()};
    const QJsonArray citations = answer.value("citations"_L1).toArray();
    if (!citations.isEmpty())
        lines.append(u"\nCitations:"_s);
    int number = 0;
    for (const QJsonValue& citation : citations) {
        lines.append(u"[%1] %2"_s.arg(++number).arg(stringOr(citation["title"_L1], u"N/A"_s)));
        lines.append(u"URL: "_s + citation["url"_L1].toString());
        if (const QString date = citation["publishedDate"_L1].toString(); !date.isEmpty())
            lines.append(u"Published: "_s + date.section(u'T', 0, 0));
        if (const QString text = citation["text"_L1].toString(); withText && !text.isEmpty())
            lines.append(u"Text: "_s + text);
    }
    return textResult(lines.join(u'\n'), answer);
}

QJsonObject researchStarted(const QJsonObject& request, const QJsonObject& answer)
{
    const QString id = answer.value("researchId"_L1).toString();
    if (id.isEmpty())
        return textResult(McpToolCall::tr("Exa did not return a research ID; start the task again."), {}, true);
    const QString model = request.value("model"_L1).toString();
    return textResult(indented(
        {{"success"_L1, true},
         {"researchId"_L1, id},
         {"model"_L1, model},
         {"instructions"_L1, request.value("instructions"_L1)},
         {"message"_L1,
          u"Deep research task started with the %1 model. Use deep_researcher_check with research ID "
          u"'%2' to follow it; call it again every few seconds until the status is 'completed'."_s.arg(model, id)},
         {"nextStep"_L1, u"Call deep_researcher_check with researchId: \"%1\""_s.arg(id)}}));
}

QJsonObject researchChecked(const QJsonObject& answer)
{
    const QString status = answer.value("status"_L1).toString();
    QJsonObject report{{"researchId"_L1, answer.value("researchId"_L1)}, {"status"_L1, status}};
    if (status == "completed"_L1) {
        const QJsonObject output = answer.value("output"_L1).toObject();
        report.insert("success"_L1, true);
        report.insert("report"_L1, stringOr(output.value("content"_L1), u"No report generated"_s));
        if (output.contains("parsed"_L1))
            report.insert("parsedOutput"_L1, output.value("parsed"_L1));
        for (const QLatin1StringView field : {"citations"_L1, "model"_L1, "costDollars"_L1}) {
            if (answer.contains(field))
                report.insert(field, answer.value(field));
        }
        report.insert("message"_L1, u"Deep research completed; the report follows."_s);
    } else if (status == "running"_L1 || status == "pending"_L1) {
        report.insert("success"_L1, true);
        report.insert("message"_L1, u"Research in progress. Continue polling..."_s);
        report.insert("nextAction"_L1, u"Call deep_researcher_check again with the same research ID"_s);
    } else if (status == "failed"_L1) {
        report.insert("success"_L1, false);
        report.insert("instructions"_L1, answer.value("instructions"_L1));
        report.insert("message"_L1, u"The research task failed. Start a new one, with different instructions."_s);
    } else if (status == "canceled"_L1) {
        report.insert("success"_L1, false);
        report.insert("message"_L1, u"The research task was canceled."_s);
    } else {
        report.insert("success"_L1, false);
        report.insert("message"_L1, u"Unknown status: %1. Check again, or start the research task anew."_s.arg(status));
    }
    return textResult(indented(report));
}

Request post(const QString& path, const QJsonObject& body, const QString& question)
{
    return {exa::ExaCall::passthrough("POST", path, {}, QJsonDocument(body).toJson(QJsonDocument::Compact)), body,
            question};
}

// The searches' filters of web_search_advanced_exa, passed on when given (lists when not empty).
QJsonObject advancedSearch(const QJsonObject& arguments)
{
    QJsonObject contents{{"text"_L1,
                          arguments.contains("textMaxCharacters"_L1)
                              ? QJsonValue(QJsonObject{{"maxCharacters"_L1, arguments.value("textMaxCharacters"_L1)}})
                              : QJsonValue(true)}};
    if (arguments.contains("maxAgeHours"_L1))
        contents.insert("maxAgeHours"_L1, arguments.value("maxAgeHours"_L1));
    else
        contents.insert("livecrawl"_L1, u"fallback"_s);
    if (arguments.value("livecrawlTimeout"_L1).toDouble() != 0)
        contents.insert("livecrawlTimeout"_L1, arguments.value("livecrawlTimeout"_L1));
    if (arguments.contains("contextMaxCharacters"_L1))
        contents.insert("context"_L1, QJsonObject{{"maxCharacters"_L1, arguments.value("contextMaxCharacters"_L1)}});
    if (arguments.value("enableSummary"_L1).toBool())
        contents.insert("summary"_L1,
                        arguments.contains("summaryQuery"_L1)
                            ? QJsonValue(QJsonObject{{"query"_L1, arguments.value("summaryQuery"_L1)}})
                            : QJsonValue(true));
    if (arguments.value("enableHighlights"_L1).toBool()) {
        QJsonObject highlights;
        for (const auto& [from, to] : {std::pair{"highlightsMaxCharacters"_L1, "maxCharacters"_L1},
                                       {"highlightsNumSentences"_L1, "numSentences"_L1},
                                       {"highlightsPerUrl"_L1, "highlightsPerUrl"_L1},
                                       {"highlightsQuery"_L1, "query"_L1}}) {
            if (arguments.contains(from))
                highlights.insert(to, arguments.value(from));
        }
        contents.insert("highlights"_L1, highlights);
    }
    if (arguments.value("subpages"_L1).toDouble() != 0)
        contents.insert("subpages"_L1, arguments.value("subpages"_L1));
    if (arguments.contains("subpageTarget"_L1))
        contents.insert("subpageTarget"_L1, arguments.value("subpageTarget"_L1));

    QJsonObject search{{"query"_L1, arguments.value("query"_L1)},
                       {"type"_L1, stringOr(arguments.value("type"_L1), u"auto"_s)},
                       {"numResults"_L1, countOr(arguments, "numResults"_L1, kDefaultResults)},
                       {"contents"_L1, contents}};
    for (const QLatin1StringView field : {"category"_L1, "startPublishedDate"_L1, "endPublishedDate"_L1,
                                          "startCrawlDate"_L1, "endCrawlDate"_L1, "userLocation"_L1}) {
        if (!arguments.value(field).toString().isEmpty())
            search.insert(field, arguments.value(field));
    }
    for (const QLatin1StringView field :
         {"includeDomains"_L1, "excludeDomains"_L1, "includeText"_L1, "excludeText"_L1, "additionalQueries"_L1}) {
        if (!arguments.value(field).toArray().isEmpty())
            search.insert(field, arguments.value(field));
    }
    if (arguments.contains("moderation"_L1))
        search.insert("moderation"_L1, arguments.value("moderation"_L1));
    return search;
}

} // namespace

std::optional<Request> requestFor(const QString& tool, const QJsonObject& arguments, QString* error)
{
    if (tool == "web_search_exa"_L1) {
        // As exa-mcp-server: "category:people" in the query is the category filter.
        static const QRegularExpression category(u"\\bcategory:(company|publication|news|personal\\s*site|people)\\b"_s,
                                                 QRegularExpression::CaseInsensitiveOption);
        QString query = arguments.value("query"_L1).toString();
        QJsonObject search{{"type"_L1, u"auto"_s},
                           {"numResults"_L1, countOr(arguments, "numResults"_L1, kDefaultResults)},
                           {"contents"_L1, QJsonObject{{"highlights"_L1, true}}}};
        if (const QRegularExpressionMatch match = category.match(query); match.hasMatch()) {
            search.insert("category"_L1, match.captured(1).toLower().simplified());
            query = query.replace(match.capturedStart(), match.capturedLength(), QString()).simplified();
        }
        search.insert("query"_L1, query);
        return post(u"/search"_s, search, query);
    }
    if (tool == "web_search_advanced_exa"_L1)
        return post(u"/search"_s, advancedSearch(arguments), arguments.value("query"_L1).toString());
    if (tool == "web_fetch_exa"_L1) {
        const QJsonArray urls = arguments.value("urls"_L1).toArray();
        if (urls.isEmpty()) {
            *error = McpToolCall::tr("Invalid arguments for %1: 'urls' must name at least one page.").arg(tool);
            return std::nullopt;
        }
        QStringList pages;
        for (const QJsonValue& url : urls)
            pages.append(url.toString());
        const QJsonObject text{{"maxCharacters"_L1, countOr(arguments, "maxCharacters"_L1, kDefaultPageCharacters)}};
        return post(u"/contents"_s, {{"urls"_L1, urls}, {"text"_L1, text}}, pages.join(u' '));
    }
    if (tool == "find_similar_exa"_L1) {
        QJsonObject similar{{"url"_L1, arguments.value("url"_L1)},
                            {"numResults"_L1, countOr(arguments, "numResults"_L1, kDefaultResults)},
                            {"contents"_L1, QJsonObject{{"highlights"_L1, true}}}};
        if (arguments.contains("excludeSourceDomain"_L1))
            similar.insert("excludeSourceDomain"_L1, arguments.value("excludeSourceDomain"_L1));
        return post(u"/findSimilar"_s, similar, arguments.value("url"_L1).toString());
    }
    if (tool == "answer_exa"_L1) {
        QJsonObject answer{{"query"_L1, arguments.value("query"_L1)}};
        if (arguments.value("includeText"_L1).toBool())
            answer.insert("text"_L1, true);
        return post(u"/answer"_s, answer, arguments.value("query"_L1).toString());
    }
    if (tool == "deep_researcher_start"_L1) {
        QJsonObject research{{"model"_L1, stringOr(arguments.value("model"_L1), kDefaultResearchModel)},
                             {"instructions"_L1, arguments.value("instructions"_L1)}};
        if (arguments.contains("outputSchema"_L1))
            research.insert("outputSchema"_L1, arguments.value("outputSchema"_L1));
        return post(u"/research/v1"_s, research, arguments.value("instructions"_L1).toString());
    }
    if (tool == "deep_researcher_check"_L1) {
        // The ID becomes part of the path: only what an ID is made of gets there.
        static const QRegularExpression researchId(u"^[A-Za-z0-9_-]{1,128}$"_s);
        const QString id = arguments.value("researchId"_L1).toString().trimmed();
        if (!researchId.match(id).hasMatch()) {
            *error = McpToolCall::tr("Invalid arguments for %1: '%2' is not a research ID; use the researchId that "
                                     "deep_researcher_start returned.")
                         .arg(tool, id.left(64));
            return std::nullopt;
        }
        return Request{exa::ExaCall::getResearch(id), {}, id};
    }
    *error = McpToolCall::tr("Unknown tool: %1").arg(tool);
    return std::nullopt;
}

QJsonObject resultFor(const QString& tool, const QJsonObject& request, const QJsonObject& answer)
{
    if (tool == "web_search_exa"_L1 || tool == "find_similar_exa"_L1)
        return searchResult(answer);
    if (tool == "web_search_advanced_exa"_L1)
        return textResult(compact(sanitizedAnswer(answer)), answer);
    if (tool == "web_fetch_exa"_L1)
        return fetchResult(answer);
    if (tool == "answer_exa"_L1)
        return answerResult(answer, request.value("text"_L1).toBool());
    if (tool == "deep_researcher_start"_L1)
        return researchStarted(request, answer);
    return researchChecked(answer);
}

QJsonObject failureFor(const QString& tool, const exa::ExaError& error)
{
    if (tool == "deep_researcher_check"_L1 && error.kind == exa::ExaError::Kind::Http && error.httpStatus == 404)
        return textResult(indented({{"success"_L1, false},
                                    {"error"_L1, u"Research not found"_s},
                                    {"message"_L1,
                                     u"No research task has this ID. Check it, or start a new task "
                                     u"with deep_researcher_start."_s}}),
                          {}, true);
    if (error.kind == exa::ExaError::Kind::Http)
        return textResult(u"%1 error (%2): %3"_s.arg(tool).arg(error.httpStatus).arg(error.userMessage()), {}, true);
    return textResult(u"%1 error: %2"_s.arg(tool, error.userMessage()), {}, true);
}

} // namespace mcptool

McpToolCall::McpToolCall(CallService& service, const QString& tool, const QJsonObject& arguments, QObject* parent)
    : QObject(parent)
    , m_service(service)
    , m_tool(tool)
{
    m_elapsed.start();
    m_startedAtMs = QDateTime::currentMSecsSinceEpoch();
    QString error;
    const std::optional<mcptool::Request> request = mcptool::requestFor(tool, arguments, &error);
    if (!request) {
        QMetaObject::invokeMethod(
            this, [this, error] { finish(errorResult(error)); }, Qt::QueuedConnection);
        return;
    }
    m_request = request->body;
    m_question = request->question;
    m_call = service.submit(request->call);
    connect(m_call, &PendingCall::attempted, this, [this](const AttemptRecord& attempt) {
        if (attempt.outcome == Outcome::Success)
            return;
        // Whether another attempt follows is decided just after this signal: a call that ended
        // there is not retried, whatever its last attempt was.
        const QString message = tr("Attempt %1 failed (%2); trying again.")
                                    .arg(attempt.number)
                                    .arg(attempt.error.isEmpty() ? toString(attempt.outcome) : attempt.error);
        QMetaObject::invokeMethod(
            this,
            [this, message] {
                if (m_call && !m_call->isEnded())
                    Q_EMIT retrying(message);
            },
            Qt::QueuedConnection);
    });
    connect(m_call, &PendingCall::ended, this, &McpToolCall::onEnded);
}

McpToolCall::~McpToolCall()
{
    cancel();
}

void McpToolCall::cancel()
{
    if (!m_call)
        return;
    PendingCall* call = m_call;
    m_call = nullptr;
    call->disconnect(this);
    call->cancel();
    record(*call, tr("The MCP client cancelled the call."));
    call->deleteLater();
}

void McpToolCall::record(const PendingCall& call, const QString& cancelled)
{
    FinishedCall finished = finishedCall(call, CallSource::Mcp);
    finished.route = exa::toString(call.call().route);
    finished.query = m_question.left(RequestLog::kQueryLength);
    finished.startedAtMs = m_startedAtMs;
    finished.latencyMs = m_elapsed.elapsed();
    if (!cancelled.isEmpty()) {
        finished.httpStatus = 499; // as the local port notes a client that left
        finished.error = cancelled;
    }
    m_service.record(finished);
}

QJsonObject McpToolCall::errorResult(const QString& message)
{
    return mcptool::textResult(message, {}, true);
}

void McpToolCall::onEnded()
{
    PendingCall* call = m_call;
    m_call = nullptr;
    call->deleteLater();
    record(*call);
    finish(call->isSuccess() ? mcptool::resultFor(m_tool, m_request, call->json())
                             : mcptool::failureFor(m_tool, call->error()));
}

void McpToolCall::finish(QJsonObject result)
{
    m_result = std::move(result);
    Q_EMIT finished();
}

} // namespace exadesk
