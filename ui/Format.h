#pragma once

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
};

} // namespace exadesk
