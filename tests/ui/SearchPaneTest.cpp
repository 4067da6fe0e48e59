// The search pane with real widgets (offscreen) over the fake Exa server: typing and Enter,
// cancelling, errors in the pane, history reopened without a call, the streamed answer,
// options that reach Exa, exports.
#include "search/SearchPane.h"

#include "FakeExaServer.h"
#include "LocalProxy.h"
#include "MemorySecretStore.h"
#include "TestEngine.h"
#include "Wait.h"
#include "gateway/Gateway.h"
#include "logging/KeyMask.h"
#include "search/ResultExport.h"
#include "search/SiteIcons.h"
#include "storage/Database.h"
#include "storage/HistoryStore.h"
#include "storage/RequestLog.h"

#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QIcon>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSet>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QToolButton>

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>

using namespace exadesk;
using namespace Qt::StringLiterals;
using fakeexa::RecordedRequest;
using testsupport::waitForSignals;
using testsupport::waitUntil;

namespace {

const QString kKey = u"44444444-5555-6666-7777-88888888c0de"_s;

class SearchPaneTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        SiteIcons::setEnabled(false); // whatever an earlier run left
        start(true);
    }

    void start(bool instant, const QStringList& keys = {kKey})
    {
        pane.reset();
        engine.reset();
        fakeexa::FakeExaOptions options;
        options.keys = {kKey};
        options.instant = instant;
        options.streamIntervalMs = 30;
        options.localSiteIcons = true; // if the window fetched one, it would stay on loopback
        fake = std::make_unique<fakeexa::FakeExaServer>(options);
        ASSERT_TRUE(fake->listen());
        engine = testsupport::makeEngine(dir, secrets, fake->baseUrl(), testsupport::quietSettings());
        gateway = &engine->gateway();
        for (const QString& key : keys)
            gateway->addKey({u"id-"_s + key.right(4), u"key"_s, key, {}, {}, 0, 0.0});
        pane = std::make_unique<SearchPane>(*engine);
        pane->resize(1200, 700);
        pane->show();
        ASSERT_TRUE(QTest::qWaitForWindowExposed(pane.get()));
    }

    // Types the query and presses Enter, as a person does, and waits for the outcome.
    void searchFor(const QString& query)
    {
        QSignalSpy ended(pane.get(), &SearchPane::callEnded);
        pane->queryEdit()->clear();
        QTest::keyClicks(pane->queryEdit(), query);
        QTest::keyClick(pane->queryEdit(), Qt::Key_Return);
        ASSERT_TRUE(waitForSignals(ended));
    }

    // A search that Exa answers only after 10 s, under way.
    void startSlowSearch()
    {
        start(false);
        fakeexa::FakeOutcome slow;
        slow.delayMs = 10'000;
        fake->script().set(kKey, {slow});
        QTest::keyClicks(pane->queryEdit(), u"slow"_s);
        QTest::keyClick(pane->queryEdit(), Qt::Key_Return);
        ASSERT_TRUE(pane->isBusy());
    }

    QTemporaryDir dir;
    std::unique_ptr<fakeexa::FakeExaServer> fake;
    testsupport::MemorySecretStore secrets;
    std::unique_ptr<Engine> engine;
    Gateway* gateway = nullptr;
    std::unique_ptr<SearchPane> pane;
};

TEST_F(SearchPaneTest, EnterSearchesAndTheResultsAppearWithWhoServedThem)
{
    searchFor(u"rust async runtimes"_s);
    EXPECT_FALSE(pane->errorLabel()->isVisible()) << qPrintable(pane->errorLabel()->text());
    ASSERT_EQ(pane->resultsList()->count(), 10);
    EXPECT_EQ(pane->results().constFirst().url, pane->resultsList()->item(0)->data(Qt::UserRole + 2).toString());
    // The first result is open in the reader, with its highlights.
    EXPECT_TRUE(pane->reader()->toPlainText().contains(pane->results().constFirst().title));
    const QString status = pane->statusLabel()->text();
    EXPECT_TRUE(status.startsWith(u"10 result"_s)) << qPrintable(status);
    EXPECT_TRUE(status.contains(maskKey(kKey))) << qPrintable(status);
    EXPECT_TRUE(status.contains(u"1 attempt"_s)) << qPrintable(status);
    // In words, the count with its time first: "10 result(s) in 7 ms · 1 attempt · ..."
    EXPECT_TRUE(QRegularExpression(u"^10 result\\S* in \\d+ ms · 1 attempt"_s).match(status).hasMatch())
        << qPrintable(status);
    EXPECT_FALSE(status.contains(kKey));
    EXPECT_EQ(fake->lastRequest().json().value("query"_L1).toString(), u"rust async runtimes"_s);
    if (const QString shots = qEnvironmentVariable("EXADESK_SCREENSHOT_DIR"); !shots.isEmpty()) {
        EXPECT_TRUE(pane->grab().save(shots + u"/search.png"_s));
    }
}

TEST_F(SearchPaneTest, CancelStopsASlowSearch)
{
    startSlowSearch();
    QSignalSpy ended(pane.get(), &SearchPane::callEnded);
    EXPECT_TRUE(pane->cancelButton()->isVisible());
    QTest::mouseClick(pane->cancelButton(), Qt::LeftButton);
    ASSERT_TRUE(waitForSignals(ended, 1, 2'000));
    EXPECT_FALSE(pane->isBusy());
    EXPECT_FALSE(pane->cancelButton()->isVisible());
    EXPECT_EQ(pane->statusLabel()->text(), u"Cancelled."_s);
    EXPECT_TRUE(waitUntil([&] { return gateway->networkInFlight() == 0; }));
}

TEST_F(SearchPaneTest, ANewSearchWhileOneRunsReplacesIt)
{
    startSlowSearch();
    QSignalSpy ended(pane.get(), &SearchPane::callEnded);
    ASSERT_TRUE(waitUntil([&] { return fake->totalRequests() == 1; })); // Exa has the first one
    pane->queryEdit()->setText(u"rust async runtimes"_s);
    QTest::keyClick(pane->queryEdit(), Qt::Key_Return);
    ASSERT_TRUE(waitForSignals(ended));
    // What ended is the second search, with its results; the first was dropped on the way.
    EXPECT_FALSE(pane->isBusy());
    EXPECT_EQ(pane->resultsList()->count(), 10);
    EXPECT_EQ(fake->lastRequest().json().value("query"_L1).toString(), u"rust async runtimes"_s);
    EXPECT_TRUE(waitUntil([&] { return gateway->networkInFlight() == 0; }));
}

TEST_F(SearchPaneTest, AnErrorIsAMessageInThePane)
{
    start(true, {u"55555555-6666-7777-8888-99999999dead"_s});
    searchFor(u"rust"_s);
    ASSERT_TRUE(pane->errorLabel()->isVisible());
    EXPECT_FALSE(pane->errorLabel()->text().isEmpty());
    EXPECT_EQ(QApplication::activeModalWidget(), nullptr);
    EXPECT_EQ(pane->resultsList()->count(), 0);
    // An empty query says what to do, without a call.
    const int calls = fake->totalRequests();
    pane->queryEdit()->clear();
    pane->search();
    EXPECT_TRUE(pane->errorLabel()->text().contains(u"Type what to search for"_s));
    EXPECT_EQ(fake->totalRequests(), calls);
}

TEST_F(SearchPaneTest, ExasErrorTakesTheStatusLinesPlaceWithARetryAndMovesNothing)
{
    // Exa failing does not rest the key here, so the retry is Exa's to answer.
    QString problem;
    ASSERT_TRUE(engine->saveSettings({{u"breaker.failure-threshold"_s, u"100"_s}}, &problem)) << qPrintable(problem);
    QWidget* results = pane->resultsList();
    const QRect before(results->mapTo(pane.get(), QPoint(0, 0)), results->size());
    fakeexa::FakeOutcome failing;
    failing.status = 500;
    failing.times = -1;
    fake->script().set(u"*"_s, {failing});
    searchFor(u"rust"_s);
    ASSERT_TRUE(pane->errorLabel()->isVisible());
    // One sentence a person reads, with the details (key, attempts) a hover away.
    EXPECT_FALSE(pane->errorLabel()->text().contains(u'\n'));
    EXPECT_FALSE(pane->errorLabel()->toolTip().isEmpty());
    EXPECT_FALSE(pane->errorLabel()->toolTip().contains(kKey)) << "a key in a tooltip";
    ASSERT_TRUE(pane->retryButton()->isVisible());
    EXPECT_EQ(QRect(results->mapTo(pane.get(), QPoint(0, 0)), results->size()), before)
        << "the results moved when the error appeared";

    // Exa is back: Retry sends the same call again, and the error goes.
    fake->script().clear();
    const int calls = fake->totalRequests();
    QSignalSpy ended(pane.get(), &SearchPane::callEnded);
    QTest::mouseClick(pane->retryButton(), Qt::LeftButton);
    ASSERT_TRUE(waitForSignals(ended));
    EXPECT_EQ(fake->totalRequests(), calls + 1);
    EXPECT_EQ(fake->lastRequest().json().value("query"_L1).toString(), u"rust"_s);
    EXPECT_FALSE(pane->errorLabel()->isVisible());
    EXPECT_FALSE(pane->retryButton()->isVisible());
    EXPECT_GT(pane->resultsList()->count(), 0);
    EXPECT_EQ(QRect(results->mapTo(pane.get(), QPoint(0, 0)), results->size()), before);
}

TEST_F(SearchPaneTest, NoKeysYetIsNotLeftSaidOnceKeysAreAdded)
{
    start(true, {});
    searchFor(u"rust"_s);
    ASSERT_TRUE(pane->errorLabel()->isVisible());
    EXPECT_TRUE(pane->errorLabel()->text().contains(u"no API keys"_s)) << qPrintable(pane->errorLabel()->text());
    EXPECT_FALSE(pane->retryButton()->isVisible()) << "retrying cannot help without a key";
    gateway->addKey({u"id-new"_s, u"new"_s, kKey, {}, {}, 0, 0.0});
    EXPECT_FALSE(pane->errorLabel()->isVisible());
    EXPECT_TRUE(pane->statusLabel()->text().contains(u"search again"_s)) << qPrintable(pane->statusLabel()->text());
}

TEST_F(SearchPaneTest, APaneMadeAnewInAnotherLanguageShowsTheSameResults)
{
    pane->modeBox()->setCurrentIndex(pane->modeBox()->findData(static_cast<int>(SearchPane::Mode::Answer)));
    searchFor(u"what is a vector database"_s);
    ASSERT_TRUE(pane->answerView()->isVisible());
    ASSERT_GT(pane->resultsList()->count(), 0);
    pane->resultsList()->setCurrentRow(1);
    const SearchPane::Shown before = pane->shown();
    const QString answer = pane->answerView()->toPlainText();
    const int calls = fake->totalRequests();

    // As the language switch does: the pane goes, a new one comes.
    pane = std::make_unique<SearchPane>(*engine);
    pane->show();
    pane->showAgain(before);
    EXPECT_EQ(pane->queryEdit()->text(), u"what is a vector database"_s);
    EXPECT_EQ(static_cast<SearchPane::Mode>(pane->modeBox()->currentData().toInt()), SearchPane::Mode::Answer);
    ASSERT_EQ(pane->resultsList()->count(), static_cast<int>(before.results.size()));
    EXPECT_EQ(pane->resultsList()->currentRow(), 1);
    EXPECT_TRUE(pane->answerView()->isVisible());
    EXPECT_EQ(pane->answerView()->toPlainText(), answer);
    EXPECT_EQ(fake->totalRequests(), calls) << "shown again without a new call";
}

TEST_F(SearchPaneTest, HistoryReopensASearchWithoutANewCall)
{
    searchFor(u"solid state batteries"_s);
    searchFor(u"rust async runtimes"_s);
    ASSERT_EQ(pane->historyList()->count(), 2);
    const int calls = fake->totalRequests();
    pane->historyList()->setCurrentRow(1); // the older one
    EXPECT_EQ(fake->totalRequests(), calls);
    ASSERT_EQ(pane->resultsList()->count(), 10);
    EXPECT_TRUE(pane->results().constFirst().title.contains(u"Batter"_s, Qt::CaseInsensitive)
                || pane->results().constFirst().url.contains(u"batter"_s))
        << qPrintable(pane->results().constFirst().title);
    EXPECT_TRUE(pane->statusLabel()->text().contains(u"from the history"_s));
    // The history's own search is full text.
    pane->historyFilter()->setText(u"batteries"_s);
    ASSERT_EQ(pane->historyList()->count(), 1);
    EXPECT_TRUE(pane->historyList()->item(0)->text().startsWith(u"solid state batteries"_s));
}

TEST_F(SearchPaneTest, HistoryEntriesAreRemovedOneByOneOrAllAtOnce)
{
    searchFor(u"solid state batteries"_s);
    searchFor(u"rust async runtimes"_s);
    searchFor(u"vector databases"_s);
    ASSERT_EQ(pane->historyList()->count(), 3);
    pane->historyList()->setCurrentRow(1);
    pane->activateWindow();
    QApplication::setActiveWindow(pane.get());
    pane->historyList()->setFocus();
    ASSERT_TRUE(waitUntil([&] { return pane->historyList()->hasFocus(); }));
    QTest::keyClick(pane->historyList(), Qt::Key_Delete);
    ASSERT_EQ(pane->historyList()->count(), 2);
    for (int row = 0; row < 2; ++row)
        EXPECT_FALSE(pane->historyList()->item(row)->text().startsWith(u"rust"_s));
    StorageError error;
    EXPECT_EQ(HistoryStore(*engine->database()).recent(10, &error).size(), 2);

    pane->setConfirmClear([] { return false; });
    pane->clearHistoryAction()->trigger();
    EXPECT_EQ(pane->historyList()->count(), 2) << "not without a yes";
    pane->setConfirmClear([] { return true; });
    pane->clearHistoryAction()->trigger();
    EXPECT_EQ(pane->historyList()->count(), 0);
    EXPECT_TRUE(HistoryStore(*engine->database()).recent(10, &error).isEmpty());
    EXPECT_EQ(RequestLog(*engine->database()).recent(10, &error).size(), 3) << "the request log keeps its lines";
}

TEST_F(SearchPaneTest, TheAnswerStreamsInWithItsCitations)
{
    start(false);
    pane->modeBox()->setCurrentIndex(pane->modeBox()->findData(static_cast<int>(SearchPane::Mode::Answer)));
    QSignalSpy ended(pane.get(), &SearchPane::callEnded);
    QTest::keyClicks(pane->queryEdit(), u"what is rust"_s);
    QTest::keyClick(pane->queryEdit(), Qt::Key_Return);
    // Part of the answer is there while the rest is still on its way.
    ASSERT_TRUE(waitUntil([&] { return !pane->answerView()->toPlainText().isEmpty(); }));
    EXPECT_TRUE(pane->isBusy());
    ASSERT_TRUE(waitForSignals(ended));
    EXPECT_GT(pane->answerView()->toPlainText().size(), 40);
    EXPECT_GT(pane->resultsList()->count(), 0);
    EXPECT_TRUE(pane->statusLabel()->text().startsWith(u"An answer with"_s)) << qPrintable(pane->statusLabel()->text());
}

TEST_F(SearchPaneTest, TheAnswerStaysAboveItsCitationsAndComesBackFromTheHistory)
{
    const auto answerMode
        = [&] { return pane->modeBox()->currentData().toInt() == static_cast<int>(SearchPane::Mode::Answer); };
    pane->modeBox()->setCurrentIndex(pane->modeBox()->findData(static_cast<int>(SearchPane::Mode::Answer)));
    searchFor(u"what is rust"_s);
    const QString answer = pane->answerView()->toPlainText();
    ASSERT_GT(answer.size(), 40);
    EXPECT_TRUE(pane->answerView()->isVisible());
    ASSERT_GE(pane->resultsList()->count(), 2);

    // Reading a citation leaves the answer where it is.
    pane->resultsList()->setCurrentRow(1);
    EXPECT_TRUE(pane->reader()->toPlainText().contains(pane->results().at(1).title));
    EXPECT_EQ(pane->answerView()->toPlainText(), answer);
    EXPECT_TRUE(pane->answerView()->isVisible());
    // For looking at it by eye: EXADESK_SCREENSHOT_DIR=... under xvfb-run.
    if (const QString dir = qEnvironmentVariable("EXADESK_SCREENSHOT_DIR"); !dir.isEmpty()) {
        EXPECT_TRUE(pane->grab().save(dir + u"/answer.png"_s));
    }

    // A plain search has no answer to show.
    pane->modeBox()->setCurrentIndex(pane->modeBox()->findData(static_cast<int>(SearchPane::Mode::Search)));
    searchFor(u"solid state batteries"_s);
    EXPECT_FALSE(pane->answerView()->isVisible());

    // The history brings the answer back, above its citations, with its question and mode.
    ASSERT_EQ(pane->historyList()->count(), 2);
    const int calls = fake->totalRequests();
    pane->historyList()->setCurrentRow(1);
    EXPECT_EQ(fake->totalRequests(), calls) << "no new call";
    EXPECT_TRUE(pane->answerView()->isVisible());
    EXPECT_EQ(pane->answerView()->toPlainText(), answer);
    EXPECT_EQ(pane->queryEdit()->text(), u"what is rust"_s);
    EXPECT_TRUE(answerMode());
    EXPECT_GE(pane->resultsList()->count(), 2);

    // And the plain search comes back as one.
    pane->historyList()->setCurrentRow(0);
    EXPECT_FALSE(pane->answerView()->isVisible());
    EXPECT_EQ(pane->queryEdit()->text(), u"solid state batteries"_s);
    EXPECT_FALSE(answerMode());
}

TEST_F(SearchPaneTest, OptionsReachExa)
{
    pane->optionsToggle()->click();
    EXPECT_TRUE(pane->optionsPanel()->isVisible());
    auto* count = pane->optionsPanel()->findChild<QSpinBox*>();
    ASSERT_TRUE(count);
    count->setValue(3);
    searchFor(u"rust"_s);
    const QJsonObject sent = fake->lastRequest().json();
    EXPECT_EQ(sent.value("numResults"_L1).toInt(), 3);
    EXPECT_TRUE(sent.value("contents"_L1).toObject().contains("highlights"_L1));
    EXPECT_EQ(pane->resultsList()->count(), 3);
}

TEST_F(SearchPaneTest, TheOptionsReadAsWordsInOneGridAndNothingJumps)
{
    pane->optionsToggle()->click();
    QWidget* options = pane->optionsPanel();
    QComboBox* category = nullptr;
    QComboBox* type = nullptr;
    for (QComboBox* box : options->findChildren<QComboBox*>()) {
        if (box->findData(u"github"_s) >= 0)
            category = box;
        if (box->findData(u"auto"_s) >= 0)
            type = box;
    }
    ASSERT_TRUE(category && type);
    EXPECT_EQ(category->itemText(category->findData(u"github"_s)), u"GitHub"_s);
    EXPECT_EQ(category->itemText(category->findData(u"research paper"_s)), u"Research paper"_s);
    EXPECT_EQ(type->currentText(), u"Auto"_s);
    auto* count = options->findChild<QSpinBox*>();
    EXPECT_EQ(count->text(), u"10 results"_s);
    EXPECT_LT(count->width(), options->width() / 4) << "a number stretched across the pane";

    // Labels in line: each column's labels end at the same x, and the two columns' rows align.
    QHash<QString, QRect> labels;
    for (const QLabel* label : options->findChildren<QLabel*>())
        labels.insert(label->text(), label->geometry());
    for (const QString& name : {u"Number:"_s, u"Category:"_s, u"Published:"_s, u"Contents:"_s})
        EXPECT_EQ(labels.value(name).right(), labels.value(u"Type:"_s).right()) << qPrintable(name);
    for (const QString& name : {u"Not domains:"_s, u"Must contain:"_s, u"Must not contain:"_s})
        EXPECT_EQ(labels.value(name).right(), labels.value(u"Only domains:"_s).right()) << qPrintable(name);
    EXPECT_EQ(labels.value(u"Only domains:"_s).center().y(), labels.value(u"Type:"_s).center().y());

    // The progress bar comes and goes without moving the results.
    QWidget* results = pane->resultsList();
    const QRect idle(results->mapTo(pane.get(), QPoint(0, 0)), results->size());
    fakeexa::FakeOutcome slow;
    slow.delayMs = 10'000;
    fake->setInstant(false);
    fake->script().set(kKey, {slow});
    pane->queryEdit()->setText(u"slow"_s);
    pane->search();
    ASSERT_TRUE(pane->isBusy());
    QApplication::processEvents();
    EXPECT_EQ(QRect(results->mapTo(pane.get(), QPoint(0, 0)), results->size()), idle);
    pane->cancel();
}

TEST_F(SearchPaneTest, SimilarAndContentsAreCallsOfTheirOwn)
{
    searchFor(u"rust"_s);
    pane->findSimilar(0);
    QSignalSpy ended(pane.get(), &SearchPane::callEnded);
    ASSERT_TRUE(waitForSignals(ended));
    EXPECT_EQ(fake->lastRequest().path, u"/findSimilar"_s);
    EXPECT_GT(pane->resultsList()->count(), 0);
    pane->getContents({0, 1});
    ASSERT_TRUE(waitForSignals(ended, 2));
    EXPECT_EQ(fake->lastRequest().path, u"/contents"_s);
    EXPECT_EQ(fake->lastRequest().json().value("urls"_L1).toArray().size(), 2);
    ASSERT_EQ(pane->resultsList()->count(), 2);
    EXPECT_FALSE(pane->results().constFirst().text.isEmpty());
}

TEST_F(SearchPaneTest, BackBringsTheResultsASimilarSearchReplaced)
{
    searchFor(u"rust"_s);
    const QList<exa::Result> first = pane->results();
    EXPECT_FALSE(pane->backButton()->isVisible());
    QSignalSpy ended(pane.get(), &SearchPane::callEnded);
    pane->findSimilar(0);
    ASSERT_TRUE(waitForSignals(ended));
    pane->getContents({0});
    ASSERT_TRUE(waitForSignals(ended, 2));
    ASSERT_EQ(pane->resultsList()->count(), 1);
    ASSERT_TRUE(pane->backButton()->isVisible());
    EXPECT_TRUE(pane->backButton()->toolTip().contains(u"rust"_s) || pane->backButton()->toolTip().contains(u"http"_s))
        << qPrintable(pane->backButton()->toolTip());

    // Back twice: the similar pages, then the first search, without a call.
    const int calls = fake->totalRequests();
    QTest::mouseClick(pane->backButton(), Qt::LeftButton);
    EXPECT_GT(pane->resultsList()->count(), 1);
    QTest::mouseClick(pane->backButton(), Qt::LeftButton);
    ASSERT_EQ(pane->results().size(), first.size());
    EXPECT_EQ(pane->results().constFirst().url, first.constFirst().url);
    EXPECT_EQ(pane->queryEdit()->text(), u"rust"_s);
    EXPECT_FALSE(pane->backButton()->isVisible());
    EXPECT_EQ(fake->totalRequests(), calls);

    // A search of its own starts over: nothing to go back to.
    pane->findSimilar(0);
    ASSERT_TRUE(waitForSignals(ended, 3));
    EXPECT_TRUE(pane->backButton()->isVisible());
    searchFor(u"batteries"_s);
    EXPECT_FALSE(pane->backButton()->isVisible());
}

TEST_F(SearchPaneTest, ResultsExportAsCsvJsonAndMarkdown)
{
    searchFor(u"rust"_s);
    QString error;
    for (const QString& name : {u"r.csv"_s, u"r.json"_s, u"r.md"_s})
        ASSERT_TRUE(pane->exportResults(dir.filePath(name), &error)) << qPrintable(error);
    QFile csv(dir.filePath(u"r.csv"_s));
    ASSERT_TRUE(csv.open(QIODevice::ReadOnly));
    EXPECT_EQ(csv.readAll().count("\r\n"), 11);
    QFile json(dir.filePath(u"r.json"_s));
    ASSERT_TRUE(json.open(QIODevice::ReadOnly));
    EXPECT_EQ(QJsonDocument::fromJson(json.readAll()).array().size(), 10);
    QFile markdown(dir.filePath(u"r.md"_s));
    ASSERT_TRUE(markdown.open(QIODevice::ReadOnly));
    EXPECT_TRUE(markdown.readAll().startsWith("- ["));
    // A title that looks like a formula stays text in a spreadsheet; brackets stay in the link text.
    exa::Result odd;
    odd.title = u"=HYPERLINK(\"x\") [a], b"_s;
    odd.url = u"https://example.com/a"_s;
    EXPECT_TRUE(resultexport::toCsv({odd}).contains("\"'=HYPERLINK(\"\"x\"\") [a], b\""));
    EXPECT_EQ(resultexport::markdownLink(odd), u"[=HYPERLINK(\"x\") \\[a\\], b](<https://example.com/a>)"_s);
}

TEST_F(SearchPaneTest, SiteIconsAreFetchedOnlyWhenWantedAndWithoutTheKey)
{
    const auto iconRequests = [this] {
        return std::count_if(
            fake->recentRequests().cbegin(), fake->recentRequests().cend(),
            [](const RecordedRequest& request) { return request.path.startsWith(u"/_fake/icons/"_s); });
    };
    searchFor(u"rust async runtimes"_s);
    EXPECT_EQ(iconRequests(), 0); // off unless the person turns them on
    EXPECT_TRUE(pane->resultsList()->item(0)->data(Qt::DecorationRole).isNull());

    SiteIcons::setEnabled(true);
    const auto off = qScopeGuard([] { SiteIcons::setEnabled(false); });
    searchFor(u"rust async runtimes"_s);
    const auto hasIcon
        = [this](int row) { return !pane->resultsList()->item(row)->data(Qt::DecorationRole).value<QIcon>().isNull(); };
    ASSERT_TRUE(waitUntil([&] {
        for (int row = 0; row < pane->resultsList()->count(); ++row) {
            if (!hasIcon(row))
                return false;
        }
        return true;
    }));
    // One request per site, none with the key.
    QSet<QString> sites;
    for (const RecordedRequest& request : fake->recentRequests()) {
        if (!request.path.startsWith(u"/_fake/icons/"_s))
            continue;
        EXPECT_TRUE(request.header("x-api-key").isEmpty());
        EXPECT_FALSE(sites.contains(request.path)) << qPrintable(request.path);
        sites.insert(request.path);
    }
    QSet<QString> hosts;
    for (const exa::Result& result : pane->results())
        hosts.insert(QUrl(result.url).host());
    EXPECT_EQ(sites.size(), hosts.size());

    // Shown again from the history: the icons are known, nothing is asked again.
    const qsizetype before = iconRequests();
    pane->historyList()->setCurrentRow(1);
    ASSERT_GT(pane->resultsList()->count(), 0);
    EXPECT_TRUE(hasIcon(0));
    EXPECT_EQ(iconRequests(), before);
}

TEST_F(SearchPaneTest, SiteIconsLeaveThroughTheProxyOfTheKeyThatFoundThem)
{
    if (testsupport::LocalProxy::program(testsupport::LocalProxy::Kind::Http).isEmpty())
        GTEST_SKIP() << "tinyproxy is not installed (scripts/install-deps.sh installs it)";
    testsupport::LocalProxy proxy;
    ASSERT_TRUE(proxy.start(testsupport::LocalProxy::Kind::Http)) << qPrintable(proxy.errorOutput());
    QString error;
    const auto config = ProxyConfig::fromUrl(proxy.url(), &error);
    ASSERT_TRUE(config) << qPrintable(error);
    ASSERT_GE(gateway->addProxy(*config), 0);
    SiteIcons::setEnabled(true);
    const auto off = qScopeGuard([] { SiteIcons::setEnabled(false); });

    searchFor(u"vector databases"_s);
    ASSERT_TRUE(
        waitUntil([&] { return !pane->resultsList()->item(0)->data(Qt::DecorationRole).value<QIcon>().isNull(); }));
    // tinyproxy marks what it carries (Via): the icons went out as the search did.
    bool sawIcon = false;
    for (const RecordedRequest& request : fake->recentRequests()) {
        EXPECT_TRUE(request.header("via").contains("tinyproxy")) << qPrintable(request.path);
        sawIcon = sawIcon || request.path.startsWith(u"/_fake/icons/"_s);
    }
    EXPECT_TRUE(sawIcon);
}

} // namespace
