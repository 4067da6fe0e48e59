#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>

// Checks request bodies against the fields, types and ranges of Exa's OpenAPI description and
// answers the way Exa does: the first problem found, with Exa's tag.
namespace fakeexa {

struct ValidationError
{
    QString tag;
    QString message;
};

class RequestValidator
{
public:
    // The body must be one JSON object.
    static std::optional<ValidationError> parseBody(const QByteArray& body, QJsonObject* object);

    static std::optional<ValidationError> search(const QJsonObject& request);
    static std::optional<ValidationError> findSimilar(const QJsonObject& request);
    static std::optional<ValidationError> contents(const QJsonObject& request);
    static std::optional<ValidationError> answer(const QJsonObject& request);
    static std::optional<ValidationError> research(const QJsonObject& request);
};

} // namespace fakeexa
