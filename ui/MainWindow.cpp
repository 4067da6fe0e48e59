#include "MainWindow.h"

#include "Version.h"

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
    auto* layout = new QVBoxLayout(welcome);
    layout->setContentsMargins(48, 48, 48, 48);
    layout->addStretch();

    auto* title = new QLabel(tr("Welcome to ExaDesk"), welcome);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.8);
    titleFont.setBold(true);
    title->setFont(titleFont);
    title->setAlignment(Qt::AlignCenter);
    layout->addWidget(title);

    auto* summary = new QLabel(tr("Search the web with Exa using your own API keys, and share them with any Exa "
                                  "client on this computer through a local port."),
                               welcome);
    summary->setWordWrap(true);
    summary->setAlignment(Qt::AlignCenter);
    layout->addWidget(summary);

    auto* hint = new QLabel(tr("From a terminal: <code>EXA_API_KEY=&lt;your key&gt; exadesk search \"your "
                               "question\"</code>"),
                            welcome);
    hint->setTextFormat(Qt::RichText);
    hint->setAlignment(Qt::AlignCenter);
    hint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(hint);

    layout->addStretch();
    auto* version = new QLabel(tr("Version %1").arg(QLatin1StringView(kVersion)), welcome);
    version->setAlignment(Qt::AlignCenter);
    version->setEnabled(false);
    layout->addWidget(version);

    setCentralWidget(welcome);
}

} // namespace exadesk
