#include "KeyFilterModel.h"

#include "KeyTableModel.h"

namespace exadesk {

KeyFilterModel::KeyFilterModel(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(KeyTableModel::SortRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setSortLocaleAware(true);
    // A key whose state changes moves to where the sort puts it.
    setDynamicSortFilter(true);
}

void KeyFilterModel::setStateFilter(std::optional<KeyState> state)
{
    m_state = state;
    invalidateFilter();
}

void KeyFilterModel::setTextFilter(const QString& text)
{
    m_words = text.split(u' ', Qt::SkipEmptyParts);
    invalidateFilter();
}

bool KeyFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_state && index.data(KeyTableModel::StateRole).toInt() != static_cast<int>(*m_state))
        return false;
    if (m_words.isEmpty())
        return true;
    const QString text = index.data(KeyTableModel::SearchTextRole).toString();
    return std::all_of(m_words.cbegin(), m_words.cend(),
                       [&](const QString& word) { return text.contains(word, Qt::CaseInsensitive); });
}

} // namespace exadesk
