"""The timeline widget: ruler, beat grid, video, music and caption tracks.

It edits nothing by itself: it reports what the user did (a marker dragged, a clip trimmed, assets
dropped) through signals, and the page applies the core edit and saves it as one undoable action.
"""
from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QHBoxLayout, QScrollBar, QSlider, QVBoxLayout, QWidget

from studio.video.beatgrid import BeatGrid
from studio.video.timeline import Timeline, snap
from studio.ui.library.model import ASSET_MIME  # the library grid's drag format (JSON list of asset ids)

SNAP_PX = 10  # clip edges snap to beats closer than this many pixels
ROWS = ("ruler", "beats", "video", "music", "captions")
DOWNBEAT = QColor("#e8590c")
BEAT = QColor("#4c6ef5")
ACCENT = QColor("#f59f00")
PLAYHEAD = QColor("#e03131")
# Text painted on the timeline's own fills (the rest uses the palette): tests/ui/test_contrast.py
CLIP_TEXT = QColor(20, 20, 20)
CAPTION_FILL, CAPTION_TEXT = QColor("#fff3bf"), QColor(30, 30, 30)
LABEL_FILL, LABEL_TEXT = QColor(255, 255, 255, 200), QColor(20, 20, 20)  # the song's name over its wave


def clip_fill(hue: int) -> QColor:
    """The fill of a clip whose file name hashes to `hue`."""
    return QColor.fromHsv(hue, 80, 240)  # light enough for CLIP_TEXT at 7:1 on every hue


@dataclass
class _Drag:
    kind: str  # "marker" | "trim" | "move" | "scrub"
    index: int = -1
    origin: float = 0.0  # seconds where the drag started
    value: float = 0.0  # current seconds


class TimelineCanvas(QWidget):
    gridEdited = Signal(object, str)  # BeatGrid in music seconds, undo label
    clipTrimmed = Signal(int, float)  # clip index, new length in seconds
    clipMoved = Signal(int, int)  # from index, to index
    clipSelected = Signal(int)  # the current clip (the inspector's), -1 = none
    clipsDeleted = Signal(list)  # indices of the selected clips, Delete/Backspace
    scrubbed = Signal(float)  # playhead seconds (while dragging)
    scrubFinished = Signal(float)
    assetsDropped = Signal(list, float, str)  # asset ids, seconds, row name
    viewChanged = Signal()

    def __init__(self, tr, px, parent=None) -> None:
        super().__init__(parent)
        self.tr, self.px = tr, px
        self.tl = Timeline()
        self.wave: list[float] = []
        self.wave_rate = 50
        self.pps = 80.0 * px(1)  # pixels per second
        self.x0 = 0.0  # seconds at the left edge of the tracks
        self.playhead = 0.0
        self.selected_clip = -1  # the current clip (last clicked)
        self.selected_clips: set[int] = set()  # every selected clip (Ctrl/Shift-click for several)
        self.selected_beat = -1
        self.drag: Optional[_Drag] = None
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.StrongFocus)
        self.setMouseTracking(True)
        self.setMinimumHeight(self._row_top(len(ROWS)) + px(4))

    # ---- geometry -----------------------------------------------------------------------
    def _unit(self) -> int:
        return QFontMetrics(self.font()).height()

    def _row_h(self, name: str) -> int:
        u = self._unit()
        return {"ruler": u + self.px(6), "beats": max(u, self.px(20)) + self.px(4), "video": u + self.px(18),
                "music": u + self.px(10), "captions": u + self.px(8)}[name]

    def _row_top(self, index: int) -> int:
        return sum(self._row_h(n) for n in ROWS[:index])

    def _row_rect(self, name: str) -> QRectF:
        i = ROWS.index(name)
        return QRectF(self.header_w(), self._row_top(i), self.width() - self.header_w(), self._row_h(name))

    def _row_at(self, y: float) -> Optional[str]:
        for i, name in enumerate(ROWS):
            if self._row_top(i) <= y < self._row_top(i) + self._row_h(name):
                return name
        return None

    def header_w(self) -> int:
        """Width of the row names. Asked for at every x position painted (each waveform sample),
        so it is measured once per font: measuring each time made a repaint take 50-100 ms."""
        key = self.font().key()
        if getattr(self, "_header_w", (None,))[0] != key:
            fm = QFontMetrics(self.font())
            self._header_w = (key, max(fm.horizontalAdvance(self.tr(z, e)) for z, e in _HEADERS.values()) + self.px(20))
        return self._header_w[1]

    def x_of(self, t: float) -> float:
        return self.header_w() + (t - self.x0) * self.pps

    def t_of(self, x: float) -> float:
        return max(0.0, self.x0 + (x - self.header_w()) / self.pps)

    def content_seconds(self) -> float:
        music = 0.0
        if self.tl.music is not None and self.wave:
            music = self.tl.music.start + self._wave_span()[1] / self.wave_rate - self.tl.music.src_in
        return max(self.tl.duration, music, 5.0)

    def visible_seconds(self) -> float:
        return max(0.1, (self.width() - self.header_w()) / self.pps)

    # ---- model --------------------------------------------------------------------------
    def set_timeline(self, tl: Timeline) -> None:
        self.tl = tl
        self.selected_clips = {i for i in self.selected_clips if i < len(tl.clips)}
        if self.selected_clip not in self.selected_clips:
            self.selected_clip = max(self.selected_clips, default=-1)
        if self.selected_beat >= len(tl.beats.beats):
            self.selected_beat = -1
        self.viewChanged.emit()
        self.update()

    def set_wave(self, wave: list[float], rate: int) -> None:
        self.wave, self.wave_rate = wave, rate
        self.viewChanged.emit()
        self.update()

    def set_playhead(self, t: float) -> None:
        self.playhead = max(0.0, t)
        self.update()

    def set_zoom(self, pps: float) -> None:
        self.pps = max(5.0, min(2000.0, pps))
        self.viewChanged.emit()
        self.update()

    def _wave_span(self) -> tuple[int, int]:
        """The wave buckets of the part of the song that plays (its in to out point)."""
        m = self.tl.music
        last = len(self.wave) if m.src_out is None else min(len(self.wave), int(m.src_out * self.wave_rate))
        return min(last, int(m.src_in * self.wave_rate)), last

    def _shift(self) -> float:
        """Timeline seconds minus music seconds (beats are stored in music time)."""
        m = self.tl.music
        return (m.start - m.src_in) if m is not None else 0.0

    # ---- painting -----------------------------------------------------------------------
    def paintEvent(self, event) -> None:  # noqa: N802 - Qt naming
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        pal = self.palette()
        p.fillRect(self.rect(), pal.base())
        for name in ROWS:
            r = self._row_rect(name)
            if name in ("video", "music"):
                p.fillRect(r, pal.alternateBase())
            p.setPen(QPen(pal.mid().color(), 1))
            p.drawLine(QPointF(0, r.bottom()), QPointF(self.width(), r.bottom()))
        p.setClipRect(QRectF(self.header_w(), 0, self.width(), self.height()))
        self._paint_ruler(p)
        self._paint_beats(p)
        self._paint_clips(p)
        self._paint_music(p)
        self._paint_captions(p)
        self._paint_playhead(p)
        p.setClipping(False)
        self._paint_headers(p)

    def _paint_headers(self, p: QPainter) -> None:
        pal = self.palette()
        p.fillRect(QRectF(0, 0, self.header_w(), self.height()), pal.window())
        p.setPen(pal.text().color())
        for name in ROWS:
            r = self._row_rect(name)
            p.drawText(QRectF(self.px(8), r.top(), self.header_w() - self.px(8), r.height()),
                       Qt.AlignVCenter | Qt.AlignLeft, self.tr(*_HEADERS[name]))

    def _paint_ruler(self, p: QPainter) -> None:
        r = self._row_rect("ruler")
        step = _nice_step(self.pps, self.px(70))
        t = int(self.x0 / step) * step
        p.setPen(self.palette().text().color())
        while t <= self.x0 + self.visible_seconds():
            x = self.x_of(t)
            p.drawLine(QPointF(x, r.bottom() - self.px(6)), QPointF(x, r.bottom()))
            label = f"{int(t // 60)}:{t % 60:04.1f}" if step < 1 else f"{int(t // 60)}:{int(t % 60):02d}"
            p.drawText(QPointF(x + self.px(3), r.bottom() - self.px(6)), label)
            t += step

    def _paint_beats(self, p: QPainter) -> None:
        r = self._row_rect("beats")
        grid, shift = self.tl.beats, self._shift()
        for i, b in enumerate(grid.beats):
            t = self.drag.value if (self.drag and self.drag.kind == "marker" and self.drag.index == i) else b + shift
            x = self.x_of(t)
            if x < self.header_w() - 5 or x > self.width() + 5:
                continue
            down = grid.is_downbeat(b)
            colour = DOWNBEAT if down else BEAT
            top = r.top() + (self.px(2) if down else r.height() * 0.45)
            p.setPen(QPen(colour, self.px(3) if down else self.px(1.5)))
            p.drawLine(QPointF(x, top), QPointF(x, r.bottom() - self.px(2)))
            if grid.accents and any(abs(a - b) < 1e-3 for a in grid.accents):
                p.setBrush(ACCENT)
                p.setPen(Qt.NoPen)
                p.drawEllipse(QPointF(x, r.bottom() - self.px(5)), self.px(3), self.px(3))
            if i == self.selected_beat:
                p.setPen(QPen(self.palette().highlight().color(), self.px(2)))
                p.setBrush(Qt.NoBrush)
                p.drawRect(QRectF(x - self.px(5), r.top() + 1, self.px(10), r.height() - 2))
        # faint beat lines through the tracks make snapping visible
        p.setPen(QPen(QColor(76, 110, 245, 40), 1))
        bottom = self._row_rect("captions").bottom()
        for b in grid.downbeats:
            x = self.x_of(b + shift)
            p.drawLine(QPointF(x, r.bottom()), QPointF(x, bottom))

    def _paint_clips(self, p: QPainter) -> None:
        r = self._row_rect("video")
        starts = self.tl.clip_starts()
        fm = QFontMetrics(self.font())
        for i, (clip, start) in enumerate(zip(self.tl.clips, starts)):
            length = clip.length
            if self.drag and self.drag.kind == "trim" and self.drag.index == i:
                length = self.drag.value - start
            x1, x2 = self.x_of(start), self.x_of(start + length)
            box = QRectF(x1 + 1, r.top() + self.px(4), max(2.0, x2 - x1 - 2), r.height() - self.px(8))
            hue = zlib.crc32(Path(clip.path).name.encode()) % 360
            p.setBrush(clip_fill(hue))
            selected = i in self.selected_clips
            p.setPen(QPen(self.palette().highlight().color() if selected else QColor(60, 60, 60), self.px(3) if selected else 1))
            p.drawRoundedRect(box, self.px(4), self.px(4))
            p.setPen(CLIP_TEXT)
            text = f"{Path(clip.path).stem}  {length:.2f}s" + (f"  ×{clip.speed:g}" if clip.speed != 1 else "")
            p.drawText(box.adjusted(self.px(5), 0, -self.px(3), 0), Qt.AlignVCenter | Qt.AlignLeft,
                       fm.elidedText(text, Qt.ElideRight, max(0, int(box.width() - self.px(8)))))
            if clip.transition is not None:
                half = clip.transition.duration / 2 * self.pps
                poly = QPolygonF([QPointF(x1 - half, r.top() + self.px(4)), QPointF(x1 + half, r.bottom() - self.px(4)),
                                  QPointF(x1 + half, r.top() + self.px(4)), QPointF(x1 - half, r.bottom() - self.px(4))])
                p.setBrush(QColor(255, 255, 255, 150))
                p.setPen(QPen(QColor(40, 40, 40), 1))
                p.drawPolygon(poly)
        if self.drag and self.drag.kind == "move":
            x = self.x_of(self._insert_time(self.drag.value))
            p.setPen(QPen(self.palette().highlight().color(), self.px(3)))
            p.drawLine(QPointF(x, r.top()), QPointF(x, r.bottom()))
        if not self.tl.clips:
            p.setPen(self.palette().placeholderText().color())
            p.drawText(r, Qt.AlignCenter, self.tr("把素材库中的视频拖到这里", "Drop videos from the library here"))

    def _paint_music(self, p: QPainter) -> None:
        r = self._row_rect("music")
        m = self.tl.music
        if m is None:
            p.setPen(self.palette().placeholderText().color())
            p.drawText(r, Qt.AlignCenter, self.tr("把音乐拖到这里", "Drop a song here"))
            return
        mid, amp = r.center().y(), r.height() / 2 - self.px(3)
        path = QPainterPath()
        played_from, played_to = self._wave_span()
        first = max(played_from, int((self.x0 - m.start + m.src_in) * self.wave_rate))
        last = min(played_to, int((self.x0 + self.visible_seconds() - m.start + m.src_in) * self.wave_rate) + 1)
        stride = max(1, int(self.wave_rate / self.pps))
        for k in range(first, last, stride):
            x = self.x_of(k / self.wave_rate + m.start - m.src_in)
            h = max(self.wave[k:k + stride]) * amp
            path.moveTo(x, mid - h)
            path.lineTo(x, mid + h)
        p.setPen(QPen(QColor("#2b8a3e"), max(1, self.px(1))))
        p.drawPath(path)
        name = "♪ " + Path(m.path).stem
        fm = QFontMetrics(self.font())
        label = QRectF(max(r.left(), self.x_of(m.start)) + self.px(4), r.top() + self.px(2),
                       fm.horizontalAdvance(name) + self.px(8), fm.height())
        p.fillRect(label, LABEL_FILL)
        p.setPen(LABEL_TEXT)
        p.drawText(label, Qt.AlignCenter, name)

    def _paint_captions(self, p: QPainter) -> None:
        r = self._row_rect("captions")
        fm = QFontMetrics(self.font())
        for c in self.tl.captions:
            box = QRectF(self.x_of(c.start), r.top() + self.px(3), (c.end - c.start) * self.pps, r.height() - self.px(6))
            p.setBrush(CAPTION_FILL)
            p.setPen(QPen(QColor("#e67700"), 1))
            p.drawRoundedRect(box, self.px(3), self.px(3))
            p.setPen(CAPTION_TEXT)
            p.drawText(box.adjusted(self.px(4), 0, -self.px(2), 0), Qt.AlignVCenter | Qt.AlignLeft,
                       fm.elidedText(c.text, Qt.ElideRight, max(0, int(box.width() - self.px(6)))))

    def _paint_playhead(self, p: QPainter) -> None:
        x = self.x_of(self.playhead)
        p.setPen(QPen(PLAYHEAD, self.px(2)))
        p.drawLine(QPointF(x, 0), QPointF(x, self.height()))
        p.setBrush(PLAYHEAD)
        s = self.px(6)
        p.drawPolygon(QPolygonF([QPointF(x - s, 0), QPointF(x + s, 0), QPointF(x, s * 1.5)]))

    # ---- mouse and keys -----------------------------------------------------------------
    def mousePressEvent(self, e) -> None:  # noqa: N802
        if e.button() != Qt.LeftButton or e.position().x() < self.header_w():
            return
        x, t, row = e.position().x(), self.t_of(e.position().x()), self._row_at(e.position().y())
        if row == "beats" and (i := self._marker_at(x)) is not None:
            self._select_clips(set(), -1)  # Delete then removes the beat, not clips
            self.selected_beat = i
            self.drag = _Drag("marker", i, t, self.tl.beats.beats[i] + self._shift())
        elif row == "video" and (i := self._clip_at(t)) is not None:
            mods = e.modifiers()
            if mods & Qt.ControlModifier:  # toggle one clip in or out of the selection
                chosen = self.selected_clips ^ {i}
                self._select_clips(chosen, i if i in chosen else max(chosen, default=-1))
                self.update()
                return
            if mods & Qt.ShiftModifier and self.selected_clip >= 0:  # a run from the current clip
                a, b = sorted((self.selected_clip, i))
                self._select_clips(self.selected_clips | set(range(a, b + 1)), i)
                self.update()
                return
            self._select_clips({i}, i)
            end = self.tl.clip_starts()[i] + self.tl.clips[i].length
            if abs(self.x_of(end) - x) <= self.px(7):
                self.drag = _Drag("trim", i, t, end)
            else:
                self.drag = _Drag("move", i, t, t)
        else:
            self.drag = _Drag("scrub", -1, t, t)
            self.set_playhead(t)
            self.scrubbed.emit(t)
        self.update()

    def mouseMoveEvent(self, e) -> None:  # noqa: N802
        x = e.position().x()
        if self.drag is None:
            near_edge = self._row_at(e.position().y()) == "video" and self._near_clip_end(x)
            self.setCursor(Qt.SizeHorCursor if near_edge else Qt.ArrowCursor)
            return
        t = self.t_of(x)
        if self.drag.kind == "trim":
            start = self.tl.clip_starts()[self.drag.index]
            beat = snap(t, self.tl.beat_times(), SNAP_PX / self.pps)
            self.drag.value = max(start + 0.1, beat if beat is not None else t)
        elif self.drag.kind == "scrub":
            self.drag.value = t
            self.set_playhead(t)
            self.scrubbed.emit(t)
        else:
            self.drag.value = t if self.drag.kind == "move" else max(0.0, t)
        self.update()

    def mouseReleaseEvent(self, e) -> None:  # noqa: N802
        drag, self.drag = self.drag, None
        if drag is None:
            return
        if drag.kind == "marker" and abs(drag.value - drag.origin) > 1e-3:
            dt = drag.value - (self.tl.beats.beats[drag.index] + self._shift())
            self.gridEdited.emit(self.tl.beats.nudge(drag.index, dt), self.tr("移动节拍", "Move beat"))
        elif drag.kind == "trim":
            self.clipTrimmed.emit(drag.index, drag.value - self.tl.clip_starts()[drag.index])
        elif drag.kind == "move" and abs(self.x_of(drag.value) - self.x_of(drag.origin)) > self.px(8):
            target = self._insert_index(drag.value)
            if target > drag.index:
                target -= 1
            if target != drag.index:
                self.clipMoved.emit(drag.index, target)
        elif drag.kind == "scrub":
            self.scrubFinished.emit(drag.value)
        self.update()

    def mouseDoubleClickEvent(self, e) -> None:  # noqa: N802
        if self._row_at(e.position().y()) == "beats" and e.position().x() >= self.header_w():
            self.add_marker(self.t_of(e.position().x()))

    def add_marker(self, t: float) -> None:
        fps = self.tl.canvas.fps
        music_t = round((t - self._shift()) * fps) / fps
        self.gridEdited.emit(self.tl.beats.add(music_t), self.tr("添加节拍", "Add beat"))

    def keyPressEvent(self, e) -> None:  # noqa: N802
        i, grid = self.selected_beat, self.tl.beats
        if 0 <= i < len(grid.beats):
            step = (1.0 / self.tl.canvas.fps) * (5 if e.modifiers() & Qt.ShiftModifier else 1)
            if e.key() in (Qt.Key_Delete, Qt.Key_Backspace):
                self.selected_beat = -1
                self.gridEdited.emit(grid.delete(i), self.tr("删除节拍", "Delete beat"))
                return
            if e.key() in (Qt.Key_Left, Qt.Key_Right):
                dt = step if e.key() == Qt.Key_Right else -step
                self.gridEdited.emit(grid.nudge(i, dt), self.tr("微调节拍", "Nudge beat"))
                return
        elif e.key() in (Qt.Key_Delete, Qt.Key_Backspace) and self.selected_clips:
            chosen = sorted(self.selected_clips)
            self._select_clips(set(), -1)
            self.clipsDeleted.emit(chosen)
            return
        super().keyPressEvent(e)

    def wheelEvent(self, e) -> None:  # noqa: N802
        if e.modifiers() & Qt.ControlModifier:
            self.set_zoom(self.pps * (1.25 if e.angleDelta().y() > 0 else 0.8))
        else:
            self.x0 = max(0.0, self.x0 - e.angleDelta().y() / 120 * self.visible_seconds() / 8)
            self.viewChanged.emit()
            self.update()

    # ---- drops from the library ---------------------------------------------------------
    def dragEnterEvent(self, e) -> None:  # noqa: N802
        if e.mimeData().hasFormat(ASSET_MIME):
            e.acceptProposedAction()

    dragMoveEvent = dragEnterEvent

    def dropEvent(self, e) -> None:  # noqa: N802
        ids = json.loads(bytes(e.mimeData().data(ASSET_MIME)).decode() or "[]")
        self.assetsDropped.emit([int(i) for i in ids], self.t_of(e.position().x()), self._row_at(e.position().y()) or "")
        e.acceptProposedAction()

    # ---- hit tests ----------------------------------------------------------------------
    def _marker_at(self, x: float) -> Optional[int]:
        t = self.t_of(x) - self._shift()
        i = self.tl.beats.nearest(t)
        if i is None or abs(self.x_of(self.tl.beats.beats[i] + self._shift()) - x) > self.px(7):
            return None
        return i

    def _clip_at(self, t: float) -> Optional[int]:
        if not self.tl.clips or t > self.tl.duration:
            return None
        return self.tl.clip_at(t)

    def _near_clip_end(self, x: float) -> bool:
        ends = [s + c.length for s, c in zip(self.tl.clip_starts(), self.tl.clips)]
        return any(abs(self.x_of(e) - x) <= self.px(7) for e in ends)

    def _insert_index(self, t: float) -> int:
        starts = self.tl.clip_starts()
        mids = [s + c.length / 2 for s, c in zip(starts, self.tl.clips)]
        return sum(1 for m in mids if m < t)

    def _insert_time(self, t: float) -> float:
        i = self._insert_index(t)
        starts = self.tl.clip_starts() + [self.tl.duration]
        return starts[i]

    def _select_clips(self, chosen: set[int], current: int) -> None:
        self.selected_clips, self.selected_clip = chosen, current
        if chosen:
            self.selected_beat = -1
        self.clipSelected.emit(current)


_HEADERS = {"ruler": ("时间", "Time"), "beats": ("节拍", "Beats"), "video": ("视频", "Video"),
            "music": ("音乐", "Music"), "captions": ("字幕", "Captions")}


def _nice_step(pps: float, min_px: float) -> float:
    for step in (0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300):
        if step * pps >= min_px:
            return step
    return 600


class TimelineView(QWidget):
    """The canvas with a horizontal scroll bar and a zoom slider."""

    def __init__(self, tr, px, parent=None) -> None:
        super().__init__(parent)
        self.canvas = TimelineCanvas(tr, px, self)
        self.scroll = QScrollBar(Qt.Horizontal)
        self.zoom = QSlider(Qt.Horizontal)
        self.zoom.setRange(10, 600)
        self.zoom.setValue(int(self.canvas.pps / px(1)))
        self.zoom.setToolTip(tr("缩放时间线（Ctrl+滚轮）", "Zoom the timeline (Ctrl+wheel)"))
        self.zoom.valueChanged.connect(lambda v: self.canvas.set_zoom(v * px(1)))
        self.scroll.valueChanged.connect(self._scrolled)
        self.canvas.viewChanged.connect(self._sync)
        bottom = QHBoxLayout()
        bottom.addWidget(self.scroll, 4)
        bottom.addWidget(self.zoom, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas, 1)
        layout.addLayout(bottom)

    def _sync(self) -> None:
        c = self.canvas
        self.scroll.blockSignals(True)
        self.scroll.setRange(0, max(0, int((c.content_seconds() - c.visible_seconds() + 1) * 100)))
        self.scroll.setPageStep(int(c.visible_seconds() * 100))
        self.scroll.setValue(int(c.x0 * 100))
        self.scroll.blockSignals(False)

    def _scrolled(self, v: int) -> None:
        self.canvas.x0 = v / 100
        self.canvas.update()

    def resizeEvent(self, e) -> None:  # noqa: N802
        super().resizeEvent(e)
        self._sync()


def grid_label(grid: BeatGrid, tr) -> str:
    return tr(f"{grid.tempo:.1f} BPM · {len(grid.beats)} 拍 · {len(grid.downbeats)} 小节",
              f"{grid.tempo:.1f} BPM · {len(grid.beats)} beats · {len(grid.downbeats)} bars")
