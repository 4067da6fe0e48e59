#pragma once

#include "Database.h"
#include "base/PoolStates.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

namespace exadesk {

// A key Exa refused (invalid) or found out of credit (exhausted), and when it is checked again.
struct KeyHealthRecord
{
    QString keyId;
    KeyState state = KeyState::Invalid;
    QString reason;
    qint64 recheckAtMs = 0;
    qint64 recheckIntervalMs = 0;
};

// A research task and the key that started it: Exa knows it under that key only.
struct ResearchJobRecord
{
    QString researchId;
    QString keyId;
    bool billed = false; // its cost was booked
    qint64 createdAtMs = 0;
};

// What the engine learnt that the next run must know, whoever the keys came from (the stored
// pool, a keys file): rows keyed by the key's id, never its secret.
class LearnedState
{
    Q_DECLARE_TR_FUNCTIONS(LearnedState)

public:
    explicit LearnedState(Database& database)
        : m_db(database)
    { }

    QList<KeyHealthRecord> keyHealth(StorageError* error);
    // A refusal is written; a key that is good again (`state` active) has its row removed. Many
    // rows belong in one transaction, the caller's.
    bool saveKeyHealth(const QList<KeyHealthRecord>& rows, StorageError* error);

    // The newest `limit` tasks, oldest first.
    QList<ResearchJobRecord> researchJobs(int limit, StorageError* error);
    bool saveResearchJob(const ResearchJobRecord& job, StorageError* error);

    std::optional<QString> note(const QString& name, StorageError* error);
    bool setNote(const QString& name, const QString& value, StorageError* error);

private:
    Database& m_db;
};

} // namespace exadesk
