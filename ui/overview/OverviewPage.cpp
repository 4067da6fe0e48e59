#include "OverviewPage.h"

#include "ColorScheme.h"
#include "Format.h"
#include "engine/Engine.h"
#include "gateway/Gateway.h"
#include "keys/KeyTableModel.h"
#include "logging/KeyMask.h"
#include "server/LocalPortService.h"

#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QEvent>
#include <QGridLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QPieSeries>
#include <QProgressBar>
#include <QStackedBarSeries>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <numeric>

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

QColor resultColor(CallResult result)
{
    switch (result) {
    case CallResult::Served:
        return QColor(0x2e, 0x9e, 0x5b);
    case CallResult::Retried:
        return QColor(0xe0, 0x9b, 0x1a);
    case CallResult::Refused:
        return QColor(0x8a, 0x8f, 0x98);
    case CallResult::Failed:
        return QColor(0xd6, 0x3b, 0x3b);
    }
    return {};
}

QString resultName(CallResult result)
{
    switch (result) {
    case CallResult::Served:
        return OverviewPage::tr("served");
    case CallResult::Retried:
        return OverviewPage::tr("retried");
    case CallResult::Refused:
        return OverviewPage::tr("refused");
    case CallResult::Failed:
        return OverviewPage::tr("failed");
    }
    return {};
}

QString resultMeaning(CallResult result)
{
    switch (result) {
    case CallResult::Served:
        return OverviewPage::tr("answered at the first attempt");
    case CallResult::Retried:
        return OverviewPage::tr("answered after another attempt failed");
    case CallResult::Refused:
        return OverviewPage::tr("Exa turned the request itself down, or its caller went away");
    case CallResult::Failed:
        return OverviewPage::tr("no answer: Exa failed, no key or proxy could carry it, or time ran out");
    }
    return {};
}

// "exa-…9f3c" with the label in front when there is one.
QString keyName(const KeyEntry& key)
{
    const QString masked = maskKey(key.config.secret);
    return key.config.label.isEmpty() ? masked : u"%1 · %2"_s.arg(key.config.label, masked);
}

QLabel* tileLabel(QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setTextFormat(Qt::RichText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setWordWrap(true);
    return label;
}

// A figure as a tile says it: the name small, the figure big, a line under it.
QString tile(const QString& name, const QString& figure, const QString& note)
{
    return u"<span style='font-size:small'>%1</span><br><span style='font-size:x-large'><b>%2</b></span><br>"
           "<span style='font-size:small'>%3</span>"_s.arg(name.toHtmlEscaped(), figure.toHtmlEscaped(),
                                                           note.toHtmlEscaped());
}

QGroupBox* box(const QString& title, QWidget* content, QWidget* parent)
{
    auto* group = new QGroupBox(title, parent);
    auto* layout = new QVBoxLayout(group);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(content);
    return group;
}

// Minutes ago along the bottom of both charts: -60 at the left, "now" at the right.
QCategoryAxis* minutesAxis()
{
    auto* axis = new QCategoryAxis;
    axis->setRange(-0.5, CallTrend::kMinutes - 0.5);
    axis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    for (int ago = 60; ago > 0; ago -= 15)
        axis->append(OverviewPage::tr("-%1 min").arg(ago), CallTrend::kMinutes - ago - 0.5);
    axis->append(OverviewPage::tr("now"), CallTrend::kMinutes - 0.5);
    axis->setGridLineVisible(false);
    return axis;
}

} // namespace

OverviewPage::OverviewPage(Engine& engine, LocalPortService* port, QWidget* parent)
    : QWidget(parent)
    , m_engine(engine)
    , m_localPort(port)
    , m_port(tileLabel(this))
    , m_calls(tileLabel(this))
    , m_latency(tileLabel(this))
    , m_cost(tileLabel(this))
    , m_keys(tileLabel(this))
    , m_capBar(new QProgressBar(this))
{
    setObjectName(u"overviewPage"_s);
    m_port->setObjectName(u"overviewPort"_s);
    m_capBar->setTextVisible(true);
    m_capBar->setMaximumHeight(m_capBar->sizeHint().height());

    auto* tiles = new QHBoxLayout;
    auto* costColumn = new QVBoxLayout;
    costColumn->addWidget(m_cost);
    costColumn->addWidget(m_capBar);
    tiles->addWidget(m_port, 3);
    tiles->addWidget(m_calls, 2);
    tiles->addWidget(m_latency, 2);
    tiles->addLayout(costColumn, 3);
    tiles->addWidget(m_keys, 2);

    m_busiest = makeKeyList({tr("Key"), tr("Calls today"), tr("Cost today")});
    m_busiest->setObjectName(u"busiestKeys"_s);
    m_failing = makeKeyList({tr("Key"), tr("State"), tr("Why")});
    m_failing->setObjectName(u"failingKeys"_s);

    auto* grid = new QGridLayout;
    grid->addWidget(box(tr("Calls a minute, last hour"), makeCallsChart(), this), 0, 0);
    grid->addWidget(box(tr("Keys by state"), makeKeysChart(), this), 0, 1);
    grid->addWidget(box(tr("Latency, last hour"), makeLatencyChart(), this), 1, 0);
    auto* lists = new QWidget(this);
    auto* listsLayout = new QVBoxLayout(lists);
    listsLayout->setContentsMargins(0, 0, 0, 0);
    listsLayout->addWidget(box(tr("Busiest keys today"), m_busiest, lists));
    listsLayout->addWidget(box(tr("Failing keys"), m_failing, lists));
    grid->addWidget(lists, 1, 1);
    grid->setColumnStretch(0, 3);
    grid->setColumnStretch(1, 2);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(tiles);
    layout->addLayout(grid, 1);

    m_ticks.setInterval(kRefreshMs);
    connect(&m_ticks, &QTimer::timeout, this, &OverviewPage::refresh);
    connect(&m_engine, &Engine::trendLoaded, this, &OverviewPage::refresh);
    // A change in the pool shows within a moment, however many keys change at once (a load).
    m_soon.setSingleShot(true);
    m_soon.setInterval(kSoonMs);
    connect(&m_soon, &QTimer::timeout, this, &OverviewPage::refresh);
    const auto soon = [this] {
        if (isVisible() && !m_soon.isActive())
            m_soon.start();
    };
    const Gateway& gateway = m_engine.gateway();
    connect(&gateway, &Gateway::keyAdded, this, soon);
    connect(&gateway, &Gateway::keyRemoved, this, soon);
    connect(&gateway, &Gateway::keyStateChanged, this, soon);
    if (m_localPort) {
        connect(m_localPort, &LocalPortService::runningChanged, this, &OverviewPage::refreshPort);
        connect(m_localPort, &LocalPortService::tokenChanged, this, &OverviewPage::refreshPort);
    }
    applyTheme();
    refresh();
}

QTableWidget* OverviewPage::makeKeyList(const QStringList& headers)
{
    auto* table = new QTableWidget(0, static_cast<int>(headers.size()), this);
    table->setHorizontalHeaderLabels(headers);
    table->verticalHeader()->setVisible(false);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 6);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->horizontalHeader()->setStretchLastSection(true);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setWordWrap(false);
    connect(table, &QTableWidget::cellDoubleClicked, this, [this, table](int row) {
        if (const QTableWidgetItem* item = table->item(row, 0))
            Q_EMIT keyChosen(item->data(Qt::UserRole).toString());
    });
    return table;
}

QChartView* OverviewPage::makeCallsChart()
{
    auto* series = new QStackedBarSeries;
    series->setBarWidth(0.9);
    for (const CallResult result : kCallResults) {
        auto* set = new QBarSet(resultName(result));
        set->setColor(resultColor(result));
        set->setBorderColor(resultColor(result));
        for (int i = 0; i < CallTrend::kMinutes; ++i)
            set->append(0);
        series->append(set);
        m_callSets[static_cast<size_t>(result)] = set;
    }
    auto* chart = new QChart;
    chart->addSeries(series);
    QCategoryAxis* x = minutesAxis();
    chart->addAxis(x, Qt::AlignBottom);
    series->attachAxis(x);
    m_callsAxis = new QValueAxis;
    m_callsAxis->setLabelFormat(u"%d"_s);
    m_callsAxis->setMin(0);
    chart->addAxis(m_callsAxis, Qt::AlignLeft);
    series->attachAxis(m_callsAxis);
    chart->legend()->setAlignment(Qt::AlignTop);
    const QList<QLegendMarker*> markers = chart->legend()->markers(series);
    for (qsizetype i = 0; i < markers.size() && i < static_cast<qsizetype>(kCallResults.size()); ++i)
        markers.at(i)->setShape(QLegend::MarkerShapeRectangle);
    m_charts.append(chart);
    auto* view = new QChartView(chart, this);
    view->setObjectName(u"callsChart"_s);
    view->setRenderHint(QPainter::Antialiasing);
    QStringList meanings;
    for (const CallResult result : kCallResults)
        meanings.append(u"<b>%1</b>: %2"_s.arg(resultName(result), resultMeaning(result)));
    view->setToolTip(meanings.join(u"<br>"_s));
    view->setMinimumHeight(200);
    return view;
}

QChartView* OverviewPage::makeLatencyChart()
{
    m_p50 = new QLineSeries;
    m_p50->setName(tr("p50"));
    m_p95 = new QLineSeries;
    m_p95->setName(tr("p95"));
    auto* chart = new QChart;
    chart->addSeries(m_p95);
    chart->addSeries(m_p50);
    QCategoryAxis* x = minutesAxis();
    chart->addAxis(x, Qt::AlignBottom);
    m_latencyAxis = new QValueAxis;
    // Qt Charts takes a printf format in Latin-1 only: the unit's symbol, as in any language.
    m_latencyAxis->setLabelFormat(u"%d ms"_s);
    m_latencyAxis->setMin(0);
    chart->addAxis(m_latencyAxis, Qt::AlignLeft);
    for (QLineSeries* line : {m_p50, m_p95}) {
        line->attachAxis(x);
        line->attachAxis(m_latencyAxis);
        line->setPointsVisible(true);
    }
    chart->legend()->setAlignment(Qt::AlignTop);
    m_charts.append(chart);
    auto* view = new QChartView(chart, this);
    view->setObjectName(u"latencyChart"_s);
    view->setRenderHint(QPainter::Antialiasing);
    view->setToolTip(tr("Half of the calls answered in each minute took at most the p50 line, 95 in 100 at "
                        "most the p95 line."));
    view->setMinimumHeight(180);
    return view;
}

QChartView* OverviewPage::makeKeysChart()
{
    m_keyStates = new QPieSeries;
    m_keyStates->setHoleSize(0.45);
    for (const KeyState state : kKeyStates) {
        QPieSlice* slice = m_keyStates->append(Format::keyState(state), 0);
        slice->setColor(KeyTableModel::stateColor(state));
    }
    auto* chart = new QChart;
    chart->addSeries(m_keyStates);
    chart->legend()->setAlignment(Qt::AlignRight);
    m_charts.append(chart);
    auto* view = new QChartView(chart, this);
    view->setObjectName(u"keysChart"_s);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(200);
    return view;
}

void OverviewPage::applyTheme()
{
    const QPalette& colors = palette();
    for (QChart* chart : std::as_const(m_charts)) {
        // The theme picks text and grid colours; the background is the window's own.
        chart->setTheme(theme::isDark(colors) ? QChart::ChartThemeDark : QChart::ChartThemeLight);
        chart->setBackgroundBrush(colors.brush(QPalette::Base));
        chart->setAnimationOptions(QChart::NoAnimation);
        chart->setMargins(QMargins(2, 2, 2, 2));
    }
    // The theme recoloured the series: ours say what they mean.
    for (const CallResult result : kCallResults) {
        QBarSet* set = m_callSets[static_cast<size_t>(result)];
        set->setColor(resultColor(result));
        set->setBorderColor(resultColor(result));
    }
    m_p50->setColor(QColor(0x2a, 0x7a, 0xe2));
    m_p95->setColor(QColor(0xe0, 0x9b, 0x1a));
    const QList<QPieSlice*> slices = m_keyStates->slices();
    for (qsizetype i = 0; i < slices.size(); ++i) {
        slices.at(i)->setColor(KeyTableModel::stateColor(kKeyStates.at(static_cast<size_t>(i))));
        slices.at(i)->setBorderColor(colors.color(QPalette::Base));
    }
}

void OverviewPage::refresh()
{
    const qint64 now = m_engine.gateway().clock().nowMs();
    refreshTrend(now);
    refreshKeys(now);
    refreshPort();
}

void OverviewPage::refreshTrend(qint64 nowMs)
{
    m_minutes = m_engine.trend().lastHour(nowMs);
    int highest = 0;
    int slowest = 0;
    m_p50->clear();
    m_p95->clear();
    QList<QPointF> p50;
    QList<QPointF> p95;
    for (const CallResult result : kCallResults) {
        QBarSet* set = m_callSets[static_cast<size_t>(result)];
        for (int i = 0; i < static_cast<int>(m_minutes.size()); ++i)
            set->replace(i, m_minutes.at(i).count(result));
    }
    for (int i = 0; i < static_cast<int>(m_minutes.size()); ++i) {
        const CallTrend::Span& minute = m_minutes.at(i);
        highest = std::max(highest, minute.total());
        if (minute.p50Ms > 0) {
            p50.append(QPointF(i, minute.p50Ms));
            p95.append(QPointF(i, minute.p95Ms));
            slowest = std::max(slowest, minute.p95Ms);
        }
    }
    m_p50->replace(p50);
    m_p95->replace(p95);
    m_callsAxis->setMax(std::max(4, highest + highest / 5));
    m_callsAxis->applyNiceNumbers();
    m_latencyAxis->setMax(std::max(10, slowest + slowest / 5));
    m_latencyAxis->applyNiceNumbers();

    const CallTrend::Span hour = m_engine.trend().lastMinutes(nowMs, CallTrend::kMinutes);
    const int calls = hour.total();
    const int failed = hour.count(CallResult::Failed);
    const QLocale locale;
    m_calls->setText(tile(
        tr("Calls, last hour"), locale.toString(calls),
        calls == 0 ? tr("none yet")
                   : tr("%1 failed · %2 retried")
                         .arg(Format::successRate(failed, calls), locale.toString(hour.count(CallResult::Retried)))));
    m_latency->setText(tile(tr("Latency, last hour"), hour.p50Ms > 0 ? Format::latency(hour.p50Ms) : u"—"_s,
                            hour.p95Ms > 0 ? tr("p50 · p95 %1").arg(Format::latency(hour.p95Ms)) : tr("p50 · p95")));
}

void OverviewPage::refreshKeys(qint64 nowMs)
{
    // One pass over the pool: counts, today's money, and the few keys worth listing.
    const KeyPool& pool = m_engine.gateway().keys();
    const qint64 dayStart = QDateTime(QDateTime::fromMSecsSinceEpoch(nowMs).date(), QTime(0, 0)).toMSecsSinceEpoch();
    std::array<int, kKeyStates.size()> byState{};
    double spent = 0.0;
    double spentCapped = 0.0;
    double caps = 0.0;
    int capped = 0;
    std::vector<std::pair<int, int>> busiest; // (calls today, index), the kListed largest
    std::vector<int> failing;
    int failingCount = 0;
    for (int i = 0; i < pool.size(); ++i) {
        const KeyEntry& key = pool.at(i);
        if (key.removed)
            continue;
        ++byState[static_cast<size_t>(key.health.state)];
        const bool today = key.stats.dayStartMs >= dayStart;
        const double dollars = today ? key.stats.dollarsToday : 0.0;
        const int requests = today ? key.stats.requestsToday : 0;
        spent += dollars;
        if (key.config.dailyDollarCap > 0) {
            caps += key.config.dailyDollarCap;
            spentCapped += dollars;
            ++capped;
        }
        if (requests > 0) {
            busiest.emplace_back(requests, i);
            std::push_heap(busiest.begin(), busiest.end(), std::greater<>());
            if (busiest.size() > kListed) {
                std::pop_heap(busiest.begin(), busiest.end(), std::greater<>());
                busiest.pop_back();
            }
        }
        const KeyState state = key.health.state;
        if (state == KeyState::Invalid || state == KeyState::Exhausted || state == KeyState::BreakerOpen) {
            ++failingCount;
            if (failing.size() < kListed)
                failing.push_back(i);
        }
    }

    const QLocale locale;
    const int total = std::accumulate(byState.cbegin(), byState.cend(), 0);
    const QList<QPieSlice*> slices = m_keyStates->slices();
    for (qsizetype s = 0; s < slices.size(); ++s) {
        const int count = byState[static_cast<size_t>(s)];
        slices.at(s)->setValue(count);
        slices.at(s)->setLabel(
            u"%1 (%2)"_s.arg(Format::keyState(kKeyStates.at(static_cast<size_t>(s))), locale.toString(count)));
    }
    const int active = byState[static_cast<size_t>(KeyState::Active)];
    m_keys->setText(
        tile(tr("Keys"), locale.toString(total),
             total == 0 ? tr("none added yet")
                        : tr("%1 active · %2 failing").arg(locale.toString(active), locale.toString(failingCount))));

    m_cost->setText(tile(tr("Cost today"), spent > 0 ? Format::money(spent) : u"$0"_s,
                         capped == 0 ? tr("no daily caps set")
                                     : tr("%1 of %2, the daily caps of %n key(s)", nullptr, capped)
                                           .arg(Format::money(spentCapped), Format::money(caps))));
    m_capBar->setVisible(capped > 0);
    m_capBar->setRange(0, 1000);
    m_capBar->setValue(caps > 0 ? static_cast<int>(std::min(1.0, spentCapped / caps) * 1000) : 0);
    m_capBar->setFormat(caps > 0 ? QLocale().toString(100.0 * spentCapped / caps, 'f', 0) + u" %"_s : QString());

    std::sort_heap(busiest.begin(), busiest.end(), std::greater<>());
    m_busiest->setRowCount(static_cast<int>(busiest.size()));
    for (int row = 0; row < static_cast<int>(busiest.size()); ++row) {
        const KeyEntry& key = pool.at(busiest[static_cast<size_t>(row)].second);
        auto* name = new QTableWidgetItem(keyName(key));
        name->setData(Qt::UserRole, key.config.id);
        m_busiest->setItem(row, 0, name);
        m_busiest->setItem(row, 1, new QTableWidgetItem(locale.toString(key.stats.requestsToday)));
        m_busiest->setItem(row, 2, new QTableWidgetItem(Format::money(key.stats.dollarsToday)));
    }
    m_failing->setRowCount(static_cast<int>(failing.size()) + (failingCount > kListed ? 1 : 0));
    for (int row = 0; row < static_cast<int>(failing.size()); ++row) {
        const int index = failing[static_cast<size_t>(row)];
        const KeyEntry& key = pool.at(index);
        auto* name = new QTableWidgetItem(keyName(key));
        name->setData(Qt::UserRole, key.config.id);
        m_failing->setItem(row, 0, name);
        auto* state = new QTableWidgetItem(Format::keyState(key.health.state));
        state->setForeground(KeyTableModel::stateColor(key.health.state));
        m_failing->setItem(row, 1, state);
        auto* why = new QTableWidgetItem(key.health.reason);
        why->setToolTip(key.health.reason);
        m_failing->setItem(row, 2, why);
    }
    if (failingCount > kListed)
        m_failing->setItem(kListed, 0,
                           new QTableWidgetItem(tr("and %n more on the Keys page", nullptr, failingCount - kListed)));
}

void OverviewPage::refreshPort()
{
    if (!m_localPort) {
        m_port->setText(tile(tr("Local port"), tr("not here"), tr("the window runs without one")));
        return;
    }
    if (m_localPort->isRunning())
        m_port->setText(
            tile(tr("Local port"), m_localPort->endpoint().toString(),
                 tr("on · %n request(s) served", nullptr, static_cast<int>(m_localPort->requestsServed()))));
    else
        m_port->setText(tile(tr("Local port"), tr("off"),
                             m_localPort->isStarting() ? tr("starting...") : tr("start it from the Local Port menu")));
}

void OverviewPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    refresh();
    m_ticks.start();
}

void OverviewPage::hideEvent(QHideEvent* event)
{
    QWidget::hideEvent(event);
    m_ticks.stop();
}

void OverviewPage::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && !m_charts.isEmpty())
        applyTheme();
}

} // namespace exadesk
