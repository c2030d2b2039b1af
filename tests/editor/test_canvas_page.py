"""The 封面海报 page: Ctrl+Z reaches the project's history when the canvas's own stack is empty
(as after a restart), and a project without covers shows a hint with the ways to make one."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton

from studio.editor import canvas_store
from studio.editor.canvas import Canvas, Layer
from studio.project import open_project
from tests.conftest import open_window


def open_canvas_page(qtbot, project):
    window = open_window(qtbot, project, size=(1400, 900))
    window.show_page("canvas")
    return window, window.page("canvas").editor


def test_ctrl_z_after_reopening_undoes_the_last_cover_edit(qtbot, project):
    c = Canvas(800, 400, name="测试封面")
    c.add(Layer("shape", 100, 100, 100, 60, {"fill": "#ff0000"}, name="box"))
    canvas_id = canvas_store.add_canvas(project, c)
    path = project.path
    window, editor = open_canvas_page(qtbot, project)
    box = editor.doc.canvas.layers[0].id
    editor.scene.select([box])
    editor.view.setFocus()
    QTest.keyClick(editor.view, Qt.Key_Right, Qt.ShiftModifier)  # nudge 10 px: saved at once
    assert canvas_store.load_canvas(project, canvas_id).layer(box).x == 110
    window.close()
    window.ctx.set_project(None)  # quit: the project is closed

    reopened = open_project(path)
    try:
        window, editor = open_canvas_page(qtbot, reopened)
        assert editor.canvas_id == canvas_id and not editor.doc.stack.canUndo()
        editor.view.setFocus()
        qtbot.waitUntil(editor.view.hasFocus, timeout=3000)
        QTest.keyClick(editor.view, Qt.Key_Z, Qt.ControlModifier)
        assert canvas_store.load_canvas(reopened, canvas_id).layer(box).x == 100  # the project's undo
        assert editor.doc.canvas.layer(box).x == 100
        QTest.keyClick(editor.view, Qt.Key_Y, Qt.ControlModifier)
        assert canvas_store.load_canvas(reopened, canvas_id).layer(box).x == 110  # and its redo
    finally:
        window.close()
        window.ctx.set_project(None)


def test_no_cover_shows_a_hint_and_a_template_makes_one(qtbot, project):
    window, editor = open_canvas_page(qtbot, project)
    assert editor.body.currentIndex() == 0 and editor.empty_hint.isVisible()
    assert "还没有封面" in editor.empty_hint.text()
    buttons = {b.text(): b for b in editor.body.currentWidget().findChildren(QPushButton)}
    assert set(buttons) == {"新建封面", "从模板创建"}
    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().accept())  # OK on the first template
    QTest.mouseClick(buttons["从模板创建"], Qt.LeftButton)
    covers = canvas_store.list_canvases(project)
    assert len(covers) == 1 and canvas_store.load_canvas(project, covers[0].id).layers
    assert editor.body.currentIndex() == 1 and editor.canvas_id == covers[0].id
    project.undo()
    assert canvas_store.list_canvases(project) == [] and editor.body.currentIndex() == 0
    window.ctx.project = None  # the fixture closes the project
