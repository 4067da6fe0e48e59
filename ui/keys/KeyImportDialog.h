#pragma once

#include <QDialog>
#include <QPointer>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;

namespace exadesk {

class KeyTasks;
class PoolTask;

// Many keys at once, pasted or from a file: one per line or "label,key", '#' comments. The
// report says, line by line, what was added and why a line was not. A long import shows its
// progress and can be stopped; what was added stays added.
class KeyImportDialog : public QDialog
{
    Q_OBJECT

public:
    explicit KeyImportDialog(KeyTasks& keys, QWidget* parent = nullptr);

    void setText(const QString& text);
    void startImport();
    bool isRunning() const { return !m_task.isNull(); }
    QString reportText() const;
    QString summaryText() const;

Q_SIGNALS:
    // Keys now in the vault and the pool.
    void keysAdded(int count);
    void importFinished();

private:
    void openFile();
    void finishImport();

    KeyTasks& m_keys;
    QPlainTextEdit* m_text;
    QLineEdit* m_tags;
    QPushButton* m_import;
    QPushButton* m_stop;
    QProgressBar* m_progress;
    QLabel* m_summary;
    QPlainTextEdit* m_report;
    QPointer<PoolTask> m_task;
};

} // namespace exadesk
