#pragma once

#include "exa/ExaResults.h"

#include <QCoreApplication>
#include <QTextStream>

namespace exadesk {

// Prints search results for a person reading a terminal: rank, title, url, date and author,
// then whatever contents were asked for.
class ResultPrinter
{
    Q_DECLARE_TR_FUNCTIONS(ResultPrinter)

public:
    explicit ResultPrinter(QTextStream& out)
        : m_out(out)
    { }

    void print(const exa::SearchResponse& response);

private:
    void printResult(int rank, const exa::Result& result);
    void printBlock(const QString& text, int indent);

    QTextStream& m_out;
};

} // namespace exadesk
