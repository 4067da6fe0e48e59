#include "WheelGuard.h"

#include <QAbstractScrollArea>
#include <QAbstractSpinBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QEvent>
#include <QWidget>

namespace exadesk {

void WheelGuard::protect(QWidget* root)
{
    auto* guard = new WheelGuard(root);
    QList<QWidget*> fields;
    for (QAbstractSpinBox* spin : root->findChildren<QAbstractSpinBox*>())
        fields.append(spin);
    for (QComboBox* combo : root->findChildren<QComboBox*>())
        fields.append(combo);
    for (QWidget* field : std::as_const(fields)) {
        // The wheel alone no longer gives focus: a click or Tab does.
        field->setFocusPolicy(Qt::StrongFocus);
        field->installEventFilter(guard);
    }
}

bool WheelGuard::eventFilter(QObject* watched, QEvent* event)
{
    const auto* field = static_cast<QWidget*>(watched);
    if (event->type() != QEvent::Wheel || field->hasFocus())
        return false;
    // The wheel goes to the scroll area around the form, as if the field were not there.
    for (QWidget* parent = field->parentWidget(); parent; parent = parent->parentWidget()) {
        if (auto* area = qobject_cast<QAbstractScrollArea*>(parent)) {
            QCoreApplication::sendEvent(area->viewport(), event);
            break;
        }
    }
    return true;
}

} // namespace exadesk
