#pragma once

#include <QAbstractTableModel>
#include <QHash>
#include <QSet>
#include <QWidget>

#include <functional>
#include <vector>

class QAction;
class QLabel;
class QPlainTextEdit;
class QStackedWidget;
class QDialog;
class QTableView;

namespace exadesk {

class Engine;
class Gateway;

// The proxies the user configured, one row each, kept current from the gateway's signals.
class ProxyTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        Address,
        Type,
        State,
        KeysBound,
        SuccessRate,
        Latency,
        Pace,
        LastError,
        ColumnCount
    };
    static constexpr int PoolIndexRole = Qt::UserRole + 1;

    explicit ProxyTableModel(Gateway& gateway, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void onAdded(int index);
    void onChanged(int index);
    int keysBound(int proxy) const;

    Gateway& m_gateway;
    std::vector<int> m_rows;
    mutable QHash<int, int> m_bound; // proxy -> keys bound to it, counted when asked
    mutable bool m_boundStale = true;
};

// The Proxies page: add (one or many, typed, pasted or from a file; http:// or socks5://,
// passwords sealed in the vault), test, enable, disable, remove; each proxy's state, keys bound,
// success rate and latency, live.
class ProxiesPage : public QWidget
{
    Q_OBJECT

public:
    explicit ProxiesPage(Engine& engine, QWidget* parent = nullptr);

    ProxyTableModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }
    QAction* testAction() const { return m_test; }
    QAction* enableAction() const { return m_enable; }
    QAction* disableAction() const { return m_disable; }
    QAction* removeAction() const { return m_remove; }
    bool isShowingEmptyState() const;

    // Adds every proxy in `text` (one URL per line); a line that is not one is reported.
    void addProxies(const QString& text);
    QAction* addAction() const { return m_add; }
    // Called with the Add Proxies dialog before it opens (tests fill it in and press its buttons).
    void setAddDialogShown(std::function<void(QDialog&)> shown) { m_addDialogShown = std::move(shown); }
    // The lines of `text` that are no proxy, each as "line N: why"; blank lines and # comments
    // are not proxies but not problems either.
    static QStringList problemsIn(const QString& text);
    void setConfirm(std::function<bool(const QString&)> confirm) { m_confirm = std::move(confirm); }
    // Tests the selected proxies; message() says how each went, then testsFinished().
    void testSelected();

Q_SIGNALS:
    void message(const QString& text);
    void proxiesAdded();
    void testsFinished();

private:
    QList<int> selectedProxies() const;
    QStringList idsOf(const QList<int>& proxies) const;
    void setSelectedEnabled(bool enabled);
    void removeSelected();
    void askForProxies();
    void updateActions();
    void updateEmptyState();

    Engine& m_engine;
    const Gateway& m_gateway;
    ProxyTableModel* m_model;
    QTableView* m_view;
    QStackedWidget* m_stack;
    QAction* m_add;
    QAction* m_test;
    QAction* m_enable;
    QAction* m_disable;
    QAction* m_remove;
    std::function<bool(const QString&)> m_confirm;
    std::function<void(QDialog&)> m_addDialogShown;
    QSet<int> m_testing; // proxies whose test is on its way
};

} // namespace exadesk
