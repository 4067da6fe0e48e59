#include "Workspace.h"

#include "config/EngineSettings.h"
#include "storage/RequestLog.h"

#include <QDateTime>
#include <QEventLoop>
#include <QJsonArray>
#include <QTextStream>

using namespace Qt::StringLiterals;

namespace exadesk {

Workspace::Workspace()
    : m_db(Database::defaultPath())
    , m_records(m_db)
    , m_vault(std::make_unique<Vault>(m_db, m_secrets))
{ }

bool Workspace::open()
{
    StorageError error;
    if (m_db.open(&error)) {
        Settings settings(m_db);
        RequestLog(m_db).prune(EngineSettings::logRetentionDays(settings), QDateTime::currentMSecsSinceEpoch(), &error);
        return true;
    }
    QTextStream err(stderr);
    err << u"exadesk: "_s << error.message << '\n';
    if (error.kind == StorageError::Kind::Corrupt)
        err << tr("Move it aside (it is kept) and start with a fresh one: exadesk database move-aside") << '\n';
    err.flush();
    return false;
}

QJsonObject Workspace::toJson(const KeyRecord& key)
{
    return {{u"id"_s, key.id},
            {u"label"_s, key.label},
            {u"key"_s, key.masked},
            {u"tags"_s, QJsonArray::fromStringList(key.tags)},
            {u"note"_s, key.note},
            {u"state"_s, key.state},
            {u"secretMissing"_s, key.secretMissing},
            {u"dailyRequestCap"_s, key.dailyRequestCap},
            {u"dailyDollarCap"_s, key.dailyDollarCap},
            {u"requests"_s, key.requests},
            {u"successes"_s, key.successes},
            {u"costDollars"_s, key.costDollars}};
}

VaultTask* Workspace::load()
{
    VaultTask* loaded = wait(m_vault->load());
    if (loaded->error().isEmpty())
        return loaded;
    QTextStream(stderr) << u"exadesk: "_s << loaded->error() << Qt::endl;
    return nullptr;
}

VaultTask* Workspace::wait(VaultTask* task, bool progress)
{
    QTextStream err(stderr);
    if (progress) {
        QObject::connect(task, &VaultTask::progress, task, [&err](int done, int total) {
            if (done % 500 == 0 || done == total)
                err << tr("exadesk: %1 of %2 stored in the keychain").arg(done).arg(total) << '\r' << Qt::flush;
        });
    }
    if (!task->isFinished()) {
        QEventLoop loop;
        QObject::connect(task, &VaultTask::finished, &loop, &QEventLoop::quit);
        loop.exec();
    }
    if (progress)
        err << '\n';
    return task;
}

} // namespace exadesk
