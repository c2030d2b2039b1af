"""The article body editor: a QTextEdit that takes library images by drag and drop and cleans
pasted text. The checker's live highlighter attaches to its document (`ArticleTextEdit.document()`).
"""
from __future__ import annotations

import json

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QKeySequence, QTextCursor
from PySide6.QtWidgets import QTextEdit

from studio.editor.edits import MARKER
from studio.editor.paste import clean_paste
from studio.ui.editor.document import KIND, NOT_CONTINUED, prop

ASSET_MIME = "application/x-nms-asset-ids"  # JSON list of library asset ids (shared with other pages)


class ArticleTextEdit(QTextEdit):
    images_dropped = Signal(list)  # asset ids, inserted at the marker placed at the drop point
    undo_requested = Signal()  # Ctrl+Z / Ctrl+Y: the page decides between document and project
    redo_requested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setAcceptRichText(False)
        self.setAcceptDrops(True)
        self.line_formats: dict = {}  # DocumentBuilder.line_formats() of the shown theme

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt naming
        """Enter after a heading, caption or image starts a plain paragraph (not another caption)."""
        if event.matches(QKeySequence.Undo) or event.matches(QKeySequence.Redo):
            (self.undo_requested if event.matches(QKeySequence.Undo) else self.redo_requested).emit()
            return
        kind = prop(self.textCursor().blockFormat(), KIND)
        plain = event.key() in (Qt.Key_Return, Qt.Key_Enter) and not event.modifiers() & Qt.ShiftModifier
        if plain and kind in NOT_CONTINUED and NOT_CONTINUED[kind] in self.line_formats:
            block_fmt, char_fmt = self.line_formats[NOT_CONTINUED[kind]]
            cursor = self.textCursor()
            cursor.beginEditBlock()
            cursor.insertBlock(block_fmt, char_fmt)
            cursor.endEditBlock()
            self.setTextCursor(cursor)
            self.ensureCursorVisible()
            return
        super().keyPressEvent(event)

    def canInsertFromMimeData(self, source: QMimeData) -> bool:  # noqa: N802 - Qt naming
        return source.hasFormat(ASSET_MIME) or source.hasText() or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802
        if source.hasFormat(ASSET_MIME):
            self._drop_assets(source)
            return
        # Foreign HTML styles are dropped: only the cleaned text is inserted.
        text = clean_paste(source.text()) if source.hasText() else ""
        if text:
            self.textCursor().insertText(text)

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasFormat(ASSET_MIME):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasFormat(ASSET_MIME):
            self.setTextCursor(self.cursorForPosition(event.position().toPoint()))
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasFormat(ASSET_MIME):
            self.setTextCursor(self.cursorForPosition(event.position().toPoint()))
            self._drop_assets(event.mimeData())
            event.acceptProposedAction()
        else:
            super().dropEvent(event)

    def _drop_assets(self, source: QMimeData) -> None:
        try:
            ids = [int(i) for i in json.loads(bytes(source.data(ASSET_MIME)).decode() or "[]")]
        except (ValueError, TypeError):
            return
        if ids:
            self.images_dropped.emit(ids)

    def place_marker(self) -> None:
        """Put the marker at the end of the cursor's block: new blocks go after that block."""
        cursor = self.textCursor()
        cursor.movePosition(QTextCursor.EndOfBlock)
        cursor.insertText(MARKER)
