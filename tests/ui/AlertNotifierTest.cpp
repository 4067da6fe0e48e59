// Alerts as desktop notifications without a tray: sent to the freedesktop notification service
// on a real D-Bus session (a stand-in server of the test's own, on a connection of its own), and
// a click on one (its "default" action) asks for the page that explains it.
#include "AlertNotifier.h"

#include "Wait.h"

#include <QDBusConnection>
#include <QSignalSpy>
#include <QVariantMap>

#include <gtest/gtest.h>

using namespace exadesk;
using namespace Qt::StringLiterals;

namespace {

// The part of the Desktop Notifications specification a client uses.
class FakeNotificationServer : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")

public:
    FakeNotificationServer()
        : m_bus(QDBusConnection::connectToBus(QDBusConnection::SessionBus, u"fake-notifications"_s))
    { }
    ~FakeNotificationServer() override
    {
        m_bus.unregisterService(QLatin1StringView(AlertNotifier::kService));
        QDBusConnection::disconnectFromBus(u"fake-notifications"_s);
    }

    bool publish()
    {
        return m_bus.isConnected()
            && m_bus.registerObject(QLatin1StringView(AlertNotifier::kPath), this,
                                    QDBusConnection::ExportAllSlots | QDBusConnection::ExportAllSignals)
            && m_bus.registerService(QLatin1StringView(AlertNotifier::kService));
    }

    struct Shown
    {
        QString appName;
        QString summary;
        QString body;
        QStringList actions;
    };
    QList<Shown> shown;

public Q_SLOTS:
    uint Notify(const QString& appName, uint replacesId, const QString& icon, const QString& summary,
                const QString& body, const QStringList& actions, const QVariantMap& hints, int timeout)
    {
        Q_UNUSED(replacesId);
        Q_UNUSED(icon);
        Q_UNUSED(hints);
        Q_UNUSED(timeout);
        shown.append({appName, summary, body, actions});
        return static_cast<uint>(shown.size()) + 40;
    }

Q_SIGNALS:
    void ActionInvoked(uint id, const QString& actionKey);
    void NotificationClosed(uint id, uint reason);

private:
    QDBusConnection m_bus;
};

AlertNotice refusedKey()
{
    return {PoolAlert::KeyInvalid, u"A key was refused by Exa"_s,
            u"Exa refused the key \u201cwork\u201d (exa-\u20269f3c)."_s, u"id-work"_s};
}

TEST(AlertNotifierTest, WithoutATrayTheNotificationServiceShowsItAndAClickOpensItsPage)
{
    FakeNotificationServer server;
    ASSERT_TRUE(server.publish());
    AlertNotifier notifier(nullptr);
    QSignalSpy opened(&notifier, &AlertNotifier::opened);
    QSignalSpy unshown(&notifier, &AlertNotifier::unshown);

    notifier.show(refusedKey());
    ASSERT_TRUE(testsupport::waitUntil([&] { return !server.shown.isEmpty(); }));
    const FakeNotificationServer::Shown& shown = server.shown.first();
    EXPECT_EQ(shown.appName, u"ExaDesk"_s);
    EXPECT_EQ(shown.summary, refusedKey().title);
    EXPECT_EQ(shown.body, refusedKey().text);
    ASSERT_GE(shown.actions.size(), 2);
    EXPECT_EQ(shown.actions.first(), u"default"_s);

    // Another program's notification clicked is none of ours; ours (the id the server gave it)
    // is. Signals keep their order on the bus, so the first to open is the one that counts.
    Q_EMIT server.ActionInvoked(7, u"default"_s);
    Q_EMIT server.ActionInvoked(41, u"default"_s);
    ASSERT_TRUE(testsupport::waitForSignals(opened));
    const auto notice = opened.first().first().value<AlertNotice>();
    EXPECT_EQ(notice.alert, PoolAlert::KeyInvalid);
    EXPECT_EQ(notice.subjectId, u"id-work"_s);
    EXPECT_EQ(unshown.count(), 0);

    // Once closed, a late click on it opens nothing: the next to open is a newer notification.
    AlertNotice proxyDown{PoolAlert::ProxyDown, u"A proxy is down"_s, u"The proxy ... is parked."_s, u"p"_s};
    notifier.show(proxyDown);
    ASSERT_TRUE(testsupport::waitUntil([&] { return server.shown.size() == 2; }));
    Q_EMIT server.NotificationClosed(41, 2);
    Q_EMIT server.ActionInvoked(41, u"default"_s);
    Q_EMIT server.ActionInvoked(42, u"default"_s);
    ASSERT_TRUE(testsupport::waitForSignals(opened, 2));
    EXPECT_EQ(opened.at(1).first().value<AlertNotice>().alert, PoolAlert::ProxyDown);
}

TEST(AlertNotifierTest, WithNoServiceTheWindowIsToldInstead)
{
    AlertNotifier notifier(nullptr);
    QSignalSpy unshown(&notifier, &AlertNotifier::unshown);
    notifier.show(refusedKey());
    ASSERT_TRUE(testsupport::waitForSignals(unshown));
    EXPECT_EQ(unshown.first().first().value<AlertNotice>().text, refusedKey().text);
}

} // namespace

#include "AlertNotifierTest.moc"
