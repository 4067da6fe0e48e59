#pragma once

#include <QColor>
#include <QObject>
#include <QPalette>

class QDBusMessage;
class QLabel;
class QStyle;

namespace exadesk {

// Colours that must read on a light and on a dark palette alike.
namespace theme {

bool isDark(const QPalette& palette);
// Red for errors and failed calls, with enough contrast on the palette's window and base.
QColor errorText(const QPalette& palette);
// Shows `label`'s text in the error colour, now and after every change of palette.
void showAsError(QLabel* label);
// A dark palette for the Fusion style.
QPalette darkPalette();
// Fusion, with the frames of check boxes and radio buttons visible on the dark palette, and the
// keyboard focus visible in lists and tables.
QStyle* darkStyle();
// The style named `baseName` (Fusion when there is none such), with the keyboard focus visible in
// lists and tables.
QStyle* windowStyle(const QString& baseName);
// The name of the style under ours.
QString baseStyleName(const QStyle* style);

} // namespace theme

// Follows the desktop's light or dark preference where Qt 6.4 does not: GNOME and others say it
// through the freedesktop portal's "color-scheme" setting, which Qt's own platform themes only
// read from 6.5 on. A dark preference gets a dark palette on the Fusion style, at start and
// whenever the person switches; a desktop whose own theme is already dark is left as it is.
class SystemColorScheme : public QObject
{
    Q_OBJECT

public:
    enum class Preference
    {
        None, // the desktop says nothing, or there is no portal
        Dark,
        Light,
    };

    explicit SystemColorScheme(QObject* parent = nullptr);

    // Asks the portal (without waiting for its answer) and listens for changes.
    void follow();
    void apply(Preference preference);
    Preference preference() const { return m_preference; }
    bool isDarkApplied() const { return m_darkApplied; }

    // The portal's value: 1 prefers dark, 2 prefers light.
    static Preference fromPortal(uint value);

Q_SIGNALS:
    void applied(exadesk::SystemColorScheme::Preference preference);

private Q_SLOTS:
    // Connected by name: QtDBus takes signals from the bus that way only.
    void onSettingChanged(const QDBusMessage& message);

private:
    Preference m_preference = Preference::None;
    bool m_darkApplied = false;
    QPalette m_original;
    QString m_originalStyle;
};

} // namespace exadesk
