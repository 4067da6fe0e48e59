#pragma once

#include <QDialog>

#include <functional>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace exadesk {

// Adding one key: its label, the key, tags, and whether to check it at once (a one-result
// search, billed). What is wrong (no key, a web address, a key in the label, a key already in the
// pool) is said in the dialog, which stays open until it is right or cancelled.
class AddKeyDialog : public QDialog
{
    Q_OBJECT

public:
    // `labelOfKnown`: the label of the pool's key with this secret, or empty when there is none.
    AddKeyDialog(std::function<QString(const QString& secret)> labelOfKnown, QWidget* parent = nullptr);

    QString label() const;
    QString secret() const;
    QStringList tags() const;
    bool checkNow() const;

    QLineEdit* labelEdit() const { return m_label; }
    QLineEdit* secretEdit() const { return m_secret; }
    QLineEdit* tagsEdit() const { return m_tags; }
    QCheckBox* checkNowBox() const { return m_checkNow; }
    QLabel* problemLabel() const { return m_problem; }
    QDialogButtonBox* buttons() const { return m_buttons; }

private:
    void tryAccept();

    std::function<QString(const QString&)> m_labelOfKnown;
    QLineEdit* m_label;
    QLineEdit* m_secret;
    QLineEdit* m_tags;
    QCheckBox* m_checkNow;
    QLabel* m_problem;
    QDialogButtonBox* m_buttons;
};

} // namespace exadesk
