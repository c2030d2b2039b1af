"""Small widgets shared by the canvas page: colour buttons, Pillow -> Qt images, the asset picker."""
from __future__ import annotations

import io
from typing import Optional

from PIL import Image
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QImage, QPixmap
from PySide6.QtWidgets import (QColorDialog, QDialog, QDialogButtonBox, QListWidget, QListWidgetItem,
                               QMenu, QPushButton, QVBoxLayout)

from studio.library import catalog
from studio.ui.theme import contrast


def to_qimage(img: Image.Image) -> QImage:
    rgba = img.convert("RGBA")
    data = rgba.tobytes("raw", "RGBA")
    return QImage(data, rgba.width, rgba.height, 4 * rgba.width, QImage.Format_RGBA8888).copy()


def to_pixmap(img: Image.Image) -> QPixmap:
    return QPixmap.fromImage(to_qimage(img))


class ColorButton(QPushButton):
    """A swatch that opens a colour dialog; `allow_none` adds a 'no colour' state (empty string)."""

    changed = Signal(str)

    def __init__(self, color: str = "#000000", allow_none: bool = False, none_text: str = "无",
                 pick_text: str = "选择颜色…") -> None:
        super().__init__()
        self.none_text = none_text
        if allow_none:  # a menu offers "no colour" next to the colour dialog
            menu = QMenu(self)
            menu.addAction(pick_text, self._pick)
            menu.addAction(none_text, lambda: self._set_and_emit(""))
            self.setMenu(menu)
        else:
            self.clicked.connect(self._pick)
        self.set_color(color)

    def set_color(self, color: str) -> None:
        self._color = color or ""
        if self._color:
            text = "#ffffff" if contrast("#ffffff", self._color) > contrast("#000000", self._color) else "#000000"
            self.setStyleSheet(f"QPushButton {{ background: {self._color}; color: {text}; }}")
            self.setText(self._color.upper())
        else:
            self.setStyleSheet("")
            self.setText(self.none_text)

    def color(self) -> str:
        return self._color

    def _set_and_emit(self, color: str) -> None:
        self.set_color(color)
        self.changed.emit(self._color)

    def _pick(self) -> None:
        chosen = QColorDialog.getColor(QColor(self._color or "#ffffff"), self)
        if chosen.isValid():
            self._set_and_emit(chosen.name())


def image_assets(project) -> list[tuple[int, str, Optional[bytes]]]:
    """(id, title, thumbnail bytes) of the library's images that still exist."""
    with project.read() as s:
        rows = catalog.images(s)
        thumbs = catalog.thumbnails(s, [asset_id for asset_id, _ in rows])
    return [(asset_id, title, thumbs.get(asset_id)) for asset_id, title in rows]


def thumb_icon(data: Optional[bytes], path: str = "", side: int = 96) -> QIcon:
    img = None
    if data:
        img = Image.open(io.BytesIO(data))
    elif path:
        try:
            img = Image.open(path)
            img.draft("RGB", (side, side))
        except OSError:
            img = None
    if img is None:
        return QIcon()
    img = img.convert("RGBA")
    img.thumbnail((side, side))
    return QIcon(to_pixmap(img))


class AssetPicker(QDialog):
    """Choose one image from the library (素材库)."""

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(ctx.tr("从素材库选择图片", "Choose an image from the library"))
        self.list = QListWidget(viewMode=QListWidget.IconMode, resizeMode=QListWidget.Adjust)
        self.list.setIconSize(QSize(ctx.px(96), ctx.px(96)))
        self.list.setSpacing(ctx.px(6))
        for asset_id, title, thumb in image_assets(ctx.project):
            item = QListWidgetItem(thumb_icon(thumb), title)
            item.setData(Qt.UserRole, asset_id)
            self.list.addItem(item)
        self.list.itemDoubleClicked.connect(self.accept)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(ctx.px(560), ctx.px(420))

    def chosen(self) -> Optional[int]:
        item = self.list.currentItem()
        return item.data(Qt.UserRole) if item else None

    @classmethod
    def pick(cls, ctx, parent=None) -> Optional[int]:
        dialog = cls(ctx, parent)
        return dialog.chosen() if dialog.exec() == QDialog.Accepted else None
