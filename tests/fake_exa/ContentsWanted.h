#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace fakeexa {

// The strings of a JSON array (anything else in it reads as an empty string).
QStringList stringsIn(const QJsonValue& value);

// What a request asked to get back for each page (ContentsRequest in Exa's description).
struct ContentsWanted
{
    bool text = false;
    int textMaxCharacters = 0;
    bool textHtml = false;
    bool highlights = false;
    int highlightsMaxCharacters = 0;
    int highlightsPerUrl = 3;
    int highlightSentences = 1;
    QString highlightsQuery;
    bool summary = false;
    QString summaryQuery;
    QJsonObject summarySchema;
    int subpages = 0;
    QStringList subpageTarget;
    int links = 0;
    int imageLinks = 0;
    bool context = false;
    int contextMaxCharacters = 0;

    // Reads the options from the top level of `object` and, if present, from `contents`.
    static ContentsWanted fromRequest(const QJsonObject& object);
};

} // namespace fakeexa
