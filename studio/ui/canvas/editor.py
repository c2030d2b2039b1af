"""The cover/poster editor: canvas list, tool bar, the interactive canvas, layers and properties.

Edits go to the canvas's QUndoStack and are saved to the project at once (one project action per
change; a drag or resize is saved when the mouse is released), so there is nothing to lose.
"""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (QComboBox, QDialog, QGridLayout, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMenu, QMessageBox,
                               QPushButton, QScrollArea, QSplitter, QStackedWidget, QToolBar, QToolButton, QVBoxLayout,
                               QWidget)

from studio.editor import canvas_render, canvas_store
from studio.editor.canvas import Canvas, Layer, image_layer, qr_layer, text_layer
from studio.ui.canvas.dialogs import ExportDialog, NewCanvasDialog
from studio.ui.canvas.document import CanvasDocument
from studio.ui.canvas.props import KIND_LABELS, PropertiesPanel
from studio.ui.canvas.scene import CanvasScene, CanvasView
from studio.ui.canvas.widgets import AssetPicker

ALIGNS = [("left", "左对齐", "Align left"), ("hcenter", "水平居中", "Centre horizontally"),
          ("right", "右对齐", "Align right"), ("top", "顶对齐", "Align top"),
          ("vcenter", "垂直居中", "Centre vertically"), ("bottom", "底对齐", "Align bottom")]


def align_layers(canvas: Canvas, ids: list[str], how: str) -> None:
    """Align to the canvas (one layer) or to the selection's bounds (several)."""
    layers = [canvas.layer(i) for i in ids]
    if len(layers) == 1:
        x0, y0, x1, y1 = 0, 0, canvas.width, canvas.height
    else:
        x0, y0 = min(l.x for l in layers), min(l.y for l in layers)
        x1, y1 = max(l.x + l.w for l in layers), max(l.y + l.h for l in layers)
    for l in layers:
        if how == "left":
            l.x = x0
        elif how == "hcenter":
            l.x = round((x0 + x1 - l.w) / 2)
        elif how == "right":
            l.x = x1 - l.w
        elif how == "top":
            l.y = y0
        elif how == "vcenter":
            l.y = round((y0 + y1 - l.h) / 2)
        elif how == "bottom":
            l.y = y1 - l.h


class CoverEditor(QWidget):
    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx = ctx
        tr = ctx.tr
        self.canvas_id: Optional[int] = None
        self.doc = CanvasDocument(self)
        self.scene = CanvasScene(self.doc, parent=self)
        self.view = CanvasView(self.scene, tr)
        self.props = PropertiesPanel(ctx, self.doc)
        self._save_timer = QTimer(self, singleShot=True, interval=400)
        self._save_timer.timeout.connect(self.save_now)

        # top: which cover (a combo keeps the canvas wide, also at 200 % scale)
        self.list = QComboBox()
        self.list.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.list.currentIndexChanged.connect(lambda _: self.open_canvas(self.list.currentData()))
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("封面", "Cover")))
        top.addWidget(self.list, 1)
        top.addWidget(self._button(tr("新建…", "New…"), lambda: self.new_canvas(templates=True)))
        top.addWidget(self._button(tr("删除", "Delete"), self.delete_canvas))
        export = self._button(tr("导出…", "Export…"), self.export)
        export.setDefault(True)
        top.addWidget(export)

        # centre: tools + canvas (tool bars fold into a » menu when the window is narrow or scaled up)
        tools = QToolBar()
        add = QMenu(self)
        for text, slot in ((tr("文字", "Text"), self.add_text), (tr("形状", "Shape"), self.add_shape),
                           (tr("贴纸", "Sticker"), self.add_sticker), (tr("图片（素材库）", "Image (library)"), self.add_image),
                           (tr("二维码", "QR code"), self.add_qr)):
            add.addAction(text, slot)
        align = QMenu(self)
        for key, zh, en in ALIGNS:
            align.addAction(tr(zh, en), lambda k=key: self.align(k))
        for text, menu in ((tr("＋添加", "＋Add"), add), (tr("对齐", "Align"), align)):
            button = QToolButton(text=text, popupMode=QToolButton.InstantPopup)
            button.setMenu(menu)
            tools.addWidget(button)
        tools.addSeparator()
        tools.addAction(self.doc.stack.createUndoAction(self, tr("撤销", "Undo")))
        tools.addAction(self.doc.stack.createRedoAction(self, tr("重做", "Redo")))
        tools.addAction(tr("适应", "Fit"), self.fit)
        centre = QWidget()
        cv = QVBoxLayout(centre)
        cv.setContentsMargins(0, 0, 0, 0)
        cv.addLayout(top)
        cv.addWidget(tools)
        cv.addWidget(self.view, 1)

        # right: layers + properties
        self.layers = QListWidget()
        self.layers.itemSelectionChanged.connect(self._layers_selected)
        self.layers.itemChanged.connect(self._layer_toggled)
        order = QGridLayout()
        for i, (text, en, slot) in enumerate((("上移", "Up", lambda: self.restack(1)),
                                              ("下移", "Down", lambda: self.restack(-1)),
                                              ("复制", "Duplicate", self.duplicate),
                                              ("删除", "Delete", self.delete_layers))):
            order.addWidget(self._button(tr(text, en), slot), i // 2, i % 2)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setWidget(self.props)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(QLabel(tr("图层（上层在前）", "Layers (top first)")))
        rv.addWidget(self.layers, 1)
        rv.addLayout(order)
        rv.addWidget(scroll, 3)

        split = QSplitter()
        split.addWidget(centre)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([900, 320])  # proportions: Qt scales them to the width
        self.body = QStackedWidget()  # the empty state while there is no cover, else the editor
        self.body.addWidget(self._empty_state())
        self.body.addWidget(split)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.body)

        self.doc.changed.connect(self._doc_changed)
        self.doc.selection_changed.connect(self._select_in_list)
        self.scene.layer_activated.connect(lambda _: self.props.focus_text())
        self.scene.gesture_finished.connect(self.save_now)
        self.ctx.on_change(self, self._project_changed)

    def _empty_state(self) -> QWidget:
        tr = self.ctx.tr
        self.empty_hint = QLabel(alignment=Qt.AlignCenter, wordWrap=True, objectName="subtitle")
        self.empty_buttons = QWidget()
        row = QHBoxLayout(self.empty_buttons)
        row.addStretch(1)
        blank = self._button(tr("新建封面", "New cover"), lambda: self.new_canvas(templates=False))
        blank.setDefault(True)
        row.addWidget(blank)
        row.addWidget(self._button(tr("从模板创建", "From a template"), lambda: self.new_canvas(templates=True)))
        row.addStretch(1)
        page = QWidget()
        column = QVBoxLayout(page)
        column.addStretch(1)
        column.addWidget(self.empty_hint)
        column.addWidget(self.empty_buttons)
        column.addStretch(2)
        return page

    def _show_body(self) -> None:
        """The editor when a cover is open; else a hint and the two ways to make one."""
        tr = self.ctx.tr
        has_project = self.ctx.project is not None
        self.empty_hint.setText(tr("还没有封面或海报。新建一张空白画布，或从模板开始（公众号、小红书、抖音、B站……）。",
                                   "No covers or posters yet. Start from a blank canvas or from a template.")
                                if has_project else tr("请先在首页打开或新建项目。", "Open or create a project on the Home page."))
        self.empty_buttons.setVisible(has_project)
        self.body.setCurrentIndex(0 if self.canvas_id is None else 1)

    def _button(self, text: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        return button

    def _tool(self, text: str, slot, tip: str = "") -> QToolButton:
        button = QToolButton(text=text)
        button.setToolTip(tip or text)
        button.clicked.connect(slot)
        return button

    # -- project ------------------------------------------------------------------------------------
    def set_project(self, project) -> None:
        self._save_timer.stop()  # the previous project is already closed; changes were saved as made
        self.canvas_id = None
        self.scene.resolve = canvas_store.asset_resolver(project) if project else None
        self.doc.load(None)
        self.reload_list()

    def reload_list(self, select: Optional[int] = None) -> None:
        project = self.ctx.project
        keep = select if select is not None else self.canvas_id
        self.list.blockSignals(True)
        self.list.clear()
        items = canvas_store.list_canvases(project) if project else []
        for info in items:
            name = info.name or self.ctx.tr("未命名", "Untitled")
            self.list.addItem(f"{name}  ({info.width}×{info.height})", info.id)
        ids = [i.id for i in items]
        target = keep if keep in ids else (ids[0] if ids else None)
        if target is not None:
            self.list.setCurrentIndex(ids.index(target))
        self.list.blockSignals(False)
        self.open_canvas(target)
        self._show_body()

    def open_canvas(self, canvas_id: Optional[int]) -> None:
        if canvas_id == self.canvas_id:
            return
        self.save_now()
        self.canvas_id = canvas_id
        self.doc.load(canvas_store.load_canvas(self.ctx.project, canvas_id) if canvas_id else None)
        self.view.zoom = 0
        self.fit()

    def _project_changed(self, changes) -> None:
        """An undo/redo from the Edit menu (or another page) may have changed our canvas."""
        if self.ctx.project is None or self._save_timer.isActive() or not changes.touches("canvas"):
            return
        ids = [i.id for i in canvas_store.list_canvases(self.ctx.project)]
        if self.canvas_id not in ids or self.list.count() != len(ids):
            self.canvas_id = None if self.canvas_id not in ids else self.canvas_id
            self.reload_list()
            return
        if self.canvas_id is not None:
            stored = canvas_store.load_canvas(self.ctx.project, self.canvas_id)
            if stored.to_dict() != self.doc.state():
                self.doc.load(stored)

    def _doc_changed(self) -> None:
        self._fill_layers()
        c = self.doc.canvas
        if c is not None and self.list.currentIndex() >= 0:
            self.list.setItemText(self.list.currentIndex(),
                                  f"{c.name or self.ctx.tr('未命名', 'Untitled')}  ({c.width}×{c.height})")
        if self.scene.errors:  # e.g. a layer's picture went missing: say so, keep editing
            self.ctx.status.emit(self.scene.errors[-1])
            self.scene.errors.clear()
        if self.canvas_id is not None and self.doc.canvas is not None:
            if self.scene.gesture_active():
                self._save_timer.start()  # a drag saves once, when the mouse is released
            else:
                self.save_now()

    def save_now(self) -> None:
        self._save_timer.stop()
        if self.canvas_id is None or self.doc.canvas is None or self.ctx.project is None:
            return
        stored = canvas_store.load_canvas(self.ctx.project, self.canvas_id)
        if stored.to_dict() != self.doc.state():
            label = self.doc.stack.undoText() or "编辑封面 / Edit cover"
            canvas_store.save_canvas(self.ctx.project, self.canvas_id, self.doc.canvas, f"封面：{label}")

    # -- canvases -----------------------------------------------------------------------------------
    def new_canvas(self, templates: bool = True) -> None:
        if self.ctx.project is None:
            return
        dialog = NewCanvasDialog(self.ctx, self)
        dialog.tabs.setCurrentIndex(0 if templates else 1)
        if dialog.exec() == QDialog.Accepted:
            self.save_now()
            new_id = canvas_store.add_canvas(self.ctx.project, dialog.canvas())
            self.reload_list(select=new_id)

    def delete_canvas(self) -> None:
        if self.canvas_id is None:
            return
        answer = QMessageBox.question(self, self.ctx.tr("删除", "Delete"),
                                      self.ctx.tr("删除这个封面？（可撤销）", "Delete this cover? (can be undone)"))
        if answer == QMessageBox.Yes:
            self._save_timer.stop()
            canvas_store.delete_canvas(self.ctx.project, self.canvas_id)
            self.canvas_id = None
            self.reload_list()

    def export(self) -> None:
        if self.doc.canvas is None:
            return
        self.save_now()
        dialog = ExportDialog(self.ctx, self.doc.canvas, self)
        if dialog.exec() != QDialog.Accepted:
            return
        preset, path, max_bytes = dialog.values()
        canvas, resolve = self.doc.canvas.copy(), self.scene.resolve

        def job(progress, cancel):
            return canvas_render.export(canvas, path, preset, max_bytes=max_bytes, resolve=resolve,
                                        progress=progress, cancel=cancel)

        self.ctx.run(job, title=self.ctx.tr("正在导出…", "Exporting…"),
                     on_done=lambda enc: self.ctx.status.emit(
                         self.ctx.tr(f"已导出 {path}（{enc.width}×{enc.height}）", f"Exported {path} ({enc.width}×{enc.height})")))

    def fit(self) -> None:
        self.view.zoom = 0
        self.view.fit()

    # -- layers ---------------------------------------------------------------------------------------
    def _add(self, layer: Layer) -> None:
        if self.doc.canvas is None:
            return
        self.doc.edit("添加图层 / Add layer", lambda c: c.add(layer))
        self.scene.select([layer.id])

    def _centre_box(self, fw: float, fh: float) -> tuple[float, float, float, float]:
        c = self.doc.canvas
        w, h = round(c.width * fw), round(c.height * fh)
        return (c.width - w) // 2, (c.height - h) // 2, w, h

    def add_text(self) -> None:
        if self.doc.canvas:
            x, y, w, h = self._centre_box(0.7, 0.2)
            size = max(12, round(min(self.doc.canvas.width, self.doc.canvas.height) / 9))
            self._add(text_layer(self.ctx.tr("双击编辑文字", "Double-click to edit"), x, y, w, h,
                                 size=size, align="center", valign="middle"))

    def add_shape(self) -> None:
        if self.doc.canvas:
            self._add(Layer("shape", *self._centre_box(0.3, 0.2), {"radius": 12}, name=self.ctx.tr("形状", "Shape")))

    def add_sticker(self) -> None:
        if self.doc.canvas:
            side = round(min(self.doc.canvas.width, self.doc.canvas.height) * 0.25)
            c = self.doc.canvas
            self._add(Layer("sticker", (c.width - side) // 2, (c.height - side) // 2, side, side,
                            {"sticker": "burst"}, name=self.ctx.tr("贴纸", "Sticker")))

    def add_qr(self) -> None:
        if self.doc.canvas:
            c = self.doc.canvas
            side = round(min(c.width, c.height) * 0.35)
            self._add(qr_layer("https://example.com", (c.width - side) // 2, (c.height - side) // 2, side))

    def add_image(self) -> None:
        if self.doc.canvas is None:
            return
        asset_id = AssetPicker.pick(self.ctx, self)
        if asset_id is not None:
            self._add(image_layer(asset_id, *self._centre_box(0.5, 0.5)))

    def align(self, how: str) -> None:
        ids = self.scene.selected_ids()
        if ids:
            self.doc.edit("对齐 / Align", lambda c: align_layers(c, ids, how))

    def restack(self, delta: int) -> None:
        ids = self.scene.selected_ids()
        if len(ids) == 1:
            self.doc.edit("调整层级 / Reorder", lambda c: c.move_to(ids[0], c.index_of(ids[0]) + delta))
            self.scene.select(ids)

    def duplicate(self) -> None:
        ids = self.scene.selected_ids()
        if len(ids) != 1:
            return
        copy = Layer.from_dict({**self.doc.canvas.layer(ids[0]).to_dict(), "id": ""})
        copy.x += 20
        copy.y += 20
        self._add(copy)

    def delete_layers(self) -> None:
        ids = self.scene.selected_ids()
        if ids:
            self.doc.edit("删除图层 / Delete layer", lambda c: [c.remove(i) for i in ids])

    def _fill_layers(self) -> None:
        self.layers.blockSignals(True)
        self.layers.clear()
        selected = set(self.scene.selected_ids())
        for layer in reversed(self.doc.canvas.layers if self.doc.canvas else []):
            label = self.ctx.tr(*KIND_LABELS[layer.kind])
            text = layer.props.get("text", "") if layer.kind == "text" else layer.name
            item = QListWidgetItem(f"{label} · {(text or layer.name).splitlines()[0][:16] if (text or layer.name) else ''}"
                                   + ("  🔒" if layer.locked else ""))
            item.setData(Qt.UserRole, layer.id)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked if layer.visible else Qt.Unchecked)
            self.layers.addItem(item)
            item.setSelected(layer.id in selected)
        self.layers.blockSignals(False)

    def _layers_selected(self) -> None:
        self.scene.select([i.data(Qt.UserRole) for i in self.layers.selectedItems()])

    def _select_in_list(self, ids: list[str]) -> None:
        self.layers.blockSignals(True)
        for row in range(self.layers.count()):
            item = self.layers.item(row)
            item.setSelected(item.data(Qt.UserRole) in ids)
        self.layers.blockSignals(False)

    def _layer_toggled(self, item: QListWidgetItem) -> None:
        visible = item.checkState() == Qt.Checked
        self.doc.edit_layer(item.data(Qt.UserRole), "显示/隐藏 / Show/hide", None, visible=visible)
