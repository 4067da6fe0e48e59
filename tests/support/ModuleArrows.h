#pragma once

#include <QSet>
#include <QString>
#include <QStringList>

// The module graph the build declares (one line per module: "name folder: uses..."), and the
// #includes of the sources held to it: a module includes its own headers and those of the modules
// it names, nothing else; core includes no QtWidgets header; the graph has no cycle.
namespace testsupport {

struct Module
{
    QString name;
    QString folder; // below the source tree: "core/pool", "ui", "app"
    QStringList uses;
};

class ModuleArrows
{
public:
    // Reads the graph CMake wrote; empty (and `error` set) when it cannot.
    static QList<Module> readGraph(const QString& path, QString* error);

    ModuleArrows(QString sourceRoot, QList<Module> modules, QSet<QString> widgetHeaders);

    // "core/server/LocalServer.cpp:5: server may not include gateway/Gateway.h (it uses base calls ...)"
    QStringList includeProblems() const;
    // "gateway -> pool -> gateway", once per cycle found.
    QStringList cycles() const;
    // Folders under core/ with sources that are no module of the graph, and modules used that the
    // graph does not have.
    QStringList graphProblems() const;

private:
    const Module* moduleOf(const QString& file) const;
    // The module whose header `include` (quoted) names, seen from `file`; null when none has it.
    const Module* owner(const QString& include, const QString& file) const;
    QStringList problemsIn(const QString& file, const Module& module) const;

    QString m_root;
    QList<Module> m_modules;
    QSet<QString> m_widgetHeaders;
};

} // namespace testsupport
