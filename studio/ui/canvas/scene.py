"""The interactive canvas: one pixmap item per layer (drawn by the same renderer as the export),
dragging with snapping and alignment guides, a resize handle, keyboard nudges."""
from __future__ import annotations

import itertools
import json
from collections import OrderedDict
from typing import Optional

import shiboken6
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QKeySequence, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsLineItem, QGraphicsPixmapItem, QGraphicsScene, QGraphicsView

from studio.editor import canvas_render
from studio.editor.canvas import Canvas, Layer
from studio.editor.presets import load_presets
from studio.ui.canvas.document import CanvasDocument
from studio.ui.canvas.widgets import to_pixmap
from studio.ui.theme import current_colours

SNAP_PX = 8  # on screen
HANDLE_PX = 10
GUIDE_COLOR = QColor("#ff2d7a")
_serial = itertools.count(1)


class LayerItem(QGraphicsPixmapItem):
    def __init__(self, layer_id: str) -> None:
        super().__init__()
        self.layer_id = layer_id
        self.render_key = ""
        self.setShapeMode(QGraphicsPixmapItem.BoundingRectShape)
        self.setTransformationMode(Qt.SmoothTransformation)

    def set_layer(self, layer: Layer) -> None:
        self.setPos(layer.x, layer.y)
        self.setTransformOriginPoint(layer.w / 2, layer.h / 2)
        self.setRotation(layer.rotation)
        self.setVisible(layer.visible)
        movable = not layer.locked
        self.setFlag(QGraphicsItem.ItemIsMovable, movable)
        self.setFlag(QGraphicsItem.ItemIsSelectable, True)
        self.setFlag(QGraphicsItem.ItemSendsGeometryChanges, True)

    def handle_rect(self) -> QRectF:
        s = self._screen_unit()
        r = self.boundingRect()
        return QRectF(r.right() - HANDLE_PX * s, r.bottom() - HANDLE_PX * s, 2 * HANDLE_PX * s, 2 * HANDLE_PX * s)

    def _screen_unit(self) -> float:
        views = self.scene().views() if self.scene() else []
        scale = views[0].transform().m11() if views else 1.0
        return 1.0 / max(scale, 1e-3)

    def itemChange(self, change, value):
        if change == QGraphicsItem.ItemPositionChange and self.scene() is not None:
            return self.scene().snap(self, value)
        return super().itemChange(change, value)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        super().paint(painter, option, widget)
        if self.isSelected():
            s = self._screen_unit()
            painter.setPen(QPen(QColor("#2f6fed"), 2 * s, Qt.DashLine))
            painter.setBrush(Qt.NoBrush)
            painter.drawRect(self.boundingRect())
            painter.setPen(QPen(QColor("#2f6fed"), 1.5 * s))
            painter.setBrush(QBrush(QColor("#ffffff")))
            h = self.handle_rect()
            painter.drawRect(QRectF(h.left() + h.width() / 4, h.top() + h.height() / 4, h.width() / 2, h.height() / 2))


class CanvasScene(QGraphicsScene):
    """Mirrors a CanvasDocument; user gestures become document edits."""

    layer_activated = Signal(str)  # double-click: edit this layer's content
    gesture_finished = Signal()  # a drag or resize ended

    def __init__(self, doc: CanvasDocument, resolve=None, parent=None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.resolve = resolve
        self.items_by_id: dict[str, LayerItem] = {}
        self.background = QGraphicsPixmapItem()
        self.background.setZValue(-1e6)
        self.addItem(self.background)
        self._bg_key = ""
        self._pixmaps: OrderedDict[str, object] = OrderedDict()
        self._dragging = False
        self._drag_key: Optional[str] = None
        self._resizing: Optional[tuple[str, QPointF, float, float]] = None
        self._guides: list[QGraphicsLineItem] = []
        self._syncing = False
        self.errors: list[str] = []
        doc.changed.connect(self.sync)
        self.selectionChanged.connect(self._selection_changed)

    # -- model -> items -------------------------------------------------------------------------
    def sync(self) -> None:
        canvas = self.doc.canvas
        self._syncing = True
        try:
            if canvas is None:
                for item in list(self.items_by_id.values()):
                    self.removeItem(item)
                self.items_by_id.clear()
                self.background.setPixmap(to_pixmap(canvas_render.paint_background((1, 1), {})))
                return
            self.setSceneRect(QRectF(0, 0, canvas.width, canvas.height))
            self._sync_background(canvas)
            alive = set()
            for z, layer in enumerate(canvas.layers):
                alive.add(layer.id)
                item = self.items_by_id.get(layer.id)
                if item is None:
                    item = self.items_by_id[layer.id] = LayerItem(layer.id)
                    self.addItem(item)
                self._sync_pixmap(item, layer)
                item.set_layer(layer)
                item.setZValue(z)
            for layer_id in set(self.items_by_id) - alive:
                self.removeItem(self.items_by_id.pop(layer_id))
        finally:
            self._syncing = False

    def _sync_background(self, canvas: Canvas) -> None:
        key = json.dumps([canvas.width, canvas.height, canvas.background], sort_keys=True)
        if key != self._bg_key:
            self.background.setPixmap(to_pixmap(canvas_render.paint_background((canvas.width, canvas.height),
                                                                               canvas.background)))
            self._bg_key = key

    def _sync_pixmap(self, item: LayerItem, layer: Layer) -> None:
        key = json.dumps([layer.kind, round(layer.w), round(layer.h), layer.opacity, layer.props],
                         sort_keys=True, default=str)
        if key == item.render_key:
            return
        pixmap = self._pixmaps.get(key)
        if pixmap is None:
            try:
                tile = canvas_render.render_layer(layer, 1.0, self.resolve, placeholder=True)
            except Exception as err:  # noqa: BLE001 - a broken layer must not break the page
                self.errors.append(str(err))
                tile = canvas_render._placeholder(max(1, round(layer.w)), max(1, round(layer.h)))
            pixmap = to_pixmap(tile)
            self._pixmaps[key] = pixmap
            while len(self._pixmaps) > 120:
                self._pixmaps.popitem(last=False)
        item.setPixmap(pixmap)
        item.render_key = key

    def _selection_changed(self) -> None:
        if shiboken6.isValid(self):  # the scene's destructor deselects items on its way out
            self.doc.selection_changed.emit(self.selected_ids())

    def selected_ids(self) -> list[str]:
        return [i.layer_id for i in self.selectedItems() if isinstance(i, LayerItem)]

    def select(self, layer_ids: list[str]) -> None:
        self.blockSignals(True)
        for layer_id, item in self.items_by_id.items():
            item.setSelected(layer_id in layer_ids)
        self.blockSignals(False)
        self.doc.selection_changed.emit(self.selected_ids())

    # -- snapping -----------------------------------------------------------------------------------
    def snap(self, item: LayerItem, pos: QPointF) -> QPointF:
        canvas = self.doc.canvas
        if self._syncing or not self._dragging or canvas is None:
            return pos
        layer = canvas.layer(item.layer_id)
        unit = 1.0 / max(self.views()[0].transform().m11(), 1e-3) if self.views() else 1.0
        moving = {i.layer_id for i in self.selectedItems() if isinstance(i, LayerItem)}
        others = [x for x in canvas.layers if x.visible and x.id not in moving]
        xs = [0, canvas.width / 2, canvas.width] + [v for o in others for v in (o.x, o.x + o.w / 2, o.x + o.w)]
        ys = [0, canvas.height / 2, canvas.height] + [v for o in others for v in (o.y, o.y + o.h / 2, o.y + o.h)]
        dx, gx = _best(pos.x(), layer.w, xs, SNAP_PX * unit)
        dy, gy = _best(pos.y(), layer.h, ys, SNAP_PX * unit)
        self._show_guides(gx, gy, canvas, unit)
        return QPointF(pos.x() + dx, pos.y() + dy)

    def _show_guides(self, gx: Optional[float], gy: Optional[float], canvas: Canvas, unit: float) -> None:
        self.clear_guides()
        pen = QPen(GUIDE_COLOR, 1.5 * unit, Qt.DashLine)
        if gx is not None:
            self._guides.append(self.addLine(gx, 0, gx, canvas.height, pen))
        if gy is not None:
            self._guides.append(self.addLine(0, gy, canvas.width, gy, pen))
        for guide in self._guides:
            guide.setZValue(1e6)

    def clear_guides(self) -> None:
        for guide in self._guides:
            self.removeItem(guide)
        self._guides.clear()

    # -- gestures --------------------------------------------------------------------------------------
    def mousePressEvent(self, event) -> None:
        item = self._layer_at(event.scenePos())
        if item is not None and item.isSelected() and len(self.selectedItems()) == 1 \
                and item.handle_rect().contains(item.mapFromScene(event.scenePos())) \
                and item.flags() & QGraphicsItem.ItemIsMovable:
            layer = self.doc.canvas.layer(item.layer_id)
            self._resizing = (item.layer_id, event.scenePos(), layer.w, layer.h)
            self._drag_key = f"resize{next(_serial)}"
            event.accept()
            return
        self._dragging = True
        self._drag_key = f"drag{next(_serial)}"
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if self._resizing is not None:
            layer_id, start, w0, h0 = self._resizing
            d = event.scenePos() - start
            w, h = max(8.0, w0 + d.x()), max(8.0, h0 + d.y())
            if event.modifiers() & Qt.ShiftModifier:  # keep proportions
                k = max(w / w0, h / h0)
                w, h = w0 * k, h0 * k
            self.doc.edit_layer(layer_id, "缩放图层 / Resize layer", self._drag_key, w=round(w), h=round(h))
            return
        super().mouseMoveEvent(event)
        if self._dragging and event.buttons() & Qt.LeftButton:
            self._commit_positions()

    def mouseReleaseEvent(self, event) -> None:
        if self._resizing is None and self._dragging:
            super().mouseReleaseEvent(event)
            self._commit_positions()
        self._resizing = None
        self._dragging = False
        self._drag_key = None
        self.clear_guides()
        self.gesture_finished.emit()

    def gesture_active(self) -> bool:
        return self._dragging or self._resizing is not None

    def mouseDoubleClickEvent(self, event) -> None:
        item = self._layer_at(event.scenePos())
        if item is not None:
            self.layer_activated.emit(item.layer_id)
        super().mouseDoubleClickEvent(event)

    def _layer_at(self, pos: QPointF) -> Optional[LayerItem]:
        for item in self.items(pos):
            if isinstance(item, LayerItem):
                return item
        return None

    def _commit_positions(self) -> None:
        moved = {i.layer_id: (round(i.pos().x()), round(i.pos().y()))
                 for i in self.selectedItems() if isinstance(i, LayerItem)}
        if not moved or self.doc.canvas is None:
            return

        def change(c: Canvas) -> None:
            for layer_id, (x, y) in moved.items():
                layer = c.layer(layer_id)
                layer.x, layer.y = x, y

        self.doc.edit("移动图层 / Move layer", change, self._drag_key)

    def nudge(self, dx: int, dy: int) -> None:
        ids = self.selected_ids()
        if not ids:
            return

        def change(c: Canvas) -> None:
            for layer_id in ids:
                layer = c.layer(layer_id)
                if not layer.locked:
                    layer.x += dx
                    layer.y += dy

        self.doc.edit("微调位置 / Nudge", change, "nudge:" + ",".join(sorted(ids)))


def _best(start: float, size: float, targets: list[float], threshold: float) -> tuple[float, Optional[float]]:
    """Smallest shift that puts the item's start, centre or end on a target, within threshold."""
    best, guide = threshold + 1, None
    for anchor in (start, start + size / 2, start + size):
        for t in targets:
            if abs(t - anchor) < abs(best):
                best, guide = t - anchor, t
    return (best, guide) if guide is not None and abs(best) <= threshold else (0.0, None)


class CanvasView(QGraphicsView):
    """Fits the canvas in view, draws the safe area, and takes undo/redo keys for the canvas."""

    def __init__(self, scene: CanvasScene, tr) -> None:
        super().__init__(scene)
        self.tr_ = tr
        self.setRenderHints(QPainter.Antialiasing | QPainter.SmoothPixmapTransform)
        self.setDragMode(QGraphicsView.RubberBandDrag)
        self.setBackgroundBrush(QColor("#d9dce2"))
        self.setAlignment(Qt.AlignCenter)
        self.show_safe_area = True
        self.zoom = 0.0  # 0 = fit

    def fit(self) -> None:
        rect = self.scene().sceneRect()
        if rect.isEmpty():
            return
        margin = 0.06
        self.fitInView(rect.adjusted(-rect.width() * margin, -rect.height() * margin,
                                     rect.width() * margin, rect.height() * margin), Qt.KeepAspectRatio)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if not self.zoom:
            self.fit()

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.ControlModifier:
            factor = 1.15 if event.angleDelta().y() > 0 else 1 / 1.15
            self.scale(factor, factor)
            self.zoom = self.transform().m11()
            return
        super().wheelEvent(event)

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        canvas = self.scene().doc.canvas
        if canvas is None:
            return
        unit = 1.0 / max(self.transform().m11(), 1e-3)
        painter.setPen(QPen(QColor("#8a9099"), unit))
        painter.setBrush(Qt.NoBrush)
        painter.drawRect(QRectF(0, 0, canvas.width, canvas.height))
        preset = load_presets().get(canvas.preset)
        if self.show_safe_area and preset and preset.safe_area:
            x, y, w, h = canvas_render.safe_area_px(canvas)
            painter.setPen(QPen(QColor(0, 170, 120, 200), 2 * unit, Qt.DashLine))
            painter.drawRect(QRectF(x, y, w, h))
            font = painter.font()
            font.setPointSizeF(max(1.0, 9 * unit))
            painter.setFont(font)
            label = self.tr_(preset.safe_label_zh or "安全区", preset.safe_label_en or "Safe area")
            fm = QFontMetricsF(font)
            box = QRectF(x + 4 * unit, y + h - 4 * unit - fm.height() - 4 * unit,
                         fm.horizontalAdvance(label) + 8 * unit, fm.height() + 4 * unit)
            chrome = current_colours()  # on a box of its own: readable over any picture
            painter.fillRect(box, QColor(chrome["base"]))
            painter.setPen(QColor(chrome["text"]))
            painter.drawText(box, Qt.AlignCenter, label)

    # Undo/redo keys belong to the canvas while it has focus and its own stack has a step to
    # take; otherwise they fall through to the window's Edit menu, which undoes project actions
    # (after a restart the canvas's stack is empty, while the project still has the history).
    def event(self, event) -> bool:
        if event.type() == QEvent.ShortcutOverride and self._canvas_key(event) is not None:
            event.accept()
            return True
        return super().event(event)

    def _canvas_key(self, event):
        stack = self.scene().doc.stack
        if event.matches(QKeySequence.Undo):
            return "undo" if stack.canUndo() else None
        if event.matches(QKeySequence.Redo):
            return "redo" if stack.canRedo() else None
        if event.key() in (Qt.Key_Delete, Qt.Key_Backspace):
            return "delete"
        arrows = {Qt.Key_Left: (-1, 0), Qt.Key_Right: (1, 0), Qt.Key_Up: (0, -1), Qt.Key_Down: (0, 1)}
        if event.key() in arrows:
            return arrows[event.key()]
        return None

    def keyPressEvent(self, event) -> None:
        key = self._canvas_key(event)
        scene: CanvasScene = self.scene()
        if key == "undo":
            scene.doc.stack.undo()
        elif key == "redo":
            scene.doc.stack.redo()
        elif key == "delete":
            ids = scene.selected_ids()
            if ids:
                scene.doc.edit("删除图层 / Delete layer", lambda c: [c.remove(i) for i in ids])
        elif isinstance(key, tuple):
            step = 10 if event.modifiers() & Qt.ShiftModifier else 1
            scene.nudge(key[0] * step, key[1] * step)
        else:
            super().keyPressEvent(event)
