"""Image edits (图片编辑): pick a library picture, stack operations, preview, export.

The operations list is saved in the project after every change (undoable from the Edit menu);
the original file is only ever read.
"""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (QComboBox, QFileDialog, QFormLayout, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QPushButton, QScrollArea, QSlider, QSpinBox,
                               QSplitter, QVBoxLayout, QWidget)

from studio.editor import canvas_store, imageops
from studio.ui.canvas.widgets import AssetPicker, image_assets, thumb_icon, to_pixmap

POSITION_LABELS = {"top-left": ("左上", "Top left"), "top": ("上中", "Top"), "top-right": ("右上", "Top right"),
                   "left": ("左中", "Left"), "center": ("正中", "Centre"), "right": ("右中", "Right"),
                   "bottom-left": ("左下", "Bottom left"), "bottom": ("下中", "Bottom"),
                   "bottom-right": ("右下", "Bottom right"), "tile": ("平铺", "Tiled")}
PREVIEW_SIDE = 1000


class PreviewLabel(QLabel):
    """Shows the edited picture; dragging marks a region (fractions) for crop and mosaic."""

    region_changed = Signal()

    def __init__(self) -> None:
        super().__init__(alignment=Qt.AlignCenter)
        self.setMinimumSize(200, 160)
        self.region: Optional[list[float]] = None
        self._start: Optional[QPoint] = None
        self._pixmap = None

    def set_image(self, pixmap) -> None:
        self._pixmap = pixmap
        self._rescale()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._rescale()

    def _rescale(self) -> None:
        if self._pixmap is not None:
            self.setPixmap(self._pixmap.scaled(self.size(), Qt.KeepAspectRatio, Qt.SmoothTransformation))

    def _image_rect(self) -> QRect:
        pm = self.pixmap()
        if pm is None or pm.isNull():
            return QRect()
        size = pm.size() / pm.devicePixelRatio()
        return QRect(QPoint((self.width() - size.width()) // 2, (self.height() - size.height()) // 2), size)

    def mousePressEvent(self, event) -> None:
        self._start = event.position().toPoint()
        self.region = None
        self.update()

    def mouseMoveEvent(self, event) -> None:
        if self._start is None:
            return
        r = self._image_rect()
        if r.isEmpty():
            return
        box = QRect(self._start, event.position().toPoint()).normalized().intersected(r)
        self.region = [(box.x() - r.x()) / r.width(), (box.y() - r.y()) / r.height(),
                       box.width() / r.width(), box.height() / r.height()]
        self.update()

    def mouseReleaseEvent(self, event) -> None:
        self._start = None
        if self.region and (self.region[2] < 0.01 or self.region[3] < 0.01):
            self.region = None
        self.region_changed.emit()
        self.update()

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        r = self._image_rect()
        if self.region and not r.isEmpty():
            x, y, w, h = self.region
            painter = QPainter(self)
            painter.setPen(QPen(QColor("#ff2d7a"), 2, Qt.DashLine))
            painter.drawRect(QRect(int(r.x() + x * r.width()), int(r.y() + y * r.height()),
                                   int(w * r.width()), int(h * r.height())))
            painter.end()


class ImageEditPanel(QWidget):
    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx = ctx
        tr = ctx.tr
        self.asset_id: Optional[int] = None
        self.edit_id: Optional[int] = None
        self.ops: list[dict] = []
        self.path = ""

        self.assets = QListWidget(viewMode=QListWidget.IconMode, resizeMode=QListWidget.Adjust,
                                  movement=QListWidget.Static, wordWrap=True)
        self.assets.setIconSize(QSize(ctx.px(72), ctx.px(72)))
        self.assets.currentItemChanged.connect(lambda item, _: self.open_asset(item.data(Qt.UserRole) if item else None))
        self.preview = PreviewLabel()
        self.info = QLabel(tr("选择左侧的图片开始编辑；在预览上拖动可框选区域（裁剪、打码）。",
                              "Pick a picture on the left; drag on the preview to mark a region (crop, mosaic)."))
        self.info.setWordWrap(True)
        self.ops_list = QListWidget()

        centre = QWidget()
        cv = QVBoxLayout(centre)
        cv.setContentsMargins(0, 0, 0, 0)
        cv.addWidget(self.info)
        cv.addWidget(self.preview, 1)

        controls = QWidget()
        form = QVBoxLayout(controls)
        form.addWidget(self._crop_group())
        form.addWidget(self._transform_group())
        form.addWidget(self._adjust_group())
        form.addWidget(self._watermark_group())
        form.addWidget(self._mosaic_group())
        form.addWidget(self._export_group())
        form.addWidget(QLabel(tr("操作记录（原图不变）", "Operations (the original is untouched)")))
        form.addWidget(self.ops_list)
        remove = QPushButton(tr("删除所选操作", "Remove selected operation"))
        remove.clicked.connect(self.remove_op)
        form.addWidget(remove)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setWidget(controls)

        split = QSplitter()
        split.addWidget(self.assets)
        split.addWidget(centre)
        split.addWidget(scroll)
        split.setStretchFactor(1, 4)
        split.setSizes([170, 430, 480])  # proportions: Qt scales them to the width
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        ctx.on_change(self, self._project_changed)

    # -- control groups -------------------------------------------------------------------------------
    def _button(self, text: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        return button

    def _crop_group(self) -> QGroupBox:
        tr = self.ctx.tr
        box = QGroupBox(tr("裁剪", "Crop"))
        row = QHBoxLayout(box)
        self.aspect = QComboBox()
        for key in imageops.ASPECTS:
            self.aspect.addItem(tr("自由", "Free") if key == "free" else key, key)
        row.addWidget(self.aspect)
        row.addWidget(self._button(tr("裁剪", "Crop"), self.crop))
        return box

    def _transform_group(self) -> QGroupBox:
        tr = self.ctx.tr
        box = QGroupBox(tr("旋转 / 翻转 / 缩放", "Rotate / flip / resize"))
        grid = QVBoxLayout(box)
        turns = QGridLayout()
        for i, (text, op) in enumerate(((tr("左转90°", "↺ 90°"), {"op": "rotate", "angle": 270}),
                                        (tr("右转90°", "↻ 90°"), {"op": "rotate", "angle": 90}),
                                        (tr("水平翻转", "Flip ↔"), {"op": "flip", "axis": "h"}),
                                        (tr("垂直翻转", "Flip ↕"), {"op": "flip", "axis": "v"}))):
            turns.addWidget(self._button(text, lambda _=False, op=op: self.add_op(dict(op))), i // 2, i % 2)
        grid.addLayout(turns)
        row = QHBoxLayout()
        self.resize_w = QSpinBox(minimum=16, maximum=8000, value=1080, suffix=" px")
        row.addWidget(QLabel(tr("宽度", "Width")))
        row.addWidget(self.resize_w)
        row.addWidget(self._button(tr("缩放", "Resize"), lambda: self.add_op({"op": "resize", "width": self.resize_w.value()})))
        grid.addLayout(row)
        return box

    def _slider(self, value: int, lo: int, hi: int) -> QSlider:
        slider = QSlider(Qt.Horizontal, minimum=lo, maximum=hi, value=value)
        slider.sliderReleased.connect(self._adjust_changed)
        slider.valueChanged.connect(lambda _: not slider.isSliderDown() and self._adjust_changed())
        return slider

    def _adjust_group(self) -> QGroupBox:
        tr = self.ctx.tr
        box = QGroupBox(tr("调色与滤镜", "Adjust & filters"))
        form = QFormLayout(box)
        self.sliders = {}
        for key, zh, en in (("brightness", "亮度", "Brightness"), ("contrast", "对比度", "Contrast"),
                            ("saturation", "饱和度", "Saturation"), ("sharpness", "锐度", "Sharpness")):
            self.sliders[key] = self._slider(100, 0, 200)
            form.addRow(tr(zh, en), self.sliders[key])
        self.filter = QComboBox()
        for key, (zh, en) in imageops.FILTERS.items():
            self.filter.addItem(tr(zh, en), key)
        self.filter_strength = QSlider(Qt.Horizontal, minimum=10, maximum=100, value=100)
        form.addRow(tr("滤镜", "Filter"), self.filter)
        form.addRow(tr("强度", "Strength"), self.filter_strength)
        form.addRow("", self._button(tr("应用滤镜", "Apply filter"), lambda: self.add_op(
            {"op": "filter", "name": self.filter.currentData(), "strength": self.filter_strength.value() / 100})))
        return box

    def _position_combo(self) -> QComboBox:
        combo = QComboBox()
        for key, (zh, en) in POSITION_LABELS.items():
            combo.addItem(self.ctx.tr(zh, en), key)
        combo.setCurrentIndex(combo.findData("bottom-right"))
        return combo

    def _watermark_group(self) -> QGroupBox:
        tr = self.ctx.tr
        box = QGroupBox(tr("水印", "Watermark"))
        form = QFormLayout(box)
        self.wm_text = QLineEdit(tr("@新媒体工作室", "@NewMediaStudio"))
        self.wm_position = self._position_combo()
        self.wm_opacity = QSlider(Qt.Horizontal, minimum=5, maximum=100, value=60)
        form.addRow(tr("文字", "Text"), self.wm_text)
        form.addRow(tr("位置", "Position"), self.wm_position)
        form.addRow(tr("不透明度", "Opacity"), self.wm_opacity)
        row = QHBoxLayout()
        row.addWidget(self._button(tr("加文字水印", "Add text"), lambda: self.add_op(
            {"op": "watermark_text", "text": self.wm_text.text(), "position": self.wm_position.currentData(),
             "opacity": self.wm_opacity.value() / 100})))
        row.addWidget(self._button(tr("加图片水印…", "Add logo…"), self.add_logo))
        form.addRow(row)
        return box

    def _mosaic_group(self) -> QGroupBox:
        tr = self.ctx.tr
        box = QGroupBox(tr("打码（先在预览上框选）", "Mosaic / blur (mark a region first)"))
        row = QHBoxLayout(box)
        self.mosaic_mode = QComboBox()
        self.mosaic_mode.addItem(tr("马赛克", "Mosaic"), "pixelate")
        self.mosaic_mode.addItem(tr("模糊", "Blur"), "blur")
        row.addWidget(self.mosaic_mode)
        row.addWidget(self._button(tr("对选区打码", "Apply to region"), self.mosaic))
        return box

    def _export_group(self) -> QGroupBox:
        tr = self.ctx.tr
        box = QGroupBox(tr("压缩与导出", "Compress & export"))
        form = QFormLayout(box)
        self.max_kb = QSpinBox(minimum=0, maximum=50000, suffix=" KB")
        self.max_kb.setSpecialValueText(tr("不限", "No limit"))
        self.format = QComboBox()
        for key, label in (("jpeg", "JPEG"), ("png", "PNG"), ("webp", "WEBP")):
            self.format.addItem(label, key)
        form.addRow(tr("大小上限", "Size limit"), self.max_kb)
        form.addRow(tr("格式", "Format"), self.format)
        row = QHBoxLayout()
        row.addWidget(self._button(tr("设为压缩目标", "Set as target"), self.set_compress))
        row.addWidget(self._button(tr("导出…", "Export…"), self.export))
        form.addRow(row)
        return box

    # -- data -------------------------------------------------------------------------------------------
    def set_project(self, project) -> None:
        self.asset_id = self.edit_id = None
        self.ops = []
        self.assets.blockSignals(True)
        self.assets.clear()
        for asset_id, title, thumb in image_assets(project) if project else []:
            item = QListWidgetItem(thumb_icon(thumb, side=self.ctx.px(72)), title)
            item.setData(Qt.UserRole, asset_id)
            self.assets.addItem(item)
        self.assets.blockSignals(False)
        if self.assets.count():
            self.assets.setCurrentRow(0)
        else:
            self.open_asset(None)

    def open_asset(self, asset_id: Optional[int]) -> None:
        self.asset_id = asset_id
        self.preview.region = None
        if asset_id is None or self.ctx.project is None:
            self.edit_id, self.ops, self.path = None, [], ""
            self.preview.set_image(None)
            self.preview.clear()
            self._fill_ops()
            return
        self.path = canvas_store.asset_resolver(self.ctx.project)(asset_id)
        edits = canvas_store.edits_of(self.ctx.project, asset_id)
        self.edit_id = edits[-1].id if edits else None
        self.ops = list(edits[-1].ops) if edits else []
        self._sync_sliders()
        self.refresh()

    def _project_changed(self, changes) -> None:
        if self.edit_id is None or self.ctx.project is None or not changes.touches_row("image_edit", self.edit_id):
            return
        try:
            ops = canvas_store.load_edit(self.ctx.project, self.edit_id).ops
        except canvas_store.NotFoundError:  # undone back past its creation
            self.edit_id, ops = None, []
        if ops != self.ops:
            self.ops = list(ops)
            self._sync_sliders()
            self.refresh()

    def save(self, label: str) -> None:
        if self.asset_id is None:
            return
        if self.edit_id is None:
            self.edit_id = canvas_store.add_edit(self.ctx.project, self.asset_id, self.ops)
        else:
            canvas_store.save_edit(self.ctx.project, self.edit_id, self.ops, f"图片编辑：{label}")

    def add_op(self, op: dict) -> None:
        if self.asset_id is None:
            return
        self.ops.append(op)
        self.preview.region = None
        self.save(imageops.OP_LABELS[op["op"]][0])
        self.refresh()

    def refresh(self) -> None:
        self._fill_ops()
        if not self.path:
            return
        img = imageops.render_edit(self.path, self.ops, canvas_store.asset_resolver(self.ctx.project), PREVIEW_SIDE)
        self.preview.set_image(to_pixmap(img))

    def _fill_ops(self) -> None:
        self.ops_list.clear()
        for i, op in enumerate(self.ops, start=1):
            zh, en = imageops.OP_LABELS.get(op["op"], (op["op"], op["op"]))
            detail = {k: v for k, v in op.items() if k != "op"}
            text = ", ".join(f"{k}={_short(v)}" for k, v in detail.items())
            self.ops_list.addItem(f"{i}. {self.ctx.tr(zh, en)}  {text}")

    def remove_op(self) -> None:
        row = self.ops_list.currentRow()
        if 0 <= row < len(self.ops):
            del self.ops[row]
            self.save(self.ctx.tr("删除操作", "Remove operation"))
            self._sync_sliders()
            self.refresh()

    # -- actions ------------------------------------------------------------------------------------------
    def crop(self) -> None:
        if not self.path:
            return
        aspect = self.aspect.currentData()
        region = self.preview.region
        if region is None:
            w, h = imageops.render_edit(self.path, self.ops, canvas_store.asset_resolver(self.ctx.project),
                                        PREVIEW_SIDE).size
            region = imageops.crop_for_aspect(w, h, aspect)
        elif aspect != "free":
            region = _fit_aspect(region, aspect, self.preview.pixmap().size())
        self.add_op({"op": "crop", "box": [round(v, 4) for v in region], "aspect": aspect})

    def mosaic(self) -> None:
        if self.preview.region is None:
            self.ctx.status.emit(self.ctx.tr("先在预览上拖动框选要打码的区域。", "Drag on the preview to mark the region first."))
            return
        self.add_op({"op": "mosaic", "box": [round(v, 4) for v in self.preview.region],
                     "mode": self.mosaic_mode.currentData(), "size": 0.03})

    def add_logo(self) -> None:
        asset_id = AssetPicker.pick(self.ctx, self)
        if asset_id is not None:
            self.add_op({"op": "watermark_logo", "asset_id": asset_id, "position": self.wm_position.currentData(),
                         "opacity": self.wm_opacity.value() / 100, "scale": 0.2})

    def _adjust_changed(self) -> None:
        if self.asset_id is None or getattr(self, "_syncing", False):
            return
        op = {"op": "adjust", **{k: s.value() / 100 for k, s in self.sliders.items()}}
        if self.ops and self.ops[-1]["op"] == "adjust":  # keep dragging sliders as one operation
            self.ops[-1] = op
            self.save(self.ctx.tr("调色", "Adjust"))
            self.refresh()
        else:
            self.add_op(op)

    def _sync_sliders(self) -> None:
        self._syncing = True
        last = self.ops[-1] if self.ops and self.ops[-1]["op"] == "adjust" else {}
        for key, slider in self.sliders.items():
            slider.setValue(int(round(float(last.get(key, 1.0)) * 100)))
        self._syncing = False

    def set_compress(self) -> None:
        if self.asset_id is None:
            return
        self.ops = [op for op in self.ops if op["op"] != "compress"]
        if self.max_kb.value():
            self.ops.append({"op": "compress", "max_kb": self.max_kb.value(), "format": self.format.currentData()})
        self.save(self.ctx.tr("压缩", "Compress"))
        self.refresh()

    def export(self) -> None:
        if self.asset_id is None:
            return
        suffix = {"jpeg": "jpg", "png": "png", "webp": "webp"}[self.format.currentData()]
        path, _ = QFileDialog.getSaveFileName(self, self.ctx.tr("导出图片", "Export image"), f"edited.{suffix}")
        if not path:
            return
        src, ops, resolve = self.path, list(self.ops), canvas_store.asset_resolver(self.ctx.project)
        self.ctx.run(lambda progress, cancel: imageops.export_edit(src, ops, path, resolve=resolve),
                     title=self.ctx.tr("正在导出…", "Exporting…"),
                     on_done=lambda enc: self.ctx.status.emit(
                         self.ctx.tr(f"已导出 {path}（{len(enc.data) // 1024} KB）", f"Exported {path} ({len(enc.data) // 1024} KB)")))


def _short(value) -> str:
    if isinstance(value, list):
        return "[" + ",".join(f"{v:.2f}" if isinstance(v, float) else str(v) for v in value) + "]"
    return f"{value:.2f}" if isinstance(value, float) else str(value)


def _fit_aspect(region: list[float], aspect: str, size) -> list[float]:
    """Shrink a marked region to the aspect preset, keeping its centre (size: preview pixels)."""
    rw, rh = imageops.ASPECTS[aspect]
    x, y, w, h = region
    pw, ph = w * size.width(), h * size.height()
    if pw / ph > rw / rh:
        pw = ph * rw / rh
    else:
        ph = pw * rh / rw
    nw, nh = pw / size.width(), ph / size.height()
    return [x + (w - nw) / 2, y + (h - nh) / 2, nw, nh]
