#pragma once

#include <QMainWindow>

namespace exadesk {

// The ExaDesk window: what a person sees when they start the app without a command.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);
};

} // namespace exadesk
