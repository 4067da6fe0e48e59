#include "ResultExport.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace exadesk::resultexport {
namespace {

QString csvField(QString text)
{
    // Quoted when it must be; a leading = + - @ would be a formula to a spreadsheet.
    if (!text.isEmpty() && QStringView(u"=+-@").contains(text.front()))
        text.prepend(u'\'');
    if (text.contains(u',') || text.contains(u'"') || text.contains(u'\n') || text.contains(u'\r'))
        return u'"' + text.replace(u'"', u"\"\""_s) + u'"';
    return text;
}

QString escapeMarkdown(QString text)
{
    for (const QChar special : {u'\\', u'[', u']'})
        text.replace(special, u'\\' + QString(special));
    return text.simplified();
}

} // namespace

QString snippet(const exa::Result& result)
{
    if (!result.highlights.isEmpty())
        return result.highlights.join(u" … "_s).simplified();
    if (!result.summary.isEmpty())
        return result.summary.simplified();
    return result.text.left(300).simplified();
}

QByteArray toCsv(const QList<exa::Result>& results)
{
    QString out = u"title,url,published,author,snippet\r\n"_s;
    for (const exa::Result& result : results) {
        out += QStringList{csvField(result.title), csvField(result.url), csvField(result.publishedDate),
                           csvField(result.author), csvField(snippet(result))}
                   .join(u',')
            + u"\r\n"_s;
    }
    return out.toUtf8();
}

QByteArray toJson(const QList<exa::Result>& results)
{
    QJsonArray array;
    for (const exa::Result& result : results)
        array.append(result.raw.isEmpty() ? QJsonObject{{"url"_L1, result.url}, {"title"_L1, result.title}}
                                          : result.raw);
    return QJsonDocument(array).toJson(QJsonDocument::Indented);
}

QString markdownLink(const exa::Result& result)
{
    const QString title = result.title.isEmpty() ? result.url : result.title;
    return u"[%1](<%2>)"_s.arg(escapeMarkdown(title), result.url);
}

QByteArray toMarkdown(const QList<exa::Result>& results)
{
    QString out;
    for (const exa::Result& result : results) {
        out += u"- "_s + markdownLink(result);
        const QString gist = snippet(result);
        if (!gist.isEmpty())
            out += u" — "_s + gist.left(280);
        out += u'\n';
    }
    return out.toUtf8();
}

} // namespace exadesk::resultexport
