#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QNetworkReply>
#include <QString>

// What went wrong with one call to Exa, as a value the rest of the app branches on: by kind
// (did Exa answer at all?), by HTTP status and by Exa's error tag.
namespace exa {

// Exa's documented error tags. An unknown tag is kept as text in ExaError::tagText.
enum class ErrorTag
{
    None,
    Unknown,
    // 400: the request itself is wrong
    InvalidRequestBody,
    InvalidRequest,
    InvalidNumResults,
    NumResultsExceeded,
    InvalidJsonSchema,
    SubpagesLimitExceeded,
    // 401
    InvalidApiKey,
    // 402
    NoMoreCredits,
    ApiKeyBudgetExceeded,
    TeamBudgetExceeded,
    // 403
    FeatureDisabled,
    ProhibitedContent,
    ContentFilterError,
    // 429
    RateLimitExceeded,
    // 503
    ServiceOverloaded,
};

ErrorTag errorTagFromString(QStringView tag);
QString toString(ErrorTag tag);

struct ExaError
{
    Q_DECLARE_TR_FUNCTIONS(ExaError)

public:
    enum class Kind
    {
        None, // the call succeeded
        Http, // Exa (or something in between) answered with a non-2xx status
        Network, // no answer: refused, reset, unreachable, proxy failure
        Tls, // the TLS handshake failed (untrusted or wrong certificate)
        Timeout, // no complete answer within the time allowed
        Cancelled, // the caller cancelled
        InvalidResponse, // a 2xx answer whose body is not what Exa sends
        InvalidKey, // the key cannot be sent as it is (empty, a line break inside); nothing was sent
        Unavailable, // no key or proxy could take the call (all invalid, cooling down, a full queue)
    };

    Kind kind = Kind::None;
    int httpStatus = 0;
    ErrorTag tag = ErrorTag::None;
    QString tagText; // the tag exactly as Exa sent it
    QString message; // Exa's own message, or ours when Exa did not answer
    QString requestId;
    QByteArray retryAfter; // the raw Retry-After header, seconds or an HTTP-date
    QNetworkReply::NetworkError networkError = QNetworkReply::NoError;

    bool isError() const { return kind != Kind::None; }
    // An error answer in Exa's own shape (its JSON body with a request id or a tag): the call
    // reached Exa, whatever stood in between.
    bool isExasAnswer() const { return kind == Kind::Http && (!requestId.isEmpty() || tag != ErrorTag::None); }

    // A sentence for a person: what happened and, where we know, what to do.
    QString userMessage() const;

    // Reads Exa's error body ({requestId, error, tag}); a body that is not JSON is kept as
    // plain text so a proxy's HTML error page still explains itself.
    static ExaError fromHttp(int httpStatus, const QByteArray& body, const QByteArray& retryAfter = {});
};

} // namespace exa
