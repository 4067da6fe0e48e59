#include "JobAffinity.h"

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

constexpr auto kResearchPrefix = "/research/v1/"_L1;
constexpr size_t kMaxRememberedJobs = 10'000;

} // namespace

QString JobAffinity::jobOf(const exa::ExaCall& call)
{
    if (call.route != exa::ExaRoute::ResearchGet || !call.path.startsWith(kResearchPrefix))
        return {};
    return call.path.mid(kResearchPrefix.size()).section(u'/', 0, 0);
}

QString JobAffinity::remember(const exa::ExaCall& call, const QJsonObject& body, const QString& keyId)
{
    if (call.route != exa::ExaRoute::ResearchCreate)
        return {};
    QString id = body.value("researchId"_L1).toString();
    if (id.isEmpty())
        id = body.value("id"_L1).toString();
    if (!id.isEmpty())
        note(id, keyId);
    return id;
}

void JobAffinity::restore(const QString& id, const QString& keyId, bool billed)
{
    note(id, keyId);
    if (billed && !m_billed.contains(id))
        noteBilled(id);
}

void JobAffinity::note(const QString& id, const QString& keyId)
{
    if (!m_keyOfJob.contains(id))
        m_order.push_back(id);
    m_keyOfJob.insert(id, keyId);
    while (m_order.size() > kMaxRememberedJobs) {
        m_keyOfJob.remove(m_order.front());
        m_order.pop_front();
    }
}

QString JobAffinity::keyFor(const exa::ExaCall& call) const
{
    const QString job = jobOf(call);
    return job.isEmpty() ? QString() : m_keyOfJob.value(job);
}

bool JobAffinity::billOnce(const exa::ExaCall& call)
{
    const QString job = jobOf(call);
    if (job.isEmpty() || m_billed.contains(job))
        return false;
    noteBilled(job);
    return true;
}

void JobAffinity::noteBilled(const QString& id)
{
    m_billed.insert(id);
    m_billedOrder.push_back(id);
    if (m_billedOrder.size() > kMaxRememberedJobs) {
        m_billed.remove(m_billedOrder.front());
        m_billedOrder.pop_front();
    }
}

} // namespace exadesk
