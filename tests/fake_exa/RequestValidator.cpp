#include "RequestValidator.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <functional>

using namespace Qt::StringLiterals;

namespace fakeexa {
namespace {

const QString kInvalidBody = u"INVALID_REQUEST_BODY"_s;
const QString kInvalidRequest = u"INVALID_REQUEST"_s;

QString typeName(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return u"null"_s;
    case QJsonValue::Bool:
        return u"boolean"_s;
    case QJsonValue::Double:
        return u"number"_s;
    case QJsonValue::String:
        return u"string"_s;
    case QJsonValue::Array:
        return u"array"_s;
    case QJsonValue::Object:
        return u"object"_s;
    case QJsonValue::Undefined:
        break;
    }
    return u"undefined"_s;
}

bool isInteger(const QJsonValue& value)
{
    return value.isDouble() && value.toDouble() == static_cast<double>(static_cast<qint64>(value.toDouble()));
}

// Walks one JSON object, remembering the first problem with its path (e.g. contents.text).
class Checker
{
public:
    Checker(const QJsonObject& object, std::optional<ValidationError>& error, QString path = {})
        : m_object(object)
        , m_error(error)
        , m_path(std::move(path))
    { }

    bool failed() const { return m_error.has_value(); }
    bool has(QLatin1StringView key) const { return m_object.contains(key); }
    QJsonValue value(QLatin1StringView key) const { return m_object.value(key); }

    void fail(const QString& tag, QLatin1StringView key, const QString& message) { failAt(tag, pathOf(key), message); }

    void failAt(const QString& tag, const QString& path, const QString& message)
    {
        if (!m_error)
            m_error = ValidationError{tag, u"%1: %2"_s.arg(path, message)};
    }

    void expected(QLatin1StringView key, const QString& wanted)
    {
        fail(kInvalidBody, key, u"Expected %1, received %2"_s.arg(wanted, typeName(value(key))));
    }

    void requireString(QLatin1StringView key, bool nonEmpty = true)
    {
        if (!has(key))
            fail(kInvalidBody, key, u"Required"_s);
        else if (!value(key).isString())
            expected(key, u"string"_s);
        else if (nonEmpty && value(key).toString().trimmed().isEmpty())
            fail(kInvalidBody, key, u"String must contain at least 1 character(s)"_s);
    }

    void optionalString(QLatin1StringView key)
    {
        if (has(key) && !value(key).isString())
            expected(key, u"string"_s);
    }

    void optionalBool(QLatin1StringView key)
    {
        if (has(key) && !value(key).isBool())
            expected(key, u"boolean"_s);
    }

    void optionalInt(QLatin1StringView key, qint64 minimum, const QString& tag = kInvalidBody)
    {
        if (!has(key))
            return;
        if (!isInteger(value(key)))
            fail(tag, key, u"Expected integer, received %1"_s.arg(typeName(value(key))));
        else if (static_cast<qint64>(value(key).toDouble()) < minimum)
            fail(tag, key, u"Number must be greater than or equal to %1"_s.arg(minimum));
    }

    void optionalEnum(QLatin1StringView key, const QStringList& allowed)
    {
        if (!has(key))
            return;
        if (!value(key).isString()) {
            expected(key, u"string"_s);
            return;
        }
        if (!allowed.contains(value(key).toString())) {
            fail(kInvalidBody, key,
                 u"Invalid enum value. Expected '%1', received '%2'"_s.arg(allowed.join(u"' | '"_s),
                                                                           value(key).toString()));
        }
    }

    void optionalStringArray(QLatin1StringView key, const QStringList& allowed = {})
    {
        if (!has(key))
            return;
        if (!value(key).isArray()) {
            expected(key, u"array"_s);
            return;
        }
        const QJsonArray items = value(key).toArray();
        for (qsizetype i = 0; i < items.size(); ++i) {
            if (!items.at(i).isString()) {
                failAt(kInvalidBody, u"%1.%2"_s.arg(pathOf(key), QString::number(i)),
                       u"Expected string, received %1"_s.arg(typeName(items.at(i))));
                return;
            }
            if (!allowed.isEmpty() && !allowed.contains(items.at(i).toString())) {
                fail(kInvalidBody, key, u"Invalid enum value '%1'"_s.arg(items.at(i).toString()));
                return;
            }
        }
    }

    void optionalDate(QLatin1StringView key)
    {
        if (!has(key))
            return;
        if (!value(key).isString()) {
            expected(key, u"string"_s);
            return;
        }
        const QString text = value(key).toString();
        if (!QDateTime::fromString(text, Qt::ISODateWithMs).isValid()
            && !QDate::fromString(text, Qt::ISODate).isValid())
            fail(kInvalidBody, key, u"Invalid ISO 8601 date: '%1'"_s.arg(text));
    }

    void optionalObject(QLatin1StringView key, const std::function<void(Checker&)>& check)
    {
        if (!has(key))
            return;
        if (!value(key).isObject()) {
            expected(key, u"object"_s);
            return;
        }
        Checker nested(value(key).toObject(), m_error, pathOf(key));
        check(nested);
    }

    void optionalBoolOrObject(QLatin1StringView key, const std::function<void(Checker&)>& check)
    {
        if (has(key) && value(key).isBool())
            return;
        if (has(key) && !value(key).isObject()) {
            expected(key, u"boolean or object"_s);
            return;
        }
        optionalObject(key, check);
    }

    void optionalSchema(QLatin1StringView key)
    {
        if (!has(key))
            return;
        const QJsonValue schema = value(key);
        static const QStringList types{u"object"_s,  u"array"_s,   u"string"_s, u"number"_s,
                                       u"integer"_s, u"boolean"_s, u"null"_s};
        if (!schema.isObject())
            fail(u"INVALID_JSON_SCHEMA"_s, key, u"must be a JSON Schema object, not %1"_s.arg(typeName(schema)));
        else if (schema.toObject().contains("type"_L1)
                 && !types.contains(schema.toObject().value("type"_L1).toString()))
            fail(u"INVALID_JSON_SCHEMA"_s, key, u"'type' must be one of %1"_s.arg(types.join(u", "_s)));
        else if (schema.toObject().contains("properties"_L1) && !schema.toObject().value("properties"_L1).isObject())
            fail(u"INVALID_JSON_SCHEMA"_s, key, u"'properties' must be an object"_s);
    }

private:
    QString pathOf(QLatin1StringView key) const { return m_path.isEmpty() ? QString(key) : m_path + u'.' + key; }

    QJsonObject m_object;
    std::optional<ValidationError>& m_error;
    QString m_path;
};

const QStringList kSections{u"header"_s,  u"navigation"_s, u"banner"_s,  u"body"_s,
                            u"sidebar"_s, u"footer"_s,     u"metadata"_s};

void checkContext(Checker& c)
{
    c.optionalBoolOrObject("context"_L1, [](Checker& context) { context.optionalInt("maxCharacters"_L1, 1); });
}

void checkContents(Checker& c)
{
    c.optionalBoolOrObject("text"_L1, [](Checker& text) {
        text.optionalInt("maxCharacters"_L1, 1);
        text.optionalBool("includeHtmlTags"_L1);
        text.optionalEnum("verbosity"_L1, {u"compact"_s, u"standard"_s, u"full"_s});
        text.optionalStringArray("includeSections"_L1, kSections);
        text.optionalStringArray("excludeSections"_L1, kSections);
    });
    c.optionalBoolOrObject("highlights"_L1, [](Checker& highlights) {
        highlights.optionalInt("maxCharacters"_L1, 1);
        highlights.optionalInt("numSentences"_L1, 1);
        highlights.optionalInt("highlightsPerUrl"_L1, 1);
        highlights.optionalString("query"_L1);
    });
    c.optionalBoolOrObject("summary"_L1, [](Checker& summary) {
        summary.optionalString("query"_L1);
        summary.optionalSchema("schema"_L1);
    });
    c.optionalEnum("livecrawl"_L1, {u"never"_s, u"fallback"_s, u"preferred"_s, u"always"_s});
    c.optionalInt("livecrawlTimeout"_L1, 0);
    c.optionalInt("maxAgeHours"_L1, -1);
    c.optionalInt("subpages"_L1, 0);
    if (!c.failed() && c.has("subpages"_L1) && c.value("subpages"_L1).toInt() > 10)
        c.fail(u"SUBPAGES_LIMIT_EXCEEDED"_s, "subpages"_L1, u"at most 10 subpages can be crawled per result"_s);
    if (c.has("subpageTarget"_L1) && !c.value("subpageTarget"_L1).isString())
        c.optionalStringArray("subpageTarget"_L1);
    c.optionalObject("extras"_L1, [](Checker& extras) {
        extras.optionalInt("links"_L1, 0);
        extras.optionalInt("imageLinks"_L1, 0);
    });
    checkContext(c);
}

void checkTextFilter(Checker& c, QLatin1StringView key)
{
    c.optionalStringArray(key);
    if (c.failed() || !c.has(key))
        return;
    const QJsonArray items = c.value(key).toArray();
    if (items.size() > 1 || (!items.isEmpty() && items.first().toString().split(u' ', Qt::SkipEmptyParts).size() > 5))
        c.fail(kInvalidRequest, key, u"only one string of up to 5 words is supported"_s);
}

void checkCommon(Checker& c)
{
    if (c.has("numResults"_L1)) {
        const QJsonValue n = c.value("numResults"_L1);
        if (!isInteger(n) || n.toDouble() < 1)
            c.fail(u"INVALID_NUM_RESULTS"_s, "numResults"_L1, u"must be a whole number of at least 1"_s);
        else if (n.toDouble() > 100)
            c.fail(u"NUM_RESULTS_EXCEEDED"_s, "numResults"_L1, u"at most 100 results can be requested"_s);
    }
    c.optionalStringArray("includeDomains"_L1);
    c.optionalStringArray("excludeDomains"_L1);
    c.optionalDate("startCrawlDate"_L1);
    c.optionalDate("endCrawlDate"_L1);
    c.optionalDate("startPublishedDate"_L1);
    c.optionalDate("endPublishedDate"_L1);
    checkTextFilter(c, "includeText"_L1);
    checkTextFilter(c, "excludeText"_L1);
    checkContext(c);
    c.optionalBool("moderation"_L1);
    c.optionalObject("contents"_L1, checkContents);
    // Exa also takes the contents options at the top level of /search and /findSimilar.
    checkContents(c);
}

} // namespace

std::optional<ValidationError> RequestValidator::parseBody(const QByteArray& body, QJsonObject* object)
{
    if (body.trimmed().isEmpty())
        return ValidationError{kInvalidBody, u"Request body is required"_s};
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return ValidationError{kInvalidBody,
                               u"Request body is not valid JSON: %1 at position %2"_s.arg(
                                   parseError.errorString(), QString::number(parseError.offset))};
    if (!document.isObject())
        return ValidationError{kInvalidBody, u"Request body must be a JSON object"_s};
    *object = document.object();
    return std::nullopt;
}

std::optional<ValidationError> RequestValidator::search(const QJsonObject& request)
{
    std::optional<ValidationError> error;
    Checker c(request, error);
    c.requireString("query"_L1);
    c.optionalEnum("type"_L1, {u"neural"_s, u"fast"_s, u"auto"_s, u"deep"_s, u"deep-reasoning"_s, u"instant"_s});
    c.optionalEnum("category"_L1,
                   {u"company"_s, u"research paper"_s, u"news"_s, u"pdf"_s, u"github"_s, u"personal site"_s,
                    u"people"_s, u"financial report"_s});
    c.optionalStringArray("additionalQueries"_L1);
    c.optionalSchema("outputSchema"_L1);
    c.optionalString("userLocation"_L1);
    if (!c.failed() && c.has("userLocation"_L1)) {
        static const QRegularExpression countryCode(u"^[A-Za-z]{2}$"_s);
        if (!countryCode.match(c.value("userLocation"_L1).toString()).hasMatch())
            c.fail(kInvalidBody, "userLocation"_L1, u"must be a two-letter ISO country code such as US"_s);
    }
    checkCommon(c);
    if (c.failed())
        return error;

    const QString type = request.value("type"_L1).toString(u"auto"_s);
    if (request.contains("additionalQueries"_L1) && !type.startsWith("deep"_L1))
        c.fail(kInvalidRequest, "additionalQueries"_L1, u"only works with type \"deep\" or \"deep-reasoning\""_s);

    // Exa's description: these categories take only a few filters; the others answer 400.
    const QString category = request.value("category"_L1).toString();
    if (category == "company"_L1 || category == "people"_L1) {
        for (const auto key : {"startPublishedDate"_L1, "endPublishedDate"_L1, "startCrawlDate"_L1, "endCrawlDate"_L1,
                               "includeText"_L1, "excludeText"_L1, "excludeDomains"_L1}) {
            if (request.contains(key))
                c.fail(kInvalidRequest, key, u"is not supported for the %1 category"_s.arg(category));
        }
    }
    if (category == "people"_L1) {
        const QJsonArray domains = request.value("includeDomains"_L1).toArray();
        for (const QJsonValue& domain : domains) {
            if (!domain.toString().contains("linkedin.com"_L1))
                c.fail(kInvalidRequest, "includeDomains"_L1, u"only LinkedIn domains are accepted for people"_s);
        }
    }
    return error;
}

std::optional<ValidationError> RequestValidator::findSimilar(const QJsonObject& request)
{
    std::optional<ValidationError> error;
    Checker c(request, error);
    c.requireString("url"_L1);
    c.optionalBool("excludeSourceDomain"_L1);
    checkCommon(c);
    if (!c.failed()) {
        const QUrl url(request.value("url"_L1).toString(), QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty() || (url.scheme() != "http"_L1 && url.scheme() != "https"_L1))
            c.fail(kInvalidRequest, "url"_L1, u"must be an http or https URL"_s);
    }
    return error;
}

std::optional<ValidationError> RequestValidator::contents(const QJsonObject& request)
{
    std::optional<ValidationError> error;
    Checker c(request, error);
    const bool hasUrls = request.contains("urls"_L1);
    if (!hasUrls && !request.contains("ids"_L1))
        c.fail(kInvalidBody, "urls"_L1, u"Required"_s);
    c.optionalStringArray("urls"_L1);
    c.optionalStringArray("ids"_L1);
    if (!c.failed() && request.value(hasUrls ? "urls"_L1 : "ids"_L1).toArray().isEmpty())
        c.fail(kInvalidBody, hasUrls ? "urls"_L1 : "ids"_L1, u"Array must contain at least 1 element(s)"_s);
    if (!c.failed() && request.value(hasUrls ? "urls"_L1 : "ids"_L1).toArray().size() > 100)
        c.fail(kInvalidRequest, hasUrls ? "urls"_L1 : "ids"_L1, u"at most 100 URLs per request"_s);
    checkContents(c);
    return error;
}

std::optional<ValidationError> RequestValidator::answer(const QJsonObject& request)
{
    std::optional<ValidationError> error;
    Checker c(request, error);
    c.requireString("query"_L1);
    c.optionalBool("stream"_L1);
    c.optionalBool("text"_L1);
    c.optionalEnum("model"_L1, {u"exa"_s, u"exa-pro"_s});
    c.optionalString("systemPrompt"_L1);
    c.optionalString("userLocation"_L1);
    c.optionalSchema("outputSchema"_L1);
    return error;
}

std::optional<ValidationError> RequestValidator::research(const QJsonObject& request)
{
    std::optional<ValidationError> error;
    Checker c(request, error);
    c.requireString("instructions"_L1);
    if (!c.failed() && request.value("instructions"_L1).toString().size() > 4096)
        c.fail(kInvalidBody, "instructions"_L1, u"String must contain at most 4096 character(s)"_s);
    c.optionalEnum("model"_L1, {u"exa-research-fast"_s, u"exa-research"_s, u"exa-research-pro"_s});
    c.optionalSchema("outputSchema"_L1);
    return error;
}

} // namespace fakeexa
