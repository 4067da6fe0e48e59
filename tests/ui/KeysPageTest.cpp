// The Keys page with real widgets (offscreen), over the engine with a real SQLite file, an
// in-memory keychain and the fake Exa server.
#include "keys/KeysPage.h"

#include "FakeExaServer.h"
#include "MemorySecretStore.h"
#include "TestEngine.h"
#include "Wait.h"
#include "gateway/Gateway.h"
#include "keys/AddKeyDialog.h"
#include "keys/KeyFilterModel.h"
#include "keys/KeyImportDialog.h"
#include "keys/KeyTableModel.h"
#include "logging/KeyMask.h"
#include "pool/KeysFile.h"
#include "storage/PoolRecords.h"
#include "storage/VaultRecords.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QGuiApplication>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMimeData>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <gtest/gtest.h>

#include <memory>

using namespace exadesk;
using testsupport::MemorySecretStore;
using namespace Qt::StringLiterals;
using testsupport::waitUntil;

namespace {

const QString kWork = u"11111111-2222-3333-4444-555555559f3c"_s;
const QString kHome = u"22222222-3333-4444-5555-66666666aaaa"_s;
const QString kDead = u"33333333-4444-5555-6666-777777770dea"_s;

class KeysPageTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        fakeexa::FakeExaOptions fakeOptions;
        fakeOptions.keys = {kWork, kHome};
        fakeOptions.instant = true;
        fake = std::make_unique<fakeexa::FakeExaServer>(fakeOptions);
        ASSERT_TRUE(fake->listen());
        engine = testsupport::makeEngine(dir, secrets, fake->baseUrl(), testsupport::quietSettings());
        database = engine->database();
        gateway = &engine->gateway();
        page = std::make_unique<KeysPage>(*engine);
        page->resize(1100, 600);
        page->show();
        ASSERT_TRUE(QTest::qWaitForWindowExposed(page.get()));
    }

    // Imports `text` through the dialog, as a person pasting it would.
    KeyImportDialog* import(const QString& text)
    {
        KeyImportDialog* dialog = page->importDialog();
        QSignalSpy finished(dialog, &KeyImportDialog::importFinished);
        dialog->setText(text);
        dialog->startImport();
        EXPECT_TRUE(testsupport::waitForSignals(finished));
        return dialog;
    }

    void importThree() { import(u"work,"_s + kWork + u"\nhome,"_s + kHome + u"\ndead,"_s + kDead + u'\n'); }

    int rowOfLabel(const QString& label) const
    {
        const QAbstractItemModel* model = page->filter();
        for (int row = 0; row < model->rowCount(); ++row) {
            if (model->index(row, KeyTableModel::Label).data().toString() == label)
                return row;
        }
        return -1;
    }

    QString cell(const QString& label, int column) const
    {
        const int row = rowOfLabel(label);
        return row < 0 ? QString() : page->filter()->index(row, column).data().toString();
    }

    void select(const QStringList& labels)
    {
        page->view()->clearSelection();
        for (const QString& label : labels) {
            const int row = rowOfLabel(label);
            ASSERT_GE(row, 0) << qPrintable(label);
            page->view()->selectionModel()->select(page->filter()->index(row, 0),
                                                   QItemSelectionModel::Select | QItemSelectionModel::Rows);
        }
    }

    bool search()
    {
        exa::SearchRequest request;
        request.query = u"rust"_s;
        PendingCall* call = gateway->submit(exa::ExaCall::search(request));
        waitUntil([&] { return call->isEnded(); });
        const bool ok = call->isSuccess();
        call->deleteLater();
        return ok;
    }

    QTemporaryDir dir;
    std::unique_ptr<fakeexa::FakeExaServer> fake;
    MemorySecretStore secrets;
    std::unique_ptr<Engine> engine;
    Database* database = nullptr;
    Gateway* gateway = nullptr;
    std::unique_ptr<KeysPage> page;
};

TEST_F(KeysPageTest, ModelsStayConsistentThroughEveryChange)
{
    QAbstractItemModelTester sourceTester(page->model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    QAbstractItemModelTester filterTester(page->filter(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy resets(page->model(), &QAbstractItemModel::modelReset);
    importThree();
    ASSERT_EQ(page->model()->rowCount(), 3);
    for (int i = 0; i < 4; ++i)
        ASSERT_TRUE(search());
    page->filterText()->setText(u"home"_s);
    EXPECT_EQ(page->filter()->rowCount(), 1);
    page->filterText()->clear();
    page->view()->sortByColumn(KeyTableModel::State, Qt::DescendingOrder);
    select({u"home"_s});
    page->setConfirm([](const KeysPage::Confirmation&) { return true; });
    page->removeAction()->trigger();
    ASSERT_TRUE(waitUntil([&] { return page->model()->rowCount() == 2; }));
    EXPECT_EQ(resets.size(), 0) << "rows change one by one; the model is never reset";
}

TEST_F(KeysPageTest, TheFirstRunExplainsAndImportReportsEveryLine)
{
    EXPECT_TRUE(page->isShowingEmptyState());
    KeyImportDialog* dialog
        = import(u"# team keys\nwork,"_s + kWork + u"\nshort\nhome,"_s + kHome + u"\nagain,"_s + kWork + u'\n');
    EXPECT_EQ(dialog->summaryText(), u"2 added, 1 duplicate, 1 not added"_s);
    const QString report = dialog->reportText();
    EXPECT_TRUE(report.contains(u"Line 2: added"_s)) << qPrintable(report);
    EXPECT_TRUE(report.contains(u"Line 3: malformed: the key is too short"_s)) << qPrintable(report);
    EXPECT_TRUE(report.contains(u"Line 5: duplicate (the same key as line 2)"_s)) << qPrintable(report);
    EXPECT_FALSE(report.contains(kWork)) << "the report never shows a key";
    EXPECT_FALSE(page->isShowingEmptyState());
    EXPECT_EQ(page->model()->rowCount(), 2);
    EXPECT_EQ(cell(u"work"_s, KeyTableModel::Key), maskKey(kWork));
    EXPECT_EQ(gateway->keys().liveCount(), 2);
    StorageError error;
    EXPECT_EQ(PoolRecords(*database).keys(&error).size(), 2);
    // Sealed beside their rows; the keychain holds the vault key alone.
    EXPECT_EQ(VaultRecords(*database).sealedKeys(&error).size(), 2);
    EXPECT_EQ(secrets.entries().size(), 1);
}

TEST_F(KeysPageTest, StatesUpdateLiveAndFiltersFindThem)
{
    importThree();
    QSignalSpy changed(page->model(), &QAbstractItemModel::dataChanged);
    // Round robin meets the dead key within three searches; Exa refuses it, the call succeeds.
    for (int i = 0; i < 3; ++i)
        ASSERT_TRUE(search());
    EXPECT_FALSE(changed.isEmpty());
    EXPECT_EQ(cell(u"dead"_s, KeyTableModel::State), u"invalid"_s);
    EXPECT_EQ(cell(u"work"_s, KeyTableModel::State), u"active"_s);
    EXPECT_EQ(cell(u"work"_s, KeyTableModel::SuccessRate), u"100 %"_s);
    EXPECT_EQ(cell(u"work"_s, KeyTableModel::Proxy), u"direct"_s);
    if (const QString shots = qEnvironmentVariable("EXADESK_SCREENSHOT_DIR"); !shots.isEmpty()) {
        EXPECT_TRUE(page->grab().save(shots + u"/keys.png"_s));
    }

    page->stateFilter()->setCurrentIndex(page->stateFilter()->findData(static_cast<int>(KeyState::Invalid)));
    ASSERT_EQ(page->filter()->rowCount(), 1);
    EXPECT_EQ(page->filter()->index(0, KeyTableModel::Label).data().toString(), u"dead"_s);
    page->stateFilter()->setCurrentIndex(0);
    page->filterText()->setText(kWork.right(4));
    ASSERT_EQ(page->filter()->rowCount(), 1);
    EXPECT_EQ(page->filter()->index(0, KeyTableModel::Label).data().toString(), u"work"_s);
}

TEST_F(KeysPageTest, ACoolingKeyCountsDown)
{
    fake->script().set(kWork, {fakeexa::FakeOutcome{429, {}, {}, "30", 0, false, false, false, 1}});
    import(u"work,"_s + kWork + u'\n');
    EXPECT_FALSE(search()); // one key, cooling down: the call fails
    const QString first = cell(u"work"_s, KeyTableModel::State);
    EXPECT_TRUE(first.startsWith(u"cooling down · 0:"_s)) << qPrintable(first);
    const QModelIndex state = page->model()->index(0, KeyTableModel::State);
    QSignalSpy ticked(page->model(), &QAbstractItemModel::dataChanged);
    ASSERT_TRUE(waitUntil([&] { return state.data().toString() != first; }, 3'000));
    EXPECT_TRUE(state.data().toString().startsWith(u"cooling down · 0:2"_s)) << qPrintable(state.data().toString());
}

TEST_F(KeysPageTest, TestingARefusedKeyFindsItGoodAgain)
{
    importThree();
    for (int i = 0; i < 3; ++i)
        ASSERT_TRUE(search());
    ASSERT_EQ(cell(u"dead"_s, KeyTableModel::State), u"invalid"_s);
    fake->setAcceptedKeys({kWork, kHome, kDead}); // the user paid
    select({u"dead"_s});
    ASSERT_TRUE(page->testAction()->isEnabled());
    page->setConfirm([](const KeysPage::Confirmation&) { return true; });
    page->testAction()->trigger();
    EXPECT_TRUE(waitUntil([&] { return cell(u"dead"_s, KeyTableModel::State) == u"active"_s; }));
}

TEST_F(KeysPageTest, DisablingAndEnablingIsSavedAndUsed)
{
    importThree();
    select({u"work"_s, u"home"_s});
    EXPECT_TRUE(page->disableAction()->isEnabled());
    EXPECT_FALSE(page->enableAction()->isEnabled());
    page->disableAction()->trigger();
    EXPECT_EQ(cell(u"work"_s, KeyTableModel::State), u"disabled"_s);
    StorageError error;
    EXPECT_EQ(PoolRecords(*database).key(KeysFile::idFor(kWork), &error)->state, KeyState::Disabled);
    // Only the dead key is left to serve: the search fails.
    EXPECT_FALSE(search());
    select({u"work"_s});
    page->enableAction()->trigger();
    EXPECT_EQ(cell(u"work"_s, KeyTableModel::State), u"active"_s);
    EXPECT_EQ(PoolRecords(*database).key(KeysFile::idFor(kWork), &error)->state, KeyState::Active);
    EXPECT_TRUE(search());
}

TEST_F(KeysPageTest, RemovingAsksFirstAndRemovesEverywhere)
{
    importThree();
    select({u"dead"_s, u"home"_s});
    QString asked;
    page->setConfirm([&](const KeysPage::Confirmation& confirmation) {
        asked = confirmation.question;
        EXPECT_EQ(confirmation.action, u"Remove"_s) << "the button names the action";
        return false;
    });
    page->removeAction()->trigger();
    EXPECT_TRUE(asked.contains(u"2 keys"_s)) << qPrintable(asked);
    EXPECT_EQ(page->model()->rowCount(), 3);

    page->setConfirm([](const KeysPage::Confirmation&) { return true; });
    page->removeAction()->trigger();
    ASSERT_TRUE(waitUntil([&] { return page->model()->rowCount() == 1; }));
    EXPECT_EQ(page->model()->index(0, KeyTableModel::Label).data().toString(), u"work"_s);
    EXPECT_EQ(gateway->keys().liveCount(), 1);
    StorageError error;
    EXPECT_EQ(PoolRecords(*database).keys(&error).size(), 1);
    EXPECT_FALSE(VaultRecords(*database).sealedKeys(&error).contains(KeysFile::idFor(kHome)));
}

TEST_F(KeysPageTest, RemovingAKeyNeedsNoKeychain)
{
    importThree();
    select({u"home"_s});
    page->setConfirm([](const KeysPage::Confirmation&) { return true; });
    QSignalSpy said(page.get(), &KeysPage::message);
    const int before = page->model()->rowCount();
    secrets.failWith(SecretError::Kind::Locked);
    page->removeAction()->trigger();
    ASSERT_TRUE(testsupport::waitForSignals(said));
    EXPECT_TRUE(waitUntil([&] { return page->model()->rowCount() == before - 1; }));
    const int home = gateway->keys().indexOf(KeysFile::idFor(kHome));
    EXPECT_TRUE(home < 0 || gateway->keys().at(home).removed);
    EXPECT_TRUE(said.constLast().constFirst().toString().contains(u"1 key removed"_s))
        << qPrintable(said.constLast().constFirst().toString());
}

TEST_F(KeysPageTest, TagsAreSetForTheSelectedKeys)
{
    importThree();
    select({u"work"_s, u"home"_s});
    page->setTagsPrompt([](const QStringList&) { return std::optional(QStringList{u"team"_s, u"paid"_s}); });
    page->retagAction()->trigger();
    EXPECT_EQ(cell(u"work"_s, KeyTableModel::Tags), u"team, paid"_s);
    EXPECT_EQ(cell(u"dead"_s, KeyTableModel::Tags), QString());
    StorageError error;
    EXPECT_EQ(PoolRecords(*database).key(KeysFile::idFor(kHome), &error)->tags, (QStringList{u"team"_s, u"paid"_s}));
    page->filterText()->setText(u"paid"_s);
    EXPECT_EQ(page->filter()->rowCount(), 2);
}

TEST_F(KeysPageTest, ACopiedKeyIsConcealedAndClearedAfterAWhile)
{
    importThree();
    select({u"home"_s});
    page->setClipboardTimeout(200);
    QSignalSpy checked(page.get(), &KeysPage::clipboardChecked);
    page->revealAction()->trigger();
    const QMimeData* data = QGuiApplication::clipboard()->mimeData();
    ASSERT_TRUE(data);
    EXPECT_EQ(data->text(), kHome);
    EXPECT_EQ(data->data(u"x-kde-passwordManagerHint"_s), "secret");
    ASSERT_TRUE(testsupport::waitForSignals(checked, 1));
    EXPECT_TRUE(checked.constLast().constFirst().toBool());
    EXPECT_TRUE(QGuiApplication::clipboard()->text().isEmpty());
    // Something else copied meanwhile is left alone.
    page->revealAction()->trigger();
    QGuiApplication::clipboard()->setText(u"something else"_s);
    ASSERT_TRUE(testsupport::waitForSignals(checked, 2));
    EXPECT_FALSE(checked.constLast().constFirst().toBool());
    EXPECT_EQ(QGuiApplication::clipboard()->text(), u"something else"_s);
}

TEST_F(KeysPageTest, AddingAKeySaysWhatIsWrongInTheDialogWhichStaysOpenUntilItIsRight)
{
    import(u"work,"_s + kWork + u'\n');
    struct Step
    {
        QString label;
        QString secret;
        bool checkNow = false;
    };
    const QList<Step> steps{{u"docs"_s, u"https://dashboard.exa.ai/api-keys"_s},
                            {u"dup "_s + kDead, kHome},
                            {u"again"_s, kWork},
                            {u"home"_s, kHome, true}};
    QStringList problems;
    QList<bool> stillOpen;
    page->setAddKeyDialogShown([&](AddKeyDialog& dialog) {
        QTimer::singleShot(0, &dialog, [&] {
            EXPECT_GE(dialog.secretEdit()->minimumWidth(), QFontMetrics(dialog.font()).horizontalAdvance(kWork));
            QPushButton* add = nullptr;
            for (QAbstractButton* button : dialog.buttons()->buttons()) {
                if (dialog.buttons()->buttonRole(button) == QDialogButtonBox::AcceptRole)
                    add = qobject_cast<QPushButton*>(button);
            }
            ASSERT_TRUE(add);
            for (const Step& step : steps) {
                dialog.labelEdit()->setText(step.label);
                dialog.secretEdit()->setText(step.secret);
                dialog.checkNowBox()->setChecked(step.checkNow);
                QTest::mouseClick(add, Qt::LeftButton);
                stillOpen.append(dialog.isVisible());
                problems.append(dialog.problemLabel()->isVisible() ? dialog.problemLabel()->text() : QString());
                // For looking at it by eye: EXADESK_SCREENSHOT_DIR=... under xvfb-run.
                if (const QString dir = qEnvironmentVariable("EXADESK_SCREENSHOT_DIR");
                    !dir.isEmpty() && problems.size() == 2)
                    dialog.grab().save(dir + u"/add-key.png"_s);
                if (!dialog.isVisible())
                    break;
            }
        });
    });
    QSignalSpy messages(page.get(), &KeysPage::message);
    page->addAction()->trigger();

    ASSERT_EQ(stillOpen, (QList<bool>{true, true, true, false}));
    EXPECT_TRUE(problems[0].contains(u"web address"_s)) << qPrintable(problems[0]);
    EXPECT_TRUE(problems[1].contains(u"label holds what looks like an API key"_s)) << qPrintable(problems[1]);
    EXPECT_EQ(problems[2], u"This key is already in the pool, as \"work\"."_s);
    for (const QString& problem : problems) {
        for (const QString& secret : {kWork, kHome, kDead})
            EXPECT_FALSE(problem.contains(secret)) << "a problem repeats a key";
    }
    // Added, and checked at once as asked: one billed search for it.
    ASSERT_TRUE(testsupport::waitUntil([&] { return gateway->keys().indexOf(KeysFile::idFor(kHome)) >= 0; }));
    EXPECT_EQ(gateway->keys().at(gateway->keys().indexOf(KeysFile::idFor(kHome))).config.label, u"home"_s);
    ASSERT_TRUE(testsupport::waitUntil([&] { return fake->stats(kHome).requests == 1; }));
    EXPECT_EQ(fake->stats(kWork).requests, 0);
}

TEST_F(KeysPageTest, TestingKeysAsksFirstWithTheCountAndTheCostThenSaysHowItWent)
{
    importThree();
    select({u"work"_s, u"home"_s, u"dead"_s});
    KeysPage::Confirmation asked;
    page->setConfirm([&](const KeysPage::Confirmation& confirmation) {
        asked = confirmation;
        return false;
    });
    page->testAction()->trigger();
    EXPECT_EQ(asked.action, u"Test"_s);
    EXPECT_TRUE(asked.question.startsWith(u"Test 3 key"_s)) << qPrintable(asked.question);
    EXPECT_TRUE(asked.question.contains(u"$0.015"_s)) << qPrintable(asked.question);
    EXPECT_EQ(fake->totalRequests(), 0) << "nothing billed without a yes";

    page->setConfirm([](const KeysPage::Confirmation&) { return true; });
    QSignalSpy said(page.get(), &KeysPage::message);
    page->testAction()->trigger();
    ASSERT_TRUE(
        waitUntil([&] { return !said.isEmpty() && said.constLast().constFirst().toString().startsWith(u"Tested"_s); }));
    const QString summary = said.constLast().constFirst().toString();
    EXPECT_TRUE(summary.startsWith(u"Tested 3 key"_s)) << qPrintable(summary);
    EXPECT_TRUE(summary.endsWith(u": 2 work, 1 refused."_s)) << qPrintable(summary);
    EXPECT_EQ(fake->totalRequests(), 3);
}

TEST_F(KeysPageTest, ACountLineAndTheFiltersSayHowManyAndWhenNoneMatch)
{
    importThree();
    for (int i = 0; i < 3; ++i)
        ASSERT_TRUE(search());
    ASSERT_EQ(cell(u"dead"_s, KeyTableModel::State), u"invalid"_s);
    const QString invalid = toString(KeyState::Invalid);
    ASSERT_TRUE(waitUntil([&] { return page->countLine()->text().contains(u"1 "_s + invalid); }))
        << qPrintable(page->countLine()->text());
    EXPECT_TRUE(page->countLine()->text().startsWith(u"3 key"_s)) << qPrintable(page->countLine()->text());
    const int invalidItem = page->stateFilter()->findData(static_cast<int>(KeyState::Invalid));
    EXPECT_EQ(page->stateFilter()->itemText(invalidItem), invalid + u" (1)"_s);
    EXPECT_EQ(page->stateFilter()->itemText(page->stateFilter()->findData(static_cast<int>(KeyState::Active))),
              toString(KeyState::Active) + u" (2)"_s);

    // Filters that match nothing say so, and the way back shows every key again.
    page->filterText()->setText(u"no such key anywhere"_s);
    ASSERT_TRUE(waitUntil([&] { return page->noMatch()->isVisible(); }));
    EXPECT_FALSE(page->view()->isVisible());
    EXPECT_TRUE(page->countLine()->text().contains(u"0 shown"_s)) << qPrintable(page->countLine()->text());
    auto* showAll = page->noMatch()->findChild<QPushButton*>();
    ASSERT_TRUE(showAll);
    QTest::mouseClick(showAll, Qt::LeftButton);
    ASSERT_TRUE(waitUntil([&] { return page->view()->isVisible(); }));
    EXPECT_TRUE(page->filterText()->text().isEmpty());
    EXPECT_FALSE(page->noMatch()->isVisible());
    EXPECT_EQ(page->filter()->rowCount(), 3);
}

} // namespace

namespace {

TEST_F(KeysPageTest, AtTheWindowsSizeTheColumnsFitAndWhyAKeyFailedShows)
{
    QSettings().remove(u"keys/hiddenColumns"_s); // as on a first run
    page = std::make_unique<KeysPage>(*engine);
    page->resize(1100, 600); // the window's first size, less its frame
    page->show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(page.get()));
    importThree();
    QTableView* view = page->view();
    QApplication::processEvents();
    EXPECT_EQ(view->horizontalScrollBar()->maximum(), 0) << "the table scrolls sideways";
    EXPECT_FALSE(view->isColumnHidden(KeyTableModel::LastError));
    EXPECT_GE(view->columnWidth(KeyTableModel::LastError), 150);
    EXPECT_FALSE(view->isColumnHidden(KeyTableModel::State));
    // Compact rows: a line of text and a little air.
    EXPECT_LE(view->verticalHeader()->defaultSectionSize(), view->fontMetrics().height() + 10);

    // The header's menu brings a hidden column back, for this run and the next.
    ASSERT_TRUE(view->isColumnHidden(KeyTableModel::Tags));
    QMenu* menu = page->columnsMenu();
    QAction* tags = nullptr;
    for (QAction* action : menu->actions())
        if (action->text() == page->model()->headerData(KeyTableModel::Tags, Qt::Horizontal).toString())
            tags = action;
    ASSERT_TRUE(tags);
    tags->toggle();
    EXPECT_FALSE(view->isColumnHidden(KeyTableModel::Tags));
    delete menu;
    KeysPage next(*engine);
    EXPECT_FALSE(next.view()->isColumnHidden(KeyTableModel::Tags));
    QSettings().remove(u"keys/hiddenColumns"_s);
}

} // namespace
