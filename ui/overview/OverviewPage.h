#pragma once

#include "calls/CallTrend.h"

#include <QTimer>
#include <QWidget>

#include <array>

class QBarSet;
class QChart;
class QChartView;
class QLabel;
class QLineSeries;
class QPieSeries;
class QProgressBar;
class QTableWidget;
class QValueAxis;

namespace exadesk {

class Engine;
class LocalPortService;

// The Overview: the pool at a glance, live. Calls a minute by how they ended over the last hour,
// their latency (p50, p95), keys by state, today's cost against the daily caps, the busiest and the
// failing keys, and the local port. Everything is read from memory (the engine's trend and pools)
// once a second while the page is shown, in one pass over the keys, so 10,000 keys and a busy port
// keep the window smooth; the request log is read once, off the event loop (Engine::loadTrend()).
class OverviewPage : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kRefreshMs = 1'000;
    static constexpr int kSoonMs = 100; // after a change in the pool
    static constexpr int kListed = 5; // busiest and failing keys shown

    OverviewPage(Engine& engine, LocalPortService* port, QWidget* parent = nullptr);

    // Reads everything again (the timer does it while the page is shown).
    void refresh();

    // What the page shows, for tests and screenshots.
    const QList<CallTrend::Span>& minutes() const { return m_minutes; }
    QBarSet* callsSet(CallResult result) const { return m_callSets[static_cast<size_t>(result)]; }
    QLineSeries* p50Series() const { return m_p50; }
    QLineSeries* p95Series() const { return m_p95; }
    QPieSeries* keyStates() const { return m_keyStates; }
    QLabel* portLabel() const { return m_port; }
    QLabel* callsLabel() const { return m_calls; }
    QTableWidget* busiestKeys() const { return m_busiest; }
    QTableWidget* failingKeys() const { return m_failing; }

Q_SIGNALS:
    // A key in the busiest or failing lists was double-clicked: its row on the Keys page is wanted.
    void keyChosen(const QString& keyId);

protected:
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    QChartView* makeCallsChart();
    QChartView* makeLatencyChart();
    QChartView* makeKeysChart();
    QTableWidget* makeKeyList(const QStringList& headers);
    void applyTheme();
    void refreshTrend(qint64 nowMs);
    void refreshKeys(qint64 nowMs);
    void refreshPort();

    Engine& m_engine;
    LocalPortService* m_localPort;
    QTimer m_ticks;
    QTimer m_soon;
    QList<CallTrend::Span> m_minutes;
    QList<QChart*> m_charts;

    QLabel* m_port;
    QLabel* m_calls;
    QLabel* m_latency;
    QLabel* m_cost;
    QLabel* m_keys;
    QProgressBar* m_capBar;
    std::array<QBarSet*, kCallResults.size()> m_callSets{};
    QValueAxis* m_callsAxis = nullptr;
    QLineSeries* m_p50 = nullptr;
    QLineSeries* m_p95 = nullptr;
    QValueAxis* m_latencyAxis = nullptr;
    QPieSeries* m_keyStates = nullptr;
    QTableWidget* m_busiest = nullptr;
    QTableWidget* m_failing = nullptr;
};

} // namespace exadesk
