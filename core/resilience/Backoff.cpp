#include "Backoff.h"

#include <QDateTime>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

constexpr qint64 kMaxRetryAfterMs = 24LL * 3600 * 1000;

} // namespace

std::chrono::milliseconds BackoffPolicy::ceiling(int retry) const
{
    // Past 2^30 the product only overflows; the cap has long been reached.
    const int doublings = std::clamp(retry, 0, 30);
    const qint64 grown = base.count() << doublings;
    return std::chrono::milliseconds(std::min<qint64>(grown, cap.count()));
}

std::chrono::milliseconds BackoffPolicy::delay(int retry, std::mt19937_64& random) const
{
    std::uniform_int_distribution<qint64> spread(0, ceiling(retry).count());
    return std::chrono::milliseconds(spread(random));
}

std::optional<std::chrono::milliseconds> parseRetryAfter(const QByteArray& header, qint64 nowMs)
{
    const QByteArray value = header.trimmed();
    if (value.isEmpty())
        return std::nullopt;
    bool isNumber = false;
    const qint64 seconds = value.toLongLong(&isNumber);
    if (isNumber) {
        if (seconds < 0)
            return std::nullopt;
        return std::chrono::milliseconds(std::min(seconds, kMaxRetryAfterMs / 1000) * 1000);
    }
    // "Sun, 06 Nov 1994 08:49:37 GMT" is an RFC 2822 date once the zone is written as Qt reads it.
    QString date = QString::fromLatin1(value);
    if (date.endsWith(" GMT"_L1))
        date = date.chopped(4) + " +0000"_L1;
    const QDateTime when = QDateTime::fromString(date, Qt::RFC2822Date);
    if (!when.isValid())
        return std::nullopt;
    return std::chrono::milliseconds(std::clamp<qint64>(when.toMSecsSinceEpoch() - nowMs, 0, kMaxRetryAfterMs));
}

} // namespace exadesk
