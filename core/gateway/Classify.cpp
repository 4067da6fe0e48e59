#include "Classify.h"

namespace exadesk {

Outcome classify(const exa::ExaError& error, bool viaProxy)
{
    using Kind = exa::ExaError::Kind;
    switch (error.kind) {
    case Kind::None:
        return Outcome::Success;
    case Kind::Cancelled:
        return Outcome::Cancelled;
    case Kind::Timeout:
        return Outcome::Timeout;
    case Kind::InvalidKey:
        // A secret that cannot be sent as it is (a space or line break inside): nothing went
        // out, but the key is as unusable as one Exa refused.
        return Outcome::KeyInvalid;
    case Kind::Unavailable:
        return Outcome::LocalError;
    case Kind::InvalidResponse:
        return Outcome::UpstreamError;
    case Kind::Tls:
        // Behind a proxy, a certificate we do not trust is the proxy's doing (one that inspects
        // TLS); without one, retrying cannot help.
        return viaProxy ? Outcome::ProxyFailure : Outcome::LocalError;
    case Kind::Network:
        break;
    case Kind::Http: {
        const int status = error.httpStatus;
        if (status == 401 || (status == 403 && error.tag == exa::ErrorTag::InvalidApiKey))
            return Outcome::KeyInvalid;
        if (status == 402)
            return Outcome::KeyExhausted;
        if (status == 429)
            return Outcome::RateLimited;
        // 407: the proxy wants a login it did not get.
        if (status == 407)
            return viaProxy ? Outcome::ProxyFailure : Outcome::RequestError;
        if (status == 408 || status >= 500)
            return Outcome::UpstreamError;
        return Outcome::RequestError;
    }
    }

    switch (error.networkError) {
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::ProxyAuthenticationRequiredError:
    case QNetworkReply::UnknownProxyError:
        return Outcome::ProxyFailure;
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::UnknownNetworkError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
        // No connection could be made: the way out failed, not the key. Behind a proxy we only
        // ever connect to the proxy (a dead SOCKS5 one reports UnknownNetworkError, a dead HTTP
        // one ConnectionRefused); without one, it is this computer's network (or Exa's host),
        // and blaming keys would park every one of them while the laptop is offline.
        Q_UNUSED(viaProxy);
        return Outcome::ProxyFailure;
    default:
        return Outcome::UpstreamError;
    }
}

ProxyOutcome proxyOutcomeOf(Outcome outcome, const exa::ExaError& error)
{
    switch (outcome) {
    case Outcome::Success:
    case Outcome::RequestError:
    case Outcome::KeyInvalid:
    case Outcome::KeyExhausted:
        // A key that could not be sent never reached the proxy.
        return error.kind == exa::ExaError::Kind::InvalidKey ? ProxyOutcome::Neutral : ProxyOutcome::Reached;
    case Outcome::RateLimited:
    case Outcome::UpstreamError:
        // Exa's own 429 or 5xx came through the proxy: the way works, Exa is the one failing.
        return error.isExasAnswer() ? ProxyOutcome::Reached : ProxyOutcome::Failed;
    case Outcome::Timeout:
        return ProxyOutcome::Failed;
    case Outcome::ProxyFailure:
        return ProxyOutcome::ConnectFailed;
    case Outcome::LocalError:
    case Outcome::Cancelled:
        break;
    }
    return ProxyOutcome::Neutral;
}

bool mayResend(Outcome outcome, const exa::ExaError& error)
{
    switch (outcome) {
    case Outcome::KeyInvalid:
    case Outcome::KeyExhausted:
    case Outcome::RateLimited:
        // Exa turns these away at the door; a 429 from something else may not be so clean.
        return error.kind == exa::ExaError::Kind::InvalidKey || error.isExasAnswer();
    case Outcome::ProxyFailure:
        break;
    default:
        return false;
    }
    if (error.kind == exa::ExaError::Kind::Http)
        return error.httpStatus == 407; // the proxy wanted a login: nothing went through it
    switch (error.networkError) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyAuthenticationRequiredError:
    case QNetworkReply::SslHandshakeFailedError:
    // How Qt 6.4 reports a SOCKS5 proxy that refuses the connection.
    case QNetworkReply::UnknownNetworkError:
        return true;
    default:
        return false;
    }
}

RateClass rateClassFor(exa::ExaRoute route)
{
    switch (route) {
    case exa::ExaRoute::Contents:
    case exa::ExaRoute::ResearchGet:
    case exa::ExaRoute::ResearchList:
        return RateClass::Contents;
    default:
        return RateClass::Search;
    }
}

} // namespace exadesk
