#include "ExaError.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <array>
#include <utility>

using namespace Qt::StringLiterals;

namespace exa {
namespace {

constexpr std::array<std::pair<ErrorTag, QStringView>, 15> kTags{{
    {ErrorTag::InvalidRequestBody, u"INVALID_REQUEST_BODY"},
    {ErrorTag::InvalidRequest, u"INVALID_REQUEST"},
    {ErrorTag::InvalidNumResults, u"INVALID_NUM_RESULTS"},
    {ErrorTag::NumResultsExceeded, u"NUM_RESULTS_EXCEEDED"},
    {ErrorTag::InvalidJsonSchema, u"INVALID_JSON_SCHEMA"},
    {ErrorTag::SubpagesLimitExceeded, u"SUBPAGES_LIMIT_EXCEEDED"},
    {ErrorTag::InvalidApiKey, u"INVALID_API_KEY"},
    {ErrorTag::NoMoreCredits, u"NO_MORE_CREDITS"},
    {ErrorTag::ApiKeyBudgetExceeded, u"API_KEY_BUDGET_EXCEEDED"},
    {ErrorTag::TeamBudgetExceeded, u"TEAM_BUDGET_EXCEEDED"},
    {ErrorTag::FeatureDisabled, u"FEATURE_DISABLED"},
    {ErrorTag::ProhibitedContent, u"PROHIBITED_CONTENT"},
    {ErrorTag::ContentFilterError, u"CONTENT_FILTER_ERROR"},
    {ErrorTag::RateLimitExceeded, u"RATE_LIMIT_EXCEEDED"},
    {ErrorTag::ServiceOverloaded, u"SERVICE_OVERLOADED"},
}};

// Enough of a non-JSON body to recognise it, on one line.
QString bodyExcerpt(const QByteArray& body)
{
    constexpr int kMaxChars = 200;
    QString text = QString::fromUtf8(body).simplified();
    if (text.size() > kMaxChars)
        text = text.left(kMaxChars) + u'…';
    return text;
}

} // namespace

ErrorTag errorTagFromString(QStringView tag)
{
    if (tag.isEmpty())
        return ErrorTag::None;
    for (const auto& [value, name] : kTags) {
        if (name == tag)
            return value;
    }
    return ErrorTag::Unknown;
}

QString toString(ErrorTag tag)
{
    for (const auto& [value, name] : kTags) {
        if (value == tag)
            return name.toString();
    }
    return {};
}

ExaError ExaError::fromHttp(int httpStatus, const QByteArray& body, const QByteArray& retryAfter)
{
    ExaError error;
    error.kind = Kind::Http;
    error.httpStatus = httpStatus;
    error.retryAfter = retryAfter;

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error == QJsonParseError::NoError && document.isObject()) {
        const QJsonObject object = document.object();
        error.requestId = object.value("requestId"_L1).toString();
        error.tagText = object.value("tag"_L1).toString();
        error.tag = errorTagFromString(error.tagText);
        const QJsonValue message = object.value("error"_L1);
        error.message = message.isString() ? message.toString() : object.value("message"_L1).toString();
    } else {
        error.message = bodyExcerpt(body);
    }
    return error;
}

QString ExaError::userMessage() const
{
    switch (kind) {
    case Kind::None:
        return {};
    case Kind::Network:
    case Kind::Tls:
    case Kind::Timeout:
    case Kind::Cancelled:
    case Kind::InvalidResponse:
    case Kind::InvalidKey:
    case Kind::Unavailable:
        return message;
    case Kind::Http:
        break;
    }

    QString advice;
    switch (httpStatus) {
    case 401:
        advice = tr("The API key was rejected; check that it is copied whole from the Exa dashboard.");
        break;
    case 402:
        advice = tr("The key has no credits or budget left.");
        break;
    case 429:
        advice = tr("The key is rate limited; wait a moment or add more keys.");
        break;
    case 500:
    case 502:
    case 503:
    case 504:
        advice = tr("Exa is having trouble; try again shortly.");
        break;
    default:
        break;
    }

    const QString code
        = tagText.isEmpty() ? QString::number(httpStatus) : u"%1 %2"_s.arg(QString::number(httpStatus), tagText);
    QString text = message.isEmpty() ? tr("Exa answered %1.").arg(code) : tr("Exa answered %1: %2").arg(code, message);
    if (!text.endsWith(u'.') && !text.endsWith(u'!') && !text.endsWith(u'?'))
        text += u'.';
    if (!advice.isEmpty())
        text += u' ' + advice;
    return text;
}

} // namespace exa
