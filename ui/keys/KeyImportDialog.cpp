#include "KeyImportDialog.h"

#include "config/SettingsRegistry.h"
#include "engine/KeyImport.h"
#include "engine/KeyTasks.h"
#include "pool/KeysFile.h"

#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

constexpr qint64 kMaxFileBytes = 16 * 1024 * 1024;

} // namespace

KeyImportDialog::KeyImportDialog(KeyTasks& keys, QWidget* parent)
    : QDialog(parent)
    , m_keys(keys)
    , m_text(new QPlainTextEdit(this))
    , m_tags(new QLineEdit(this))
    , m_import(new QPushButton(tr("Import"), this))
    , m_stop(new QPushButton(tr("Stop"), this))
    , m_progress(new QProgressBar(this))
    , m_summary(new QLabel(this))
    , m_report(new QPlainTextEdit(this))
{
    setWindowTitle(tr("Import Keys"));
    resize(640, 520);
    m_text->setPlaceholderText(tr("Paste keys here: one per line, or label,key. Lines starting with # are ignored."));
    m_text->setAccessibleName(tr("Keys to import"));
    m_tags->setPlaceholderText(tr("optional, comma-separated"));
    m_tags->setAccessibleName(tr("Tags for the imported keys"));
    m_report->setReadOnly(true);
    m_report->setAccessibleName(tr("Import report"));
    m_report->setPlaceholderText(tr("The report of each line appears here."));
    m_progress->setVisible(false);
    m_stop->setVisible(false);
    m_summary->setWordWrap(true);

    auto* openFile = new QPushButton(tr("Open File..."), this);
    auto* close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_import->setDefault(true);

    auto* form = new QFormLayout;
    form->addRow(tr("Tags:"), m_tags);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(openFile);
    buttons->addStretch();
    buttons->addWidget(m_stop);
    buttons->addWidget(m_import);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_text, 2);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_progress);
    layout->addWidget(m_summary);
    layout->addWidget(m_report, 1);
    layout->addWidget(close);

    connect(openFile, &QPushButton::clicked, this, &KeyImportDialog::openFile);
    connect(m_import, &QPushButton::clicked, this, &KeyImportDialog::startImport);
    connect(m_stop, &QPushButton::clicked, this, [this] {
        if (m_task)
            m_task->cancel();
    });
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

void KeyImportDialog::setText(const QString& text)
{
    m_text->setPlainText(text);
}

QString KeyImportDialog::reportText() const
{
    return m_report->toPlainText();
}

QString KeyImportDialog::summaryText() const
{
    return m_summary->text();
}

void KeyImportDialog::openFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Import Keys From a File"));
    if (path.isEmpty())
        return;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        m_summary->setText(tr("%1 cannot be read: %2").arg(path, file.errorString()));
        return;
    }
    if (file.size() > kMaxFileBytes) {
        m_summary->setText(tr("%1 is too large to be a list of keys.").arg(path));
        return;
    }
    m_text->setPlainText(QString::fromUtf8(file.readAll()));
}

void KeyImportDialog::startImport()
{
    if (isRunning())
        return;
    const KeyLines lines = KeysFile::parse(m_text->toPlainText());
    const int count = static_cast<int>(lines.keys.size());
    m_report->clear();
    m_summary->setText(tr("Importing %n key(s)...", nullptr, count));
    m_import->setEnabled(false);
    m_text->setReadOnly(true);
    m_progress->setRange(0, std::max(1, count));
    m_progress->setValue(0);
    m_progress->setVisible(true);
    m_stop->setVisible(true);

    m_task = m_keys.import(lines, splitList(m_tags->text()));
    connect(m_task, &PoolTask::progress, m_progress, [this](int done, int) { m_progress->setValue(done); });
    connect(m_task, &PoolTask::finished, this, [this] {
        PoolTask* task = m_task;
        task->deleteLater();
        QStringList report;
        for (const TaskItem& item : task->items())
            report.append(tr("Line %1: %2").arg(item.line).arg(KeyImport::describe(item)));
        m_report->setPlainText(report.join(u'\n'));
        QString summary = KeyImport::summary(*task);
        if (task->isCancelled())
            summary += tr("; stopped before the rest");
        if (!task->error().isEmpty())
            summary += u". "_s + task->error();
        m_summary->setText(summary);
        m_task = nullptr;
        finishImport();
        if (const int added = task->count(TaskItem::Result::Done); added > 0)
            Q_EMIT keysAdded(added);
        Q_EMIT importFinished();
    });
}

void KeyImportDialog::finishImport()
{
    m_import->setEnabled(true);
    m_text->setReadOnly(false);
    m_progress->setVisible(false);
    m_stop->setVisible(false);
}

} // namespace exadesk
