// The layering is the build's: each module's #includes keep to the modules its CMake target links,
// and the module graph has no cycle. Checked on the real tree, and on a small tree of its own
// to show that the check finds what it must.
#include "ModuleArrows.h"

#include <QDir>
#include <QFile>
#include <QLibraryInfo>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using testsupport::Module;
using testsupport::ModuleArrows;

namespace {

QSet<QString> widgetHeaders()
{
    const QDir headers(QLibraryInfo::path(QLibraryInfo::HeadersPath) + u"/QtWidgets"_s);
    const QStringList names = headers.entryList(QDir::Files);
    return {names.cbegin(), names.cend()};
}

const Module* named(const QList<Module>& modules, const QString& name)
{
    const auto found = std::find_if(modules.cbegin(), modules.cend(), [&](const Module& m) { return m.name == name; });
    return found == modules.cend() ? nullptr : &*found;
}

void write(const QTemporaryDir& dir, const QString& file, const QString& text)
{
    QDir().mkpath(QFileInfo(dir.filePath(file)).path());
    QFile out(dir.filePath(file));
    ASSERT_TRUE(out.open(QIODevice::WriteOnly));
    out.write(text.toUtf8());
}

QString joined(const QStringList& problems)
{
    return problems.join(u'\n');
}

} // namespace

TEST(ModuleArrowsTest, EveryIncludeKeepsToTheArrowsTheBuildDeclares)
{
    QString error;
    const QList<Module> modules = ModuleArrows::readGraph(QStringLiteral(EXADESK_BINARY_DIR "/modules.txt"), &error);
    ASSERT_FALSE(modules.isEmpty()) << qPrintable(error);
    ASSERT_FALSE(widgetHeaders().isEmpty()) << "Qt's QtWidgets headers were not found";
    const ModuleArrows arrows(QStringLiteral(EXADESK_SOURCE_DIR), modules, widgetHeaders());
    EXPECT_TRUE(arrows.graphProblems().isEmpty()) << qPrintable(joined(arrows.graphProblems()));
    EXPECT_TRUE(arrows.cycles().isEmpty()) << qPrintable(joined(arrows.cycles()));
    EXPECT_TRUE(arrows.includeProblems().isEmpty()) << qPrintable(joined(arrows.includeProblems()));

    // The arrows DESIGN.md draws: only the gateway meets the pools and Exa's client; Exa's
    // client knows nothing of pooling; the port sees the engine's narrow interface only; the
    // program talks to the engine, not to its parts.
    for (const Module& module : modules) {
        const bool meetsBoth = module.uses.contains(u"pool"_s) && module.uses.contains(u"exa"_s);
        EXPECT_FALSE(module.folder.startsWith(u"core/"_s) && module.name != u"gateway"_s && meetsBoth)
            << qPrintable(module.name);
    }
    ASSERT_TRUE(named(modules, u"exa"_s) && named(modules, u"server"_s) && named(modules, u"app"_s));
    EXPECT_FALSE(named(modules, u"exa"_s)->uses.contains(u"pool"_s));
    for (const QString& part : {u"gateway"_s, u"pool"_s, u"engine"_s, u"storage"_s}) {
        EXPECT_FALSE(named(modules, u"server"_s)->uses.contains(part)) << qPrintable(part);
    }
    for (const QString& part : {u"gateway"_s, u"pool"_s, u"resilience"_s}) {
        EXPECT_FALSE(named(modules, u"app"_s)->uses.contains(part)) << qPrintable(part);
    }
    for (const Module& module : modules) {
        EXPECT_FALSE(module.folder.startsWith(u"core/"_s) && module.uses.contains(u"ui"_s)) << qPrintable(module.name);
    }
}

TEST(ModuleArrowsTest, TheCheckFindsCrossingsCyclesAndWidgetsInCore)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    write(dir, u"core/alpha/Alpha.h"_s, u"#pragma once\n#include \"beta/Beta.h\"\n#include \"Sibling.h\"\n"_s);
    write(dir, u"core/alpha/Sibling.h"_s, u"#pragma once\n"_s);
    write(dir, u"core/beta/Beta.h"_s, u"#pragma once\n#include \"gamma/Gamma.h\"\n#include <QWidget>\n"_s);
    write(dir, u"core/beta/Beta.cpp"_s, u"#include \"../gamma/Gamma.h\"\n#include \"Missing.h\"\n"_s);
    write(dir, u"core/gamma/Gamma.h"_s, u"#pragma once\n#include \"alpha/Alpha.h\"\n"_s);
    write(dir, u"core/stray/Stray.h"_s, u"#pragma once\n"_s);
    write(dir, u"ui/Page.h"_s, u"#pragma once\n#include \"alpha/Alpha.h\"\n#include \"gamma/Gamma.h\"\n"_s);
    const QList<Module> modules{{u"alpha"_s, u"core/alpha"_s, {u"beta"_s}},
                                {u"beta"_s, u"core/beta"_s, {u"alpha"_s}},
                                {u"gamma"_s, u"core/gamma"_s, {u"alpha"_s, u"nowhere"_s}},
                                {u"ui"_s, u"ui"_s, {u"alpha"_s}}};
    const ModuleArrows arrows(dir.path(), modules, {u"QWidget"_s});

    const QString problems = joined(arrows.includeProblems());
    EXPECT_TRUE(problems.contains(u"core/beta/Beta.h:2: beta may not include gamma/Gamma.h"_s)) << qPrintable(problems);
    EXPECT_TRUE(problems.contains(u"core/beta/Beta.h:3: core includes a QtWidgets header"_s)) << qPrintable(problems);
    EXPECT_TRUE(problems.contains(u"core/beta/Beta.cpp:1: ../gamma/Gamma.h climbs out"_s)) << qPrintable(problems);
    EXPECT_TRUE(problems.contains(u"core/beta/Beta.cpp:2: Missing.h is no module's header"_s)) << qPrintable(problems);
    EXPECT_TRUE(problems.contains(u"ui/Page.h:3: ui may not include gamma/Gamma.h"_s)) << qPrintable(problems);
    // What the arrows allow is not reported: alpha -> beta, its own sibling, gamma -> alpha, ui -> alpha.
    EXPECT_FALSE(problems.contains(u"Alpha.h"_s + u":2"_s)) << qPrintable(problems);
    EXPECT_FALSE(problems.contains(u"core/gamma/Gamma.h"_s)) << qPrintable(problems);
    EXPECT_FALSE(problems.contains(u"ui/Page.h:2"_s)) << qPrintable(problems);
    EXPECT_EQ(arrows.includeProblems().size(), 5) << qPrintable(problems);

    ASSERT_EQ(arrows.cycles().size(), 1) << qPrintable(joined(arrows.cycles()));
    EXPECT_EQ(arrows.cycles().constFirst(), u"alpha -> beta -> alpha"_s);
    const QString graph = joined(arrows.graphProblems());
    EXPECT_TRUE(graph.contains(u"gamma uses nowhere"_s)) << qPrintable(graph);
    EXPECT_TRUE(graph.contains(u"core/stray holds sources but is no module"_s)) << qPrintable(graph);
}

TEST(ModuleArrowsTest, TheArchitectureMapSaysWhatTheBuildSays)
{
    QString error;
    const QList<Module> built = ModuleArrows::readGraph(QStringLiteral(EXADESK_BINARY_DIR "/modules.txt"), &error);
    ASSERT_FALSE(built.isEmpty()) << qPrintable(error);
    QFile map(QStringLiteral(EXADESK_SOURCE_DIR "/docs/ARCHITECTURE.md"));
    ASSERT_TRUE(map.open(QIODevice::ReadOnly | QIODevice::Text));
    // The table's rows: | `name` | folder | uses | what it owns |
    static const QRegularExpression row(u"^\\| `(\\w+)` \\| ([^|]+) \\| ([^|]+) \\|"_s);
    QList<Module> written;
    for (const QString& line : QString::fromUtf8(map.readAll()).split(u'\n')) {
        const QRegularExpressionMatch match = row.match(line);
        if (!match.hasMatch())
            continue;
        QStringList uses = match.captured(3).trimmed().split(u' ', Qt::SkipEmptyParts);
        uses.removeAll(u"—"_s);
        written.append({match.captured(1), match.captured(2).trimmed(), uses});
    }
    ASSERT_EQ(written.size(), built.size());
    for (const Module& module : built) {
        const Module* described = named(written, module.name);
        ASSERT_TRUE(described) << qPrintable(module.name) << " is missing from docs/ARCHITECTURE.md";
        EXPECT_EQ(described->folder, module.folder) << qPrintable(module.name);
        QStringList uses = module.uses;
        QStringList describedUses = described->uses;
        uses.sort();
        describedUses.sort();
        EXPECT_EQ(describedUses, uses) << qPrintable(module.name);
    }
}
