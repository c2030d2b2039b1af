"""Side panels of the video page: library media, the selected clip, music, captions."""
from __future__ import annotations

import json

from PySide6.QtCore import QMimeData, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout,
                               QHBoxLayout, QHeaderView, QListWidget, QListWidgetItem, QPlainTextEdit, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)
from sqlalchemy import select

from studio.project.models.library import Asset
from studio.video.captions import Caption, CaptionStyle
from studio.video.timeline import COLOR_FILTERS, TRANSITIONS, Timeline, VideoClip
from studio.ui.video.timeline_view import ASSET_MIME

MEDIA_KINDS = ("video", "image", "audio")
TYPING_SAVE_MS = 600  # typed text is saved (one undo step) after this pause


class AssetList(QListWidget):
    """Video, image and audio assets of the library; drag them onto the timeline."""

    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx = ctx
        self.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.setDragEnabled(True)
        self.setIconSize(QSize(ctx.px(48), ctx.px(36)))
        self.titles: dict[int, str] = {}  # asset id -> title

    def load(self, project) -> None:
        self.clear()
        self.titles = {}
        if project is None:
            return
        with project.read() as s:
            assets = s.scalars(select(Asset).where(Asset.kind.in_(MEDIA_KINDS)).order_by(Asset.kind.desc(), Asset.id)).all()
            thumbs = _thumbnails(s, [a.id for a in assets])
        marks = {"video": self.ctx.tr("视频", "Video"), "image": self.ctx.tr("图片", "Image"),
                 "audio": self.ctx.tr("音乐", "Music")}
        for a in assets:
            length = f"  {a.duration:.1f}s" if a.duration else ""
            self.titles[a.id] = a.title or a.path
            item = QListWidgetItem(f"{marks[a.kind]} · {a.title or a.path}{length}")
            item.setData(Qt.UserRole, a.id)
            item.setData(Qt.UserRole + 1, a.kind)
            if a.id in thumbs:
                pix = QPixmap()
                pix.loadFromData(thumbs[a.id])
                item.setIcon(QIcon(pix))
            self.addItem(item)

    def selected_ids(self, kinds=MEDIA_KINDS) -> list[int]:
        return [i.data(Qt.UserRole) for i in self.selectedItems() if i.data(Qt.UserRole + 1) in kinds]

    def mimeData(self, items) -> QMimeData:  # noqa: N802 - Qt naming
        data = QMimeData()
        data.setData(ASSET_MIME, json.dumps([i.data(Qt.UserRole) for i in items]).encode())
        return data

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [ASSET_MIME]


def _thumbnails(session, ids) -> dict[int, bytes]:
    try:
        from studio.library import catalog
    except ImportError:  # the library pillar is optional for this page
        return {}
    return catalog.thumbnails(session, ids)


class ClipInspector(QWidget):
    """Edit the selected clip: in/out, speed, volume, colour filter, transition."""

    changed = Signal(object, str)  # the edited clip copy, undo label
    split = Signal()
    remove = Signal()
    snapEnd = Signal()

    def __init__(self, ctx) -> None:
        super().__init__()
        tr = ctx.tr
        self.ctx = ctx
        self.clip: VideoClip | None = None
        self.src_in = _spin(0, 36000, 0.05, " s")
        self.src_out = _spin(0, 36000, 0.05, " s")
        self.speed = _spin(0.25, 4.0, 0.25, "×")
        self.volume = _spin(0.0, 2.0, 0.1, "")
        self.color = QComboBox()
        for key, zh, en in _COLOR_NAMES:
            self.color.addItem(tr(zh, en), key)
        self.transition = QComboBox()
        self.transition.addItem(tr("无（硬切）", "None (hard cut)"), "")
        for key in TRANSITIONS:
            self.transition.addItem(tr(*_TRANSITION_NAMES[key]), key)
        self.tr_len = _spin(0.1, 2.0, 0.1, " s")
        form = QFormLayout()
        for label, widget in ((tr("入点", "In"), self.src_in), (tr("出点", "Out"), self.src_out),
                              (tr("速度", "Speed"), self.speed), (tr("音量", "Volume"), self.volume),
                              (tr("滤镜", "Filter"), self.color), (tr("转场（进入）", "Transition in"), self.transition),
                              (tr("转场时长", "Transition length"), self.tr_len)):
            form.addRow(label, widget)
        buttons = QHBoxLayout()
        for text, signal in ((tr("在播放头分割", "Split at playhead"), self.split),
                             (tr("结尾吸附节拍", "Snap end to beat"), self.snapEnd),
                             (tr("删除片段", "Delete clip"), self.remove)):
            b = QPushButton(text)
            b.clicked.connect(signal.emit)
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addStretch(1)
        for w in (self.src_in, self.src_out, self.speed, self.volume, self.tr_len):
            w.editingFinished.connect(self._emit)
        self.color.activated.connect(lambda _i: self._emit())
        self.transition.activated.connect(lambda _i: self._emit())
        self.set_clip(None)

    def set_clip(self, clip: VideoClip | None) -> None:
        self.clip = clip
        self.setEnabled(clip is not None)
        if clip is None:
            return
        for w, v in ((self.src_in, clip.src_in), (self.src_out, clip.src_out), (self.speed, clip.speed),
                     (self.volume, clip.volume), (self.tr_len, clip.transition.duration if clip.transition else 0.5)):
            w.blockSignals(True)
            w.setValue(v)
            w.blockSignals(False)
        self.color.setCurrentIndex(max(0, self.color.findData(clip.color)))
        self.transition.setCurrentIndex(max(0, self.transition.findData(clip.transition.kind if clip.transition else "")))

    def _emit(self) -> None:
        if self.clip is None:
            return
        from dataclasses import replace

        from studio.video.timeline import Transition

        kind = self.transition.currentData()
        clip = replace(self.clip, src_in=self.src_in.value(), src_out=max(self.src_in.value() + 0.1, self.src_out.value()),
                       speed=self.speed.value(), volume=self.volume.value(), color=self.color.currentData(),
                       transition=Transition(kind, self.tr_len.value()) if kind else None)
        if clip != self.clip:
            self.changed.emit(clip, self.ctx.tr("编辑片段", "Edit clip"))


class MusicPanel(QWidget):
    changed = Signal(float, float, float, str)  # volume, fade in, fade out, label
    remove = Signal()

    def __init__(self, ctx) -> None:
        super().__init__()
        tr = ctx.tr
        self.ctx = ctx
        self.volume = _spin(0.0, 2.0, 0.1, "")
        self.fade_in = _spin(0.0, 10.0, 0.5, " s")
        self.fade_out = _spin(0.0, 10.0, 0.5, " s")
        form = QFormLayout()
        form.addRow(tr("音量", "Volume"), self.volume)
        form.addRow(tr("淡入", "Fade in"), self.fade_in)
        form.addRow(tr("淡出", "Fade out"), self.fade_out)
        remove = QPushButton(tr("移除音乐", "Remove music"))
        remove.clicked.connect(self.remove.emit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(remove)
        layout.addStretch(1)
        for w in (self.volume, self.fade_in, self.fade_out):
            w.editingFinished.connect(lambda: self.changed.emit(self.volume.value(), self.fade_in.value(),
                                                                self.fade_out.value(), tr("编辑音乐", "Edit music")))

    def set_timeline(self, tl: Timeline) -> None:
        m = tl.music
        self.setEnabled(m is not None)
        if m is None:
            return
        for w, v in ((self.volume, m.volume), (self.fade_in, m.fade_in), (self.fade_out, m.fade_out)):
            w.blockSignals(True)
            w.setValue(v)
            w.blockSignals(False)


class CaptionEditor(QWidget):
    """The caption list (start, end, text) with SRT import/export and the caption style. The
    selected caption's text is also edited in a box below the list, where the checker's hover
    card works (see `studio.ui.video.checking`)."""

    changed = Signal(list, dict, str)  # captions, style dict, undo label
    importSrt = Signal()
    exportSrt = Signal()
    addAtPlayhead = Signal()

    def __init__(self, ctx) -> None:
        super().__init__()
        tr = ctx.tr
        self.ctx = ctx
        self._loading = False
        self._timer = QTimer(self, singleShot=True, interval=TYPING_SAVE_MS,
                             timeout=lambda: self._emit(tr("编辑字幕", "Edit caption")))
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([tr("开始", "Start"), tr("结束", "End"), tr("字幕", "Text")])
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.itemChanged.connect(lambda _i: self._emit(tr("编辑字幕", "Edit caption")))
        self.table.currentCellChanged.connect(lambda row, _c, _r, _pc: self._show_row(row))
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(tr("选中一条字幕，在这里修改文字", "Select a caption to edit its text here"))
        self.text.setMaximumHeight(ctx.px(60))
        self.text.textChanged.connect(self._typed)
        self.size_box = _spin(20, 160, 2, " px")
        self.position = QComboBox()
        for key, zh, en in (("bottom", "底部", "Bottom"), ("middle", "中间", "Middle"), ("top", "顶部", "Top")):
            self.position.addItem(tr(zh, en), key)
        self.box = QCheckBox(tr("背景框", "Background box"))
        self.size_box.editingFinished.connect(lambda: self._emit(tr("字幕样式", "Caption style")))
        self.position.activated.connect(lambda _i: self._emit(tr("字幕样式", "Caption style")))
        self.box.toggled.connect(lambda _b: self._emit(tr("字幕样式", "Caption style")))
        buttons = QHBoxLayout()
        for text, slot in ((tr("添加", "Add"), self.addAtPlayhead.emit), (tr("删除", "Delete"), self._delete),
                           (tr("导入 SRT", "Import SRT"), self.importSrt.emit), (tr("导出 SRT", "Export SRT"), self.exportSrt.emit)):
            b = QPushButton(text)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        style = QHBoxLayout()
        style.addWidget(self.size_box)
        style.addWidget(self.position)
        style.addWidget(self.box)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.text)
        layout.addLayout(buttons)
        layout.addLayout(style)
        self._show_row(-1)

    def set_timeline(self, tl: Timeline) -> None:
        if self._timer.isActive():  # typing was waiting for a pause: save it, we are shown again
            self._timer.stop()
            self._emit(self.ctx.tr("编辑字幕", "Edit caption"))
            return
        row = self.table.currentRow()
        self.table.blockSignals(True)
        self.table.setRowCount(len(tl.captions))
        for r, c in enumerate(tl.captions):
            for col, value in enumerate((f"{c.start:.2f}", f"{c.end:.2f}", c.text)):
                self.table.setItem(r, col, QTableWidgetItem(value))
        if row >= len(tl.captions):
            row = len(tl.captions) - 1
        self.table.setCurrentCell(row, 2)
        self.table.blockSignals(False)
        self._show_row(row)
        style = CaptionStyle.from_dict(tl.caption_style)
        for w, setter, v in ((self.size_box, "setValue", style.size), (self.box, "setChecked", style.box)):
            w.blockSignals(True)
            getattr(w, setter)(v)
            w.blockSignals(False)
        self.position.setCurrentIndex(max(0, self.position.findData(style.position)))

    def select(self, row: int) -> None:
        self.table.setCurrentCell(row, 2)

    def _show_row(self, row: int) -> None:
        """Put the text of caption `row` in the edit box (-1: none)."""
        item = self.table.item(row, 2) if row >= 0 else None
        self.text.setEnabled(item is not None)
        text = item.text() if item else ""
        if self.text.toPlainText() != text:
            self._loading = True
            self.text.setPlainText(text)
            self._loading = False

    def _typed(self) -> None:
        item = self.table.item(self.table.currentRow(), 2)
        if self._loading or item is None:
            return
        self.table.blockSignals(True)
        item.setText(self.text.toPlainText())
        self.table.blockSignals(False)
        self._timer.start()

    def captions(self) -> list[Caption]:
        out = []
        for r in range(self.table.rowCount()):
            cells = [self.table.item(r, c).text() if self.table.item(r, c) else "" for c in range(3)]
            try:
                start, end = float(cells[0]), float(cells[1])
            except ValueError:
                continue
            out.append(Caption(start, max(end, start + 0.1), cells[2]))
        return out

    def style(self) -> dict:
        return {"size": self.size_box.value(), "position": self.position.currentData(), "box": self.box.isChecked()}

    def _delete(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedItems()}, reverse=True)
        for r in rows:
            self.table.removeRow(r)
        if rows:
            self._emit(self.ctx.tr("删除字幕", "Delete caption"))

    def _emit(self, label: str) -> None:
        self._timer.stop()
        self.changed.emit(self.captions(), self.style(), label)


def _spin(lo: float, hi: float, step: float, suffix: str) -> QDoubleSpinBox:
    s = QDoubleSpinBox()
    s.setRange(lo, hi)
    s.setSingleStep(step)
    s.setDecimals(2)
    s.setSuffix(suffix)
    return s


_COLOR_NAMES = [("none", "原色", "Original"), ("warm", "暖色", "Warm"), ("cool", "冷色", "Cool"),
                ("bw", "黑白", "Black & white"), ("vivid", "鲜艳", "Vivid"), ("vintage", "复古", "Vintage"),
                ("bright", "明亮", "Bright")]
assert [c[0] for c in _COLOR_NAMES] == list(COLOR_FILTERS)
_TRANSITION_NAMES = {"crossfade": ("叠化", "Crossfade"), "fadeblack": ("闪黑", "Fade through black"),
                     "slide": ("滑动", "Slide"), "zoom": ("缩放", "Zoom")}
