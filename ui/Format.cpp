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

namespace {

QString wordFor(const QString& name, std::initializer_list<std::pair<const char*, const char*>> words)
{
    for (const auto& [exa, word] : words)
        if (name == QLatin1StringView(exa))
            return Format::tr(word);
    return name;
}

} // namespace

QString Format::searchType(const QString& name)
{
    return wordFor(name,
                   {{"auto", QT_TR_NOOP("Auto")},
                    {"neural", QT_TR_NOOP("Neural")},
                    {"fast", QT_TR_NOOP("Fast")},
                    {"deep", QT_TR_NOOP("Deep")},
                    {"deep-reasoning", QT_TR_NOOP("Deep reasoning")},
                    {"instant", QT_TR_NOOP("Instant")}});
}

QString Format::category(const QString& name)
{
    return wordFor(name,
                   {{"company", QT_TR_NOOP("Company")},
                    {"research paper", QT_TR_NOOP("Research paper")},
                    {"news", QT_TR_NOOP("News")},
                    {"pdf", QT_TR_NOOP("PDF")},
                    {"github", QT_TR_NOOP("GitHub")},
                    {"personal site", QT_TR_NOOP("Personal site")},
                    {"people", QT_TR_NOOP("People")},
                    {"financial report", QT_TR_NOOP("Financial report")}});
}

QString Format::route(const QString& name)
{
    return wordFor(name,
                   {{"search", QT_TR_NOOP("Search")},
                    {"findSimilar", QT_TR_NOOP("Find similar")},
                    {"contents", QT_TR_NOOP("Contents")},
                    {"answer", QT_TR_NOOP("Answer")},
                    {"research", QT_TR_NOOP("Research")},
                    {"mcp", QT_TR_NOOP("MCP")}});
}

QString Format::wayOut(const QString& proxyId)
{
    return proxyId == "direct"_L1 ? tr("direct") : proxyId;
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
