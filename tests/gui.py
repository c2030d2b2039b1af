"""Driving the real widgets as a user does: typing (ASCII as key presses, Chinese as an input
method commits it), menus, buttons, combo boxes, tabs and dialogs."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog


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


def menu_action(window, *path: str):
    """The QAction reached through the menu bar by these titles (ignoring & accelerators)."""
    actions = window.menuBar().actions()
    action = None
    for name in path:
        action = next(a for a in actions if a.text().replace("&", "") == name)
        actions = action.menu().actions() if action.menu() else []
    return action


def button(parent, text: str) -> QAbstractButton:
    found = [b for b in parent.findChildren(QAbstractButton) if b.text() == text and b.isVisible()]
    assert found, f"no visible button {text!r}"
    return found[0]


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.LeftButton)


def choose(qtbot, combo, data) -> None:
    """Open a combo box with the mouse and pick the item holding `data` with the arrow keys."""
    found = [i for i in range(combo.count()) if combo.itemData(i) == data]  # findData misses Python tuples
    assert found, data
    target = found[0]
    qtbot.mouseClick(combo, Qt.LeftButton)
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    while view.currentIndex().row() != target:
        qtbot.keyClick(view, Qt.Key_Down if view.currentIndex().row() < target else Qt.Key_Up)
    qtbot.keyClick(view, Qt.Key_Return)
    qtbot.waitUntil(lambda: not view.isVisible())


def when_dialog_opens(qtbot, handle, kind=QDialog) -> list:
    """Run `handle(dialog)` once a modal dialog of `kind` is shown (its exec() blocks the test)."""
    seen: list = []

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isVisible():
            seen.append(dialog)
            handle(dialog)
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    return seen


def double_click_item(qtbot, view, item_or_index) -> None:
    rect = view.visualItemRect(item_or_index) if hasattr(view, "visualItemRect") else view.visualRect(item_or_index)
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.LeftButton, pos=rect.center())


def open_tab(qtbot, tabs, page) -> None:
    """Bring a tab forward as a user does: click the tab bar, then the arrow keys (the tab may
    be scrolled out of sight on a narrow or zoomed window)."""
    bar = tabs.tabBar()
    (target,) = [i for i in range(tabs.count()) if tabs.widget(i) is page or tabs.widget(i).isAncestorOf(page)]
    qtbot.mouseClick(bar, Qt.LeftButton, pos=bar.tabRect(bar.currentIndex()).center())
    for _ in range(tabs.count()):
        if bar.currentIndex() == target:
            return
        qtbot.keyClick(bar, Qt.Key_Right if bar.currentIndex() < target else Qt.Key_Left)
    assert bar.currentIndex() == target
