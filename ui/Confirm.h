#pragma once

#include <QMessageBox>
#include <QString>

class QWidget;

namespace exadesk {

// Asks before something that cannot be undone or costs money. The button that goes ahead names
// the action ("Remove", "Test", "Clear"); Cancel is the default. True when the person went ahead.
bool confirmAction(QWidget* parent, const QString& title, const QString& question, const QString& action,
                   QMessageBox::ButtonRole role = QMessageBox::AcceptRole);

} // namespace exadesk
