#include "AppIcon.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace exadesk {

QIcon appIcon(bool serving)
{
    QIcon icon;
    for (const int size : {16, 22, 24, 32, 48, 64, 128}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.scale(size / 64.0, size / 64.0);
        painter.setPen(Qt::NoPen);
        painter.setBrush(QColor(0x1f, 0x4f, 0xd1));
        painter.drawRoundedRect(QRectF(2, 2, 60, 60), 14, 14);
        QPen white(Qt::white, 6);
        white.setCapStyle(Qt::RoundCap);
        painter.setPen(white);
        painter.setBrush(Qt::NoBrush);
        painter.drawEllipse(QPointF(28, 28), 13, 13);
        white.setWidthF(7);
        painter.setPen(white);
        painter.drawLine(QPointF(37.5, 37.5), QPointF(50, 50));
        if (serving) {
            painter.setPen(QPen(Qt::white, 4));
            painter.setBrush(QColor(0x1e, 0xb9, 0x54));
            painter.drawEllipse(QPointF(48, 16), 13, 13);
        }
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

} // namespace exadesk
