"""The 文字/标志 tab of the video page: text and logo overlays over the video.

The panel edits a copy of the overlay list and reports the whole list through `changed`; the page
saves it as one undoable action. Field edits are saved after a short pause, so arrow clicks and
typing make one undo step each instead of one per keystroke.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Callable, Optional

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (QComboBox, QDoubleSpinBox, QFormLayout, QHBoxLayout, QLabel, QListWidget,
                               QListWidgetItem, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget)

from studio.video.timeline import Overlay, Timeline
from studio.ui.canvas.props import FONT_LABELS
from studio.ui.canvas.widgets import ColorButton

SAVE_DELAY_MS = 500
TEXT_LENGTH = 3.0  # seconds a new overlay lasts
# (zh, en, x, y) quick positions; x, y are the overlay's centre as fractions of the canvas
POSITIONS = [("左上", "Top left", 0.16, 0.08), ("顶部居中", "Top centre", 0.5, 0.12), ("右上", "Top right", 0.84, 0.08),
             ("正中", "Centre", 0.5, 0.5), ("左下", "Bottom left", 0.16, 0.9), ("底部居中", "Bottom centre", 0.5, 0.86),
             ("右下", "Bottom right", 0.84, 0.9)]


class OverlayPanel(QWidget):
    changed = Signal(list, str)  # the whole overlay list, undo label
    logoRequested = Signal()  # the page picks an image and adds it as a logo

    def __init__(self, ctx, playhead: Callable[[], float]) -> None:
        super().__init__()
        tr = ctx.tr
        self.ctx, self.playhead = ctx, playhead
        self.items: list[Overlay] = []
        self.names: dict[int, str] = {}  # asset id -> title, for the list
        self.current = -1
        self._loading = False
        self._timer = QTimer(self, singleShot=True, interval=SAVE_DELAY_MS, timeout=self._save)

        self.list = QListWidget()
        self.list.currentRowChanged.connect(self._select)
        add_text = QPushButton(tr("+ 文字", "+ Text"))
        add_text.setToolTip(tr("在播放头处添加一行文字", "Add a line of text at the playhead"))
        add_text.clicked.connect(self.add_text)
        add_logo = QPushButton(tr("+ 标志", "+ Logo"))
        add_logo.setToolTip(tr("从素材库选一张图片作为标志（角标）", "Choose a library image as a logo"))
        add_logo.clicked.connect(self.logoRequested.emit)
        self.delete = QPushButton(tr("删除", "Delete"))
        self.delete.clicked.connect(self.remove_current)
        buttons = QHBoxLayout()
        for b in (add_text, add_logo, self.delete):
            buttons.addWidget(b)

        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(tr("标题文字", "Title text"))
        self.text.setMaximumHeight(ctx.px(64))
        self.text.textChanged.connect(lambda: self._later(tr("编辑文字", "Edit text")))
        self.font_box = QComboBox()
        for key, (zh, en) in FONT_LABELS.items():
            self.font_box.addItem(tr(zh, en), key)
        self.color = ColorButton("#FFFFFF", pick_text=tr("选择颜色…", "Pick colour…"))
        self.color.changed.connect(lambda _c: self._later(tr("文字颜色", "Text colour")))
        self.size_box = _spin(1, 100, 0.5, " %")
        self.opacity = _spin(0, 100, 5, " %")
        self.start = _spin(0, 36000, 0.1, " s")
        self.end = _spin(0, 36000, 0.1, " s")
        self.place = QComboBox()
        self.place.addItem(tr("自定义", "Custom"))
        for zh, en, _x, _y in POSITIONS:
            self.place.addItem(tr(zh, en))
        self.place.activated.connect(self._place_chosen)
        self.x = _spin(0, 100, 1, " %")
        self.y = _spin(0, 100, 1, " %")
        self.logo = QLabel()
        self.logo.setWordWrap(True)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        rows = [(tr("文字", "Text"), self.text), (tr("图片", "Picture"), self.logo), (tr("字体", "Font"), self.font_box),
                (tr("颜色", "Colour"), self.color), (tr("大小", "Size"), self.size_box),
                (tr("不透明度", "Opacity"), self.opacity), (tr("开始", "Start"), self.start),
                (tr("结束", "End"), self.end), (tr("位置", "Position"), self.place),
                (tr("水平 X", "Across X"), self.x), (tr("垂直 Y", "Down Y"), self.y)]
        for label, widget in rows:
            self.form.addRow(label, widget)
        label = tr("编辑叠加层", "Edit overlay")
        for w in (self.size_box, self.opacity, self.start, self.end, self.x, self.y):
            w.valueChanged.connect(lambda _v: self._later(label))
        self.font_box.activated.connect(lambda _i: self._later(label))
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        layout.addLayout(self.form)
        self._show_fields(None)

    # ---- showing ------------------------------------------------------------------------
    def set_timeline(self, tl: Timeline, names: Optional[dict[int, str]] = None) -> None:
        if self._flush():  # an edit was waiting: it is saved now, and the page shows us again
            return
        self.items = [replace(o) for o in tl.overlays]
        self.names = names or self.names
        self._loading = True
        row = self.current if 0 <= self.current < len(self.items) else (len(self.items) - 1 if self.items else -1)
        self.list.clear()
        for o in self.items:
            self.list.addItem(QListWidgetItem(self._caption(o)))
        self.list.setCurrentRow(row)
        self._loading = False
        self.current = row
        self._show_fields(self.items[row] if row >= 0 else None)

    def _caption(self, o: Overlay) -> str:
        if o.kind == "text":
            what = self.ctx.tr("文字", "Text") + " · " + (o.text.replace("\n", " ") or "…")
        else:
            name = self.names.get(o.asset_id) or o.path.replace("\\", "/").rsplit("/", 1)[-1]
            what = self.ctx.tr("标志", "Logo") + " · " + name
        return f"{what}  {o.start:.1f}–{o.end:.1f}s"

    def _select(self, row: int) -> None:
        if self._loading:
            return
        self._flush()
        self.current = row
        self._show_fields(self.items[row] if 0 <= row < len(self.items) else None)

    def _show_fields(self, o: Optional[Overlay]) -> None:
        self._loading = True
        self.delete.setEnabled(o is not None)
        for w in (self.text, self.logo, self.font_box, self.color, self.size_box, self.opacity, self.start, self.end,
                  self.place, self.x, self.y):
            w.setEnabled(o is not None)
        is_text = o is None or o.kind == "text"
        for w, shown in ((self.text, is_text), (self.font_box, is_text), (self.color, is_text),
                         (self.logo, not is_text)):
            self.form.setRowVisible(w, shown)
        tr = self.ctx.tr
        self.form.labelForField(self.size_box).setText(tr("字号（画面高度）", "Size (of height)") if is_text
                                                   else tr("宽度（画面宽度）", "Width (of canvas)"))
        if o is not None:
            if self.text.toPlainText() != o.text:
                self.text.setPlainText(o.text)
            self.logo.setText(self._caption(o).split("  ")[0])
            self.font_box.setCurrentIndex(max(0, self.font_box.findData(o.font)))
            self.color.set_color(o.color)
            for w, v in ((self.size_box, o.size * 100), (self.opacity, o.opacity * 100), (self.start, o.start),
                         (self.end, o.end), (self.x, o.x * 100), (self.y, o.y * 100)):
                w.setValue(v)
            self.place.setCurrentIndex(next((k + 1 for k, p in enumerate(POSITIONS)
                                             if abs(p[2] - o.x) < 0.005 and abs(p[3] - o.y) < 0.005), 0))
        self._loading = False

    # ---- editing ------------------------------------------------------------------------
    def add_text(self) -> None:
        t = self.playhead()
        self._commit(self.items + [Overlay("text", t, t + TEXT_LENGTH, text=self.ctx.tr("标题文字", "Title"),
                                           y=0.12, size=0.06)], len(self.items), self.ctx.tr("添加文字", "Add text"))

    def add_logo(self, overlay: Overlay) -> None:
        self._commit(self.items + [overlay], len(self.items), self.ctx.tr("添加标志", "Add logo"))

    def remove_current(self) -> None:
        if 0 <= self.current < len(self.items):
            self._timer.stop()
            items = self.items[:self.current] + self.items[self.current + 1:]
            self._commit(items, min(self.current, len(items) - 1), self.ctx.tr("删除叠加层", "Delete overlay"))

    def edited(self) -> Optional[Overlay]:
        """The selected overlay with the values now in the fields."""
        if not 0 <= self.current < len(self.items):
            return None
        o = self.items[self.current]
        start = self.start.value()
        return replace(o, text=self.text.toPlainText() if o.kind == "text" else o.text,
                       font=self.font_box.currentData(), color=self.color.color() or o.color,
                       size=max(0.01, self.size_box.value() / 100), opacity=self.opacity.value() / 100,
                       start=start, end=max(self.end.value(), start + 0.1),
                       x=self.x.value() / 100, y=self.y.value() / 100)

    def _place_chosen(self, index: int) -> None:
        if index > 0 and not self._loading:
            _zh, _en, x, y = POSITIONS[index - 1]
            self._loading = True
            self.x.setValue(x * 100)
            self.y.setValue(y * 100)
            self._loading = False
            self._later(self.ctx.tr("叠加层位置", "Overlay position"))

    def _later(self, label: str) -> None:
        if not self._loading and 0 <= self.current < len(self.items):
            self._label = label
            self._timer.start()

    def _flush(self) -> bool:
        """Save the edit waiting for its pause now; True if there was one."""
        if not self._timer.isActive():
            return False
        self._timer.stop()
        return self._save()

    def _save(self) -> bool:
        o = self.edited()
        if o is None or o == self.items[self.current]:
            return False
        items = list(self.items)
        items[self.current] = o
        self._commit(items, self.current, self._label)
        return True

    def _commit(self, items: list[Overlay], select: int, label: str) -> None:
        self.current = select
        self.changed.emit(items, label)


def _spin(lo: float, hi: float, step: float, suffix: str) -> QDoubleSpinBox:
    s = QDoubleSpinBox()
    s.setRange(lo, hi)
    s.setSingleStep(step)
    s.setDecimals(2 if step < 1 else 0)
    s.setSuffix(suffix)
    s.setKeyboardTracking(False)
    return s
