#include "AddKeyDialog.h"

#include "ColorScheme.h"
#include "config/SettingsRegistry.h"
#include "pool/KeysFile.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFontMetrics>
#include <QFormLayout>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QPushButton>

using namespace Qt::StringLiterals;

namespace exadesk {

AddKeyDialog::AddKeyDialog(std::function<QString(const QString& secret)> labelOfKnown, QWidget* parent)
    : QDialog(parent)
    , m_labelOfKnown(std::move(labelOfKnown))
    , m_label(new QLineEdit(this))
    , m_secret(new QLineEdit(this))
    , m_tags(new QLineEdit(this))
    , m_checkNow(new QCheckBox(tr("Check it now with a one-result search (billed)"), this))
    , m_problem(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Add Key"));
    m_secret->setEchoMode(QLineEdit::Password);
    m_secret->setPlaceholderText(tr("from dashboard.exa.ai/api-keys"));
    // Wide enough for a whole key (a UUID) and then some.
    m_secret->setMinimumWidth(QFontMetrics(m_secret->font()).horizontalAdvance(u'0') * 44);
    m_label->setPlaceholderText(tr("e.g. work; shown instead of the key"));
    m_tags->setPlaceholderText(tr("optional, comma-separated"));
    m_problem->setObjectName(u"addKeyProblem"_s);
    m_problem->setWordWrap(true);
    m_problem->setVisible(false);
    theme::showAsError(m_problem);
    m_buttons->addButton(tr("Add"), QDialogButtonBox::AcceptRole);

    auto* form = new QFormLayout(this);
    form->addRow(tr("Label:"), m_label);
    form->addRow(tr("API key:"), m_secret);
    form->addRow(tr("Tags:"), m_tags);
    form->addRow(QString(), m_checkNow);
    form->addRow(m_problem);
    form->addRow(m_buttons);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &AddKeyDialog::tryAccept);
    // A problem said goes once the person changes what it was about.
    for (QLineEdit* field : {m_label, m_secret})
        connect(field, &QLineEdit::textEdited, m_problem, [this] { m_problem->setVisible(false); });
}

QString AddKeyDialog::label() const
{
    return m_label->text().trimmed();
}

QString AddKeyDialog::secret() const
{
    return m_secret->text().trimmed();
}

QStringList AddKeyDialog::tags() const
{
    return splitList(m_tags->text());
}

bool AddKeyDialog::checkNow() const
{
    return m_checkNow->isChecked();
}

void AddKeyDialog::tryAccept()
{
    QString problem = KeysFile::shapeProblem(secret());
    QLineEdit* wrong = m_secret;
    if (problem.isEmpty()) {
        if (const QString known = m_labelOfKnown(secret()); !known.isEmpty())
            problem = tr("This key is already in the pool, as \"%1\".").arg(known);
    }
    if (problem.isEmpty()) {
        problem = KeysFile::labelProblem(label());
        wrong = m_label;
    }
    if (problem.isEmpty()) {
        accept();
        return;
    }
    // The reasons are written to go inside a sentence; here each stands alone.
    if (!problem.back().isPunct()) {
        problem[0] = problem[0].toUpper();
        problem = tr("%1.", "a reason made a sentence of its own").arg(problem);
    }
    m_problem->setText(problem);
    m_problem->setVisible(true);
    // Room for the whole sentence, without shrinking what the person sized.
    layout()->activate();
    resize(size().expandedTo(sizeHint()));
    wrong->setFocus();
    wrong->selectAll();
}

} // namespace exadesk
