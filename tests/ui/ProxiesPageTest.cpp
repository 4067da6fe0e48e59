// The Proxies page with real widgets (offscreen), a real SQLite file and a vault over an
// in-memory keychain: adding (passwords to the keychain only), enabling, disabling, removing.
#include "proxies/ProxiesPage.h"

#include "Wait.h"
#include "gateway/Gateway.h"
#include "secrets/Vault.h"
#include "storage/PoolRecords.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <memory>

using namespace exadesk;
using namespace Qt::StringLiterals;

namespace {

class ProxiesPageTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        database = std::make_unique<Database>(dir.filePath(u"exadesk.sqlite"_s));
        StorageError error;
        ASSERT_TRUE(database->open(&error));
        vault = std::make_unique<Vault>(*database, secrets);
        gateway = std::make_unique<Gateway>(Clock::system());
        for (int i = 0; i < 4; ++i)
            gateway->addKey(
                {u"id-%1"_s.arg(i), u"k%1"_s.arg(i), u"proxy-page-key-%1-0000-1111"_s.arg(i), {}, {}, 0, 0.0});
        page = std::make_unique<ProxiesPage>(*gateway, *vault, *database);
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

    QTemporaryDir dir;
    std::unique_ptr<Database> database;
    MemorySecretStore secrets;
    std::unique_ptr<Vault> vault;
    std::unique_ptr<Gateway> gateway;
    std::unique_ptr<ProxiesPage> page;
    QString lastMessage;
};

TEST_F(ProxiesPageTest, AddsProxiesKeepsPasswordsInTheKeychainAndReportsBadLines)
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
    EXPECT_TRUE(std::any_of(secrets.entries().cbegin(), secrets.entries().cend(),
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

} // namespace
