#include "Workspace.h"

#include "EngineSettings.h"
#include "storage/RequestLog.h"

#include <QDateTime>
#include <QEventLoop>
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
