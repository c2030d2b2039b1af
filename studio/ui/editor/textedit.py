"""The article body editor: a QTextEdit that takes library images by drag and drop and cleans
pasted text. The checker's live highlighter attaches to its document (`ArticleTextEdit.document()`).
"""
from __future__ import annotations

import json

from PySide6.QtCore import QMimeData, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QTextEdit

from studio.editor.paste import clean_paste

ASSET_MIME = "application/x-nms-asset-ids"  # JSON list of library asset ids (shared with other pages)
MARKER = "\ue000"  # private-use character marking where a new block goes


class ArticleTextEdit(QTextEdit):
    images_dropped = Signal(list)  # asset ids, inserted at the marker placed at the drop point

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setAcceptRichText(False)
        self.setAcceptDrops(True)

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
