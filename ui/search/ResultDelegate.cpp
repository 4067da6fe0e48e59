#include "ResultDelegate.h"

#include <QIcon>
#include <QPainter>

#include <algorithm>

namespace exadesk {

void ResultDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
    // The site's icon goes before the address (below), not where the style would put it.
    background.icon = QIcon();
    background.features &= ~QStyleOptionViewItem::HasDecoration;
    option.widget->style()->drawControl(QStyle::CE_ItemViewItem, &background, painter, option.widget);
    const bool selected = option.state & QStyle::State_Selected;
    const QPalette& palette = option.palette;
    QRect line = option.rect.adjusted(8, 6, -8, 0);
    const QFontMetrics metrics(option.font);
    line.setHeight(metrics.height());
    painter->save();
    QFont bold = option.font;
    bold.setBold(true);
    painter->setFont(bold);
    painter->setPen(palette.color(selected ? QPalette::HighlightedText : QPalette::Text));
    painter->drawText(line,
                      QFontMetrics(bold).elidedText(index.data(TitleRole).toString(), Qt::ElideRight, line.width()));
    painter->setFont(option.font);
    line.translate(0, metrics.height());
    painter->setPen(selected ? palette.color(QPalette::HighlightedText) : palette.color(QPalette::Link));
    QRect address = line;
    if (const QIcon icon = index.data(Qt::DecorationRole).value<QIcon>(); !icon.isNull()) {
        const int side = std::min(16, metrics.height());
        icon.paint(painter, QRect(line.left(), line.top() + (line.height() - side) / 2, side, side));
        address.setLeft(line.left() + side + 4);
    }
    painter->drawText(address, metrics.elidedText(index.data(UrlRole).toString(), Qt::ElideMiddle, address.width()));
    line.translate(0, metrics.height());
    painter->setPen(palette.color(selected ? QPalette::HighlightedText : QPalette::PlaceholderText));
    painter->drawText(line, metrics.elidedText(index.data(MetaRole).toString(), Qt::ElideRight, line.width()));
    line.translate(0, metrics.height());
    painter->setPen(palette.color(selected ? QPalette::HighlightedText : QPalette::Text));
    painter->drawText(line, metrics.elidedText(index.data(SnippetRole).toString(), Qt::ElideRight, line.width()));
    painter->restore();
}

QSize ResultDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex&) const
{
    return {200, QFontMetrics(option.font).height() * 4 + 14};
}

} // namespace exadesk
