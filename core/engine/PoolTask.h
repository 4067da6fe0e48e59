#pragma once

#include <QList>
#include <QObject>
#include <QString>

#include <functional>
#include <vector>

namespace exadesk {

// What a task did with one key or proxy, in words without its secret.
struct TaskItem
{
    enum class Result
    {
        Done, // added, removed, changed; for a test: Exa took it
        Duplicate, // already in the pool, or twice in the text
        Malformed, // the line is not a key or a proxy
        Failed, // the keychain, the database or a test refused it
        Skipped, // left alone: not there, resting or disabled (for a test)
    };
    int line = 0; // where it came from in a text (0: not from one)
    Result result = Result::Done;
    QString id; // the key's or proxy's id, when known
    QString message; // why; for a test, its verdict
};

// A running change to the pool: adding, importing, removing, enabling, disabling, re-tagging
// or testing keys and proxies, or loading them. Progress as it goes, finished() once, always
// from the event loop. Whoever runs the task fills it in through the second half of the class.
class PoolTask : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    bool isFinished() const { return m_finished; }
    // Set when the task as a whole failed (the database is locked, the keychain is away); what
    // happened to each key or proxy is in items().
    const QString& error() const { return m_error; }
    // In line order, for a task made from a text.
    const QList<TaskItem>& items() const { return m_items; }
    int count(TaskItem::Result result) const;

    // Stops before the next key or proxy; what was done stays done (and consistent).
    void cancel() { m_cancelled = true; }
    bool isCancelled() const { return m_cancelled; }

    // For whoever runs the task.
    void add(const TaskItem& item) { m_items.append(item); }
    void setError(const QString& error) { m_error = error; }
    void reportProgress(int done, int total) { Q_EMIT progress(done, total); }
    // `step` runs as the task finishes, before finished() is emitted (the gateway takes the keys
    // the vault stored, say); steps run in the order they were added.
    void addFinalStep(std::function<void(PoolTask&)> step) { m_finalSteps.push_back(std::move(step)); }
    // Ends the task now (items are put in line order); later calls are ignored.
    void finish(const QString& error = {});
    // As finish(), from the event loop: for a task that ends before its starter could connect.
    void finishLater(const QString& error = {});
    // A task that fails as a whole, with `error`, as soon as its starter has connected.
    static PoolTask* failing(const QString& error, QObject* parent);

Q_SIGNALS:
    void progress(int done, int total);
    void finished();

private:
    bool m_finished = false;
    bool m_cancelled = false;
    QString m_error;
    QList<TaskItem> m_items;
    std::vector<std::function<void(PoolTask&)>> m_finalSteps;
};

} // namespace exadesk
