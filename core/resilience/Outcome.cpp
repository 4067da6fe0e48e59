#include "Outcome.h"

using namespace Qt::StringLiterals;

namespace exadesk {

QString toString(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Success:
        return u"success"_s;
    case Outcome::RequestError:
        return u"request error"_s;
    case Outcome::KeyInvalid:
        return u"key invalid"_s;
    case Outcome::KeyExhausted:
        return u"key exhausted"_s;
    case Outcome::RateLimited:
        return u"rate limited"_s;
    case Outcome::UpstreamError:
        return u"upstream error"_s;
    case Outcome::Timeout:
        return u"timeout"_s;
    case Outcome::ProxyFailure:
        return u"proxy failure"_s;
    case Outcome::LocalError:
        return u"local error"_s;
    case Outcome::Cancelled:
        return u"cancelled"_s;
    }
    return {};
}

bool isRetryable(Outcome outcome)
{
    switch (outcome) {
    case Outcome::KeyInvalid:
    case Outcome::KeyExhausted:
    case Outcome::RateLimited:
    case Outcome::UpstreamError:
    case Outcome::Timeout:
    case Outcome::ProxyFailure:
        return true;
    case Outcome::Success:
    case Outcome::RequestError:
    case Outcome::LocalError:
    case Outcome::Cancelled:
        return false;
    }
    return false;
}

bool blamesKey(Outcome outcome)
{
    return outcome != Outcome::ProxyFailure && outcome != Outcome::LocalError && outcome != Outcome::Cancelled;
}

bool isRefusal(Outcome outcome)
{
    return outcome == Outcome::KeyInvalid || outcome == Outcome::KeyExhausted || outcome == Outcome::RateLimited;
}

} // namespace exadesk
