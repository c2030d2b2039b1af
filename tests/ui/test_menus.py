"""Menus are never elided: at 100% and 200% every entry's text, its shortcut and room for the check
mark fit the menu's width (the 界面缩放 submenu showed "…" for every item at 200%, so there was
no visible way back to 100%)."""
from __future__ import annotations

import pytest
from PySide6.QtGui import QFontMetrics, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu

from studio.ui import theme
from studio.ui.app import create_window
from studio.ui.settings import Settings


def _menus(menu: QMenu):
    yield menu
    for action in menu.actions():
        if action.menu() is not None:
            yield from _menus(action.menu())


def _too_narrow(window) -> list:
    out = []
    for top in window.menuBar().actions():
        for menu in _menus(top.menu()):
            menu.ensurePolished()  # styled and laid out as when it opens (opening grabs the keyboard)
            menu.adjustSize()
            fm = QFontMetrics(menu.font())
            room = 2 * fm.height()  # the check-mark column and the margins, which grow with the font
            for action in menu.actions():
                if action.isSeparator():
                    continue
                text = fm.horizontalAdvance(action.text().replace("&", ""))
                keys = action.shortcut().toString(QKeySequence.NativeText)
                need = text + room + (fm.horizontalAdvance(keys) + fm.height() if keys else 0)
                width = menu.actionGeometry(action).width()
                if need > width:
                    out.append((menu.title() or top.text(), action.text(), need, width))
    return out


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("high_contrast", [False, True])
@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_no_menu_entry_is_elided(qtbot, scale, high_contrast, language):
    w = create_window(Settings(scale=scale, high_contrast=high_contrast, language=language))
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    try:
        assert not _too_narrow(w)
    finally:
        theme.apply(QApplication.instance(), 1.0, False)


def test_menus_fit_after_a_live_scale_change(qtbot):
    w = create_window(Settings())
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    try:
        w.change(scale=2.0)
        assert not _too_narrow(w)
        scale_menu = next(a.menu() for top in w.menuBar().actions() for m in _menus(top.menu())
                          for a in m.actions() if a.menu() is not None and a.text() == "界面缩放")
        assert [a.text() for a in scale_menu.actions()] == ["100%", "125%", "150%", "200%"]
        w.change(scale=1.0)
        assert not _too_narrow(w)
    finally:
        theme.apply(QApplication.instance(), 1.0, False)
