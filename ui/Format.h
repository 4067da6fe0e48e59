#pragma once

#include "base/PoolStates.h"

#include <QCoreApplication>
#include <QString>

namespace exadesk {

// How numbers read in the window's tables and status lines, the same on every page.
class Format
{
    Q_DECLARE_TR_FUNCTIONS(Format)

public:
    // "97 %", or "—" before the first request.
    static QString successRate(qint64 successes, qint64 requests);
    // "312 ms", or "—" when nothing was measured (negative).
    static QString latency(double ms);
    // "$0.015", "$12.50", or "—" for nothing.
    static QString money(double dollars);
    // The one word for each state everywhere in the window (filters, tables, the Overview, the
    // tray): "active", "cooling down", "resting", "out of credit", "invalid", "disabled".
    static QString keyState(KeyState state);
    // "active", "parked", "disabled".
    static QString proxyState(ProxyState state);
    // Exa's names in words: a search type ("auto" -> "Auto"), a category ("research paper" ->
    // "Research paper", "github" -> "GitHub"), a route ("findSimilar" -> "Find similar"); a name
    // not known is shown as it is.
    static QString searchType(const QString& name);
    static QString category(const QString& name);
    static QString route(const QString& name);
    // A way out: "direct" (no proxy) in the reader's language, a proxy by its address.
    static QString wayOut(const QString& proxyId);
};

} // namespace exadesk
