#include "McpTools.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

// Kept as JSON, the form tools/list sends: the schemas are read by models and by the argument
// checks alike. The schemas of the first three are exa-mcp-server 3.4.1's.
constexpr char kCatalogue[] = R"json([
{"name": "web_search_exa", "default": true,
 "description": "Search the web for any topic and get clean, ready-to-use text from the best pages.\n\nGood for: current information, news, facts, people, companies, answers to questions.\nReturns: each result's title, URL, date, author and its most relevant passages.\n\nWrite the query as a description of the page you hope to find, not as keywords: \"a blog post comparing React and Vue performance\" rather than \"React vs Vue\". Add category:people or category:company to look through people's profiles or companies. When the passages are not enough, read the best URLs whole with web_fetch_exa.",
 "inputSchema": {"type": "object", "properties": {
   "query": {"type": "string", "minLength": 1, "description": "The search, in natural language: a rich description of the page you want, not just keywords. May include category:<type> (company, people) to narrow it, e.g. 'category:people Jane Doe compiler engineer'."},
   "numResults": {"type": "number", "description": "How many results to return (default: 10)."}},
  "required": ["query"], "additionalProperties": false, "$schema": "http://json-schema.org/draft-07/schema#"},
 "annotations": {"readOnlyHint": true, "destructiveHint": false, "idempotentHint": true, "openWorldHint": true}},

{"name": "web_search_advanced_exa",
 "description": "Web search with every filter Exa offers: domains, dates, categories, text that must or must not appear, and what to extract from each page.\n\nGood for: searches that need date ranges, domain limits or a category.\nFor a plain search, web_search_exa is simpler.\nReturns: the results as JSON, with the text, highlights, summaries and subpages asked for.",
 "inputSchema": {"type": "object", "properties": {
   "query": {"type": "string", "minLength": 1, "description": "What to search for: a question, a statement or keywords."},
   "numResults": {"type": "number", "description": "How many results (1-100, default: 10)."},
   "type": {"type": "string", "enum": ["auto", "fast", "instant"], "description": "'auto' gives the best results and works with every filter (recommended); 'fast' is quicker; 'instant' is quickest."},
   "category": {"type": "string", "enum": ["company", "publication", "news", "pdf", "github", "personal site", "people", "financial report"], "description": "Only results of this kind."},
   "includeDomains": {"type": "array", "items": {"type": "string"}, "description": "Only results from these domains, e.g. ['arxiv.org', 'github.com']."},
   "excludeDomains": {"type": "array", "items": {"type": "string"}, "description": "No results from these domains."},
   "startPublishedDate": {"type": "string", "description": "Only pages published after this date (ISO 8601: YYYY-MM-DD)."},
   "endPublishedDate": {"type": "string", "description": "Only pages published before this date (ISO 8601: YYYY-MM-DD)."},
   "startCrawlDate": {"type": "string", "description": "Only pages crawled after this date (ISO 8601: YYYY-MM-DD)."},
   "endCrawlDate": {"type": "string", "description": "Only pages crawled before this date (ISO 8601: YYYY-MM-DD)."},
   "includeText": {"type": "array", "items": {"type": "string"}, "description": "Only pages containing every one of these strings."},
   "excludeText": {"type": "array", "items": {"type": "string"}, "description": "No pages containing any of these strings."},
   "userLocation": {"type": "string", "description": "Two-letter country code to search from, e.g. 'US', 'GB', 'DE'."},
   "moderation": {"type": "boolean", "description": "Leave out unsafe or inappropriate content."},
   "additionalQueries": {"type": "array", "items": {"type": "string"}, "description": "Other wordings of the query, searched as well."},
   "textMaxCharacters": {"type": "number", "minimum": 1, "description": "At most this many characters of each page's text."},
   "contextMaxCharacters": {"type": "number", "minimum": 1, "description": "Also return one context string for all results, of at most this many characters (off by default)."},
   "enableSummary": {"type": "boolean", "description": "Summarise each result."},
   "summaryQuery": {"type": "string", "description": "What the summaries should focus on."},
   "enableHighlights": {"type": "boolean", "description": "Extract each result's most relevant passages."},
   "highlightsMaxCharacters": {"type": "number", "description": "At most this many characters of highlights per page; preferred over highlightsNumSentences."},
   "highlightsNumSentences": {"type": "number", "description": "Deprecated (about 1,333 characters a sentence); use highlightsMaxCharacters."},
   "highlightsPerUrl": {"type": "number", "description": "Deprecated and ignored by Exa; use highlightsMaxCharacters."},
   "highlightsQuery": {"type": "string", "description": "What the highlights should be relevant to."},
   "maxAgeHours": {"type": "number", "description": "How old cached content may be, in hours: 0 always fetches the page afresh; left out, the cache is used and the page fetched only when it has none."},
   "livecrawlTimeout": {"type": "number", "description": "Milliseconds to wait for a fresh fetch of a page."},
   "subpages": {"type": "number", "description": "How many linked pages of each result to read as well (1-10)."},
   "subpageTarget": {"type": "array", "items": {"type": "string"}, "description": "Words that pick which subpages to read."}},
  "required": ["query"], "additionalProperties": false, "$schema": "http://json-schema.org/draft-07/schema#"},
 "annotations": {"readOnlyHint": true, "destructiveHint": false, "idempotentHint": true, "openWorldHint": false}},

{"name": "web_fetch_exa", "default": true,
 "description": "Read web pages whole, as clean text. Use it after web_search_exa when the passages are not enough, or on any URL.\n\nGood for: the full content of pages whose URLs you know; give several URLs in one call.\nReturns: each page's title, URL, date, author and text.",
 "inputSchema": {"type": "object", "properties": {
   "urls": {"type": "array", "items": {"type": "string"}, "description": "The pages to read; several in one call is best."},
   "maxCharacters": {"type": "number", "minimum": 1, "description": "At most this many characters of each page (default: 3000)."}},
  "required": ["urls"], "additionalProperties": false, "$schema": "http://json-schema.org/draft-07/schema#"},
 "annotations": {"readOnlyHint": true, "destructiveHint": false, "idempotentHint": true, "openWorldHint": true}},

{"name": "find_similar_exa",
 "description": "Find pages like a given one: other articles on the same subject, competitors of a company, papers close to a paper.\n\nReturns: each result's title, URL, date, author and its most relevant passages, laid out as web_search_exa's.",
 "inputSchema": {"type": "object", "properties": {
   "url": {"type": "string", "minLength": 1, "description": "The page to find others like."},
   "numResults": {"type": "number", "description": "How many results to return (default: 10)."},
   "excludeSourceDomain": {"type": "boolean", "description": "Leave out pages from the given page's own domain."}},
  "required": ["url"], "additionalProperties": false, "$schema": "http://json-schema.org/draft-07/schema#"},
 "annotations": {"readOnlyHint": true, "destructiveHint": false, "idempotentHint": true, "openWorldHint": true}},

{"name": "answer_exa",
 "description": "Answer a question from a fresh web search: a short answer written by Exa, with the pages it is based on.\n\nGood for: factual questions with one answer (who, what, when, how much).\nReturns: the answer, then its numbered citations with title and URL.",
 "inputSchema": {"type": "object", "properties": {
   "query": {"type": "string", "minLength": 1, "description": "The question to answer."},
   "includeText": {"type": "boolean", "description": "Also return each cited page's text."}},
  "required": ["query"], "additionalProperties": false, "$schema": "http://json-schema.org/draft-07/schema#"},
 "annotations": {"readOnlyHint": true, "destructiveHint": false, "idempotentHint": true, "openWorldHint": true}},

{"name": "deep_researcher_start",
 "description": "Start a research agent that searches, reads and writes a detailed report; it takes from 15 seconds to a few minutes.\n\nGood for: complex questions that need many sources read and put together.\nReturns: a research ID. Then call deep_researcher_check with it until the report is done.",
 "inputSchema": {"type": "object", "properties": {
   "instructions": {"type": "string", "minLength": 1, "description": "The research question, or detailed instructions for the researcher: say what to cover."},
   "model": {"type": "string", "enum": ["exa-research-fast", "exa-research", "exa-research-pro"], "description": "'exa-research-fast' (about 15 s, for simple questions), 'exa-research' (15-45 s, most questions) or 'exa-research-pro' (45 s to 3 min, the most thorough). Default: exa-research-fast."},
   "outputSchema": {"type": "object", "additionalProperties": {}, "description": "A JSON Schema for a structured report: the finished report then has a 'parsed' field in this shape."}},
  "required": ["instructions"], "additionalProperties": false, "$schema": "http://json-schema.org/draft-07/schema#"},
 "annotations": {"readOnlyHint": false, "destructiveHint": false, "idempotentHint": false}},

{"name": "deep_researcher_check",
 "description": "Check a research task started with deep_researcher_start and get its report when it is done.\n\nReturns: the report with its citations once completed, or the task's status while it runs. Call again with the same ID until the status is 'completed'.",
 "inputSchema": {"type": "object", "properties": {
   "researchId": {"type": "string", "description": "The research ID deep_researcher_start returned."}},
  "required": ["researchId"], "additionalProperties": false, "$schema": "http://json-schema.org/draft-07/schema#"},
 "annotations": {"readOnlyHint": true, "destructiveHint": false, "idempotentHint": true}}
])json";

QList<McpTool> readCatalogue()
{
    QList<McpTool> tools;
    for (const QJsonValue& value : QJsonDocument::fromJson(kCatalogue).array()) {
        QJsonObject definition = value.toObject();
        const bool byDefault = definition.take("default"_L1).toBool();
        tools.append({definition.value("name"_L1).toString(), definition, byDefault});
    }
    Q_ASSERT(!tools.isEmpty());
    return tools;
}

} // namespace

const QList<McpTool>& McpTools::all()
{
    static const QList<McpTool> tools = readCatalogue();
    return tools;
}

const McpTool* McpTools::find(QStringView name)
{
    for (const McpTool& tool : all()) {
        if (tool.name == name)
            return &tool;
    }
    return nullptr;
}

QStringList McpTools::names()
{
    QStringList names;
    for (const McpTool& tool : all())
        names.append(tool.name);
    return names;
}

QStringList McpTools::defaultNames()
{
    QStringList names;
    for (const McpTool& tool : all()) {
        if (tool.offeredByDefault)
            names.append(tool.name);
    }
    return names;
}

QStringList McpTools::select(QStringView list, QStringList* unknown)
{
    QStringList asked;
    for (const QStringView name : list.split(u',', Qt::SkipEmptyParts)) {
        if (!name.trimmed().isEmpty())
            asked.append(name.trimmed().toString());
    }
    if (asked.isEmpty())
        return defaultNames();
    QStringList chosen;
    for (const McpTool& tool : all()) {
        if (asked.contains(tool.name))
            chosen.append(tool.name);
    }
    if (unknown) {
        for (const QString& name : std::as_const(asked)) {
            if (!find(name) && !unknown->contains(name))
                unknown->append(name);
        }
    }
    return chosen;
}

} // namespace exadesk
