#pragma once

#include "base/Clock.h"
#include "base/PoolStates.h"
#include "calls/PoolAlerts.h"

#include <QHash>
#include <QObject>
#include <QStringList>

#include <array>
#include <memory>

namespace exadesk {

class Engine;

// A notification for a person, in their language.
struct AlertNotice
{
    PoolAlert alert = PoolAlert::KeyInvalid;
    QString title;
    QString text;
    QString subjectId; // the key's or proxy's id, when it is about one
};

// Watches the engine for what deserves a notification: a key Exa refused or found out of credit,
// a proxy parked, every key resting (for kRestingGraceMs: one key's 1 s cool-down after a 429 is
// not news), the share of failed calls over the threshold (the same conditions /metrics shows).
// Each is said once as it begins; more of the same kind within kCoalesceMs become one notice at
// the window's end ("2 more keys were refused"). Only changes after start() count, so a key an
// earlier run found invalid is not announced at every launch.
class AlertMonitor : public QObject
{
    Q_OBJECT

public:
    static constexpr qint64 kCoalesceMs = 60'000;
    static constexpr qint64 kRestingGraceMs = 10'000;
    static constexpr qint64 kCheckEveryMs = 5'000;

    // Time from `clock`, or the engine's when none is given.
    explicit AlertMonitor(Engine& engine, Clock* clock = nullptr, QObject* parent = nullptr);
    ~AlertMonitor() override;

    // Takes the pool as it is now as known, and watches from here.
    void start();
    // An alert turned off is neither said nor held for later.
    void setEnabled(PoolAlert alert, bool enabled);

    // Its name in the reader's language: "A key was refused", ...
    static QString describe(PoolAlert alert);

Q_SIGNALS:
    void raised(const exadesk::AlertNotice& notice);

private:
    void keyStateChanged(int index);
    void proxyChanged(int index);
    bool isDown(int proxyIndex) const;
    void check();
    void checkSoon();
    // `name` is how the subject reads in a sentence (a key's label); empty for the pool's alerts.
    void raise(PoolAlert alert, const QString& name, const QString& subjectId, const QString& detail);
    void endWindow(PoolAlert alert);
    QString firstText(PoolAlert alert, const QString& name, const QString& detail) const;
    static QString laterText(PoolAlert alert, const QStringList& names, int times);

    struct Kind
    {
        bool enabled = true;
        std::unique_ptr<ClockTimer> window; // active while notices of this kind are coalesced
        QStringList held; // names said during the window, to be told at its end
        int heldTimes = 0;
        QString heldSubject;
    };

    Engine& m_engine;
    Clock& m_clock;
    bool m_started = false;
    std::array<Kind, kPoolAlerts.size()> m_kinds;
    QHash<int, KeyState> m_keyStates; // by index, as last seen
    QHash<int, bool> m_proxyDown; // by index, as last seen
    qint64 m_restingSinceMs = 0; // 0: some key can take a call
    bool m_restingSaid = false;
    bool m_errorRateSaid = false;
    bool m_checkPending = false;
    ClockTimer m_checks;
};

} // namespace exadesk
