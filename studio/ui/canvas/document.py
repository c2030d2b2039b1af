"""The canvas being edited and its undo stack: every change is a before/after snapshot command.

Consecutive commands with the same merge key (one drag, one resize, typing in one field) merge
through QUndoCommand.mergeWith, so a whole drag is a single undo step.
"""
from __future__ import annotations

from typing import Callable, Optional

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from studio.editor.canvas import Canvas

MERGE_ID = 4711


class CanvasCommand(QUndoCommand):
    def __init__(self, doc: "CanvasDocument", label: str, before: dict, after: dict,
                 merge_key: Optional[str]) -> None:
        super().__init__(label)
        self.doc, self.before, self.after, self.merge_key = doc, before, after, merge_key

    def id(self) -> int:
        return MERGE_ID if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, CanvasCommand) or other.merge_key != self.merge_key:
            return False
        self.after = other.after
        return True

    def redo(self) -> None:
        self.doc.apply(self.after)

    def undo(self) -> None:
        self.doc.apply(self.before)


class CanvasDocument(QObject):
    changed = Signal()  # the canvas changed (edit, undo, redo or load)
    selection_changed = Signal(list)  # layer ids

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.canvas: Optional[Canvas] = None
        self.stack = QUndoStack(self)
        self._state: dict = {}

    def load(self, canvas: Optional[Canvas]) -> None:
        self.canvas = canvas
        self._state = canvas.to_dict() if canvas else {}
        self.stack.clear()
        self.changed.emit()

    def state(self) -> dict:
        return self.canvas.to_dict() if self.canvas else {}

    def apply(self, state: dict) -> None:
        if state == self._state:
            return
        self.canvas = Canvas.from_dict(state)
        self._state = state
        self.changed.emit()

    def edit(self, label: str, change: Callable[[Canvas], None], merge_key: Optional[str] = None) -> None:
        """Run `change` on a copy of the canvas and push it as one undoable command."""
        if self.canvas is None:
            return
        before = self._state
        work = self.canvas.copy()
        change(work)
        after = work.to_dict()
        if after != before:
            self.stack.push(CanvasCommand(self, label, before, after, merge_key))

    def edit_layer(self, layer_id: str, label: str, merge_key: Optional[str] = None, **fields) -> None:
        """Set layer fields (x, y, w, h, rotation, opacity, name, visible, locked) and/or props."""
        props = fields.pop("props", None)

        def change(c: Canvas) -> None:
            layer = c.layer(layer_id)
            for key, value in fields.items():
                setattr(layer, key, value)
            if props:
                layer.props.update(props)

        self.edit(label, change, merge_key)
