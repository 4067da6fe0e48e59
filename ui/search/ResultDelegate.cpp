#include "ResultDelegate.h"

#include <QPainter>

namespace exadesk {

void ResultDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
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
    painter->drawText(line, metrics.elidedText(index.data(UrlRole).toString(), Qt::ElideMiddle, line.width()));
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
