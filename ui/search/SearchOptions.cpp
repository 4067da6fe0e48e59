#include "SearchOptions.h"

#include "WheelGuard.h"
#include "config/SettingsRegistry.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace exadesk {

SearchOptions::SearchOptions(QWidget* parent)
    : QWidget(parent)
{
    m_type = new QComboBox(this);
    for (const QString& name : exa::allSearchTypeNames())
        m_type->addItem(name, name);
    m_type->setCurrentIndex(std::max(0, m_type->findData(u"auto"_s)));
    m_count = new QSpinBox(this);
    m_count->setRange(1, 100);
    m_count->setValue(10);
    m_category = new QComboBox(this);
    m_category->addItem(tr("any"), QString());
    for (const QString& name : exa::allCategoryNames())
        m_category->addItem(name, name);
    m_includeDomains = new QLineEdit(this);
    m_includeDomains->setPlaceholderText(tr("arxiv.org, github.com"));
    m_excludeDomains = new QLineEdit(this);
    m_afterOn = new QCheckBox(tr("after"), this);
    m_after = new QDateEdit(QDate::currentDate().addYears(-1), this);
    m_beforeOn = new QCheckBox(tr("before"), this);
    m_before = new QDateEdit(QDate::currentDate(), this);
    for (QDateEdit* date : {m_after, m_before}) {
        date->setCalendarPopup(true);
        date->setDisplayFormat(u"yyyy-MM-dd"_s);
    }
    m_includeText = new QLineEdit(this);
    m_includeText->setPlaceholderText(tr("a phrase every result contains"));
    m_excludeText = new QLineEdit(this);
    m_wantText = new QCheckBox(tr("Text"), this);
    m_wantHighlights = new QCheckBox(tr("Highlights"), this);
    m_wantHighlights->setChecked(true);
    m_wantSummary = new QCheckBox(tr("Summary"), this);
    m_summaryQuery = new QLineEdit(this);
    m_summaryQuery->setPlaceholderText(tr("what the summary should answer (optional)"));
    m_maxAge = new QSpinBox(this);
    m_maxAge->setRange(-1, 24 * 365);
    m_maxAge->setValue(-1);
    m_maxAge->setSpecialValueText(tr("Exa's default"));
    m_maxAge->setSuffix(tr(" h"));
    m_maxAge->setToolTip(tr("Fetch pages anew when Exa's copy is older than this (0: always)"));

    auto* dates = new QHBoxLayout;
    dates->addWidget(m_afterOn);
    dates->addWidget(m_after);
    dates->addWidget(m_beforeOn);
    dates->addWidget(m_before);
    dates->addStretch();
    auto* contents = new QHBoxLayout;
    contents->addWidget(m_wantText);
    contents->addWidget(m_wantHighlights);
    contents->addWidget(m_wantSummary);
    contents->addWidget(m_summaryQuery, 1);

    auto* left = new QFormLayout;
    left->addRow(tr("Type:"), m_type);
    left->addRow(tr("Results:"), m_count);
    left->addRow(tr("Category:"), m_category);
    left->addRow(tr("Published:"), dates);
    auto* right = new QFormLayout;
    right->addRow(tr("Only domains:"), m_includeDomains);
    right->addRow(tr("Not domains:"), m_excludeDomains);
    right->addRow(tr("Must contain:"), m_includeText);
    right->addRow(tr("Must not contain:"), m_excludeText);
    auto* columns = new QHBoxLayout;
    columns->addLayout(left, 1);
    columns->addLayout(right, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(columns);
    auto* contentRow = new QFormLayout;
    contentRow->addRow(tr("Contents:"), contents);
    contentRow->addRow(tr("Max age:"), m_maxAge);
    layout->addLayout(contentRow);
    WheelGuard::protect(this);
}

exa::SearchRequest SearchOptions::request(const QString& query) const
{
    exa::SearchRequest request;
    request.query = query;
    request.type = exa::searchTypeFromString(m_type->currentData().toString());
    request.category = exa::categoryFromString(m_category->currentData().toString());
    exa::CommonSearchOptions& options = request.options;
    options.numResults = m_count->value();
    options.includeDomains = splitList(m_includeDomains->text());
    options.excludeDomains = splitList(m_excludeDomains->text());
    if (m_afterOn->isChecked())
        options.startPublishedDate = QDateTime(m_after->date(), QTime(0, 0), Qt::UTC);
    if (m_beforeOn->isChecked())
        options.endPublishedDate = QDateTime(m_before->date(), QTime(0, 0), Qt::UTC);
    if (!m_includeText->text().trimmed().isEmpty())
        options.includeText = {m_includeText->text().trimmed()};
    if (!m_excludeText->text().trimmed().isEmpty())
        options.excludeText = {m_excludeText->text().trimmed()};
    if (m_wantText->isChecked())
        options.contents.text = exa::TextOptions{};
    if (m_wantHighlights->isChecked())
        options.contents.highlights = exa::HighlightsOptions{};
    if (m_wantSummary->isChecked()) {
        exa::SummaryOptions summary;
        summary.query = m_summaryQuery->text().trimmed();
        options.contents.summary = summary;
    }
    if (m_maxAge->value() >= 0)
        options.contents.maxAgeHours = m_maxAge->value();
    return request;
}

} // namespace exadesk
