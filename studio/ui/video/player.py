"""Preview of the composed timeline: a scrub frame while editing, QtMultimedia playback with
sound. Playback starts from a short quick render at the playhead; a full-length low-res
render follows in the background and takes over when it is ready."""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Optional

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget

from studio.video import preview
from studio.video.timeline import Timeline


class PreviewPane(QWidget):
    positionChanged = Signal(float)  # timeline seconds while playing
    stateChanged = Signal(bool)  # playing?

    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx = ctx
        self.tmp = Path(tempfile.mkdtemp(prefix="nms-preview-"))
        self.tl: Optional[Timeline] = None
        self.version = 0
        self.full: Optional[tuple[int, Path]] = None  # (version, file) of the full preview
        self.offset = 0.0  # timeline second where the playing file starts
        self.counter = 0
        self.frame = QLabel(alignment=Qt.AlignCenter)
        self.frame.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Ignored)
        self.frame.setMinimumSize(ctx.px(48), ctx.px(64))
        self.frame.setStyleSheet("background: #111; color: #bbb;")
        self.frame.setText(ctx.tr("预览", "Preview"))
        self.stack = QStackedWidget()
        self.stack.addWidget(self.frame)
        self.player = None  # created on first play: QtMultimedia loads lazily
        self.pixmap: Optional[QPixmap] = None
        self._scrub_busy = False
        self._scrub_next: Optional[float] = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    # ---- timeline changes ---------------------------------------------------------------
    def set_timeline(self, tl: Timeline) -> None:
        self.tl = tl
        self.version += 1

    # ---- scrubbing ----------------------------------------------------------------------
    def show_frame(self, t: float) -> None:
        """Render the composed frame at `t` (latest request wins; one render at a time)."""
        if self.tl is None or not self.tl.clips:
            self.frame.setText(self.ctx.tr("时间线是空的", "The timeline is empty"))
            return
        if self.is_playing():
            return
        if self._scrub_busy:
            self._scrub_next = t
            return
        self._scrub_busy = True
        self.counter += 1
        self.tmp.mkdir(exist_ok=True)  # a later start of the program removes temp folders idle for hours
        out = self.tmp / f"frame{self.counter % 4}.jpg"
        tl = self.tl
        self.ctx.run(lambda progress, cancel: preview.scrub_frame(tl, t, out), modal=False,
                     on_done=self._frame_ready, on_error=self._frame_failed)

    def _frame_ready(self, path) -> None:
        self.pixmap = QPixmap(str(path))
        self._fit_pixmap()
        self.stack.setCurrentWidget(self.frame)
        self._next_scrub()

    def _frame_failed(self, exc) -> None:
        self.frame.setText(str(exc))
        self._next_scrub()

    def _next_scrub(self) -> None:
        self._scrub_busy = False
        if self._scrub_next is not None:
            t, self._scrub_next = self._scrub_next, None
            self.show_frame(t)

    def _fit_pixmap(self) -> None:
        if self.pixmap is not None and not self.pixmap.isNull():
            self.frame.setPixmap(self.pixmap.scaled(self.frame.size(), Qt.KeepAspectRatio, Qt.SmoothTransformation))

    def resizeEvent(self, e) -> None:  # noqa: N802
        super().resizeEvent(e)
        self._fit_pixmap()

    def sizeHint(self) -> QSize:
        return QSize(self.ctx.px(270), self.ctx.px(400))

    # ---- playback -----------------------------------------------------------------------
    def is_playing(self) -> bool:
        if self.player is None:
            return False
        from PySide6.QtMultimedia import QMediaPlayer

        return self.player.playbackState() == QMediaPlayer.PlayingState

    def toggle(self, at: float) -> None:
        if self.is_playing():
            self.player.pause()
            return
        if self.tl is None or not self.tl.clips:
            return
        if self.full and self.full[0] == self.version:
            self._play(self.full[1], 0.0, at)
            return
        self.counter += 1
        self.tmp.mkdir(exist_ok=True)
        tl, version, quick = self.tl, self.version, self.tmp / f"quick{self.counter}.mp4"
        self.ctx.status.emit(self.ctx.tr("正在准备预览…", "Preparing preview…"))
        self.ctx.run(lambda progress, cancel: preview.render_preview(tl, quick, at, preview.QUICK_WINDOW),
                     modal=False, on_done=lambda path: self._play(path, at, at) if version == self.version else None,
                     on_error=self._frame_failed)
        full = self.tmp / f"full{version}.mp4"
        self.ctx.run(lambda progress, cancel: preview.render_preview(tl, full), modal=False,
                     on_done=lambda path: self._full_ready(version, path))

    def _full_ready(self, version: int, path) -> None:
        if version != self.version:
            return
        self.full = (version, Path(path))
        if self.is_playing():
            at = self.offset + self.player.position() / 1000
            self._play(self.full[1], 0.0, at)

    def _ensure_player(self) -> None:
        if self.player is not None:
            return
        from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
        from PySide6.QtMultimediaWidgets import QVideoWidget

        self.video = QVideoWidget()
        self.stack.addWidget(self.video)
        self.player = QMediaPlayer(self)
        self.audio = QAudioOutput(self)
        self.player.setAudioOutput(self.audio)
        self.player.setVideoOutput(self.video)
        self.player.positionChanged.connect(lambda ms: self.positionChanged.emit(self.offset + ms / 1000))
        self.player.playbackStateChanged.connect(lambda _s: self.stateChanged.emit(self.is_playing()))

    def _play(self, path, offset: float, at: float) -> None:
        self._ensure_player()
        self.offset = offset
        self.player.setSource(QUrl.fromLocalFile(str(path)))
        self.player.setPosition(int(max(0.0, at - offset) * 1000))
        self.stack.setCurrentWidget(self.video)
        self.player.play()

    def stop(self) -> None:
        if self.player is not None:
            self.player.stop()
        self.stack.setCurrentWidget(self.frame)
