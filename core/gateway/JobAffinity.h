#pragma once

#include "exa/ExaCall.h"

#include <QHash>
#include <QJsonObject>
#include <QSet>
#include <QString>

#include <deque>

namespace exadesk {

// Which key started which asynchronous Exa job (a research task), so its follow-ups go with
// that key: Exa knows a task only under the key that created it. The newest 10,000 are kept.
class JobAffinity
{
public:
    // Notes the job a successful `call` created, answered with `body`, as `keyId`'s. Returns
    // its id (empty: the answer named none).
    QString remember(const exa::ExaCall& call, const QJsonObject& body, const QString& keyId);
    // A job an earlier run noted.
    void restore(const QString& id, const QString& keyId, bool billed);
    // The job a follow-up `call` is about, or empty.
    static QString jobOf(const exa::ExaCall& call);
    // The id of the key a follow-up `call` must use, or empty when any key will do.
    QString keyFor(const exa::ExaCall& call) const;
    // True the first time a follow-up `call` reads its job's cost: every later poll shows the
    // same cost again, which was spent once.
    bool billOnce(const exa::ExaCall& call);

private:
    void note(const QString& id, const QString& keyId);
    void noteBilled(const QString& id);

    QHash<QString, QString> m_keyOfJob;
    std::deque<QString> m_order; // oldest first, to forget
    QSet<QString> m_billed;
    std::deque<QString> m_billedOrder;
};

} // namespace exadesk
