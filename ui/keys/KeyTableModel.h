#pragma once

#include "pool/KeyPool.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QSet>
#include <QTimer>

#include <vector>

namespace exadesk {

class Gateway;

// The gateway's keys as a table, one row per key in the pool, kept current from the gateway's
// signals: a key's change repaints its row, a key added or removed inserts or removes one row;
// the model is never reset. A cooling-down or parked key's countdown ticks every second.
class KeyTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        Label,
        Key,
        Tags,
        State,
        Failures,
        SuccessRate,
        RateLimited,
        Latency,
        CostToday,
        CostTotal,
        Proxy,
        LastUsed,
        LastError,
        ColumnCount
    };
    enum Role
    {
        SortRole = Qt::UserRole, // a number or text that sorts as a person expects
        PoolIndexRole, // the key's index in the gateway's pool
        StateRole, // KeyState as int
        SearchTextRole, // what the text filter looks in
    };

    explicit KeyTableModel(Gateway& gateway, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    int poolIndex(int row) const { return m_rows.at(static_cast<size_t>(row)); }
    int rowOf(int poolIndex) const { return m_rowOf.value(poolIndex, -1); }
    static QString columnName(Column column);
    static QColor stateColor(KeyState state);

private:
    void onAdded(int index);
    void onRemoved(int index);
    void onChanged(int index);
    void tick();
    bool isCountingDown(int poolIndex) const;
    QVariant display(const KeyEntry& key, int poolIndex, int column) const;
    QVariant sortValue(const KeyEntry& key, int poolIndex, int column) const;
    QString stateText(const KeyEntry& key) const;

    Gateway& m_gateway;
    std::vector<int> m_rows; // pool index per row
    QHash<int, int> m_rowOf;
    QSet<int> m_counting; // keys whose state shows a countdown
    QTimer m_ticker;
};

} // namespace exadesk
