"""Preview window: image viewer, video/audio player (QtMultimedia), font specimen, text."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QFont, QFontDatabase, QImageReader, QPixmap
from PySide6.QtWidgets import (QDialog, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QScrollArea, QSlider,
                               QVBoxLayout, QWidget)

from studio.library.analyse import decode_text
from studio.library.thumbs import FONT_SAMPLE_LATIN

SPECIMEN = "永和九年，岁在癸丑，暮春之初，会于会稽山阴之兰亭。"


class PreviewDialog(QDialog):
    def __init__(self, ctx, kind: str, path: Path, title: str, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.resize(ctx.px(900), ctx.px(640))
        layout = QVBoxLayout(self)
        builder = {"image": self._image, "video": self._media, "audio": self._media,
                   "font": self._font, "text": self._text}.get(kind)
        layout.addWidget(builder(path, kind) if builder else QLabel(title))

    def _image(self, path: Path, kind: str) -> QWidget:
        reader = QImageReader(str(path))
        reader.setAutoTransform(True)  # EXIF orientation
        size = reader.size()
        limit = self.ctx.px(1600)
        if size.isValid() and max(size.width(), size.height()) > limit:
            reader.setScaledSize(size.scaled(limit, limit, Qt.KeepAspectRatio))  # decode small: fast
        label = QLabel(alignment=Qt.AlignCenter)
        image = reader.read()
        label.setPixmap(QPixmap.fromImage(image)) if not image.isNull() else label.setText(reader.errorString())
        area = QScrollArea()
        area.setWidget(label)
        area.setWidgetResizable(True)
        area.setAlignment(Qt.AlignCenter)
        return area

    def _media(self, path: Path, kind: str) -> QWidget:
        from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer

        box = QWidget()
        layout = QVBoxLayout(box)
        self.player = QMediaPlayer(self)
        self.audio = QAudioOutput(self)
        self.player.setAudioOutput(self.audio)
        if kind == "video":
            from PySide6.QtMultimediaWidgets import QVideoWidget

            video = QVideoWidget()
            self.player.setVideoOutput(video)
            layout.addWidget(video, 1)
        else:
            layout.addWidget(QLabel("♪ " + path.name, alignment=Qt.AlignCenter), 1)
        controls = QHBoxLayout()
        play = QPushButton(self.ctx.tr("播放/暂停", "Play/Pause"))
        play.clicked.connect(self._toggle)
        slider = QSlider(Qt.Horizontal)
        self.player.durationChanged.connect(lambda d: slider.setRange(0, d))
        self.player.positionChanged.connect(lambda p: slider.isSliderDown() or slider.setValue(p))
        slider.sliderMoved.connect(self.player.setPosition)
        self.error = QLabel(wordWrap=True)
        self.player.errorOccurred.connect(lambda _e, msg: self.error.setText(
            self.ctx.tr("无法播放（Linux 需要 libpulse0 / GStreamer 插件）：", "Cannot play (Linux needs libpulse0): ") + msg))
        controls.addWidget(play)
        controls.addWidget(slider, 1)
        layout.addLayout(controls)
        layout.addWidget(self.error)
        self.player.setSource(QUrl.fromLocalFile(str(path)))
        self.player.play()
        return box

    def _toggle(self) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        if self.player.playbackState() == QMediaPlayer.PlayingState:
            self.player.pause()
        else:
            self.player.play()

    def _font(self, path: Path, kind: str) -> QWidget:
        font_id = QFontDatabase.addApplicationFont(str(path))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        box = QWidget()
        layout = QVBoxLayout(box)
        if not families:
            layout.addWidget(QLabel(self.ctx.tr("无法载入字体", "Cannot load the font")))
            return box
        for size in (12, 18, 28, 44):
            label = QLabel(f"{SPECIMEN}\n{FONT_SAMPLE_LATIN} ABCDEFG abcdefg", wordWrap=True)
            font = QFont(families[0])
            font.setPointSizeF(size * self.ctx.settings.scale)
            label.setFont(font)
            layout.addWidget(label)
        layout.addStretch(1)
        self.destroyed.connect(lambda: QFontDatabase.removeApplicationFont(font_id))
        area = QScrollArea()
        area.setWidget(box)
        area.setWidgetResizable(True)
        return area

    def _text(self, path: Path, kind: str) -> QWidget:
        with open(path, "rb") as f:
            text, _ = decode_text(f.read(1 << 20))
        view = QPlainTextEdit(text or "", readOnly=True)
        return view

    def done(self, result: int) -> None:
        player = getattr(self, "player", None)
        if player is not None:
            player.stop()
        super().done(result)
