#pragma once

#include "exa/ExaRequests.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDateEdit;
class QLineEdit;
class QSpinBox;

namespace exadesk {

// The search options that fold away under the query box, mapped to Exa's fields: type, number
// of results, category, domains, published dates, phrases, and the contents to fetch.
class SearchOptions : public QWidget
{
    Q_OBJECT

public:
    explicit SearchOptions(QWidget* parent = nullptr);

    // The search these options describe, for `query`.
    exa::SearchRequest request(const QString& query) const;

private:
    QComboBox* m_type;
    QSpinBox* m_count;
    QComboBox* m_category;
    QLineEdit* m_includeDomains;
    QLineEdit* m_excludeDomains;
    QCheckBox* m_afterOn;
    QDateEdit* m_after;
    QCheckBox* m_beforeOn;
    QDateEdit* m_before;
    QLineEdit* m_includeText;
    QLineEdit* m_excludeText;
    QCheckBox* m_wantText;
    QCheckBox* m_wantHighlights;
    QCheckBox* m_wantSummary;
    QLineEdit* m_summaryQuery;
    QSpinBox* m_maxAge;
};

} // namespace exadesk
