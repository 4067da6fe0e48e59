#pragma once

#include "exa/ExaResults.h"

#include <QByteArray>
#include <QList>

namespace exadesk {

// Results as files a person takes elsewhere: CSV (title, url, date, author, highlights or
// summary), JSON (Exa's objects as they came) and a Markdown list of links.
namespace resultexport {

QByteArray toCsv(const QList<exa::Result>& results);
QByteArray toJson(const QList<exa::Result>& results);
QByteArray toMarkdown(const QList<exa::Result>& results);
QString markdownLink(const exa::Result& result);
// The gist of a result for a list: its highlights, else its summary, else the start of its text.
QString snippet(const exa::Result& result);

} // namespace resultexport

} // namespace exadesk
