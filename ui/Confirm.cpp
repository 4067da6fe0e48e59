#include "Confirm.h"

#include <QPushButton>

namespace exadesk {

bool confirmAction(QWidget* parent, const QString& title, const QString& question, const QString& action,
                   QMessageBox::ButtonRole role)
{
    QMessageBox box(QMessageBox::Question, title, question, QMessageBox::Cancel, parent);
    const QPushButton* go = box.addButton(action, role);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    return box.clickedButton() == go;
}

} // namespace exadesk
