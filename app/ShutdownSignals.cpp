#include "ShutdownSignals.h"

#include <QSocketNotifier>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace exadesk {

#ifdef Q_OS_UNIX
namespace {

int g_pipe[2] = {-1, -1};
struct sigaction g_previous[2];
constexpr int kSignals[2] = {SIGINT, SIGTERM};

extern "C" void onSignal(int)
{
    // Only async-signal-safe calls here; errno is the interrupted code's.
    const int saved = errno;
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(g_pipe[0], &byte, 1);
    errno = saved;
}

} // namespace
#endif

ShutdownSignals::ShutdownSignals(QObject* parent)
    : QObject(parent)
{
#ifdef Q_OS_UNIX
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_pipe) != 0)
        return;
    // A flood of signals must never block the handler, and the pair is not inherited.
    for (const int end : g_pipe) {
        ::fcntl(end, F_SETFL, ::fcntl(end, F_GETFL) | O_NONBLOCK);
        ::fcntl(end, F_SETFD, FD_CLOEXEC);
    }
    m_notifier = new QSocketNotifier(g_pipe[1], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, [this] {
        char bytes[64];
        ssize_t count = 0;
        while ((count = ::read(g_pipe[1], bytes, sizeof bytes)) > 0) {
            for (ssize_t i = 0; i < count; ++i)
                Q_EMIT requested(++m_count);
        }
    });
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    for (int i = 0; i < 2; ++i)
        ::sigaction(kSignals[i], &action, &g_previous[i]);
#endif
}

ShutdownSignals::~ShutdownSignals()
{
#ifdef Q_OS_UNIX
    if (m_notifier) {
        for (int i = 0; i < 2; ++i)
            ::sigaction(kSignals[i], &g_previous[i], nullptr);
    }
    delete m_notifier;
    for (int& end : g_pipe) {
        if (end != -1)
            ::close(end);
        end = -1;
    }
#endif
}

} // namespace exadesk
