"""How one grid cell looks: thumbnail, title, kind, rating, colour label and a missing badge."""
from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate

from studio.ui.library.model import ROW_ROLE
from studio.ui.theme import fill_behind
from studio.ui.theme import ink as readable_on

KIND_LABELS = {"image": ("图片", "Image"), "video": ("视频", "Video"), "audio": ("音频", "Audio"),
               "font": ("字体", "Font"), "text": ("文本", "Text"), "note": ("笔记", "Note")}
COLOR_VALUES = {"red": "#e5484d", "orange": "#f76b15", "yellow": "#ffc53d", "green": "#30a46c",
                "blue": "#0090ff", "purple": "#8e4ec6", "grey": "#8b8d98"}


class AssetDelegate(QStyledItemDelegate):
    def __init__(self, ctx, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.thumb = ctx.px(150)
        self.pad = ctx.px(6)

    def cell_size(self) -> QSize:
        line = QFontMetrics(self.ctx.window.font() if self.ctx.window else self.parent().font()).height()
        return QSize(self.thumb + 2 * self.pad, self.thumb + 2 * self.pad + 2 * line + self.pad)

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 - Qt naming
        return self.cell_size()

    def paint(self, painter: QPainter, option, index) -> None:
        row = index.data(ROW_ROLE)
        painter.save()
        painter.setRenderHint(QPainter.Antialiasing)
        rect = option.rect.adjusted(2, 2, -2, -2)
        palette = option.palette
        selected = bool(option.state & QStyle.State_Selected)
        painter.setPen(QPen(palette.highlight().color(), 2) if selected else Qt.NoPen)
        card = palette.alternateBase().color() if not selected else palette.highlight().color().lighter(170)
        painter.setBrush(card)
        painter.drawRoundedRect(rect, 6, 6)
        # Text contrasts with the card itself (the projector theme's highlight is bright yellow).
        ink, faint = (QColor("#111111"), QColor("#444444")) if card.lightnessF() > 0.6 else \
            (palette.text().color(), palette.placeholderText().color())
        ink, faint = QColor(readable_on(ink, card)), QColor(readable_on(faint, card))
        if row is None:
            painter.restore()
            return
        box = QRect(rect.left() + self.pad, rect.top() + self.pad, rect.width() - 2 * self.pad, self.thumb)
        pix = index.data(Qt.DecorationRole)
        if pix is not None and not pix.isNull():
            scaled = pix.size().scaled(box.size(), Qt.KeepAspectRatio)
            target = QRect(0, 0, scaled.width(), scaled.height())
            target.moveCenter(box.center())
            painter.drawPixmap(target, pix)
        else:
            painter.setPen(faint)
            painter.drawText(box, Qt.AlignCenter, self.ctx.tr(*KIND_LABELS.get(row.kind, (row.kind, row.kind))))
        fm = QFontMetrics(option.font)
        text_top = box.bottom() + self.pad // 2
        title_rect = QRect(box.left(), text_top, box.width(), fm.height())
        painter.setPen(ink)
        painter.drawText(title_rect, Qt.AlignLeft | Qt.AlignVCenter, fm.elidedText(row.title, Qt.ElideMiddle, box.width()))
        info_rect = title_rect.translated(0, fm.height())
        kind = self.ctx.tr(*KIND_LABELS.get(row.kind, (row.kind, row.kind)))
        stars = "★" * row.rating
        painter.setPen(faint)
        painter.drawText(info_rect, Qt.AlignLeft | Qt.AlignVCenter, kind)
        painter.setPen(QColor(readable_on("#d99a00", card)))
        painter.drawText(info_rect, Qt.AlignRight | Qt.AlignVCenter, stars)
        if row.color in COLOR_VALUES:
            d = fm.height() // 2
            painter.setPen(Qt.NoPen)
            painter.setBrush(QColor(COLOR_VALUES[row.color]))
            painter.drawEllipse(box.right() - d - 2, box.top() + 2, d, d)
        if row.missing:
            self._badge(painter, box, self.ctx.tr("缺失", "Missing"), QColor("#e5484d"), fm)
        elif row.licence == "unknown" and row.kind != "note":
            self._badge(painter, box, self.ctx.tr("来源不明", "No licence"), QColor("#9a6b00"), fm, subtle=True)
        painter.restore()

    def _badge(self, painter, box: QRect, text: str, colour: QColor, fm: QFontMetrics, subtle: bool = False) -> None:
        w = fm.horizontalAdvance(text) + self.pad * 2
        r = QRect(box.left() + 2, box.top() + 2, w, fm.height() + 2)
        painter.setPen(Qt.NoPen)
        painter.setBrush(QColor(fill_behind(colour)))  # opaque: white text stays readable on any picture
        painter.drawRoundedRect(r, 4, 4)
        painter.setPen(QColor("white"))
        painter.drawText(r, Qt.AlignCenter, text)
