#include "SearchOptions.h"

#include "Format.h"
#include "WheelGuard.h"
#include "config/SettingsRegistry.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
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
        m_type->addItem(Format::searchType(name), name);
    m_type->setCurrentIndex(std::max(0, m_type->findData(u"auto"_s)));
    m_count = new QSpinBox(this);
    m_count->setRange(1, 100);
    m_count->setValue(10);
    m_category = new QComboBox(this);
    m_category->addItem(tr("any"), QString());
    for (const QString& name : exa::allCategoryNames())
        m_category->addItem(Format::category(name), name);
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

    m_count->setSuffix(tr(" results"));

    // One grid: the labels of both columns in line, and the rows of both at the same heights.
    // Numbers and choices keep their size at the left of their cell; lines of text fill theirs.
    auto* grid = new QGridLayout;
    const auto row
        = [grid, this](int at, int column, const QString& label, QWidget* buddy, QLayoutItem* field, int span = 1) {
              auto* name = new QLabel(label, this);
              name->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
              name->setBuddy(buddy);
              grid->addWidget(name, at, column * 2);
              grid->addItem(field, at, column * 2 + 1, 1, span);
          };
    const auto leftAligned = [](QWidget* field) {
        field->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
        auto* cell = new QHBoxLayout;
        cell->addWidget(field);
        cell->addStretch();
        return cell;
    };
    row(0, 0, tr("Type:"), m_type, leftAligned(m_type));
    row(1, 0, tr("Number:"), m_count, leftAligned(m_count));
    row(2, 0, tr("Category:"), m_category, leftAligned(m_category));
    row(3, 0, tr("Published:"), m_afterOn, dates);
    row(0, 1, tr("Only domains:"), m_includeDomains, new QWidgetItem(m_includeDomains));
    row(1, 1, tr("Not domains:"), m_excludeDomains, new QWidgetItem(m_excludeDomains));
    row(2, 1, tr("Must contain:"), m_includeText, new QWidgetItem(m_includeText));
    row(3, 1, tr("Must not contain:"), m_excludeText, new QWidgetItem(m_excludeText));
    row(4, 0, tr("Contents:"), m_wantText, contents, 3);
    row(5, 0, tr("Max age:"), m_maxAge, leftAligned(m_maxAge), 3);
    grid->setColumnStretch(1, 1);
    grid->setColumnStretch(3, 2);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(grid);
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
