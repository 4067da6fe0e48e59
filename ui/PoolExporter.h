#pragma once

#include <QObject>
#include <QPointer>

#include <functional>
#include <optional>

class QWidget;

namespace exadesk {

class Engine;

// File > Export: asks whether the keys themselves go in and where the file goes, then writes the
// pool's JSON (as `exadesk export` does) to a file only the user can read, off the event loop.
class PoolExporter : public QObject
{
    Q_OBJECT

public:
    struct Choice
    {
        QString path;
        bool withSecrets = false;
    };

    PoolExporter(Engine& engine, QWidget* window, QObject* parent = nullptr);

    // What asks the person (dialogs by default; tests answer for them). No choice: cancelled.
    void setAsk(std::function<std::optional<Choice>()> ask) { m_ask = std::move(ask); }
    void start();
    bool isWriting() const { return m_writing; }

Q_SIGNALS:
    // A sentence for the status bar: where it went, or what went wrong.
    void finished(const QString& message, bool written);

private:
    std::optional<Choice> askWithDialogs();

    Engine& m_engine;
    QPointer<QWidget> m_window;
    std::function<std::optional<Choice>()> m_ask;
    bool m_writing = false;
};

} // namespace exadesk
