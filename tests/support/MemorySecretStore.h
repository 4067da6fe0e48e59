#pragma once

#include "secrets/SecretStore.h"

#include <QHash>

#include <array>

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
    // Jobs started, by operation.
    int started(SecretJob::Operation operation) const { return m_started.at(static_cast<size_t>(operation)); }
    // As a keychain outside ExaDesk would change it.
    void put(const QString& name, const QString& secret) { m_entries.insert(name, secret); }
    void drop(const QString& name) { m_entries.remove(name); }

private:
    SecretJob* job(SecretJob::Operation operation, const QString& name);

    QHash<QString, QString> m_entries;
    std::array<int, 3> m_started{};
    SecretError::Kind m_failure = SecretError::Kind::None;
};

} // namespace testsupport
