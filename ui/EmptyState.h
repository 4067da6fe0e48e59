#pragma once

#include <QList>
#include <QString>

#include <utility>

class QAction;
class QWidget;

namespace exadesk {

// What a page shows where its table would be empty: what belongs here and how to begin (`html`,
// a title and a paragraph), centred in a readable width, with a button (its text, what it triggers)
// for each way to begin.
QWidget* makeEmptyState(const QString& html, const QList<std::pair<QString, QAction*>>& buttons, QWidget* parent);

} // namespace exadesk
