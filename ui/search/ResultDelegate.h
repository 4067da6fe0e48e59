#pragma once

#include <QStyledItemDelegate>

namespace exadesk {

// A result as four lines: the title in bold, the address in the link colour, date and author,
// and the gist (highlights or summary), elided to the width.
class ResultDelegate : public QStyledItemDelegate
{
public:
    // What each line shows, set on the item.
    enum Role
    {
        TitleRole = Qt::UserRole + 1,
        UrlRole,
        MetaRole,
        SnippetRole,
        FaviconUrlRole, // where the site's icon comes from; Qt::DecorationRole holds it once here
    };

    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

} // namespace exadesk
