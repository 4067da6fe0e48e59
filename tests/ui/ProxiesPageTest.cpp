// The Proxies page with real widgets (offscreen), over the engine with a real SQLite file and an
// in-memory keychain: adding (passwords sealed, never in clear), testing through a real proxy,
// enabling, disabling, removing.
#include "proxies/ProxiesPage.h"

#include "FakeExaServer.h"
#include "LocalProxy.h"
#include "MemorySecretStore.h"
#include "TestEngine.h"
#include "Wait.h"
#include "gateway/Gateway.h"
#include "storage/PoolRecords.h"
#include "storage/VaultRecords.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QDialog>
#include <QDialogButtonBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTimer>

#include <gtest/gtest.h>

#include <memory>

using namespace exadesk;
using testsupport::MemorySecretStore;
using namespace Qt::StringLiterals;

namespace {

class ProxiesPageTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(fake.listen());
        engine = testsupport::makeEngine(dir, secrets, fake.baseUrl(), {{u"request.timeout-seconds"_s, u"5"_s}});
        database = engine->database();
        gateway = &engine->gateway();
        for (int i = 0; i < 4; ++i)
            gateway->addKey(
                {u"id-%1"_s.arg(i), u"k%1"_s.arg(i), u"proxy-page-key-%1-0000-1111"_s.arg(i), {}, {}, 0, 0.0});
        page = std::make_unique<ProxiesPage>(*engine);
        page->show();
    }

    void add(const QString& text)
    {
        QSignalSpy added(page.get(), &ProxiesPage::proxiesAdded);
        QSignalSpy said(page.get(), &ProxiesPage::message);
        page->addProxies(text);
        ASSERT_TRUE(testsupport::waitForSignals(added));
        lastMessage = said.constLast().constFirst().toString();
    }

    void selectRow(int row)
    {
        page->view()->clearSelection();
        page->view()->selectionModel()->select(page->model()->index(row, 0),
                                               QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }

    fakeexa::FakeExaServer fake;
    QTemporaryDir dir;
    MemorySecretStore secrets;
    std::unique_ptr<Engine> engine;
    Database* database = nullptr;
    Gateway* gateway = nullptr;
    std::unique_ptr<ProxiesPage> page;
    QString lastMessage;
};

TEST_F(ProxiesPageTest, AddsProxiesSealsPasswordsAndReportsBadLines)
{
    QAbstractItemModelTester tester(page->model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    EXPECT_TRUE(page->isShowingEmptyState());
    add(u"http://127.0.0.1:3128\nsocks5://alice:s3cret-pass@127.0.0.1:1080\nftp://nope\n"_s);
    EXPECT_TRUE(lastMessage.contains(u"line 3"_s)) << qPrintable(lastMessage);
    ASSERT_EQ(page->model()->rowCount(), 2);
    EXPECT_FALSE(page->isShowingEmptyState());
    for (int row = 0; row < 2; ++row) {
        for (int column = 0; column < ProxyTableModel::ColumnCount; ++column)
            EXPECT_FALSE(page->model()->index(row, column).data().toString().contains(u"s3cret"_s));
    }
    StorageError error;
    EXPECT_EQ(PoolRecords(*database).proxies(&error).size(), 2);
    EXPECT_EQ(VaultRecords(*database).sealedProxies(&error).size(), 1);
    EXPECT_FALSE(std::any_of(secrets.entries().cbegin(), secrets.entries().cend(),
                             [](const QString& value) { return value == u"s3cret-pass"_s; }));
    // Every key is bound to one of them.
    for (int key = 0; key < 4; ++key)
        gateway->proxyFor(key);
    Q_EMIT gateway->keyStatsChanged(0);
    int bound = 0;
    for (int row = 0; row < 2; ++row)
        bound += page->model()->index(row, ProxyTableModel::KeysBound).data().toInt();
    EXPECT_EQ(bound, 4);
}

TEST_F(ProxiesPageTest, DisablingIsSavedAndRemovingAsksFirst)
{
    add(u"http://127.0.0.1:3128\nhttp://127.0.0.1:3129\n"_s);
    selectRow(0);
    page->disableAction()->trigger();
    EXPECT_EQ(page->model()->index(0, ProxyTableModel::State).data().toString(), u"disabled"_s);
    StorageError error;
    const QList<ProxyRecord> rows = PoolRecords(*database).proxies(&error);
    EXPECT_EQ(std::count_if(rows.cbegin(), rows.cend(), [](const ProxyRecord& row) { return !row.enabled; }), 1);

    page->setConfirm([](const QString&) { return false; });
    page->removeAction()->trigger();
    EXPECT_EQ(page->model()->rowCount(), 2);
    page->setConfirm([](const QString&) { return true; });
    page->removeAction()->trigger();
    ASSERT_TRUE(testsupport::waitUntil([&] { return page->model()->rowCount() == 1; }));
    EXPECT_EQ(PoolRecords(*database).proxies(&error).size(), 1);
}

TEST_F(ProxiesPageTest, TestSaysWhichProxiesReachExaAndParksADeadOne)
{
    if (testsupport::LocalProxy::program(testsupport::LocalProxy::Kind::Http).isEmpty())
        GTEST_SKIP() << "tinyproxy is not installed (scripts/install-deps.sh installs it)";
    testsupport::LocalProxy working;
    ASSERT_TRUE(working.start(testsupport::LocalProxy::Kind::Http)) << qPrintable(working.errorOutput());
    const quint16 deadPort = testsupport::freePort(); // nothing listens there
    add(working.url() + u"\nhttp://127.0.0.1:%1\n"_s.arg(deadPort));
    ASSERT_EQ(page->model()->rowCount(), 2);

    QSignalSpy finished(page.get(), &ProxiesPage::testsFinished);
    QSignalSpy said(page.get(), &ProxiesPage::message);
    page->view()->selectAll();
    ASSERT_TRUE(page->testAction()->isEnabled());
    page->testAction()->trigger();
    EXPECT_FALSE(page->testAction()->isEnabled()); // both are being tested
    ASSERT_TRUE(testsupport::waitForSignals(finished));

    const QString summary = said.constLast().constFirst().toString();
    EXPECT_TRUE(summary.contains(u"1 proxy works"_s)) << qPrintable(summary);
    EXPECT_TRUE(summary.contains(u"1 proxy failed"_s)) << qPrintable(summary);
    EXPECT_TRUE(summary.contains(QString::number(deadPort))) << qPrintable(summary);
    // Exa's address was reached through the working proxy, with no key.
    EXPECT_EQ(fake.lastRequest().method, "GET");
    EXPECT_EQ(fake.lastRequest().path, u"/"_s);
    EXPECT_TRUE(fake.lastRequest().header("x-api-key").isEmpty());
    // The dead one is set aside with the reason; the working one stays in use.
    const int dead = gateway->proxies().indexOf(u"http://127.0.0.1:%1"_s.arg(deadPort));
    ASSERT_GE(dead, 0);
    EXPECT_FALSE(gateway->proxies().isUsable(dead, QDateTime::currentMSecsSinceEpoch()));
    EXPECT_FALSE(gateway->proxies().at(dead).stats.lastError.isEmpty());
    EXPECT_TRUE(
        gateway->proxies().isUsable(gateway->proxies().indexOf(working.url()), QDateTime::currentMSecsSinceEpoch()));
    EXPECT_TRUE(page->testAction()->isEnabled());
}

TEST_F(ProxiesPageTest, AProxyRemovedUnderTestEndsItsTest)
{
    QTcpServer silent; // takes connections, never answers
    ASSERT_TRUE(silent.listen(QHostAddress::LocalHost));
    add(u"http://127.0.0.1:%1\n"_s.arg(silent.serverPort()));
    QSignalSpy finished(page.get(), &ProxiesPage::testsFinished);
    QSignalSpy said(page.get(), &ProxiesPage::message);
    selectRow(0);
    page->testAction()->trigger();
    ASSERT_FALSE(page->testAction()->isEnabled());
    ASSERT_TRUE(testsupport::waitUntil([&] { return silent.hasPendingConnections(); }));
    ASSERT_TRUE(gateway->removeProxy(gateway->proxies().indexOf(u"http://127.0.0.1:%1"_s.arg(silent.serverPort()))));
    ASSERT_EQ(finished.size(), 1);
    EXPECT_TRUE(said.constLast().constFirst().toString().contains(u"removed"_s))
        << qPrintable(said.constLast().constFirst().toString());
}

TEST_F(ProxiesPageTest, TheAddDialogSaysWhichLinesAreNoProxyAndStaysOpen)
{
    QList<bool> stillOpen;
    QString problems;
    page->setAddDialogShown([&](QDialog& dialog) {
        QTimer::singleShot(0, &dialog, [&] {
            auto* text = dialog.findChild<QPlainTextEdit*>();
            auto* buttons = dialog.findChild<QDialogButtonBox*>();
            auto* said = dialog.findChild<QLabel*>(u"proxyLineProblems"_s);
            ASSERT_TRUE(text && buttons && said);
            text->setPlainText(u"# mine\nhttp://127.0.0.1:3128\nnot a proxy\nsocks5://bob:hunter2-pass@\n"_s);
            QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
            stillOpen.append(dialog.isVisible());
            problems = said->isVisible() ? said->text() : QString();
            text->setPlainText(u"# mine\nhttp://127.0.0.1:3128\n"_s);
            QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
            stillOpen.append(dialog.isVisible());
        });
    });
    QSignalSpy added(page.get(), &ProxiesPage::proxiesAdded);
    page->addAction()->trigger();
    EXPECT_EQ(stillOpen, (QList<bool>{true, false}));
    EXPECT_TRUE(problems.contains(u"line 3: "_s)) << qPrintable(problems);
    EXPECT_TRUE(problems.contains(u"line 4: "_s)) << qPrintable(problems);
    EXPECT_FALSE(problems.contains(u"line 2"_s)) << qPrintable(problems);
    EXPECT_FALSE(problems.contains(u"hunter2"_s)) << "a password in what is shown";
    ASSERT_TRUE(testsupport::waitForSignals(added));
    EXPECT_EQ(page->model()->rowCount(), 1);
}

} // namespace
