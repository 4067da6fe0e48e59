#include "Icons.h"

#include <QFile>
#include <QGuiApplication>
#include <QHash>
#include <QIconEngine>
#include <QPainter>
#include <QPalette>
#include <QPixmap>
#include <QSvgRenderer>

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

QByteArray svgNamed(const QString& name)
{
    QFile file(u":/icons/%1.svg"_s.arg(name));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Draws a one-colour SVG (stroked in #000000) in the colour the palette has for text when it is
// painted: the icon engine is asked again after a palette change, so nothing is drawn twice in
// the wrong colour.
class PaletteSvgEngine final : public QIconEngine
{
public:
    explicit PaletteSvgEngine(QByteArray svg)
        : m_svg(std::move(svg))
    { }

    void paint(QPainter* painter, const QRect& rect, QIcon::Mode mode, QIcon::State state) override
    {
        Q_UNUSED(state);
        QSvgRenderer renderer(colored(mode));
        renderer.render(painter, rect);
    }

    QPixmap pixmap(const QSize& size, QIcon::Mode mode, QIcon::State state) override
    {
        return scaledPixmap(size, mode, state, 1.0);
    }

    // `size` is in device pixels already: Qt 6.4's QIcon::pixmap multiplies it by `scale`.
    QPixmap scaledPixmap(const QSize& size, QIcon::Mode mode, QIcon::State state, qreal scale) override
    {
        const QByteArray svg = colored(mode);
        const QString key
            = u"%1-%2x%3@%4"_s.arg(QString::number(qHash(svg))).arg(size.width()).arg(size.height()).arg(scale);
        if (const auto cached = m_cache.constFind(key); cached != m_cache.cend())
            return *cached;
        QPixmap pixmap(size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        paint(&painter, QRect(QPoint(0, 0), size), mode, state);
        painter.end();
        pixmap.setDevicePixelRatio(scale);
        if (m_cache.size() > 64)
            m_cache.clear();
        m_cache.insert(key, pixmap);
        return pixmap;
    }

    QIconEngine* clone() const override { return new PaletteSvgEngine(m_svg); }
    QString key() const override { return u"exadesk-palette-svg"_s; }
    bool isNull() override { return m_svg.isEmpty(); }

private:
    QByteArray colored(QIcon::Mode mode) const
    {
        const QPalette palette = QGuiApplication::palette();
        const QColor color = mode == QIcon::Disabled ? palette.color(QPalette::Disabled, QPalette::ButtonText)
            : mode == QIcon::Selected                ? palette.color(QPalette::HighlightedText)
                                                     : palette.color(QPalette::ButtonText);
        QByteArray svg = m_svg;
        return svg.replace("#000000", color.name().toLatin1());
    }

    QByteArray m_svg;
    QHash<QString, QPixmap> m_cache;
};

} // namespace

QIcon appIcon(bool serving)
{
    // Pixmaps for the sizes trays, title bars and the About box ask for (64 at twice the
    // density); each size is sent to the window manager, so none larger than needed.
    QSvgRenderer renderer(svgNamed(serving ? u"exadesk-serving"_s : u"exadesk"_s));
    QIcon icon;
    for (const int size : {16, 22, 24, 32, 48, 64, 128}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        renderer.render(&painter);
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

QIcon actionIcon(const QString& name)
{
    return QIcon(new PaletteSvgEngine(svgNamed(name)));
}

} // namespace exadesk
