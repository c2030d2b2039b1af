"""Dialogs of the canvas page: a new cover (template gallery, preset or custom size) and export."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Optional

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout,
                               QLabel, QLineEdit, QListWidget, QListWidgetItem, QPushButton, QSpinBox,
                               QTabWidget, QVBoxLayout, QWidget)

from studio.editor import canvas_render
from studio.editor.canvas import Canvas, from_template, new_canvas
from studio.editor.presets import Preset, load_presets, load_templates
from studio.ui.canvas.widgets import to_pixmap


@lru_cache(maxsize=32)
def template_icon(key: str, side: int) -> QIcon:
    template = next(t for t in load_templates() if t.key == key)
    canvas = from_template(template.data)
    scale = side / max(canvas.width, canvas.height)
    return QIcon(to_pixmap(canvas_render.render(canvas, scale, placeholder=True)))


def preset_label(ctx, p: Preset) -> str:
    return f"{ctx.tr(p.name_zh, p.name_en)}  {p.width}×{p.height}"


class NewCanvasDialog(QDialog):
    """Pick a template (≥ 8) or start blank at a platform preset or a custom size."""

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        tr = ctx.tr
        self.setWindowTitle(tr("新建封面 / 海报", "New cover or poster"))
        self.name = QLineEdit(placeholderText=tr("名称（可不填）", "Name (optional)"))
        self.tabs = QTabWidget()
        side = ctx.px(150)
        self.templates = QListWidget(viewMode=QListWidget.IconMode, resizeMode=QListWidget.Adjust,
                                     movement=QListWidget.Static, wordWrap=True)
        self.templates.setIconSize(QSize(side, side))
        self.templates.setGridSize(QSize(side + ctx.px(24), side + ctx.px(48)))
        for t in load_templates():
            item = QListWidgetItem(template_icon(t.key, side), tr(t.name_zh, t.name_en))
            item.setData(Qt.UserRole, t.key)
            self.templates.addItem(item)
        self.templates.setCurrentRow(0)
        self.templates.itemDoubleClicked.connect(self.accept)
        self.tabs.addTab(self.templates, tr("模板", "Templates"))
        blank = QWidget()
        form = QFormLayout(blank)
        self.preset = QComboBox()
        for p in load_presets().values():
            if not p.derive_from:
                self.preset.addItem(preset_label(ctx, p), p.key)
        self.width_, self.height_ = QSpinBox(), QSpinBox()
        for spin, value in ((self.width_, 1200), (self.height_, 800)):
            spin.setRange(16, 8000)
            spin.setValue(value)
        self.preset.currentIndexChanged.connect(self._preset_changed)
        form.addRow(tr("尺寸预设", "Size preset"), self.preset)
        size = QHBoxLayout()
        size.addWidget(self.width_)
        size.addWidget(QLabel("×"))
        size.addWidget(self.height_)
        form.addRow(tr("自定义尺寸", "Custom size"), size)
        self.tabs.addTab(blank, tr("空白画布", "Blank canvas"))
        self._preset_changed()
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.name)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.resize(ctx.px(820), ctx.px(600))

    def _preset_changed(self) -> None:
        preset = load_presets()[self.preset.currentData()]
        custom = preset.custom
        self.width_.setEnabled(custom)
        self.height_.setEnabled(custom)
        self.width_.setValue(preset.width)
        self.height_.setValue(preset.height)

    def canvas(self) -> Canvas:
        name = self.name.text().strip()
        if self.tabs.currentIndex() == 0 and self.templates.currentItem() is not None:
            key = self.templates.currentItem().data(Qt.UserRole)
            template = next(t for t in load_templates() if t.key == key)
            return from_template(template.data, name or self.ctx.tr(template.name_zh, template.name_en))
        key = self.preset.currentData()
        if load_presets()[key].custom:
            return new_canvas(key, name, self.width_.value(), self.height_.value())
        return new_canvas(key, name)


class ExportDialog(QDialog):
    """Preset (exact size), format, optional size limit and file name."""

    def __init__(self, ctx, canvas: Canvas, parent=None) -> None:
        super().__init__(parent)
        tr = ctx.tr
        self.setWindowTitle(tr("导出图片", "Export image"))
        self.preset = QComboBox()
        self.preset.addItem(tr(f"画布原尺寸  {canvas.width}×{canvas.height}",
                               f"Canvas size  {canvas.width}×{canvas.height}"), "")
        for p in load_presets().values():
            if not p.custom:
                self.preset.addItem(preset_label(ctx, p), p.key)
        index = self.preset.findData(canvas.preset)
        self.preset.setCurrentIndex(max(0, index))
        self.format = QComboBox()
        self.format.addItem("PNG", "png")
        self.format.addItem("JPEG", "jpg")
        self.max_kb = QSpinBox()
        self.max_kb.setRange(0, 50000)
        self.max_kb.setSpecialValueText(tr("不限", "No limit"))
        self.max_kb.setSuffix(" KB")
        self.path = QLineEdit(str(Path.home() / f"{canvas.name or 'cover'}.png"))
        browse = QPushButton(tr("浏览…", "Browse…"))
        browse.clicked.connect(self._browse)
        self.format.currentIndexChanged.connect(self._fix_suffix)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form = QFormLayout(self)
        form.addRow(tr("尺寸", "Size"), self.preset)
        form.addRow(tr("格式", "Format"), self.format)
        form.addRow(tr("大小上限", "Size limit"), self.max_kb)
        form.addRow(tr("保存到", "Save to"), row)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _fix_suffix(self) -> None:
        self.path.setText(str(Path(self.path.text()).with_suffix("." + self.format.currentData())))

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "", self.path.text(), "PNG (*.png);;JPEG (*.jpg *.jpeg)")
        if path:
            self.path.setText(path)

    def values(self) -> tuple[Optional[str], str, Optional[int]]:
        kb = self.max_kb.value()
        return self.preset.currentData() or None, self.path.text(), kb * 1024 if kb else None
