"""Live sensitive-word checking on the video page (the checker pillar's highlighter).

The caption list marks each hit in its text column (and checks the in-cell editor while typing);
the caption edit box and the overlay text box get the full highlighter: hover card with category,
severity, reason and suggestion, one-click replace, ignore once, add to the allow-list.
"""
from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QLineEdit, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QToolTip

from studio.check.lexicon import SEVERITY_ZH, category_label
from studio.ui.check.highlighter import COLORS, LiveChecker, attach


class FindingsDelegate(QStyledItemDelegate):
    """Paints a text cell with the checker's hits marked; the cell editor is checked live."""

    def __init__(self, live: LiveChecker, parent=None) -> None:
        super().__init__(parent)
        self.live = live

    def findings(self, index) -> list:
        return self.live.scan(str(index.data() or ""))

    def paint(self, painter, option, index) -> None:  # noqa: D401 - Qt override
        hits = self.findings(index)
        if not hits:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text.replace("\n", " ")  # same length, so offsets still match
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is None:
            super().paint(painter, option, index)
            return
        style.drawControl(QStyle.CE_ItemViewItem, opt, painter, opt.widget)
        rect = style.subElementRect(QStyle.SE_ItemViewItemText, opt, opt.widget)
        margin = style.pixelMetric(QStyle.PM_FocusFrameHMargin, None, opt.widget) + 1
        fm = opt.fontMetrics
        left = rect.left() + margin
        painter.save()
        painter.setClipRect(rect)
        for f in hits:
            x0 = left + fm.horizontalAdvance(text[:f.start])
            x1 = left + fm.horizontalAdvance(text[:f.end])
            colour = QColor(COLORS[f.severity])
            fill = QColor(colour)
            fill.setAlpha(60)
            span = QRectF(x0, rect.center().y() - fm.height() / 2, x1 - x0, fm.height())
            painter.fillRect(span, fill)
            painter.setPen(QPen(colour, max(1.0, fm.height() / 12)))
            painter.drawLine(span.bottomLeft(), span.bottomRight())
        selected = bool(opt.state & QStyle.State_Selected)
        painter.setPen(opt.palette.highlightedText().color() if selected else opt.palette.text().color())
        painter.drawText(rect.adjusted(margin, 0, -margin, 0), Qt.AlignVCenter | Qt.AlignLeft, text)
        painter.restore()

    def createEditor(self, parent, option, index):  # noqa: N802
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QLineEdit):
            editor._check = attach(editor, self.live)
        return editor

    def helpEvent(self, event, view, option, index) -> bool:  # noqa: N802
        hits = self.findings(index)
        if not hits:
            return super().helpEvent(event, view, option, index)
        QToolTip.showText(event.globalPos(), "\n".join(
            f"[{SEVERITY_ZH[f.severity]}] {category_label(f.category)} “{f.text}”"
            + (f" → {f.suggestion}" if f.suggestion else "") for f in hits), view)
        return True


def attach_checks(page, live: LiveChecker) -> list:
    """Check the video page's caption list, caption edit box and overlay text; returns the hooks
    of the two text boxes (their `findings()` list what is marked)."""
    table = page.captions.table
    delegate = FindingsDelegate(live, table)
    table.setItemDelegateForColumn(2, delegate)
    live.changed.connect(table.viewport().update)
    tr = page.ctx.tr
    return [attach(page.captions.text, live, tr), attach(page.overlays.text, live, tr)]
