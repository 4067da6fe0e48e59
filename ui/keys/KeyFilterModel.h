#pragma once

#include "pool/KeyPool.h"

#include <QSortFilterProxyModel>

#include <optional>

namespace exadesk {

// The key table as the Keys page shows it: sorted by any column (numbers as numbers), and
// filtered by state and by text found in the label, masked key, tags, proxy or last error.
class KeyFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit KeyFilterModel(QObject* parent = nullptr);

    void setStateFilter(std::optional<KeyState> state);
    void setTextFilter(const QString& text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    std::optional<KeyState> m_state;
    QStringList m_words;
};

} // namespace exadesk
