"""Side panels of the video page: library media, the selected clip, music, captions."""
from __future__ import annotations

import json
from dataclasses import replace

from PySide6.QtCore import QMimeData, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout,
                               QHBoxLayout, QHeaderView, QLabel, QListWidget, QListWidgetItem, QPlainTextEdit, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)
from studio.video import store
from studio.video.captions import Caption, CaptionStyle
from studio.video.timeline import COLOR_FILTERS, TRANSITIONS, Timeline, Transition, VideoClip
from studio.ui import thumbnails
from studio.ui.video.timeline_view import ASSET_MIME

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
        marks = {"video": self.ctx.tr("视频", "Video"), "image": self.ctx.tr("图片", "Image"),
                 "audio": self.ctx.tr("音乐", "Music")}
        thumbs = []
        for row, a in enumerate(store.media_assets(project)):
            length = f"  {a.duration:.1f}s" if a.duration else ""
            self.titles[a.id] = a.title
            item = QListWidgetItem(f"{marks[a.kind]} · {a.title}{length}")
            item.setData(Qt.UserRole, a.id)
            item.setData(Qt.UserRole + 1, a.kind)
            self.addItem(item)
            if a.thumbnail:
                thumbs.append((row, a.thumbnail))
        thumbnails.show_later(self, thumbs)  # decoded off the GUI thread

    def selected_ids(self, kinds=store.MEDIA_KINDS) -> list[int]:
        return [i.data(Qt.UserRole) for i in self.selectedItems() if i.data(Qt.UserRole + 1) in kinds]

    def mimeData(self, items) -> QMimeData:  # noqa: N802 - Qt naming
        data = QMimeData()
        data.setData(ASSET_MIME, json.dumps([i.data(Qt.UserRole) for i in items]).encode())
        return data

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [ASSET_MIME]


class ClipInspector(QWidget):
    """Edit the selected clip: in/out, speed, volume, colour filter, transition. With no clip
    selected the fields are disabled and hidden, and a hint says how to pick one."""

    changed = Signal(object, str)  # the edited clip copy, undo label
    split = Signal()
    remove = Signal()
    snapEnd = Signal()

    def __init__(self, ctx) -> None:
        super().__init__()
        tr = ctx.tr
        self.ctx = ctx
        self.clip: VideoClip | None = None
        self.hint = _hint(tr("选中时间线上的片段以编辑（Ctrl/Shift 点选多个，Delete 删除）",
                             "Select a clip on the timeline to edit it (Ctrl/Shift-click for several, Delete removes)"))
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
        self.editor = QWidget()
        form = QFormLayout(self.editor)
        form.setContentsMargins(0, 0, 0, 0)
        for label, widget in ((tr("入点", "In"), self.src_in), (tr("出点", "Out"), self.src_out),
                              (tr("速度", "Speed"), self.speed), (tr("音量", "Volume"), self.volume),
                              (tr("滤镜", "Filter"), self.color), (tr("转场（进入）", "Transition in"), self.transition),
                              (tr("转场时长", "Transition length"), self.tr_len)):
            form.addRow(label, widget)
        buttons = QHBoxLayout()
        self.clip_buttons = []
        for text, signal in ((tr("在播放头分割", "Split at playhead"), self.split),
                             (tr("结尾吸附节拍", "Snap end to beat"), self.snapEnd),
                             (tr("删除片段", "Delete clip"), self.remove)):
            b = QPushButton(text)
            b.clicked.connect(signal.emit)
            buttons.addWidget(b)
            if signal is not self.split:  # splitting works at the playhead, with or without a selection
                self.clip_buttons.append(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.editor)
        layout.addLayout(buttons)
        layout.addStretch(1)
        for w in (self.src_in, self.src_out, self.speed, self.volume, self.tr_len):
            w.editingFinished.connect(self._emit)
        self.color.activated.connect(lambda _i: self._emit())
        self.transition.activated.connect(lambda _i: self._emit())
        self.set_clip(None)

    def set_clip(self, clip: VideoClip | None) -> None:
        self.clip = clip
        _show_editor(self, clip is not None, *self.clip_buttons)
        if clip is None:
            return
        for w, v in ((self.src_in, clip.src_in), (self.src_out, clip.src_out), (self.speed, clip.speed),
                     (self.volume, clip.volume), (self.tr_len, clip.transition.duration if clip.transition else 0.5)):
            _set_quietly(w, v)
        self.color.setCurrentIndex(max(0, self.color.findData(clip.color)))
        self.transition.setCurrentIndex(max(0, self.transition.findData(clip.transition.kind if clip.transition else "")))

    def _emit(self) -> None:
        if self.clip is None:
            return
        kind = self.transition.currentData()
        clip = replace(self.clip, src_in=self.src_in.value(), src_out=max(self.src_in.value() + 0.1, self.src_out.value()),
                       speed=self.speed.value(), volume=self.volume.value(), color=self.color.currentData(),
                       transition=Transition(kind, self.tr_len.value()) if kind else None)
        if clip != self.clip:
            self.changed.emit(clip, self.ctx.tr("编辑片段", "Edit clip"))


class MusicPanel(QWidget):
    """The song: where it starts on the timeline, which part of it plays (in/out), volume, fades."""

    changed = Signal(dict, str)  # MusicTrack field values, undo label
    remove = Signal()

    def __init__(self, ctx) -> None:
        super().__init__()
        tr = ctx.tr
        self.ctx = ctx
        self.hint = _hint(tr("把音乐从素材拖到时间线的音乐轨", "Drag a song from the media list onto the music track"))
        self.start = _spin(0.0, 36000, 0.1, " s")
        self.src_in = _spin(0.0, 36000, 0.1, " s")
        self.src_out = _spin(0.0, 36000, 0.1, " s")
        self.src_out.setSpecialValueText(tr("到歌曲结尾", "To the end"))  # 0 = no out point
        self.volume = _spin(0.0, 2.0, 0.1, "")
        self.fade_in = _spin(0.0, 10.0, 0.5, " s")
        self.fade_out = _spin(0.0, 10.0, 0.5, " s")
        self.start.setToolTip(tr("音乐从时间线的第几秒开始", "Timeline second where the song begins"))
        self.src_in.setToolTip(tr("从歌曲的第几秒开始播放（跳过前奏）", "Second of the song to start from (skip the intro)"))
        self.src_out.setToolTip(tr("播放到歌曲的第几秒", "Second of the song where it stops"))
        self.editor = QWidget()
        form = QFormLayout(self.editor)
        form.setContentsMargins(0, 0, 0, 0)
        for label, w in ((tr("时间线位置", "Starts at"), self.start), (tr("歌曲入点", "Song in"), self.src_in),
                         (tr("歌曲出点", "Song out"), self.src_out), (tr("音量", "Volume"), self.volume),
                         (tr("淡入", "Fade in"), self.fade_in), (tr("淡出", "Fade out"), self.fade_out)):
            form.addRow(label, w)
            w.editingFinished.connect(self._emit)
        self.remove_button = QPushButton(tr("移除音乐", "Remove music"))
        self.remove_button.clicked.connect(self.remove.emit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.editor)
        layout.addWidget(self.remove_button)
        layout.addStretch(1)
        self.values: dict = {}
        self.set_timeline(Timeline())

    def set_timeline(self, tl: Timeline) -> None:
        m = tl.music
        _show_editor(self, m is not None, self.remove_button)
        self.values = {} if m is None else self._read(m)
        for key, v in self.values.items():
            _set_quietly(getattr(self, key), v or 0.0)

    @staticmethod
    def _read(m) -> dict:
        return {"start": m.start, "src_in": m.src_in, "src_out": m.src_out, "volume": m.volume,
                "fade_in": m.fade_in, "fade_out": m.fade_out}

    def _emit(self) -> None:
        if not self.values:
            return
        values = {key: getattr(self, key).value() for key in self.values}
        values["src_out"] = values["src_out"] or None
        changed = {k: v for k, v in values.items() if v != self.values[k]}
        if changed:
            self.changed.emit(changed, self.ctx.tr("编辑音乐", "Edit music"))


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


def _hint(text: str) -> QLabel:
    return QLabel(text, wordWrap=True, objectName="subtitle")  # the theme's muted text


def _show_editor(panel: QWidget, on: bool, *more: QWidget) -> None:
    """A panel's fields (and `more` widgets) work only when there is something to edit;
    otherwise the fields hide behind the panel's hint."""
    panel.hint.setVisible(not on)
    panel.editor.setVisible(on)
    for w in (panel.editor, *more):
        w.setEnabled(on)


def _set_quietly(w: QDoubleSpinBox, value: float) -> None:
    w.blockSignals(True)
    w.setValue(value)
    w.blockSignals(False)


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
