#pragma once

#include "calls/PoolAlerts.h"

#include <QHash>
#include <QList>
#include <QWidget>

#include <array>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;

namespace exadesk {

class Engine;
class LocalPortService;
struct Setting;
enum class SettingUnit;
enum class SettingGroup;

// Settings: every engine and local-port setting the command line knows (exadesk settings),
// with its meaning, its default and an editor that takes only what it accepts; the port's
// access token (show, copy, regenerate); and the desktop's own preferences. Apply stores the
// rows the engine reads and applies them at once, restarting the local port if it runs.
class SettingsPage : public QWidget
{
    Q_OBJECT

public:
    SettingsPage(Engine& engine, LocalPortService* port, QWidget* parent = nullptr);

    QWidget* editor(const QString& name) const { return m_editors.value(name); }
    QPushButton* applyButton() const { return m_apply; }
    QLabel* problemLabel() const { return m_problem; }
    QLineEdit* tokenField() const { return m_token; }
    QCheckBox* closeToTray() const { return m_closeToTray; }
    QCheckBox* siteIcons() const { return m_siteIcons; }
    QComboBox* language() const { return m_language; }
    QCheckBox* startAtLogin() const { return m_startAtLogin; }
    QCheckBox* alertWantedBox(PoolAlert alert) const { return m_alerts[static_cast<size_t>(alert)]; }

    // Stores and applies the form; false (and the problem shown) when a value is refused.
    bool apply();
    // Shows the stored values again, dropping unapplied edits.
    void load();

    // The desktop's preferences (QSettings), read by the app.
    static bool closesToTray();
    // Whether the person wants a notification for `alert` (all are on until turned off).
    static bool alertWanted(PoolAlert alert);
    static QString languageCode(); // "" for the system's
    // The desktop's autostart entry (XDG, ~/.config/autostart) that starts ExaDesk at login.
    static QString autostartPath();
    // The XDG autostart entry that starts this installation of ExaDesk.
    static QString autostartEntry();
    // Whether Start at login is ours to offer here (Linux, outside a Flatpak).
    static bool canStartAtLogin();

Q_SIGNALS:
    void message(const QString& text);
    // Another language was chosen ("" for the system's); the window switches to it at once.
    void languageChanged(const QString& code);

private:
    static QFormLayout* makeForm(QWidget* box);
    // The registry's settings of `group`, a row each.
    void addSettingRows(SettingGroup group, QFormLayout* form);
    QWidget* makeTokenRow(QWidget* parent);
    QWidget* makeEditor(const Setting& setting);
    static QString unitSuffix(SettingUnit unit);
    QString valueOf(const QString& name) const;
    void setValueOf(const QString& name, const QString& value);

    Engine& m_engine;
    LocalPortService* m_port;
    QHash<QString, QWidget*> m_editors;
    QPushButton* m_apply;
    QLabel* m_problem;
    QLineEdit* m_token = nullptr;
    QCheckBox* m_closeToTray;
    QCheckBox* m_siteIcons;
    QComboBox* m_language;
    QCheckBox* m_startAtLogin;
    std::array<QCheckBox*, kPoolAlerts.size()> m_alerts{};
};

} // namespace exadesk
