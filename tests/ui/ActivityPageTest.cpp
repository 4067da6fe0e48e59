// The Activity page over a real request log: every call listed, filtered by outcome and key,
// an entry opened in full, keys masked.
#include "activity/ActivityPage.h"

#include "Wait.h"
#include "gateway/Gateway.h"
#include "logging/KeyMask.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

#include <memory>

using namespace exadesk;
using namespace Qt::StringLiterals;

namespace {

const QString kWork = u"66666666-7777-8888-9999-aaaaaaaa9f3c"_s;
const QString kHome = u"77777777-8888-9999-aaaa-bbbbbbbb1234"_s;

class ActivityPageTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        database = std::make_unique<Database>(dir.filePath(u"exadesk.sqlite"_s));
        StorageError error;
        ASSERT_TRUE(database->open(&error));
        gateway = std::make_unique<Gateway>(Clock::system());
        gateway->addKey({u"id-work"_s, u"work"_s, kWork, {}, {}, 0, 0.0});
        gateway->addKey({u"id-home"_s, u"home"_s, kHome, {}, {}, 0, 0.0});
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        ASSERT_TRUE(RequestLog(*database).append(
            {{0,
              now - 3000,
              u"search"_s,
              u"rust"_s,
              u"id-work"_s,
              u"direct"_s,
              200,
              1,
              310,
              0.005,
              {},
              CallSource::Window,
              {}},
             {0,
              now - 2000,
              u"search"_s,
              u"batteries"_s,
              u"id-home"_s,
              u"direct"_s,
              429,
              2,
              900,
              0.0,
              u"Exa limits this key's rate"_s,
              CallSource::LocalPort,
              {{1, now - 2000, u"id-work"_s, u"direct"_s, 429, u"rate limited"_s, 400, u"Exa limits this key's rate"_s},
               {2, now - 1500, u"id-home"_s, u"direct"_s, 429, u"rate limited"_s, 450,
                u"Exa limits this key's rate"_s}}},
             {0,
              now - 1000,
              u"answer"_s,
              u"what is rust"_s,
              u"id-work"_s,
              u"direct"_s,
              401,
              1,
              120,
              0.0,
              u"Exa refused the key"_s,
              CallSource::CommandLine,
              {}}},
            &error))
            << qPrintable(error.message);
        page = std::make_unique<ActivityPage>(*database, *gateway);
    }

    QTemporaryDir dir;
    std::unique_ptr<Database> database;
    std::unique_ptr<Gateway> gateway;
    std::unique_ptr<ActivityPage> page;
};

TEST_F(ActivityPageTest, ListsCallsNewestFirstAndFiltersThem)
{
    QAbstractItemModelTester tester(page->model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    ASSERT_EQ(page->model()->rowCount(), 3);
    EXPECT_EQ(page->model()->index(0, RequestLogModel::Query).data().toString(), u"what is rust"_s);
    EXPECT_EQ(page->model()->index(2, RequestLogModel::Key).data().toString(), maskKey(kWork));

    page->statusFilter()->setCurrentIndex(page->statusFilter()->findData(-2)); // failed
    EXPECT_EQ(page->model()->rowCount(), 2);
    page->statusFilter()->setCurrentIndex(page->statusFilter()->findData(429));
    ASSERT_EQ(page->model()->rowCount(), 1);
    EXPECT_EQ(page->model()->index(0, RequestLogModel::Query).data().toString(), u"batteries"_s);
    page->statusFilter()->setCurrentIndex(0);
    page->keyFilter()->setCurrentIndex(page->keyFilter()->findData(u"id-work"_s));
    EXPECT_EQ(page->model()->rowCount(), 2);
}

TEST_F(ActivityPageTest, AnEntryOpensInFullWithTheKeyMasked)
{
    const QString details = page->details(0);
    EXPECT_TRUE(details.contains(u"Exa refused the key"_s)) << qPrintable(details);
    EXPECT_TRUE(details.contains(u"401"_s));
    EXPECT_TRUE(details.contains(maskKey(kWork).toHtmlEscaped()) || details.contains(maskKey(kWork)));
    EXPECT_FALSE(details.contains(kWork));
    EXPECT_TRUE(details.contains(u"Command line"_s));
}

TEST_F(ActivityPageTest, AnEntryListsEachOfItsAttempts)
{
    ASSERT_EQ(page->model()->index(1, RequestLogModel::Source).data().toString(), u"Local port"_s);
    const QString details = page->details(1);
    // Two rows, one per key tried, in the order they were tried, the second 500 ms after the first.
    const qsizetype work = details.indexOf(maskKey(kWork).toHtmlEscaped());
    const qsizetype home = details.indexOf(maskKey(kHome).toHtmlEscaped(), work + 1);
    EXPECT_GE(work, 0) << qPrintable(details);
    EXPECT_GT(home, work) << qPrintable(details);
    EXPECT_TRUE(details.contains(u"500 ms"_s)) << qPrintable(details);
    EXPECT_EQ(details.count(u"rate limited"_s), 2) << qPrintable(details);
    EXPECT_FALSE(details.contains(kWork));
    EXPECT_FALSE(details.contains(kHome));
}

TEST_F(ActivityPageTest, FollowsTheLogWhileShownAndCatchesUpWhenShownAgain)
{
    const auto addEntry = [this](const QString& query) {
        StorageError error;
        ASSERT_TRUE(RequestLog(*database).append({{0,
                                                   QDateTime::currentMSecsSinceEpoch(),
                                                   u"search"_s,
                                                   query,
                                                   u"id-work"_s,
                                                   u"direct"_s,
                                                   200,
                                                   1,
                                                   50,
                                                   0.0,
                                                   {},
                                                   CallSource::LocalPort,
                                                   {}}},
                                                 &error));
    };
    page->show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(page.get()));
    page->view()->selectRow(1);
    const qint64 selected = page->model()->entry(1).id;

    addEntry(u"first new"_s);
    page->logChanged();
    ASSERT_EQ(page->model()->rowCount(), 4);
    EXPECT_EQ(page->model()->index(0, RequestLogModel::Query).data().toString(), u"first new"_s);
    // What the person was looking at stays selected, one row down.
    EXPECT_EQ(page->model()->entry(page->view()->currentIndex().row()).id, selected);
    // A burst is read once, a moment later.
    addEntry(u"burst"_s);
    page->logChanged();
    EXPECT_EQ(page->model()->rowCount(), 4);
    ASSERT_TRUE(testsupport::waitUntil([&] { return page->model()->rowCount() == 5; }));

    page->hide();
    addEntry(u"second new"_s);
    page->logChanged();
    EXPECT_EQ(page->model()->rowCount(), 5); // not read while hidden
    page->show();
    EXPECT_EQ(page->model()->rowCount(), 6);
    EXPECT_EQ(page->model()->index(0, RequestLogModel::Query).data().toString(), u"second new"_s);
}

} // namespace
