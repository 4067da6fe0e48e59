#include "ExaRequests.h"

#include <QJsonArray>

#include <array>
#include <utility>

using namespace Qt::StringLiterals;

namespace exa {
namespace {

template <typename Enum, std::size_t N>
using NameTable = std::array<std::pair<Enum, QStringView>, N>;

constexpr NameTable<SearchType, 6> kSearchTypes{{
    {SearchType::Auto, u"auto"},
    {SearchType::Neural, u"neural"},
    {SearchType::Fast, u"fast"},
    {SearchType::Deep, u"deep"},
    {SearchType::DeepReasoning, u"deep-reasoning"},
    {SearchType::Instant, u"instant"},
}};

constexpr NameTable<Category, 8> kCategories{{
    {Category::Company, u"company"},
    {Category::ResearchPaper, u"research paper"},
    {Category::News, u"news"},
    {Category::Pdf, u"pdf"},
    {Category::Github, u"github"},
    {Category::PersonalSite, u"personal site"},
    {Category::People, u"people"},
    {Category::FinancialReport, u"financial report"},
}};

constexpr NameTable<Livecrawl, 4> kLivecrawl{{
    {Livecrawl::Never, u"never"},
    {Livecrawl::Fallback, u"fallback"},
    {Livecrawl::Preferred, u"preferred"},
    {Livecrawl::Always, u"always"},
}};

constexpr NameTable<TextVerbosity, 3> kVerbosity{{
    {TextVerbosity::Compact, u"compact"},
    {TextVerbosity::Standard, u"standard"},
    {TextVerbosity::Full, u"full"},
}};

template <typename Enum, std::size_t N>
QString nameOf(const NameTable<Enum, N>& table, Enum value)
{
    for (const auto& [candidate, name] : table) {
        if (candidate == value)
            return name.toString();
    }
    Q_UNREACHABLE();
}

template <typename Enum, std::size_t N>
std::optional<Enum> valueOf(const NameTable<Enum, N>& table, QStringView text)
{
    for (const auto& [value, name] : table) {
        if (name.compare(text, Qt::CaseInsensitive) == 0)
            return value;
    }
    return std::nullopt;
}

template <typename Enum, std::size_t N>
QStringList namesOf(const NameTable<Enum, N>& table)
{
    QStringList names;
    for (const auto& entry : table)
        names.append(entry.second.toString());
    return names;
}

void putInt(QJsonObject& object, QLatin1StringView key, const std::optional<int>& value)
{
    if (value)
        object.insert(key, *value);
}

void putBool(QJsonObject& object, QLatin1StringView key, const std::optional<bool>& value)
{
    if (value)
        object.insert(key, *value);
}

void putString(QJsonObject& object, QLatin1StringView key, const QString& value)
{
    if (!value.isEmpty())
        object.insert(key, value);
}

void putList(QJsonObject& object, QLatin1StringView key, const QStringList& values)
{
    if (!values.isEmpty())
        object.insert(key, QJsonArray::fromStringList(values));
}

void putObject(QJsonObject& object, QLatin1StringView key, const QJsonObject& value)
{
    if (!value.isEmpty())
        object.insert(key, value);
}

void putDate(QJsonObject& object, QLatin1StringView key, const std::optional<QDateTime>& value)
{
    if (value)
        object.insert(key, toExaDateTime(*value));
}

void mergeExtra(QJsonObject& object, const QJsonObject& extra)
{
    for (auto it = extra.begin(); it != extra.end(); ++it)
        object.insert(it.key(), it.value());
}

} // namespace

QString toString(SearchType type)
{
    return nameOf(kSearchTypes, type);
}
QString toString(Category category)
{
    return nameOf(kCategories, category);
}
QString toString(Livecrawl livecrawl)
{
    return nameOf(kLivecrawl, livecrawl);
}
QString toString(TextVerbosity verbosity)
{
    return nameOf(kVerbosity, verbosity);
}
std::optional<SearchType> searchTypeFromString(QStringView text)
{
    return valueOf(kSearchTypes, text);
}
std::optional<Category> categoryFromString(QStringView text)
{
    return valueOf(kCategories, text);
}
std::optional<Livecrawl> livecrawlFromString(QStringView text)
{
    return valueOf(kLivecrawl, text);
}
QStringList allSearchTypeNames()
{
    return namesOf(kSearchTypes);
}
QStringList allCategoryNames()
{
    return namesOf(kCategories);
}

QString toExaDateTime(const QDateTime& dateTime)
{
    return dateTime.toUTC().toString(Qt::ISODateWithMs);
}

QJsonValue TextOptions::toJson() const
{
    if (!enabled)
        return false;
    QJsonObject object;
    putInt(object, "maxCharacters"_L1, maxCharacters);
    putBool(object, "includeHtmlTags"_L1, includeHtmlTags);
    if (verbosity)
        object.insert("verbosity"_L1, toString(*verbosity));
    putList(object, "includeSections"_L1, includeSections);
    putList(object, "excludeSections"_L1, excludeSections);
    if (object.isEmpty())
        return true;
    return object;
}

QJsonValue HighlightsOptions::toJson() const
{
    if (!enabled)
        return false;
    QJsonObject object;
    putInt(object, "maxCharacters"_L1, maxCharacters);
    putInt(object, "numSentences"_L1, numSentences);
    putInt(object, "highlightsPerUrl"_L1, highlightsPerUrl);
    putString(object, "query"_L1, query);
    if (object.isEmpty())
        return true;
    return object;
}

QJsonObject SummaryOptions::toJson() const
{
    QJsonObject object;
    putString(object, "query"_L1, query);
    putObject(object, "schema"_L1, schema);
    return object;
}

QJsonObject ExtrasOptions::toJson() const
{
    QJsonObject object;
    putInt(object, "links"_L1, links);
    putInt(object, "imageLinks"_L1, imageLinks);
    return object;
}

QJsonValue ContextOptions::toJson() const
{
    if (!enabled)
        return false;
    if (!maxCharacters)
        return true;
    return QJsonObject{{"maxCharacters"_L1, *maxCharacters}};
}

bool ContentsOptions::isEmpty() const
{
    QJsonObject probe;
    writeTo(probe);
    return probe.isEmpty();
}

void ContentsOptions::writeTo(QJsonObject& object) const
{
    if (text)
        object.insert("text"_L1, text->toJson());
    if (highlights)
        object.insert("highlights"_L1, highlights->toJson());
    if (summary)
        object.insert("summary"_L1, summary->toJson());
    if (livecrawl)
        object.insert("livecrawl"_L1, toString(*livecrawl));
    putInt(object, "livecrawlTimeout"_L1, livecrawlTimeoutMs);
    putInt(object, "maxAgeHours"_L1, maxAgeHours);
    putInt(object, "subpages"_L1, subpages);
    // Exa takes one target as a string and several as an array.
    if (subpageTarget.size() == 1)
        object.insert("subpageTarget"_L1, subpageTarget.constFirst());
    else
        putList(object, "subpageTarget"_L1, subpageTarget);
    if (extras)
        object.insert("extras"_L1, extras->toJson());
    if (context)
        object.insert("context"_L1, context->toJson());
}

void CommonSearchOptions::writeTo(QJsonObject& object) const
{
    putInt(object, "numResults"_L1, numResults);
    putList(object, "includeDomains"_L1, includeDomains);
    putList(object, "excludeDomains"_L1, excludeDomains);
    putDate(object, "startCrawlDate"_L1, startCrawlDate);
    putDate(object, "endCrawlDate"_L1, endCrawlDate);
    putDate(object, "startPublishedDate"_L1, startPublishedDate);
    putDate(object, "endPublishedDate"_L1, endPublishedDate);
    putList(object, "includeText"_L1, includeText);
    putList(object, "excludeText"_L1, excludeText);
    if (context)
        object.insert("context"_L1, context->toJson());
    putBool(object, "moderation"_L1, moderation);
    QJsonObject nested;
    contents.writeTo(nested);
    putObject(object, "contents"_L1, nested);
}

QJsonObject SearchRequest::toJson() const
{
    QJsonObject object{{"query"_L1, query}};
    putList(object, "additionalQueries"_L1, additionalQueries);
    if (type)
        object.insert("type"_L1, toString(*type));
    putObject(object, "outputSchema"_L1, outputSchema);
    if (category)
        object.insert("category"_L1, toString(*category));
    putString(object, "userLocation"_L1, userLocation);
    options.writeTo(object);
    mergeExtra(object, extraFields);
    return object;
}

QJsonObject FindSimilarRequest::toJson() const
{
    QJsonObject object{{"url"_L1, url}};
    putBool(object, "excludeSourceDomain"_L1, excludeSourceDomain);
    options.writeTo(object);
    mergeExtra(object, extraFields);
    return object;
}

QJsonObject ContentsRequest::toJson() const
{
    QJsonObject object;
    // `ids` is the deprecated spelling; send `urls` unless only ids were given.
    if (!urls.isEmpty() || ids.isEmpty())
        object.insert("urls"_L1, QJsonArray::fromStringList(urls));
    putList(object, "ids"_L1, ids);
    contents.writeTo(object);
    mergeExtra(object, extraFields);
    return object;
}

QJsonObject AnswerRequest::toJson() const
{
    QJsonObject object{{"query"_L1, query}, {"stream"_L1, stream}};
    putBool(object, "text"_L1, text);
    putString(object, "model"_L1, model);
    putString(object, "systemPrompt"_L1, systemPrompt);
    putString(object, "userLocation"_L1, userLocation);
    putObject(object, "outputSchema"_L1, outputSchema);
    mergeExtra(object, extraFields);
    return object;
}

QJsonObject ResearchRequest::toJson() const
{
    QJsonObject object{{"instructions"_L1, instructions}};
    putString(object, "model"_L1, model);
    putObject(object, "outputSchema"_L1, outputSchema);
    mergeExtra(object, extraFields);
    return object;
}

} // namespace exa
