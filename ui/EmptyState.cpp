#include "EmptyState.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace exadesk {

QWidget* makeEmptyState(const QString& html, const QList<std::pair<QString, QAction*>>& buttons, QWidget* parent)
{
    auto* empty = new QWidget(parent);
    auto* text = new QLabel(html, empty);
    text->setWordWrap(true);
    text->setOpenExternalLinks(true);
    text->setAlignment(Qt::AlignCenter);
    text->setMaximumWidth(520);
    // A word-wrapped label gets its height right only in a layout without alignment flags:
    // stretches either side centre it instead.
    auto* textRow = new QHBoxLayout;
    textRow->addStretch(1);
    textRow->addWidget(text, 4);
    textRow->addStretch(1);
    auto* buttonRow = new QHBoxLayout;
    buttonRow->addStretch();
    for (const auto& [label, action] : buttons) {
        auto* button = new QPushButton(label, empty);
        QObject::connect(button, &QPushButton::clicked, action, &QAction::trigger);
        buttonRow->addWidget(button);
    }
    buttonRow->addStretch();
    auto* layout = new QVBoxLayout(empty);
    layout->addStretch();
    layout->addLayout(textRow);
    layout->addLayout(buttonRow);
    layout->addStretch();
    return empty;
}

} // namespace exadesk
