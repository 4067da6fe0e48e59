#include "MemorySecretStore.h"

using namespace Qt::StringLiterals;
using exadesk::secretError;

namespace testsupport {

SecretJob* MemorySecretStore::job(SecretJob::Operation operation, const QString& name)
{
    ++m_started.at(static_cast<size_t>(operation));
    return new SecretJob(operation, name, this);
}

SecretJob* MemorySecretStore::read(const QString& name)
{
    SecretJob* job = this->job(SecretJob::Operation::Read, name);
    if (m_failure != SecretError::Kind::None)
        job->finishLater(secretError(m_failure, u"simulated"_s));
    else if (!m_entries.contains(name))
        job->finishLater(secretError(SecretError::Kind::NotFound));
    else
        job->finishLater({}, m_entries.value(name));
    return job;
}

SecretJob* MemorySecretStore::write(const QString& name, const QString& secret)
{
    SecretJob* job = this->job(SecretJob::Operation::Write, name);
    if (m_failure != SecretError::Kind::None) {
        job->finishLater(secretError(m_failure, u"simulated"_s));
        return job;
    }
    m_entries.insert(name, secret);
    job->finishLater({});
    return job;
}

SecretJob* MemorySecretStore::remove(const QString& name)
{
    SecretJob* job = this->job(SecretJob::Operation::Remove, name);
    if (m_failure != SecretError::Kind::None) {
        job->finishLater(secretError(m_failure, u"simulated"_s));
        return job;
    }
    const bool existed = m_entries.remove(name) > 0;
    job->finishLater(existed ? SecretError{} : secretError(SecretError::Kind::NotFound));
    return job;
}

} // namespace testsupport
