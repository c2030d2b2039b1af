"""Changing scale, contrast or language mid-task leaves no dead widget behind and loses nothing."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from studio.editor import store
from studio.editor.article import Article, paragraph
from tests.gui import type_text
from tests.conftest import open_window
from tests.gui import menu_action


def test_edits_and_undo_after_settings_changes_raise_nothing(qtbot, project):
    article_id = store.create_article(project, Article(title="标题", blocks=[paragraph("开头")]))
    window = open_window(qtbot, project, size=(1280, 800))
    for step, path in enumerate([("设置", "界面缩放", "125%"), ("设置", "高对比度（投影）"),
                                 ("设置", "语言 Language", "English"), ("Settings", "Language 语言", "中文")]):
        window.show_page("editor")
        page = window.built["editor"]
        page.editor.setFocus()
        page.editor.moveCursor(page.editor.textCursor().MoveOperation.End)
        type_text(qtbot, page.editor, f"第{step}步")
        menu_action(window, *path).trigger()  # rebuilds every page while typing is pending
        assert f"第{step}步" in store.load_article(project, article_id).body_text()
        # the old pages are gone; edits, undo and redo reach only the live ones
        window.show_page("editor")
        page = window.built["editor"]
        page.editor.setFocus()
        page.editor.moveCursor(page.editor.textCursor().MoveOperation.End)
        type_text(qtbot, page.editor, "。")
        page.save()
        qtbot.keyClick(window, Qt.Key_Z, Qt.ControlModifier)  # the window's Edit → Undo
        qtbot.keyClick(page.editor, Qt.Key_Z, Qt.ControlModifier)
        qtbot.keyClick(page.editor, Qt.Key_Y, Qt.ControlModifier)
        window.show_page("library")
        window.show_page("video")
    assert not [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.windowTitle() and "错误" in w.windowTitle()]
    text = store.load_article(project, article_id).body_text()
    assert all(f"第{i}步" in text for i in range(4))
    window.ctx.project = None  # the fixture closes the project
