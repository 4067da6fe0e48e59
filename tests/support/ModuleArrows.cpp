#include "ModuleArrows.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QRegularExpression>

#include <functional>

using namespace Qt::StringLiterals;

namespace testsupport {

QList<Module> ModuleArrows::readGraph(const QString& path, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        *error = u"cannot read %1: %2"_s.arg(path, file.errorString());
        return {};
    }
    QList<Module> modules;
    static const QRegularExpression line(u"^(\\S+) (\\S+):(.*)$"_s);
    for (const QString& text : QString::fromUtf8(file.readAll()).split(u'\n', Qt::SkipEmptyParts)) {
        const QRegularExpressionMatch match = line.match(text);
        if (!match.hasMatch()) {
            *error = u"%1: not a module line: %2"_s.arg(path, text);
            return {};
        }
        modules.append({match.captured(1), match.captured(2), match.captured(3).split(u' ', Qt::SkipEmptyParts)});
    }
    return modules;
}

ModuleArrows::ModuleArrows(QString sourceRoot, QList<Module> modules, QSet<QString> widgetHeaders)
    : m_root(std::move(sourceRoot))
    , m_modules(std::move(modules))
    , m_widgetHeaders(std::move(widgetHeaders))
{ }

const Module* ModuleArrows::moduleOf(const QString& file) const
{
    const Module* found = nullptr;
    for (const Module& module : m_modules) {
        const bool inside = file.startsWith(module.folder + u'/');
        if (inside && (!found || module.folder.size() > found->folder.size()))
            found = &module;
    }
    return found;
}

const Module* ModuleArrows::owner(const QString& include, const QString& file) const
{
    const QDir root(m_root);
    // Beside the including file: its own module.
    if (QFileInfo::exists(root.filePath(QFileInfo(file).path() + u'/' + include)))
        return moduleOf(file);
    for (const Module& module : m_modules) {
        if (module.folder.startsWith(u"core/"_s)) {
            // A core module's headers are found as "name/Header.h" (a generated one from its .in).
            const QString path = u"core/"_s + include;
            if (include.startsWith(module.name + u'/')
                && (QFileInfo::exists(root.filePath(path)) || QFileInfo::exists(root.filePath(path + u".in"_s))))
                return &module;
        } else if (QFileInfo::exists(root.filePath(module.folder + u'/' + include))) {
            return &module;
        }
    }
    return nullptr;
}

QStringList ModuleArrows::problemsIn(const QString& file, const Module& module) const
{
    QFile source(QDir(m_root).filePath(file));
    if (!source.open(QIODevice::ReadOnly | QIODevice::Text))
        return {u"%1: cannot be read"_s.arg(file)};
    static const QRegularExpression directive(u"^\\s*#\\s*include\\s*([\"<])([^\">]+)[\">]"_s);
    QStringList problems;
    int number = 0;
    for (const QString& line : QString::fromUtf8(source.readAll()).split(u'\n')) {
        ++number;
        const QRegularExpressionMatch match = directive.match(line);
        if (!match.hasMatch())
            continue;
        const QString include = match.captured(2);
        const QString where = u"%1:%2: "_s.arg(file).arg(number);
        if (match.captured(1) == u"<"_s) {
            const QString header = include.section(u'/', -1);
            if (module.folder.startsWith(u"core/"_s)
                && (include.startsWith(u"QtWidgets/"_s) || m_widgetHeaders.contains(header)))
                problems.append(where + u"core includes a QtWidgets header, %1"_s.arg(include));
            continue;
        }
        if (include.contains(u".."_s)) {
            problems.append(where
                            + u"%1 climbs out of its folder; include a module's header by its name"_s.arg(include));
            continue;
        }
        const Module* target = owner(include, file);
        if (!target)
            problems.append(where + u"%1 is no module's header"_s.arg(include));
        else if (target != &module && !module.uses.contains(target->name))
            problems.append(where
                            + u"%1 may not include %2 (a header of %3); it uses %4"_s.arg(
                                module.name, include, target->name,
                                module.uses.isEmpty() ? u"no other module"_s : module.uses.join(u", "_s)));
    }
    return problems;
}

QStringList ModuleArrows::includeProblems() const
{
    QStringList problems;
    for (const Module& module : m_modules) {
        QDirIterator files(QDir(m_root).filePath(module.folder), {u"*.h"_s, u"*.cpp"_s}, QDir::Files,
                           QDirIterator::Subdirectories);
        while (files.hasNext()) {
            const QString file = QDir(m_root).relativeFilePath(files.next());
            if (moduleOf(file) == &module) // a nested module checks its own files
                problems += problemsIn(file, module);
        }
    }
    return problems;
}

QStringList ModuleArrows::cycles() const
{
    QHash<QString, const Module*> byName;
    for (const Module& module : m_modules)
        byName.insert(module.name, &module);
    enum class Mark
    {
        New,
        Open,
        Done
    };
    QHash<QString, Mark> marks;
    QStringList path;
    QStringList found;
    std::function<void(const QString&)> visit = [&](const QString& name) {
        marks[name] = Mark::Open;
        path.append(name);
        const Module* module = byName.value(name);
        for (const QString& used : module ? module->uses : QStringList()) {
            if (marks.value(used, Mark::New) == Mark::Open)
                found.append((path.mid(path.indexOf(used)) + QStringList{used}).join(u" -> "_s));
            else if (marks.value(used, Mark::New) == Mark::New)
                visit(used);
        }
        path.removeLast();
        marks[name] = Mark::Done;
    };
    for (const Module& module : m_modules) {
        if (marks.value(module.name, Mark::New) == Mark::New)
            visit(module.name);
    }
    return found;
}

QStringList ModuleArrows::graphProblems() const
{
    QStringList problems;
    for (const Module& module : m_modules) {
        for (const QString& used : module.uses) {
            if (std::none_of(m_modules.cbegin(), m_modules.cend(), [&](const Module& m) { return m.name == used; }))
                problems.append(u"%1 uses %2, which is no module"_s.arg(module.name, used));
        }
    }
    const QDir core(QDir(m_root).filePath(u"core"_s));
    for (const QString& folder : core.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        const bool hasSources = !QDir(core.filePath(folder)).entryList({u"*.cpp"_s, u"*.h"_s}, QDir::Files).isEmpty();
        const bool known = std::any_of(m_modules.cbegin(), m_modules.cend(),
                                       [&](const Module& module) { return module.folder == u"core/"_s + folder; });
        if (hasSources && !known)
            problems.append(u"core/%1 holds sources but is no module"_s.arg(folder));
    }
    return problems;
}

} // namespace testsupport
