#include "KeysPage.h"

#include "AddKeyDialog.h"
#include "Confirm.h"
#include "EmptyState.h"
#include "Format.h"
#include "Icons.h"
#include "KeyFilterModel.h"
#include "KeyImportDialog.h"
#include "KeyTableModel.h"
#include "config/SettingsRegistry.h"
#include "engine/Engine.h"
#include "gateway/Gateway.h"
#include "pool/KeysFile.h"

#include <QAction>
#include <QClipboard>
#include <QComboBox>
#include <QDialog>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMimeData>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QStackedWidget>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

const QString kHiddenColumns = u"keys/hiddenColumns"_s;
const QStringList kHiddenByDefault{QString::number(KeyTableModel::Tags), QString::number(KeyTableModel::CostTotal),
                                   QString::number(KeyTableModel::LastUsed)};

// A key's test is a one-result search: Exa's price for a search of 1 to 25 results.
constexpr double kTestCostDollars = 0.005;

} // namespace

KeysPage::KeysPage(Engine& engine, QWidget* parent)
    : QWidget(parent)
    , m_engine(engine)
    , m_model(new KeyTableModel(engine.gateway(), this))
    , m_filter(new KeyFilterModel(this))
    , m_view(new QTableView(this))
    , m_filterText(new QLineEdit(this))
    , m_stateFilter(new QComboBox(this))
    , m_stack(new QStackedWidget(this))
    , m_countLine(new QLabel(this))
    , m_noMatch(new QWidget(this))
    , m_countsTimer(new QTimer(this))
{
    setObjectName(u"keysPage"_s);
    m_filter->setSourceModel(m_model);

    m_add = new QAction(tr("Add Key..."), this);
    m_import = new QAction(tr("Import..."), this);
    m_test = new QAction(tr("Test"), this);
    m_test->setToolTip(tr("Check the selected keys now with a one-result search each (billed by Exa)"));
    m_enable = new QAction(tr("Enable"), this);
    m_disable = new QAction(tr("Disable"), this);
    m_retag = new QAction(tr("Tags..."), this);
    m_remove = new QAction(tr("Remove..."), this);
    m_reveal = new QAction(tr("Copy Key"), this);
    m_remove->setShortcut(QKeySequence::Delete);
    m_remove->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_reveal->setToolTip(tr("Copy the selected key itself to the clipboard; it is cleared after 30 seconds"));
    m_add->setToolTip(tr("Add one key by hand"));
    m_import->setToolTip(tr("Add many keys from a file or pasted text, one a line"));
    m_enable->setToolTip(tr("Let the selected keys take calls again"));
    m_disable->setToolTip(tr("Keep the selected keys out of rotation until enabled"));
    m_retag->setToolTip(tr("Change the tags of the selected keys"));
    m_remove->setToolTip(tr("Remove the selected keys from the pool and the keychain"));
    for (const auto& [action, icon] :
         {std::pair{m_add, "add"}, std::pair{m_import, "import"}, std::pair{m_test, "test"},
          std::pair{m_enable, "enable"}, std::pair{m_disable, "disable"}, std::pair{m_retag, "tag"},
          std::pair{m_remove, "remove"}, std::pair{m_reveal, "copy"}})
        action->setIcon(actionIcon(QLatin1StringView(icon)));
    addActions({m_remove});

    auto* toolbar = new QToolBar(this);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addActions({m_add, m_import});
    toolbar->addSeparator();
    toolbar->addActions({m_test, m_enable, m_disable, m_retag, m_remove});
    toolbar->addSeparator();
    toolbar->addAction(m_reveal);

    m_filterText->setPlaceholderText(tr("Filter by label, key, tag, proxy or error"));
    m_filterText->setClearButtonEnabled(true);
    m_filterText->setAccessibleName(tr("Filter keys"));
    m_stateFilter->setAccessibleName(tr("Show keys in this state"));
    m_stateFilter->addItem(tr("All states"), -1);
    for (const KeyState state : {KeyState::Active, KeyState::CoolingDown, KeyState::BreakerOpen, KeyState::Exhausted,
                                 KeyState::Invalid, KeyState::Disabled})
        m_stateFilter->addItem(Format::keyState(state), static_cast<int>(state));
    auto* filters = new QHBoxLayout;
    filters->addWidget(m_filterText, 1);
    filters->addWidget(m_stateFilter);

    m_view->setModel(m_filter);
    m_view->setAccessibleName(tr("Keys"));
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(KeyTableModel::Label, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->setVisible(false);
    // Rows of one height let a view of 10,000 keys lay out without measuring each.
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setSectionsMovable(true);
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_view->addActions({m_test, m_enable, m_disable, m_retag, m_remove, m_reveal});
    // Compact rows; columns that fit the window's default size with the last error (why a key is
    // invalid) still in view. Tags, all-time cost and last use are a right-click on the header away.
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    const int em = m_view->fontMetrics().averageCharWidth();
    for (const auto& [column, chars] : {std::pair{KeyTableModel::Label, 16}, std::pair{KeyTableModel::Key, 14},
                                        std::pair{KeyTableModel::Tags, 12}, std::pair{KeyTableModel::State, 20},
                                        std::pair{KeyTableModel::Failures, 8}, std::pair{KeyTableModel::SuccessRate, 9},
                                        std::pair{KeyTableModel::RateLimited, 6}, std::pair{KeyTableModel::Latency, 9},
                                        std::pair{KeyTableModel::CostToday, 9}, std::pair{KeyTableModel::CostTotal, 9},
                                        std::pair{KeyTableModel::Proxy, 18}, std::pair{KeyTableModel::LastUsed, 12}})
        m_view->setColumnWidth(column, std::max(chars * em, m_view->horizontalHeader()->sectionSizeHint(column)));
    const QStringList hidden = QSettings().value(kHiddenColumns, kHiddenByDefault).toStringList();
    for (int column = 0; column < KeyTableModel::ColumnCount; ++column)
        m_view->setColumnHidden(column, hidden.contains(QString::number(column)));
    QHeaderView* header = m_view->horizontalHeader();
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(header, &QHeaderView::customContextMenuRequested, this,
            [this, header](const QPoint& at) { columnsMenu()->popup(header->mapToGlobal(at)); });

    // The first run: what the page is for and how to begin.
    QWidget* empty = makeEmptyState(
        tr("<h3>No API keys yet</h3><p>ExaDesk searches Exa with your own keys, spreads calls over them and sets "
           "aside keys that fail. Get a key at <a href=\"https://dashboard.exa.ai/api-keys\">dashboard.exa.ai</a>, "
           "then add it here, or import many at once.</p>"),
        {{tr("Add a Key..."), m_add}, {tr("Import Keys..."), m_import}}, this);

    // Filters that match nothing say so, with the way back.
    m_noMatch->setObjectName(u"keysNoMatch"_s);
    auto* noMatchText = new QLabel(tr("No key matches these filters."), m_noMatch);
    auto* showAll = new QPushButton(tr("Show All Keys"), m_noMatch);
    auto* noMatchLayout = new QHBoxLayout(m_noMatch);
    noMatchLayout->addStretch();
    noMatchLayout->addWidget(noMatchText);
    noMatchLayout->addWidget(showAll);
    noMatchLayout->addStretch();
    m_noMatch->setVisible(false);
    connect(showAll, &QPushButton::clicked, this, [this] {
        m_filterText->clear();
        m_stateFilter->setCurrentIndex(0);
    });
    m_countLine->setObjectName(u"keysCountLine"_s);

    auto* table = new QWidget(this);
    auto* tableLayout = new QVBoxLayout(table);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->addLayout(filters);
    tableLayout->addWidget(m_noMatch);
    tableLayout->addWidget(m_view);
    tableLayout->addWidget(m_countLine);
    m_stack->addWidget(empty);
    m_stack->addWidget(table);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(toolbar);
    layout->addWidget(m_stack);

    m_confirm = [this](const Confirmation& confirmation) {
        return confirmAction(this, confirmation.title, confirmation.question, confirmation.action);
    };
    m_tagsPrompt = [this](const QStringList& current) -> std::optional<QStringList> {
        bool ok = false;
        const QString text = QInputDialog::getText(this, tr("Tags"), tr("Tags, separated by commas:"),
                                                   QLineEdit::Normal, current.join(u", "_s), &ok);
        return ok ? std::optional(splitList(text)) : std::nullopt;
    };

    connect(m_filterText, &QLineEdit::textChanged, m_filter, &KeyFilterModel::setTextFilter);
    connect(m_stateFilter, &QComboBox::currentIndexChanged, this, [this] {
        const int state = m_stateFilter->currentData().toInt();
        m_filter->setStateFilter(state < 0 ? std::nullopt : std::optional(static_cast<KeyState>(state)));
    });
    connect(m_add, &QAction::triggered, this, &KeysPage::addOne);
    connect(m_import, &QAction::triggered, this, [this] {
        importDialog()->show();
        importDialog()->raise();
    });
    connect(m_test, &QAction::triggered, this, &KeysPage::testSelected);
    connect(m_enable, &QAction::triggered, this, [this] { setSelectedEnabled(true); });
    connect(m_disable, &QAction::triggered, this, [this] { setSelectedEnabled(false); });
    connect(m_retag, &QAction::triggered, this, &KeysPage::retagSelected);
    connect(m_remove, &QAction::triggered, this, &KeysPage::removeSelected);
    connect(m_reveal, &QAction::triggered, this, &KeysPage::revealSelected);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &KeysPage::updateActions);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &KeysPage::updateEmptyState);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &KeysPage::updateEmptyState);
    m_countsTimer->setSingleShot(true);
    m_countsTimer->setInterval(250);
    connect(m_countsTimer, &QTimer::timeout, this, &KeysPage::updateCounts);
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, &KeysPage::scheduleCounts);
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, &KeysPage::scheduleCounts);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &KeysPage::scheduleCounts);
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, &KeysPage::scheduleCounts);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &KeysPage::scheduleCounts);
    updateActions();
    updateEmptyState();
    updateCounts();
}

KeyImportDialog* KeysPage::importDialog()
{
    if (!m_importDialog) {
        m_importDialog = new KeyImportDialog(m_engine.keys(), this);
        connect(m_importDialog, &KeyImportDialog::keysAdded, this,
                [this](int count) { Q_EMIT message(tr("%n key(s) added.", nullptr, count)); });
    }
    return m_importDialog;
}

bool KeysPage::isShowingEmptyState() const
{
    return m_stack->currentIndex() == 0;
}

void KeysPage::updateEmptyState()
{
    m_stack->setCurrentIndex(m_model->rowCount() == 0 ? 0 : 1);
}

QMenu* KeysPage::columnsMenu()
{
    auto* menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    for (int column = 0; column < KeyTableModel::ColumnCount; ++column) {
        QAction* shown = menu->addAction(m_model->headerData(column, Qt::Horizontal).toString());
        shown->setCheckable(true);
        shown->setChecked(!m_view->isColumnHidden(column));
        // The key itself stays: without it no row says which key it is.
        shown->setEnabled(column != KeyTableModel::Key);
        connect(shown, &QAction::toggled, this, [this, column](bool on) {
            m_view->setColumnHidden(column, !on);
            QStringList hidden;
            for (int each = 0; each < KeyTableModel::ColumnCount; ++each)
                if (m_view->isColumnHidden(each))
                    hidden.append(QString::number(each));
            QSettings().setValue(kHiddenColumns, hidden);
        });
    }
    return menu;
}

void KeysPage::showKeys(std::optional<KeyState> state, const QString& keyId)
{
    m_filterText->clear();
    m_stateFilter->setCurrentIndex(state ? std::max(0, m_stateFilter->findData(static_cast<int>(*state))) : 0);
    const int poolIndex = keyId.isEmpty() ? -1 : m_engine.gateway().keys().indexOf(keyId);
    const int row = poolIndex < 0 ? -1 : m_model->rowOf(poolIndex);
    if (row < 0)
        return;
    const QModelIndex shown = m_filter->mapFromSource(m_model->index(row, 0));
    if (!shown.isValid())
        return;
    m_view->selectionModel()->setCurrentIndex(shown, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(shown);
}

void KeysPage::scheduleCounts()
{
    if (!m_countsTimer->isActive())
        m_countsTimer->start();
}

void KeysPage::updateCounts()
{
    const PoolSummary pool = m_engine.summary();
    QStringList parts{tr("%n key(s)", nullptr, pool.keyCount())};
    for (int i = 1; i < m_stateFilter->count(); ++i) {
        const auto state = static_cast<KeyState>(m_stateFilter->itemData(i).toInt());
        const int count = pool.keysIn(state);
        m_stateFilter->setItemText(i, tr("%1 (%2)").arg(Format::keyState(state)).arg(count));
        if (count > 0 && state != KeyState::Active)
            parts.append(tr("%1 %2").arg(count).arg(Format::keyState(state)));
    }
    if (m_filter->rowCount() != m_model->rowCount())
        parts.append(tr("%1 shown").arg(m_filter->rowCount()));
    m_countLine->setText(parts.join(u" · "_s));
    const bool nothingMatches = m_model->rowCount() > 0 && m_filter->rowCount() == 0;
    m_noMatch->setVisible(nothingMatches);
    m_view->setVisible(!nothingMatches);
}

QList<int> KeysPage::selectedKeys() const
{
    QList<int> keys;
    for (const QModelIndex& row : m_view->selectionModel()->selectedRows())
        keys.append(row.data(KeyTableModel::PoolIndexRole).toInt());
    return keys;
}

QStringList KeysPage::idsOf(const QList<int>& keys) const
{
    QStringList ids;
    for (const int key : keys)
        ids.append(m_engine.gateway().keys().at(key).config.id);
    return ids;
}

void KeysPage::updateActions()
{
    const QList<int> keys = selectedKeys();
    const auto any = [&](auto test) { return std::any_of(keys.cbegin(), keys.cend(), test); };
    const auto disabled
        = [this](int key) { return m_engine.gateway().keys().at(key).health.state == KeyState::Disabled; };
    m_test->setEnabled(any([&](int key) { return !disabled(key); }));
    m_enable->setEnabled(any(disabled));
    m_disable->setEnabled(any([&](int key) { return !disabled(key); }));
    m_retag->setEnabled(!keys.isEmpty());
    m_remove->setEnabled(!keys.isEmpty());
    m_reveal->setEnabled(keys.size() == 1);
}

void KeysPage::reportProblems(PoolTask* task)
{
    connect(task, &PoolTask::finished, this, [this, task] {
        task->deleteLater();
        QStringList problems;
        if (!task->error().isEmpty())
            problems.append(task->error());
        for (const TaskItem& item : task->items()) {
            if (item.result == TaskItem::Result::Failed)
                problems.append(item.message);
        }
        problems.removeDuplicates();
        if (!problems.isEmpty())
            Q_EMIT message(problems.join(u' '));
    });
}

void KeysPage::testSelected()
{
    const QStringList ids = idsOf(selectedKeys());
    if (ids.isEmpty())
        return;
    const int count = static_cast<int>(ids.size());
    const QString question
        = tr("Test %n key(s)? Each test is a one-result search, which Exa bills: about %1 in all.", nullptr, count)
              .arg(Format::money(count * kTestCostDollars));
    if (!m_confirm({tr("Test Keys"), question, tr("Test")}))
        return;
    testKeys(ids);
}

void KeysPage::testKeys(const QStringList& ids)
{
    PoolTask* task = m_engine.keys().test(ids);
    // Keys that rest or are disabled are left out at once; the others' rows show the verdict.
    const int skipped = task->count(TaskItem::Result::Skipped);
    const int tested = static_cast<int>(ids.size()) - skipped;
    QString text = tr("Testing %n key(s); their rows show the verdict.", nullptr, tested);
    if (skipped > 0)
        text += u' ' + tr("%n key(s) resting or disabled were not tested.", nullptr, skipped);
    Q_EMIT message(text);
    connect(task, &PoolTask::progress, this, [this](int done, int total) {
        if (done < total)
            Q_EMIT message(tr("Testing keys: %1 of %2 done...").arg(done).arg(total));
    });
    connect(task, &PoolTask::finished, this, [this, task, tested] {
        task->deleteLater();
        if (tested == 0)
            return;
        const int good = task->count(TaskItem::Result::Done);
        const int refused = task->count(TaskItem::Result::Failed);
        Q_EMIT message(tr("Tested %n key(s): %1 work, %2 refused.", nullptr, tested).arg(good).arg(refused));
    });
}

void KeysPage::addOne()
{
    AddKeyDialog dialog(
        [this](const QString& secret) {
            const int known = m_engine.gateway().keys().indexOf(KeysFile::idFor(secret));
            return known < 0 ? QString() : m_engine.gateway().keys().at(known).config.label;
        },
        this);
    if (m_addKeyDialogShown)
        m_addKeyDialogShown(dialog);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QString id = KeysFile::idFor(dialog.secret());
    const bool checkNow = dialog.checkNow();
    PoolTask* task = m_engine.keys().add({{0, dialog.label(), dialog.secret(), dialog.tags(), {}}});
    connect(task, &PoolTask::finished, this, [this, task, id, checkNow] {
        task->deleteLater();
        const TaskItem item = task->items().value(0);
        if (item.result != TaskItem::Result::Done) {
            Q_EMIT message(tr("The key was not added: %1").arg(item.message.isEmpty() ? task->error() : item.message));
            return;
        }
        Q_EMIT message(tr("%n key(s) added.", nullptr, 1));
        if (checkNow)
            testKeys({id});
    });
}

void KeysPage::setSelectedEnabled(bool enabled)
{
    reportProblems(m_engine.keys().setEnabled(idsOf(selectedKeys()), enabled));
    updateActions();
}

void KeysPage::retagSelected()
{
    const QList<int> keys = selectedKeys();
    if (keys.isEmpty())
        return;
    const auto tags = m_tagsPrompt(m_engine.gateway().keys().at(keys.constFirst()).config.tags);
    if (tags)
        reportProblems(m_engine.keys().retag(idsOf(keys), *tags));
}

void KeysPage::removeSelected()
{
    const QList<int> keys = selectedKeys();
    if (keys.isEmpty())
        return;
    const QString question = keys.size() == 1
        ? tr("Remove the key %1? Its secret is deleted with it.")
              .arg(m_engine.gateway().keys().at(keys.constFirst()).config.label)
        : tr("Remove %n keys? Their secrets are deleted with them.", nullptr, static_cast<int>(keys.size()));
    if (!m_confirm({tr("Remove Keys"), question, tr("Remove")}))
        return;
    PoolTask* task = m_engine.keys().remove(idsOf(keys));
    connect(task, &PoolTask::finished, this, [this, task] {
        task->deleteLater();
        const int removed = task->count(TaskItem::Result::Done);
        Q_EMIT message(task->error().isEmpty() ? tr("%n key(s) removed.", nullptr, removed)
                                               : tr("%n key(s) removed. %1", nullptr, removed).arg(task->error()));
    });
}

void KeysPage::revealSelected()
{
    const QList<int> keys = selectedKeys();
    if (keys.size() != 1)
        return;
    const QString secret = m_engine.gateway().keys().at(keys.constFirst()).config.secret;
    // Clipboard managers that honour the hint keep it out of their history.
    auto* data = new QMimeData;
    data->setText(secret);
    data->setData(u"x-kde-passwordManagerHint"_s, "secret");
    QGuiApplication::clipboard()->setMimeData(data);
    // Cleared even if this page is gone by then (the window's language switched, say).
    QTimer::singleShot(m_clipboardMs, qApp, [page = QPointer(this), secret] {
        const bool stillThere = QGuiApplication::clipboard()->text() == secret;
        if (stillThere)
            QGuiApplication::clipboard()->clear();
        if (page)
            Q_EMIT page->clipboardChecked(stillThere);
    });
    Q_EMIT message(tr("Key copied. The clipboard is cleared in %n second(s) if it still holds it.", nullptr,
                      m_clipboardMs / 1000));
}

} // namespace exadesk
