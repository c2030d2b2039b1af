"""The property panel: the selected layer's fields, or the canvas's own when nothing is selected.

Each control edits the document directly; typing in one field merges into one undo step.
"""
from __future__ import annotations

from typing import Callable, Optional

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QLabel, QLineEdit,
                               QPlainTextEdit, QPushButton, QSpinBox, QWidget)

from studio.editor.canvas import FITS, SHAPES
from studio.editor.presets import load_stickers
from studio.ui.canvas.document import CanvasDocument
from studio.ui.canvas.widgets import AssetPicker, ColorButton

FONT_LABELS = {"sans": ("黑体", "Sans"), "sans-bold": ("黑体 粗", "Sans bold"),
               "serif": ("宋体", "Serif"), "serif-bold": ("宋体 粗", "Serif bold")}
ALIGN = {"left": ("左对齐", "Left"), "center": ("居中", "Centre"), "right": ("右对齐", "Right")}
VALIGN = {"top": ("顶部", "Top"), "middle": ("垂直居中", "Middle"), "bottom": ("底部", "Bottom")}
SHAPE_LABELS = {"rect": ("矩形", "Rectangle"), "ellipse": ("椭圆", "Ellipse"), "line": ("线条", "Line"),
                "triangle": ("三角形", "Triangle")}
FIT_LABELS = {"cover": ("填满裁切", "Fill (crop)"), "contain": ("完整显示", "Fit inside"), "stretch": ("拉伸", "Stretch")}
QR_LEVELS = {"L": ("低 7%", "Low 7%"), "M": ("中 15%", "Medium 15%"), "Q": ("较高 25%", "Quartile 25%"),
             "H": ("高 30%", "High 30%")}
KIND_LABELS = {"image": ("图片", "Image"), "text": ("文字", "Text"), "shape": ("形状", "Shape"),
               "sticker": ("贴纸", "Sticker"), "qr": ("二维码", "QR code")}


class PropertiesPanel(QWidget):
    def __init__(self, ctx, doc: CanvasDocument) -> None:
        super().__init__()
        self.ctx, self.doc = ctx, doc
        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.layer_id: Optional[str] = None
        self._loading = False
        self._bindings: list = []  # (widget, path) pairs re-read on every change
        self._built = None
        self.text_edit: Optional[QPlainTextEdit] = None
        self.text_check = None
        self._pending: Optional[Callable[[], None]] = None
        self._timer = QTimer(self, singleShot=True, interval=250)  # text: re-render after a pause
        self._timer.timeout.connect(self._flush)
        self._rebuild_later = QTimer(self, singleShot=True, interval=0, timeout=self.rebuild)  # dies with the panel
        doc.selection_changed.connect(self.show_selection)
        doc.changed.connect(self.refresh)

    # -- building ---------------------------------------------------------------------------------
    def show_selection(self, ids: list[str]) -> None:
        self.layer_id = ids[0] if len(ids) == 1 else None
        self.rebuild()

    def refresh(self) -> None:
        """After any change (drag, undo, typing): update values in place; rebuild only when the
        selection's kind changed. Widgets are never deleted while their own signal runs."""
        canvas = self.doc.canvas
        if self.layer_id and (canvas is None or not any(x.id == self.layer_id for x in canvas.layers)):
            self.layer_id = None
        if self._signature() != self._built:
            # a control of this panel may be the sender: rebuild after its signal returns
            self._bindings = []
            self._built = "pending"
            self._rebuild_later.start()
            return
        self._loading = True
        for widget, path in self._bindings:
            _write(widget, self._read(path))
        self._loading = False

    def _signature(self):
        canvas = self.doc.canvas
        if canvas is None:
            return None
        if self.layer_id:
            return (self.layer_id, canvas.layer(self.layer_id).kind)
        return ("canvas", canvas.background.get("type", "solid"))

    def _read(self, path):
        kind, key = path
        c = self.doc.canvas
        if kind == "canvas":
            return getattr(c, key)
        if kind == "bg":
            return c.background.get(key, 90 if key == "angle" else "#ffffff")
        if kind == "bgc":
            colors = c.background.get("colors") or ["#ffffff", "#000000"]
            return colors[key] if key < len(colors) else "#000000"
        layer = c.layer(self.layer_id)
        if kind == "layer":
            value = getattr(layer, key)
            return round(value * 100) if key == "opacity" else value
        return layer.prop(key)

    def rebuild(self) -> None:
        if self._timer.isActive():  # keep text typed just before the selection changed
            self._timer.stop()
            self._flush()
        self._loading = True
        while self.form.rowCount():
            self.form.removeRow(0)
        self._bindings = []
        self.text_edit = None
        self.text_check = None  # the checker's hook on the text field of the selected layer
        canvas = self.doc.canvas
        self._built = self._signature()
        if canvas is not None:
            if self.layer_id:
                self._build_layer(canvas.layer(self.layer_id))
            else:
                self._build_canvas(canvas)
        self._loading = False

    def _title(self, text: str) -> None:
        label = QLabel(f"<b>{text}</b>")
        self.form.addRow(label)

    def _build_canvas(self, canvas) -> None:
        tr = self.ctx.tr
        self._title(tr("画布", "Canvas"))
        self.form.addRow(tr("名称", "Name"), self._line(("canvas", "name"), lambda v: self.doc.edit(
            "重命名 / Rename", lambda c: setattr(c, "name", v), "canvas-name")))
        self.form.addRow(tr("尺寸", "Size"), QLabel(f"{canvas.width} × {canvas.height}"))
        bg = canvas.background
        kind = QComboBox()
        kind.addItem(tr("纯色", "Solid"), "solid")
        kind.addItem(tr("渐变", "Gradient"), "linear")
        kind.setCurrentIndex(1 if bg.get("type") == "linear" else 0)
        kind.currentIndexChanged.connect(lambda _: self._set_background(type=kind.currentData()))
        self.form.addRow(tr("背景", "Background"), kind)
        colors = bg.get("colors") or [bg.get("color", "#ffffff"), "#000000"]
        if bg.get("type") == "linear":
            for i in range(2):
                button = self._color(("bgc", i), lambda v, i=i: self._set_gradient_color(i, v))
                self.form.addRow(tr(f"颜色 {i + 1}", f"Colour {i + 1}"), button)
            self.form.addRow(tr("角度", "Angle"), self._spin(("bg", "angle"), 0, 360, lambda v: self._set_background(
                angle=v)))
        else:
            button = self._color(("bg", "color"), lambda v: self._set_background(color=v))
            self.form.addRow(tr("颜色", "Colour"), button)
        hint = QLabel(tr("选中图层后可在此修改属性；拖动移动，拖右下角缩放，方向键微调。",
                         "Select a layer to edit it here; drag to move, drag the corner to resize, arrows nudge."))
        hint.setWordWrap(True)
        self.form.addRow(hint)

    def _set_background(self, **changes) -> None:
        def change(c):
            bg = dict(c.background)
            if changes.get("type") == "linear" and bg.get("type") != "linear":
                bg["colors"] = [bg.get("color", "#ffffff"), "#2f6fed"]
            if changes.get("type") == "solid" and bg.get("type") == "linear":
                bg["color"] = (bg.get("colors") or ["#ffffff"])[0]
            bg.update(changes)
            c.background = bg
        self.doc.edit("背景 / Background", change, "bg:" + ",".join(changes))

    def _set_gradient_color(self, i: int, value: str) -> None:
        def change(c):
            bg = dict(c.background)
            colors = list(bg.get("colors") or ["#ffffff", "#000000"])
            colors[i] = value
            bg["colors"] = colors
            c.background = bg
        self.doc.edit("背景 / Background", change)

    def _build_layer(self, layer) -> None:
        tr = self.ctx.tr
        self._title(tr(*KIND_LABELS[layer.kind]))
        lid = layer.id
        self.form.addRow(tr("名称", "Name"), self._line(("layer", "name"), lambda v: self._set(lid, "name-" + lid, name=v)))
        for key, zh, en, lo, hi in (("x", "X", "X", -10000, 10000), ("y", "Y", "Y", -10000, 10000),
                                    ("w", "宽", "Width", 1, 10000), ("h", "高", "Height", 1, 10000),
                                    ("rotation", "旋转°", "Rotation°", -360, 360)):
            self.form.addRow(tr(zh, en), self._spin(("layer", key), lo, hi,
                                                    lambda v, k=key: self._set(lid, k + lid, **{k: v})))
        opacity = self._spin(("layer", "opacity"), 0, 100, lambda v: self._set(lid, "op" + lid, opacity=v / 100))
        opacity.setSuffix(" %")
        self.form.addRow(tr("不透明度", "Opacity"), opacity)
        locked = QCheckBox(tr("锁定位置", "Lock position"))
        locked.setChecked(layer.locked)
        self._bindings.append((locked, ("layer", "locked")))
        locked.toggled.connect(lambda v: self._set(lid, None, locked=v))
        self.form.addRow("", locked)
        getattr(self, f"_build_{layer.kind}")(layer)

    def _build_text(self, layer) -> None:
        tr, p, lid = self.ctx.tr, layer.props, layer.id
        edit = QPlainTextEdit(p.get("text", ""))
        edit.setMinimumHeight(self.ctx.px(70))
        edit.textChanged.connect(lambda: self._later(lambda: self._prop(lid, "text", edit.toPlainText())))
        self.text_edit = edit
        self.text_check = self._check(edit)
        self._bindings.append((edit, ("prop", "text")))
        self.form.addRow(tr("文字", "Text"), edit)
        self.form.addRow(tr("字体", "Font"), self._combo(FONT_LABELS, ("prop", "font"), lambda v: self._prop(lid, "font", v)))
        self.form.addRow(tr("字号", "Size"), self._spin(("prop", "size"), 6, 600, lambda v: self._prop(lid, "size", v)))
        self.form.addRow(tr("颜色", "Colour"), self._color(("prop", "color"), lambda v: self._prop(lid, "color", v)))
        self.form.addRow(tr("对齐", "Align"), self._combo(ALIGN, ("prop", "align"), lambda v: self._prop(lid, "align", v)))
        self.form.addRow(tr("垂直", "Vertical"), self._combo(VALIGN, ("prop", "valign"), lambda v: self._prop(lid, "valign", v)))
        self.form.addRow(tr("行高", "Line height"), self._dspin(("prop", "line_height"), 0.8, 4, 0.05,
                                                               lambda v: self._prop(lid, "line_height", v)))
        self.form.addRow(tr("字间距", "Letter spacing"), self._spin(("prop", "letter_spacing"), -20, 200,
                                                                 lambda v: self._prop(lid, "letter_spacing", v)))
        self.form.addRow(tr("描边", "Outline"), self._spin(("prop", "stroke_width"), 0, 40, lambda v: self._prop(lid, "stroke_width", v)))
        self.form.addRow(tr("描边颜色", "Outline colour"), self._color(("prop", "stroke_color"), lambda v: self._prop(lid, "stroke_color", v)))
        shadow = QCheckBox(tr("阴影", "Shadow"))
        shadow.setChecked(bool(p.get("shadow")))
        self._bindings.append((shadow, ("prop", "shadow")))
        shadow.toggled.connect(lambda v: self._prop(lid, "shadow", v))
        self.form.addRow("", shadow)
        self.form.addRow(tr("底色", "Background"), self._color(("prop", "background"), lambda v: self._prop(lid, "background", v), True))
        self.form.addRow(tr("内边距", "Padding"), self._spin(("prop", "padding"), 0, 200, lambda v: self._prop(lid, "padding", v)))

    def _build_shape(self, layer) -> None:
        tr, p, lid = self.ctx.tr, layer.props, layer.id
        self.form.addRow(tr("形状", "Shape"), self._combo({k: SHAPE_LABELS[k] for k in SHAPES}, ("prop", "shape"),
                                                        lambda v: self._prop(lid, "shape", v)))
        self.form.addRow(tr("填充", "Fill"), self._color(("prop", "fill"), lambda v: self._prop(lid, "fill", v), True))
        self.form.addRow(tr("边框", "Border"), self._color(("prop", "stroke"), lambda v: self._prop(lid, "stroke", v), True))
        self.form.addRow(tr("边框粗细", "Border width"), self._spin(("prop", "stroke_width"), 0, 100, lambda v: self._prop(lid, "stroke_width", v)))
        self.form.addRow(tr("圆角", "Corner radius"), self._spin(("prop", "radius"), 0, 1000, lambda v: self._prop(lid, "radius", v)))

    def _build_sticker(self, layer) -> None:
        tr, p, lid = self.ctx.tr, layer.props, layer.id
        stickers = {k: (v["name_zh"], v["name_en"]) for k, v in load_stickers().items()}
        self.form.addRow(tr("贴纸", "Sticker"), self._combo(stickers, ("prop", "sticker"), lambda v: self._prop(lid, "sticker", v)))
        self.form.addRow(tr("颜色", "Colour"), self._color(("prop", "color"), lambda v: self._prop(lid, "color", v)))
        line = self._line(("prop", "text"), lambda v: self._prop(lid, "text", v))
        self.text_check = self._check(line)
        self.form.addRow(tr("文字", "Text"), line)

    def _build_qr(self, layer) -> None:
        tr, p, lid = self.ctx.tr, layer.props, layer.id
        self.form.addRow(tr("链接", "Link"), self._line(("prop", "data"), lambda v: self._prop(lid, "data", v)))
        self.form.addRow(tr("前景", "Dark"), self._color(("prop", "fg"), lambda v: self._prop(lid, "fg", v)))
        self.form.addRow(tr("背景", "Light"), self._color(("prop", "bg"), lambda v: self._prop(lid, "bg", v)))
        self.form.addRow(tr("容错", "Error correction"), self._combo(QR_LEVELS, ("prop", "level"), lambda v: self._prop(lid, "level", v)))
        note = QLabel(tr("深色码点、浅色底，扫码更稳定。", "Dark modules on a light ground scan best."))
        note.setWordWrap(True)
        self.form.addRow(note)

    def _build_image(self, layer) -> None:
        tr, p, lid = self.ctx.tr, layer.props, layer.id
        choose = QPushButton(tr("从素材库选择…", "Choose from library…"))
        choose.clicked.connect(lambda: self._choose_image(lid))
        self.form.addRow(tr("图片", "Picture"), choose)
        if p.get("asset_id") is not None:
            self.form.addRow("", QLabel(tr(f"素材 #{p['asset_id']}", f"Asset #{p['asset_id']}")))
        self.form.addRow(tr("适应", "Fit"), self._combo({k: FIT_LABELS[k] for k in FITS}, ("prop", "fit"),
                                                      lambda v: self._prop(lid, "fit", v)))
        self.form.addRow(tr("圆角", "Corner radius"), self._spin(("prop", "radius"), 0, 1000, lambda v: self._prop(lid, "radius", v)))

    def _check(self, editor):
        """Live sensitive-word highlighting (hover card, one-click replace) from the checker pillar."""
        try:
            from studio.ui.check.highlighter import attach
            from studio.ui.check.live import checker_for
        except ImportError:
            return None
        return attach(editor, checker_for(self.ctx), self.ctx.tr)

    def _choose_image(self, layer_id: str) -> None:
        asset_id = AssetPicker.pick(self.ctx, self)
        if asset_id is not None:
            self._prop(layer_id, "asset_id", asset_id)
            self.rebuild()

    # -- controls --------------------------------------------------------------------------------------
    def _flush(self) -> None:
        pending, self._pending = self._pending, None
        if pending:
            pending()

    def _later(self, fn: Callable[[], None]) -> None:
        if not self._loading:
            self._pending = fn
            self._timer.start()

    def _set(self, layer_id: str, merge: Optional[str], **fields) -> None:
        if not self._loading:
            self.doc.edit_layer(layer_id, "修改图层 / Edit layer", merge, **fields)

    def _prop(self, layer_id: str, key: str, value) -> None:
        if not self._loading:
            self.doc.edit_layer(layer_id, "修改图层 / Edit layer", f"{key}:{layer_id}", props={key: value})

    def _bind(self, widget, path):
        self._bindings.append((widget, path))
        _write(widget, self._read(path))
        return widget

    def _spin(self, path, lo, hi, on_change) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(int(lo), int(hi))
        spin.valueChanged.connect(lambda v: not self._loading and on_change(v))
        return self._bind(spin, path)

    def _dspin(self, path, lo, hi, step, on_change) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(lo, hi)
        spin.setSingleStep(step)
        spin.valueChanged.connect(lambda v: not self._loading and on_change(round(v, 2)))
        return self._bind(spin, path)

    def _line(self, path, on_change) -> QLineEdit:
        line = QLineEdit()
        line.textEdited.connect(lambda v: not self._loading and on_change(v))
        return self._bind(line, path)

    def _combo(self, labels: dict, path, on_change) -> QComboBox:
        combo = QComboBox()
        for key, (zh, en) in labels.items():
            combo.addItem(self.ctx.tr(zh, en), key)
        combo.currentIndexChanged.connect(lambda _: not self._loading and on_change(combo.currentData()))
        return self._bind(combo, path)

    def _color(self, path, on_change, allow_none: bool = False) -> ColorButton:
        button = ColorButton("", allow_none, self.ctx.tr("无", "None"), self.ctx.tr("选择颜色…", "Pick colour…"))
        button.changed.connect(lambda v: not self._loading and on_change(v))
        return self._bind(button, path)

    def focus_text(self) -> None:
        if self.text_edit is not None:
            self.text_edit.setFocus(Qt.OtherFocusReason)
            self.text_edit.selectAll()


def _write(widget, value) -> None:
    """Show a model value in a control without disturbing what the user is typing."""
    if isinstance(widget, (QSpinBox,)):
        widget.setValue(int(round(float(value or 0))))
    elif isinstance(widget, QDoubleSpinBox):
        widget.setValue(float(value or 0))
    elif isinstance(widget, QComboBox):
        widget.setCurrentIndex(max(0, widget.findData(value)))
    elif isinstance(widget, ColorButton):
        widget.set_color(value or "")
    elif isinstance(widget, QCheckBox):
        widget.setChecked(bool(value))
    elif isinstance(widget, QLineEdit):
        if widget.text() != str(value or "") and not widget.hasFocus():
            widget.setText(str(value or ""))
    elif isinstance(widget, QPlainTextEdit):
        if widget.toPlainText() != str(value or "") and not widget.hasFocus():
            widget.setPlainText(str(value or ""))
