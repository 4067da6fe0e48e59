#include "Format.h"

#include <QLocale>

using namespace Qt::StringLiterals;

namespace exadesk {

QString Format::successRate(qint64 successes, qint64 requests)
{
    if (requests <= 0)
        return u"—"_s;
    return QLocale().toString(100.0 * static_cast<double>(successes) / static_cast<double>(requests), 'f', 0) + u" %"_s;
}

QString Format::latency(double ms)
{
    return ms < 0 ? u"—"_s : tr("%1 ms").arg(qRound64(ms));
}

QString Format::money(double dollars)
{
    return dollars <= 0.0 ? u"—"_s : u"$"_s + QLocale().toString(dollars, 'f', dollars < 1.0 ? 3 : 2);
}

QString Format::keyState(KeyState state)
{
    switch (state) {
    case KeyState::Active:
        return tr("active");
    case KeyState::CoolingDown:
        return tr("cooling down");
    case KeyState::BreakerOpen:
        return tr("resting");
    case KeyState::Exhausted:
        return tr("out of credit");
    case KeyState::Invalid:
        return tr("invalid");
    case KeyState::Disabled:
        return tr("disabled");
    }
    return {};
}

QString Format::proxyState(ProxyState state)
{
    switch (state) {
    case ProxyState::Active:
        return tr("active");
    case ProxyState::Parked:
        return tr("parked");
    case ProxyState::Disabled:
        return tr("disabled");
    }
    return {};
}

} // namespace exadesk
