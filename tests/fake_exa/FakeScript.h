#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace fakeexa {

// One scripted answer for one request of a key.
struct FakeOutcome
{
    int status = 200; // 200 means "answer normally"
    QString tag; // defaults to Exa's tag for the status
    QString message; // defaults to a message like Exa's
    QByteArray retryAfter; // sent as Retry-After when set: seconds or an HTTP-date
    int delayMs = 0; // wait before answering (dropped by --instant)
    bool drop = false; // the connection dies as the answer starts (after its headers)
    bool hang = false; // never answer; the connection stays open
    bool truncate = false; // send part of a 200 answer, then close
    int times = 1; // how many requests this outcome answers; -1 for all that follow
    // The connection closes as soon as the request is in, before any byte of an answer: a
    // server restarting, or closing a kept-alive connection just as the client reuses it.
    bool reset = false;

    static std::optional<FakeOutcome> fromJson(const QJsonObject& object, QString* error);
    QJsonObject toJson() const;
};

// Per-key queues of outcomes. A key without a queue of its own uses the queue of "*"; when
// both are empty the server answers normally. A queue named "ip:ADDRESS" answers every
// request from that client address first, whatever its key (a proxy's exit that is limited).
class FakeScript
{
public:
    static constexpr QStringView kAnyKey = u"*";

    // {"keys": {"KEY": [outcome, ...], "*": [...]}}: replaces the queues of the keys named;
    // with "reset": true, first forgets every queue. A script with an error changes nothing.
    bool load(const QJsonObject& script, QString* error);
    void set(const QString& key, QList<FakeOutcome> outcomes);
    void clear() { m_queues.clear(); }
    bool isEmpty() const { return m_queues.isEmpty(); }

    // The outcome for the next request of `key` from `peer`, consumed from its queue.
    std::optional<FakeOutcome> next(const QString& key, const QString& peer = {});

    QJsonObject toJson() const;

private:
    QHash<QString, QList<FakeOutcome>> m_queues;
};

// Exa's tag and message for an error status, as its API answers them.
QString defaultTagFor(int status);
QString defaultMessageFor(int status);

} // namespace fakeexa
