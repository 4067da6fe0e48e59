// The Keys page with 10,000 keys, offscreen: building the table, a key's change reaching the
// sorted, filtered view (as the engine reports each call), and scrolling a page with painting.
// Target: the page stays smooth, i.e. an update and a scroll step well under a 16 ms frame.
#include "MemorySecretStore.h"
#include "engine/Engine.h"
#include "gateway/Gateway.h"
#include "keys/KeyFilterModel.h"
#include "keys/KeyTableModel.h"
#include "keys/KeysPage.h"

#include <QApplication>
#include <QScrollBar>
#include <QTableView>
#include <QTemporaryDir>

#include <benchmark/benchmark.h>
#include <memory>
#include <random>

using namespace exadesk;
using testsupport::MemorySecretStore;
using namespace Qt::StringLiterals;

namespace {

constexpr int kKeys = 10'000;

struct Scene
{
    Scene()
    {
        EngineSetup setup;
        setup.databasePath = dir.filePath(u"bench.sqlite"_s);
        setup.secrets = &secrets;
        engine = std::make_unique<Engine>(setup);
        QString problem;
        engine->saveSettings({{u"recheck.enabled"_s, u"off"_s}}, &problem);
        gateway = &engine->gateway();
        for (int i = 0; i < kKeys; ++i) {
            const QString secret = u"bench-%1-0000-1111-2222-333344445555"_s.arg(i, 6, 10, QChar(u'0'));
            gateway->addKey({u"key-%1"_s.arg(i), u"key %1"_s.arg(i), secret, {u"team-%1"_s.arg(i % 7)}, {}, 0, 0.0});
        }
        page = std::make_unique<KeysPage>(*engine);
        page->resize(1280, 800);
        page->show();
        QApplication::processEvents();
    }

    QTemporaryDir dir;
    MemorySecretStore secrets;
    std::unique_ptr<Engine> engine;
    Gateway* gateway = nullptr;
    std::unique_ptr<KeysPage> page;
};

std::unique_ptr<Scene> g_scene; // made and destroyed while the application exists

Scene& scene()
{
    if (!g_scene)
        g_scene = std::make_unique<Scene>();
    return *g_scene;
}

void BM_BuildTableOf10kKeys(benchmark::State& state)
{
    Gateway& gateway = *scene().gateway;
    for (auto _ : state) {
        KeyTableModel model(gateway);
        KeyFilterModel filter;
        filter.setSourceModel(&model);
        filter.sort(KeyTableModel::Label);
        benchmark::DoNotOptimize(filter.rowCount());
    }
}
BENCHMARK(BM_BuildTableOf10kKeys)->Unit(benchmark::kMillisecond);

// A key changes (its tags, as a call's statistics would) and reaches the sorted, filtered
// model; with `paint`, the view is repainted too, as the next frame would.
void BM_KeyChange(benchmark::State& state)
{
    Scene& s = scene();
    s.page->view()->sortByColumn(static_cast<int>(state.range(0)), Qt::AscendingOrder);
    const bool paint = state.range(1) != 0;
    std::mt19937 random(7);
    std::uniform_int_distribution<int> pick(0, kKeys - 1);
    int n = 0;
    for (auto _ : state) {
        const int key = pick(random);
        KeyConfig config = s.gateway->keys().at(key).config;
        config.tags = {u"team-%1"_s.arg(++n % 7)};
        s.gateway->updateKey(key, config);
        if (paint)
            s.page->view()->viewport()->repaint();
    }
}
// Sorted by label (the change does not move the row) or by tags (it does); with and without painting.
BENCHMARK(BM_KeyChange)
    ->ArgNames({"sortColumn", "paint"})
    ->Args({KeyTableModel::Label, 0})
    ->Args({KeyTableModel::Tags, 0})
    ->Args({KeyTableModel::Label, 1})
    ->Unit(benchmark::kMicrosecond);

void BM_ScrollAPage(benchmark::State& state)
{
    Scene& s = scene();
    QScrollBar* bar = s.page->view()->verticalScrollBar();
    int position = 0;
    for (auto _ : state) {
        position = (position + bar->pageStep()) % (bar->maximum() + 1);
        bar->setValue(position);
        s.page->view()->viewport()->repaint();
    }
}
BENCHMARK(BM_ScrollAPage)->Unit(benchmark::kMicrosecond);

} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    g_scene.reset();
    return 0;
}
