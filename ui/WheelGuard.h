#pragma once

#include <QObject>

class QWidget;

namespace exadesk {

// Spin boxes and combo boxes take the mouse wheel only once they have focus (a click or Tab);
// before that the wheel scrolls the page they are on, so scrolling through a form never changes
// one of its values by accident.
class WheelGuard : public QObject
{
    Q_OBJECT

public:
    // Guards every spin box and combo box inside `root` (made so far).
    static void protect(QWidget* root);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    using QObject::QObject;
};

} // namespace exadesk
