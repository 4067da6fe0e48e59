#include "PoolExporter.h"

#include "engine/Engine.h"
#include "engine/PoolExport.h"

#include <QDir>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QMessageBox>
#include <QPushButton>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace exadesk {

PoolExporter::PoolExporter(Engine& engine, QWidget* window, QObject* parent)
    : QObject(parent)
    , m_engine(engine)
    , m_window(window)
    , m_ask([this] { return askWithDialogs(); })
{ }

std::optional<PoolExporter::Choice> PoolExporter::askWithDialogs()
{
    QMessageBox question(QMessageBox::Question, tr("Export"),
                         tr("Export the keys' labels and statistics, the proxies and the settings as JSON. Should the "
                            "file also hold the keys and proxy passwords themselves?"),
                         QMessageBox::NoButton, m_window);
    question.setInformativeText(tr("With them, the file is a full backup that Import Keys reads back; keep it safe "
                                   "and delete it when done."));
    QPushButton* without = question.addButton(tr("Export Without Secrets"), QMessageBox::AcceptRole);
    QPushButton* with = question.addButton(tr("Export With Secrets"), QMessageBox::AcceptRole);
    question.addButton(QMessageBox::Cancel);
    question.setDefaultButton(without);
    question.exec();
    if (question.clickedButton() != without && question.clickedButton() != with)
        return std::nullopt;
    const QString path = QFileDialog::getSaveFileName(
        m_window, tr("Export"), QDir::home().filePath(u"exadesk-export.json"_s), tr("JSON (*.json)"));
    if (path.isEmpty())
        return std::nullopt;
    return Choice{path, question.clickedButton() == with};
}

void PoolExporter::start()
{
    if (m_writing)
        return;
    const std::optional<Choice> choice = m_ask();
    if (!choice)
        return;
    QString problem;
    // Built here, from the loaded pool (a few milliseconds for thousands of keys); written away
    // from the event loop.
    std::optional<PoolExport> exported = PoolExport::of(m_engine, choice->withSecrets, &problem);
    if (!exported) {
        Q_EMIT finished(tr("Nothing was exported: %1").arg(problem), false);
        return;
    }
    m_writing = true;
    auto* watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcherBase::finished, this,
            [this, watcher, path = choice->path, keys = exported->keys, proxies = exported->proxies] {
                watcher->deleteLater();
                m_writing = false;
                const QString failure = watcher->result();
                if (!failure.isEmpty())
                    Q_EMIT finished(tr("Nothing was exported: %1").arg(failure), false);
                else
                    Q_EMIT finished(tr("Exported %n key(s) and %1 to %2.", nullptr, keys)
                                        .arg(tr("%n proxy(s)", nullptr, proxies), QDir::toNativeSeparators(path)),
                                    true);
            });
    watcher->setFuture(QtConcurrent::run([path = choice->path, json = std::move(exported->json)] {
        QString failure;
        PoolExport::writePrivately(path, json, &failure);
        return failure;
    }));
}

} // namespace exadesk
