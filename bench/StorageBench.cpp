// The database's two heavy paths: full-text search over a large history (target: a query over
// 100,000 stored results in under 20 ms) and a bulk key import (target: 30,000 keys in one
// batch in under 10 s; the secrets go to a store in memory here, as keychains differ widely).
#include "MemorySecretStore.h"
#include "engine/Vault.h"
#include "pool/KeysFile.h"
#include "storage/HistoryStore.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QTemporaryDir>

#include <benchmark/benchmark.h>
#include <random>

using namespace exadesk;
using testsupport::MemorySecretStore;
using namespace Qt::StringLiterals;

namespace {

const QStringList kWords{u"rust"_s,     u"async"_s,   u"runtime"_s,   u"battery"_s, u"solid"_s,     u"state"_s,
                         u"lithium"_s,  u"vector"_s,  u"database"_s,  u"search"_s,  u"neural"_s,    u"network"_s,
                         u"compiler"_s, u"garbage"_s, u"collector"_s, u"kernel"_s,  u"scheduler"_s, u"quantum"_s,
                         u"protein"_s,  u"folding"_s, u"climate"_s,   u"model"_s,   u"ocean"_s,     u"current"_s};

QString sentence(std::mt19937& random, int words)
{
    std::uniform_int_distribution<qsizetype> pick(0, kWords.size() - 1);
    QStringList parts;
    for (int i = 0; i < words; ++i)
        parts.append(kWords.at(pick(random)));
    return parts.join(u' ');
}

// 10,000 searches of 10 results each, made once for every query benchmark.
struct History
{
    History()
    {
        StorageError error;
        db.open(&error);
        HistoryStore store(db);
        std::mt19937 random(5);
        std::uniform_int_distribution<int> rare(0, 999);
        for (int s = 0; s < 10'000; ++s) {
            QList<StoredResult> results;
            for (int r = 0; r < 10; ++r) {
                // One result in a thousand mentions a rare word.
                QString text = sentence(random, 60);
                if (rare(random) == 0)
                    text += u" zeolite"_s;
                results.append({u"https://example.org/%1/%2"_s.arg(s).arg(r), sentence(random, 6), text, {}});
            }
            store.add({0, u"search"_s, sentence(random, 3), {}, {}, 0.005, 1'700'000'000'000 + s, 0, {}}, results,
                      &error);
        }
    }

    QTemporaryDir dir;
    Database db{dir.filePath(u"history.sqlite"_s)};
};

History& history()
{
    static History made;
    return made;
}

void findInHistory(benchmark::State& state, const QString& query)
{
    HistoryStore store(history().db);
    StorageError error;
    qsizetype found = 0;
    for (auto _ : state)
        found = store.find(query, 50, &error).size();
    state.counters["searches_found"] = static_cast<double>(found);
}
BENCHMARK_CAPTURE(findInHistory, common_word, u"rust"_s)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(findInHistory, two_words, u"solid battery"_s)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(findInHistory, rare_word, u"zeolite"_s)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(findInHistory, prefix, u"prote"_s)->Unit(benchmark::kMillisecond);

void importKeys(benchmark::State& state)
{
    const int count = static_cast<int>(state.range(0));
    for (auto _ : state) {
        state.PauseTiming();
        QTemporaryDir dir;
        Database db(dir.filePath(u"keys.sqlite"_s));
        StorageError error;
        db.open(&error);
        MemorySecretStore secrets;
        Vault vault(db, secrets);
        QList<NewKey> keys;
        for (int i = 0; i < count; ++i)
            keys.append({i + 1, {}, u"%1-2222-3333-4444-555555559f3c"_s.arg(i, 8, 16, QChar(u'0')), {}, {}});
        state.ResumeTiming();
        PoolTask* task = vault.addKeys(keys);
        QEventLoop loop;
        QObject::connect(task, &PoolTask::finished, &loop, &QEventLoop::quit);
        if (!task->isFinished())
            loop.exec();
        state.counters["added"] = task->count(TaskItem::Result::Done);
    }
}
BENCHMARK(importKeys)->Arg(30'000)->Iterations(1)->Unit(benchmark::kMillisecond);

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
