#pragma once

#include "storage/RequestLog.h"

#include <QAbstractTableModel>
#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QTableView;

namespace exadesk {

class Database;
class Gateway;

// The request log as a table, newest first.
class RequestLogModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        Time,
        Source,
        Route,
        Query,
        Key,
        Proxy,
        Status,
        Attempts,
        Latency,
        Cost,
        Error,
        ColumnCount
    };

    explicit RequestLogModel(Gateway& gateway, QObject* parent = nullptr);

    void setEntries(QList<RequestLogEntry> entries);
    const RequestLogEntry& entry(int row) const { return m_entries.at(row); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    // The key as people see it: masked while it is in the pool, else its id.
    QString keyName(const QString& keyId) const;
    static QString sourceName(CallSource source);

private:
    Gateway& m_gateway;
    QList<RequestLogEntry> m_entries;
};

// The Activity page: what the engine did, call by call (time, where from, route, query, key, proxy,
// status, attempts, latency, cost, error), filtered by outcome and by key; an entry opens in full,
// with each of its attempts. It follows the log while it is shown.
class ActivityPage : public QWidget
{
    Q_OBJECT

public:
    ActivityPage(Database& database, Gateway& gateway, QWidget* parent = nullptr);

    RequestLogModel* model() const { return m_model; }
    QComboBox* statusFilter() const { return m_status; }
    QComboBox* keyFilter() const { return m_key; }
    QTableView* view() const { return m_view; }
    // The details of an entry, with its attempts, as its dialog shows them.
    QString details(int row) const;

    void refresh();
    // Every failed call, for any key (where the error-rate alert sends the person).
    void showFailed();
    // The log has new entries: read at once while the page is shown (at most once a second: a
    // busy port writes often), else when it is next shown.
    void logChanged();

protected:
    void showEvent(QShowEvent* event) override;

private:
    void openEntry(const QModelIndex& index);

    Database& m_database;
    Gateway& m_gateway;
    RequestLogModel* m_model;
    QTableView* m_view;
    QComboBox* m_status;
    QComboBox* m_key;
    QLabel* m_count;
    bool m_stale = false;
    QTimer m_cooldown;
};

} // namespace exadesk
