#include "ColorScheme.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusVariant>
#include <QEvent>
#include <QLabel>
#include <QPainter>
#include <QProxyStyle>
#include <QStyle>
#include <QStyleFactory>
#include <QStyleOption>

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

const QString kPortalService = u"org.freedesktop.portal.Desktop"_s;
const QString kPortalPath = u"/org/freedesktop/portal/desktop"_s;
const QString kSettingsInterface = u"org.freedesktop.portal.Settings"_s;
const QString kAppearance = u"org.freedesktop.appearance"_s;
const QString kColorScheme = u"color-scheme"_s;

// Keeps a label's text in the error colour as the application's palette changes (which the
// application object is told of).
class ErrorColorKeeper : public QObject
{
public:
    explicit ErrorColorKeeper(QLabel* label)
        : QObject(label)
        , m_label(label)
    {
        qApp->installEventFilter(this);
        update();
    }

    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (watched == qApp && event->type() == QEvent::ApplicationPaletteChange)
            update();
        return false;
    }

private:
    void update() { m_label->setStyleSheet(u"color: %1;"_s.arg(theme::errorText(QApplication::palette()).name())); }

    QLabel* m_label;
};

// Read answers a variant that, on older portals, holds another variant.
uint unwrap(QVariant value)
{
    while (value.canConvert<QDBusVariant>() && value.metaType() == QMetaType::fromType<QDBusVariant>())
        value = value.value<QDBusVariant>().variant();
    return value.toUInt();
}

} // namespace

namespace theme {

bool isDark(const QPalette& palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

QColor errorText(const QPalette& palette)
{
    return isDark(palette) ? QColor(0xff, 0x8a, 0x80) : QColor(0xc0, 0x39, 0x2b);
}

void showAsError(QLabel* label)
{
    new ErrorColorKeeper(label);
}

QPalette darkPalette()
{
    const QColor window(0x2d, 0x2d, 0x30);
    const QColor base(0x1e, 0x1e, 0x20);
    const QColor text(0xe8, 0xe8, 0xea);
    const QColor disabled(0x80, 0x80, 0x86);
    const QColor highlight(0x3d, 0x8e, 0xe6);
    QPalette palette;
    palette.setColor(QPalette::Window, window);
    palette.setColor(QPalette::WindowText, text);
    palette.setColor(QPalette::Base, base);
    palette.setColor(QPalette::AlternateBase, QColor(0x27, 0x27, 0x2a));
    palette.setColor(QPalette::ToolTipBase, window);
    palette.setColor(QPalette::ToolTipText, text);
    palette.setColor(QPalette::PlaceholderText, disabled);
    palette.setColor(QPalette::Text, text);
    palette.setColor(QPalette::Button, QColor(0x3a, 0x3a, 0x3e));
    palette.setColor(QPalette::ButtonText, text);
    palette.setColor(QPalette::BrightText, Qt::white);
    palette.setColor(QPalette::Light, QColor(0x4a, 0x4a, 0x50));
    palette.setColor(QPalette::Midlight, QColor(0x40, 0x40, 0x45));
    palette.setColor(QPalette::Mid, QColor(0x26, 0x26, 0x29));
    palette.setColor(QPalette::Dark, QColor(0x18, 0x18, 0x1a));
    palette.setColor(QPalette::Shadow, Qt::black);
    palette.setColor(QPalette::Highlight, highlight);
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::Link, QColor(0x6c, 0xb4, 0xff));
    palette.setColor(QPalette::LinkVisited, QColor(0xb3, 0x9d, 0xf0));
    for (const QPalette::ColorRole role :
         {QPalette::WindowText, QPalette::Text, QPalette::ButtonText, QPalette::HighlightedText})
        palette.setColor(QPalette::Disabled, role, disabled);
    palette.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x50, 0x50, 0x55));
    return palette;
}

namespace {

// The window's style over the platform's (or Fusion in the dark):
// - In lists and tables the focused item gets a ring two pixels wide in the highlight colour (in
//   the highlighted text's colour on a selected row), where most styles draw a faint dotted line
//   or, like Fusion, nothing until a key was pressed: a person moving with the keyboard sees where
//   they are.
// - In the dark, check boxes and radio buttons keep a visible frame: Fusion draws it a shade darker
//   than the window, which on the dark palette is the colour of the box itself.
class WindowStyle : public QProxyStyle
{
public:
    WindowStyle(QStyle* base, bool dark)
        : QProxyStyle(base)
        , m_dark(dark)
    { }

    void drawPrimitive(PrimitiveElement element, const QStyleOption* option, QPainter* painter,
                       const QWidget* widget) const override
    {
        if (element == PE_FrameFocusRect && qobject_cast<const QAbstractItemView*>(widget)) {
            painter->save();
            const bool selected = option->state & State_Selected;
            painter->setPen(QPen(option->palette.color(selected ? QPalette::HighlightedText : QPalette::Highlight), 2));
            painter->setBrush(Qt::NoBrush);
            painter->drawRect(QRectF(option->rect).adjusted(1, 1, -1, -1));
            painter->restore();
            return;
        }
        QProxyStyle::drawPrimitive(element, option, painter, widget);
        if (!m_dark || (element != PE_IndicatorCheckBox && element != PE_IndicatorRadioButton))
            return;
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing, element == PE_IndicatorRadioButton);
        painter->setBrush(Qt::NoBrush);
        painter->setPen(option->palette.color(QPalette::Disabled, QPalette::WindowText));
        const QRectF frame = QRectF(option->rect).adjusted(0.5, 0.5, -1.5, -1.5);
        if (element == PE_IndicatorCheckBox)
            painter->drawRect(frame);
        else
            painter->drawEllipse(frame);
        painter->restore();
    }

private:
    bool m_dark;
};

} // namespace

QStyle* windowStyle(const QString& baseName)
{
    QStyle* base = QStyleFactory::create(baseName);
    return new WindowStyle(base ? base : QStyleFactory::create(u"Fusion"_s), false);
}

QStyle* darkStyle()
{
    return new WindowStyle(QStyleFactory::create(u"Fusion"_s), true);
}

QString baseStyleName(const QStyle* style)
{
    const auto* proxy = qobject_cast<const QProxyStyle*>(style);
    return proxy && proxy->baseStyle() ? proxy->baseStyle()->name() : style->name();
}

} // namespace theme

SystemColorScheme::SystemColorScheme(QObject* parent)
    : QObject(parent)
    , m_original(QApplication::palette())
    , m_originalStyle(theme::baseStyleName(QApplication::style()))
{ }

SystemColorScheme::Preference SystemColorScheme::fromPortal(uint value)
{
    return value == 1 ? Preference::Dark : value == 2 ? Preference::Light : Preference::None;
}

void SystemColorScheme::follow()
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected())
        return;
    QDBusMessage read = QDBusMessage::createMethodCall(kPortalService, kPortalPath, kSettingsInterface, u"Read"_s);
    read << kAppearance << kColorScheme;
    auto* watcher = new QDBusPendingCallWatcher(bus.asyncCall(read, 2'000), this);
    // Any sender on the portal's path and interface: a wrong colour is all a spoof could cause,
    // and matching on the name would miss a portal that starts after us.
    bus.connect(QString(), kPortalPath, kSettingsInterface, u"SettingChanged"_s, this,
                SLOT(onSettingChanged(QDBusMessage)));
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this, watcher] {
        watcher->deleteLater();
        const QDBusPendingReply<QDBusVariant> reply = *watcher;
        // No portal, or one without the setting: the platform theme decides, as before.
        if (!reply.isError())
            apply(fromPortal(unwrap(reply.value().variant())));
    });
}

void SystemColorScheme::onSettingChanged(const QDBusMessage& message)
{
    const QVariantList arguments = message.arguments();
    if (arguments.size() == 3 && arguments.at(0).toString() == kAppearance
        && arguments.at(1).toString() == kColorScheme)
        apply(fromPortal(unwrap(arguments.at(2))));
}

void SystemColorScheme::apply(Preference preference)
{
    m_preference = preference;
    const bool wantDark = preference == Preference::Dark && !theme::isDark(m_original);
    if (wantDark && !m_darkApplied) {
        QApplication::setStyle(theme::darkStyle());
        QApplication::setPalette(theme::darkPalette());
        m_darkApplied = true;
    } else if (!wantDark && m_darkApplied) {
        QApplication::setStyle(theme::windowStyle(m_originalStyle));
        QApplication::setPalette(m_original);
        m_darkApplied = false;
    }
    Q_EMIT applied(preference);
}

} // namespace exadesk
