#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

// Typed requests for Exa's search API, one struct per endpoint, serialised exactly as Exa's
// OpenAPI description names the fields. Every request carries `extraFields`: whatever Exa adds
// before we model it can still be sent, and it overrides a modelled field of the same name.
namespace exa {

enum class SearchType
{
    Auto,
    Neural,
    Fast,
    Deep,
    DeepReasoning,
    Instant
};
enum class Category
{
    Company,
    ResearchPaper,
    News,
    Pdf,
    Github,
    PersonalSite,
    People,
    FinancialReport
};
enum class Livecrawl
{
    Never,
    Fallback,
    Preferred,
    Always
};
enum class TextVerbosity
{
    Compact,
    Standard,
    Full
};

QString toString(SearchType type);
QString toString(Category category);
QString toString(Livecrawl livecrawl);
QString toString(TextVerbosity verbosity);
std::optional<SearchType> searchTypeFromString(QStringView text);
std::optional<Category> categoryFromString(QStringView text);
std::optional<Livecrawl> livecrawlFromString(QStringView text);
QStringList allSearchTypeNames();
QStringList allCategoryNames();

// `text: true` when no option is set, `text: false` when disabled, an object otherwise.
struct TextOptions
{
    bool enabled = true;
    std::optional<int> maxCharacters;
    std::optional<bool> includeHtmlTags;
    std::optional<TextVerbosity> verbosity;
    QStringList includeSections;
    QStringList excludeSections;

    QJsonValue toJson() const;
};

struct HighlightsOptions
{
    bool enabled = true;
    std::optional<int> maxCharacters;
    std::optional<int> numSentences; // deprecated by Exa, still accepted
    std::optional<int> highlightsPerUrl; // deprecated by Exa, still accepted
    QString query;

    QJsonValue toJson() const;
};

struct SummaryOptions
{
    QString query;
    QJsonObject schema;

    QJsonObject toJson() const;
};

struct ExtrasOptions
{
    std::optional<int> links;
    std::optional<int> imageLinks;

    QJsonObject toJson() const;
};

// Deprecated by Exa in favour of text and highlights; kept because old scripts still send it.
struct ContextOptions
{
    bool enabled = true;
    std::optional<int> maxCharacters;

    QJsonValue toJson() const;
};

// What to fetch for each result: top level of /contents, nested as `contents` in /search and
// /findSimilar.
struct ContentsOptions
{
    std::optional<TextOptions> text;
    std::optional<HighlightsOptions> highlights;
    std::optional<SummaryOptions> summary;
    std::optional<Livecrawl> livecrawl; // deprecated by Exa in favour of maxAgeHours
    std::optional<int> livecrawlTimeoutMs;
    std::optional<int> maxAgeHours;
    std::optional<int> subpages;
    QStringList subpageTarget;
    std::optional<ExtrasOptions> extras;
    std::optional<ContextOptions> context;

    bool isEmpty() const;
    // Writes the set fields into `object` (top level for /contents, a nested object otherwise).
    void writeTo(QJsonObject& object) const;
};

// Filters shared by /search and /findSimilar.
struct CommonSearchOptions
{
    std::optional<int> numResults;
    QStringList includeDomains;
    QStringList excludeDomains;
    std::optional<QDateTime> startCrawlDate;
    std::optional<QDateTime> endCrawlDate;
    std::optional<QDateTime> startPublishedDate;
    std::optional<QDateTime> endPublishedDate;
    QStringList includeText;
    QStringList excludeText;
    std::optional<ContextOptions> context;
    std::optional<bool> moderation;
    ContentsOptions contents;

    void writeTo(QJsonObject& object) const;
};

struct SearchRequest
{
    QString query;
    QStringList additionalQueries;
    std::optional<SearchType> type;
    QJsonObject outputSchema;
    std::optional<Category> category;
    QString userLocation;
    CommonSearchOptions options;
    QJsonObject extraFields;

    QJsonObject toJson() const;
};

struct FindSimilarRequest
{
    QString url;
    std::optional<bool> excludeSourceDomain;
    CommonSearchOptions options;
    QJsonObject extraFields;

    QJsonObject toJson() const;
};

struct ContentsRequest
{
    QStringList urls;
    QStringList ids; // deprecated by Exa in favour of urls
    ContentsOptions contents;
    QJsonObject extraFields;

    QJsonObject toJson() const;
};

struct AnswerRequest
{
    QString query;
    bool stream = false;
    std::optional<bool> text;
    QString model;
    QString systemPrompt;
    QString userLocation;
    QJsonObject outputSchema;
    QJsonObject extraFields;

    QJsonObject toJson() const;
};

struct ResearchRequest
{
    QString instructions;
    QString model;
    QJsonObject outputSchema;
    QJsonObject extraFields;

    QJsonObject toJson() const;
};

// Exa wants ISO 8601 instants; we always send UTC with milliseconds, as its SDKs do.
QString toExaDateTime(const QDateTime& dateTime);

} // namespace exa
