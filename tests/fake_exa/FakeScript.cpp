#include "FakeScript.h"

#include <QJsonArray>
#include <QSet>

using namespace Qt::StringLiterals;

namespace fakeexa {
namespace {

bool readInt(const QJsonObject& object, QLatin1StringView key, int* out, QString* error)
{
    if (!object.contains(key))
        return true;
    const QJsonValue value = object.value(key);
    if (!value.isDouble() || value.toDouble() != static_cast<double>(value.toInt())) {
        *error = u"'%1' must be a whole number"_s.arg(key);
        return false;
    }
    *out = value.toInt();
    return true;
}

bool readBool(const QJsonObject& object, QLatin1StringView key, bool* out, QString* error)
{
    if (!object.contains(key))
        return true;
    if (!object.value(key).isBool()) {
        *error = u"'%1' must be true or false"_s.arg(key);
        return false;
    }
    *out = object.value(key).toBool();
    return true;
}

} // namespace

QString defaultTagFor(int status)
{
    switch (status) {
    case 400:
        return u"INVALID_REQUEST_BODY"_s;
    case 401:
        return u"INVALID_API_KEY"_s;
    case 402:
        return u"NO_MORE_CREDITS"_s;
    case 403:
        return u"FEATURE_DISABLED"_s;
    case 429:
        return u"RATE_LIMIT_EXCEEDED"_s;
    case 503:
        return u"SERVICE_OVERLOADED"_s;
    default:
        return {};
    }
}

QString defaultMessageFor(int status)
{
    switch (status) {
    case 400:
        return u"Invalid request body"_s;
    case 401:
        return u"Invalid API key"_s;
    case 402:
        return u"You have run out of credits. Add credits at https://dashboard.exa.ai/billing"_s;
    case 403:
        return u"This feature is not enabled for your account"_s;
    case 404:
        return u"Not found"_s;
    case 409:
        return u"Conflict"_s;
    case 422:
        return u"Unprocessable request"_s;
    case 429:
        return u"You've exceeded your rate limit. Please slow down or contact hello@exa.ai to raise it"_s;
    case 503:
        return u"The service is overloaded; the request was not processed. Please retry"_s;
    case 504:
        return u"Gateway timeout"_s;
    default:
        return u"Internal server error"_s;
    }
}

std::optional<FakeOutcome> FakeOutcome::fromJson(const QJsonObject& object, QString* error)
{
    static const QSet<QString> known{u"status"_s, u"tag"_s,  u"message"_s,  u"retryAfter"_s, u"delayMs"_s,
                                     u"drop"_s,   u"hang"_s, u"truncate"_s, u"times"_s,      u"reset"_s};
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!known.contains(it.key())) {
            *error = u"unknown field '%1'"_s.arg(it.key());
            return std::nullopt;
        }
    }

    FakeOutcome outcome;
    if (!readInt(object, "status"_L1, &outcome.status, error) || !readInt(object, "delayMs"_L1, &outcome.delayMs, error)
        || !readInt(object, "times"_L1, &outcome.times, error) || !readBool(object, "drop"_L1, &outcome.drop, error)
        || !readBool(object, "hang"_L1, &outcome.hang, error) || !readBool(object, "reset"_L1, &outcome.reset, error)
        || !readBool(object, "truncate"_L1, &outcome.truncate, error))
        return std::nullopt;
    if (outcome.status < 200 || outcome.status > 599) {
        *error = u"'status' must be an HTTP status from 200 to 599"_s;
        return std::nullopt;
    }
    if (outcome.delayMs < 0 || outcome.times == 0 || outcome.times < -1) {
        *error = u"'delayMs' must be 0 or more and 'times' 1 or more (or -1 for always)"_s;
        return std::nullopt;
    }
    outcome.tag = object.value("tag"_L1).toString(defaultTagFor(outcome.status));
    outcome.message = object.value("message"_L1).toString(defaultMessageFor(outcome.status));
    const QJsonValue retryAfter = object.value("retryAfter"_L1);
    if (retryAfter.isDouble())
        outcome.retryAfter = QByteArray::number(retryAfter.toInt());
    else if (retryAfter.isString())
        outcome.retryAfter = retryAfter.toString().toUtf8();
    return outcome;
}

QJsonObject FakeOutcome::toJson() const
{
    QJsonObject object{{"status"_L1, status}, {"times"_L1, times}};
    if (!tag.isEmpty())
        object.insert("tag"_L1, tag);
    if (!retryAfter.isEmpty())
        object.insert("retryAfter"_L1, QString::fromUtf8(retryAfter));
    if (delayMs > 0)
        object.insert("delayMs"_L1, delayMs);
    if (drop)
        object.insert("drop"_L1, true);
    if (hang)
        object.insert("hang"_L1, true);
    if (reset)
        object.insert("reset"_L1, true);
    if (truncate)
        object.insert("truncate"_L1, true);
    return object;
}

bool FakeScript::load(const QJsonObject& script, QString* error)
{
    const QJsonValue keys = script.value("keys"_L1);
    if (!keys.isObject()) {
        *error = u"a script is {\"keys\": {\"KEY\": [outcome, ...]}}"_s;
        return false;
    }
    QHash<QString, QList<FakeOutcome>> parsed;
    const QJsonObject byKey = keys.toObject();
    for (auto it = byKey.begin(); it != byKey.end(); ++it) {
        if (!it.value().isArray()) {
            *error = u"the outcomes of a key must be a list"_s;
            return false;
        }
        QList<FakeOutcome>& outcomes = parsed[it.key()];
        const QJsonArray list = it.value().toArray();
        for (qsizetype i = 0; i < list.size(); ++i) {
            QString why;
            const auto outcome = FakeOutcome::fromJson(list.at(i).toObject(), &why);
            if (!outcome) {
                *error = u"outcome %1 of a key: %2"_s.arg(QString::number(i + 1), why);
                return false;
            }
            outcomes.append(*outcome);
        }
    }
    if (script.value("reset"_L1).toBool())
        clear();
    for (auto it = parsed.begin(); it != parsed.end(); ++it)
        set(it.key(), it.value());
    return true;
}

void FakeScript::set(const QString& key, QList<FakeOutcome> outcomes)
{
    if (outcomes.isEmpty())
        m_queues.remove(key);
    else
        m_queues.insert(key, std::move(outcomes));
}

std::optional<FakeOutcome> FakeScript::next(const QString& key, const QString& peer)
{
    // What a client's address earns comes first: Exa limits some things per IP, not per key.
    auto it = peer.isEmpty() ? m_queues.end() : m_queues.find(u"ip:"_s + peer);
    if (it == m_queues.end())
        it = m_queues.find(key);
    if (it == m_queues.end())
        it = m_queues.find(kAnyKey.toString());
    if (it == m_queues.end() || it->isEmpty())
        return std::nullopt;

    FakeOutcome& front = it->first();
    FakeOutcome outcome = front;
    if (front.times > 0 && --front.times == 0)
        it->removeFirst();
    if (it->isEmpty())
        m_queues.erase(it);
    return outcome;
}

QJsonObject FakeScript::toJson() const
{
    QJsonObject keys;
    for (auto it = m_queues.begin(); it != m_queues.end(); ++it) {
        QJsonArray outcomes;
        for (const FakeOutcome& outcome : it.value())
            outcomes.append(outcome.toJson());
        keys.insert(it.key(), outcomes);
    }
    return QJsonObject{{"keys"_L1, keys}};
}

} // namespace fakeexa
