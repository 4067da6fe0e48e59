#include "ResultPrinter.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

// Exa sends instants (2023-11-16T01:36:32.547Z) or days; a reader wants the day.
QString readableDate(const QString& published)
{
    const QDateTime instant = QDateTime::fromString(published, Qt::ISODateWithMs);
    if (instant.isValid())
        return instant.date().toString(Qt::ISODate);
    return published.left(10);
}

} // namespace

void ResultPrinter::print(const exa::SearchResponse& response)
{
    if (response.results.isEmpty()) {
        m_out << tr("No results.") << '\n';
        return;
    }
    for (qsizetype i = 0; i < response.results.size(); ++i)
        printResult(static_cast<int>(i) + 1, response.results.at(i));

    const auto count = response.results.size();
    QStringList footer{count == 1 ? tr("1 result") : tr("%1 results").arg(count)};
    const QString searchType
        = response.resolvedSearchType.isEmpty() ? response.searchType : response.resolvedSearchType;
    if (!searchType.isEmpty())
        footer << searchType;
    if (response.costDollars)
        footer << u"$"_s + QString::number(response.costDollars->total, 'f', 4);
    m_out << footer.join(u" · "_s) << Qt::endl;
}

void ResultPrinter::printResult(int rank, const exa::Result& result)
{
    const QString prefix = QString::number(rank) + u". "_s;
    const int indent = static_cast<int>(prefix.size());
    const QString pad(indent, u' ');
    m_out << prefix << (result.title.isEmpty() ? tr("(untitled)") : result.title.simplified()) << '\n';
    m_out << pad << result.url << '\n';

    QStringList byline;
    if (!result.publishedDate.isEmpty())
        byline << readableDate(result.publishedDate);
    if (!result.author.isEmpty())
        byline << result.author.simplified();
    if (!byline.isEmpty())
        m_out << pad << byline.join(u" · "_s) << '\n';

    for (const QString& highlight : result.highlights)
        m_out << pad << u"> "_s << highlight.simplified() << '\n';
    if (!result.summary.isEmpty())
        printBlock(tr("Summary: %1").arg(result.summary.simplified()), indent);
    if (!result.text.isEmpty())
        printBlock(result.text.trimmed(), indent);
    m_out << '\n';
}

void ResultPrinter::printBlock(const QString& text, int indent)
{
    const QString pad(indent, u' ');
    const QStringList lines = text.split(u'\n');
    for (const QString& line : lines)
        m_out << pad << line << '\n';
}

} // namespace exadesk
