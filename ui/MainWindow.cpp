#include "MainWindow.h"

#include "Version.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace exadesk {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
{
    setWindowTitle(tr("ExaDesk"));
    setObjectName(u"mainWindow"_s);
    resize(960, 640);

    auto* welcome = new QWidget(this);
    welcome->setObjectName(u"welcome"_s);
    // The text sits in a centred column of a readable width; word-wrapped labels need a layout
    // without alignment flags to get their height right.
    auto* column = new QWidget(welcome);
    column->setMaximumWidth(560);
    auto* text = new QVBoxLayout(column);
    text->setSpacing(14);

    auto* title = new QLabel(tr("Welcome to ExaDesk"), column);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.8);
    titleFont.setBold(true);
    title->setFont(titleFont);
    title->setAlignment(Qt::AlignCenter);
    text->addWidget(title);

    auto* summary = new QLabel(tr("Search the web with Exa using your own API keys, and share them with any Exa "
                                  "client on this computer through a local port."),
                               column);
    summary->setWordWrap(true);
    summary->setAlignment(Qt::AlignCenter);
    text->addWidget(summary);

    auto* hint = new QLabel(tr("From a terminal: <code>EXA_API_KEY=&lt;your key&gt; exadesk search \"your "
                               "question\"</code>"),
                            column);
    hint->setTextFormat(Qt::RichText);
    hint->setWordWrap(true);
    hint->setAlignment(Qt::AlignCenter);
    hint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    text->addWidget(hint);

    auto* centred = new QHBoxLayout;
    centred->addStretch();
    centred->addWidget(column, 1);
    centred->addStretch();

    auto* version = new QLabel(tr("Version %1").arg(QLatin1StringView(kVersion)), welcome);
    version->setAlignment(Qt::AlignCenter);
    version->setEnabled(false);

    auto* layout = new QVBoxLayout(welcome);
    layout->setContentsMargins(48, 48, 48, 24);
    layout->addStretch();
    layout->addLayout(centred);
    layout->addStretch();
    layout->addWidget(version);

    setCentralWidget(welcome);
}

} // namespace exadesk
