#include "ContentsWanted.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace fakeexa {

QStringList stringsIn(const QJsonValue& value)
{
    QStringList list;
    const QJsonArray array = value.toArray();
    for (const QJsonValue& item : array)
        list.append(item.toString());
    return list;
}

ContentsWanted ContentsWanted::fromRequest(const QJsonObject& object)
{
    ContentsWanted wanted;
    auto read = [&wanted](const QJsonObject& source) {
        const QJsonValue text = source.value("text"_L1);
        if (text.isBool() || text.isObject()) {
            wanted.text = text.isObject() || text.toBool();
            wanted.textMaxCharacters = text.toObject().value("maxCharacters"_L1).toInt();
            wanted.textHtml = text.toObject().value("includeHtmlTags"_L1).toBool();
        }
        const QJsonValue highlights = source.value("highlights"_L1);
        if (highlights.isBool() || highlights.isObject()) {
            const QJsonObject options = highlights.toObject();
            wanted.highlights = highlights.isObject() || highlights.toBool();
            wanted.highlightsMaxCharacters = options.value("maxCharacters"_L1).toInt();
            wanted.highlightsPerUrl = options.value("highlightsPerUrl"_L1).toInt(wanted.highlightsPerUrl);
            wanted.highlightSentences = options.value("numSentences"_L1).toInt(wanted.highlightSentences);
            wanted.highlightsQuery = options.value("query"_L1).toString();
        }
        const QJsonValue summary = source.value("summary"_L1);
        if (summary.isObject() || summary.isBool()) {
            wanted.summary = summary.isObject() || summary.toBool();
            wanted.summaryQuery = summary.toObject().value("query"_L1).toString();
            wanted.summarySchema = summary.toObject().value("schema"_L1).toObject();
        }
        if (source.contains("subpages"_L1))
            wanted.subpages = source.value("subpages"_L1).toInt();
        const QJsonValue target = source.value("subpageTarget"_L1);
        if (target.isString())
            wanted.subpageTarget = target.toString().split(u',', Qt::SkipEmptyParts);
        else if (target.isArray())
            wanted.subpageTarget = stringsIn(target);
        const QJsonObject extras = source.value("extras"_L1).toObject();
        if (!extras.isEmpty()) {
            wanted.links = extras.value("links"_L1).toInt();
            wanted.imageLinks = extras.value("imageLinks"_L1).toInt();
        }
        const QJsonValue context = source.value("context"_L1);
        if (context.isBool() || context.isObject()) {
            wanted.context = context.isObject() || context.toBool();
            wanted.contextMaxCharacters = context.toObject().value("maxCharacters"_L1).toInt();
        }
    };
    read(object);
    read(object.value("contents"_L1).toObject());
    return wanted;
}

} // namespace fakeexa
