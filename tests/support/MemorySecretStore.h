#pragma once

#include "secrets/SecretStore.h"

#include <QHash>

namespace testsupport {

using exadesk::SecretError;
using exadesk::SecretJob;

// Secrets in memory, for tests; can be told to fail like a keychain does.
class MemorySecretStore : public exadesk::SecretStore
{
    Q_OBJECT

public:
    using exadesk::SecretStore::SecretStore;

    SecretJob* read(const QString& name) override;
    SecretJob* write(const QString& name, const QString& secret) override;
    SecretJob* remove(const QString& name) override;

    // Every job from now on fails this way (Kind::None: they succeed again).
    void failWith(SecretError::Kind kind) { m_failure = kind; }
    const QHash<QString, QString>& entries() const { return m_entries; }

private:
    SecretJob* job(SecretJob::Operation operation, const QString& name);

    QHash<QString, QString> m_entries;
    SecretError::Kind m_failure = SecretError::Kind::None;
};

} // namespace testsupport
