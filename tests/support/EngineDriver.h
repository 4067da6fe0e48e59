#pragma once

#include "ManualClock.h"
#include "gateway/Gateway.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QTimer>

#include <functional>

// Runs a gateway on a ManualClock until `done`: the event loop runs while requests are on the
// wire, and whenever nothing is, time jumps to the engine's next timer (a backoff, a cool-down,
// a rate-limit token). Hours of engine time pass in milliseconds, with no sleeps. Gives up,
// returning false, after `timeoutMs` of real time.
namespace testsupport {

inline bool driveUntil(ManualClock& clock, const exadesk::Gateway& gateway, const std::function<bool()>& done,
                       int timeoutMs = 60'000)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        // An answer handled in one round posts its signals for the next: settle them before
        // deciding that nothing is happening.
        for (int round = 0; round < 4 && !done(); ++round) {
            QCoreApplication::processEvents(QEventLoop::AllEvents);
            QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        }
        if (done())
            return true;
        if (gateway.networkInFlight() == 0) {
            // An answer that came in the last round has posted its signals (a call's end): they
            // are delivered before time may jump. No answer can come in this one pass, as none
            // is on its way.
            QCoreApplication::processEvents(QEventLoop::AllEvents);
            if (done())
                return true;
            if (gateway.networkInFlight() == 0 && clock.advanceToNextTimer())
                continue;
        }
        // Something is on its way (an answer, a queued signal): wait for it, but wake up now
        // and then in case nothing comes.
        QTimer guard;
        guard.setSingleShot(true);
        guard.start(50);
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    }
    return true;
}

} // namespace testsupport
