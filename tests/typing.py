"""Typing as a user does: ASCII as key presses, Chinese as an input method commits it."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication


def type_text(qtbot, widget, text: str) -> None:
    """Each ASCII character is a key click; each run of other characters is one IME commit
    (QTest can only press keys that exist on a keyboard)."""
    run = ""
    for ch in text + "\0":
        if ch.isascii() and run:
            event = QInputMethodEvent()
            event.setCommitString(run)
            QApplication.sendEvent(widget, event)
            run = ""
        if ch == "\0":
            break
        if ch == "\n":
            qtbot.keyClick(widget, Qt.Key_Return)
        elif ch.isascii():
            qtbot.keyClick(widget, ch)
        else:
            run += ch
