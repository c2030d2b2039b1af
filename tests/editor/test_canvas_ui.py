"""The cover editor and image-edit panel driven like a user: drags are one undo step, snapping,
property edits, saving to the project, project-level undo, image edits stored as operations."""
from __future__ import annotations

import hashlib

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from studio.editor import canvas_store
from studio.editor.canvas import Canvas, Layer, text_layer
from studio.project.models.library import Asset
from studio.ui.settings import Settings
from studio.ui.context import AppContext
from tests.conftest import make_image


@pytest.fixture
def ctx(project):
    context = AppContext(Settings())
    context.project = project
    project.subscribe(context._on_project_change)
    return context


@pytest.fixture
def page(qtbot, ctx, project):
    from studio.ui.canvas.page import CanvasPage

    c = Canvas(800, 400, background={"type": "solid", "color": "#ffffff"}, name="测试封面")
    c.add(Layer("shape", 100, 100, 100, 60, {"fill": "#ff0000"}, name="box"))
    c.add(text_layer("标题", 400, 250, 300, 80, size=40))
    canvas_store.add_canvas(project, c)
    widget = CanvasPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1400, 900)
    widget.show()
    qtbot.waitExposed(widget)
    widget.editor.fit()
    yield widget
    widget.close()


def _view_point(editor, x, y) -> QPoint:
    return editor.view.mapFromScene(x, y)


def drag(editor, start, moves):
    vp = editor.view.viewport()
    QTest.mousePress(vp, Qt.LeftButton, Qt.NoModifier, _view_point(editor, *start))
    for point in moves:
        QTest.mouseMove(vp, _view_point(editor, *point))
    QTest.mouseRelease(vp, Qt.LeftButton, Qt.NoModifier, _view_point(editor, *moves[-1]))


def test_a_drag_is_one_undo_step_and_is_saved(page, project):
    editor = page.editor
    box_id = editor.doc.canvas.layers[0].id
    assert len(editor.scene.items_by_id) == 2
    before = editor.doc.stack.count()
    drag(editor, (150, 130), [(170, 140), (190, 150), (213, 161)])
    layer = editor.doc.canvas.layer(box_id)
    assert (layer.x, layer.y) != (100, 100)
    assert editor.doc.stack.count() == before + 1  # several moves, merged into one command
    editor.save_now()
    stored = canvas_store.load_canvas(project, editor.canvas_id).layer(box_id)
    assert (stored.x, stored.y) == (layer.x, layer.y)
    editor.doc.stack.undo()
    assert (editor.doc.canvas.layer(box_id).x, editor.doc.canvas.layer(box_id).y) == (100, 100)
    item = editor.scene.items_by_id[box_id]
    assert (item.pos().x(), item.pos().y()) == (100, 100)


def test_dragging_snaps_to_the_canvas_centre_with_a_guide(page):
    editor = page.editor
    box = editor.doc.canvas.layers[0]
    vp = editor.view.viewport()
    QTest.mousePress(vp, Qt.LeftButton, Qt.NoModifier, _view_point(editor, 150, 130))
    # centre of the box lands 3 px from the canvas's vertical centre line (x = 400)
    QTest.mouseMove(vp, _view_point(editor, 200, 130))
    QTest.mouseMove(vp, _view_point(editor, 397, 130))
    assert editor.scene._guides, "an alignment guide is shown while snapping"
    QTest.mouseRelease(vp, Qt.LeftButton, Qt.NoModifier, _view_point(editor, 397, 130))
    moved = editor.doc.canvas.layer(box.id)
    assert moved.x + moved.w / 2 == 400
    assert not editor.scene._guides


def test_property_edits_merge_and_undo(page):
    editor = page.editor
    text = editor.doc.canvas.layers[1]
    editor.scene.select([text.id])
    assert editor.props.layer_id == text.id
    from PySide6.QtWidgets import QSpinBox

    spins = [w for w in editor.props.findChildren(QSpinBox) if w.value() == 40]
    assert spins, "font size field shows the layer's size"
    before = editor.doc.stack.count()
    spins[0].setValue(44)
    spins[0].setValue(48)
    assert editor.doc.canvas.layer(text.id).props["size"] == 48
    assert editor.doc.stack.count() == before + 1
    editor.doc.stack.undo()
    assert editor.doc.canvas.layer(text.id).props["size"] == 40


def test_add_layers_keyboard_and_project_undo(page, project):
    editor = page.editor
    editor.add_qr()
    editor.add_sticker()
    kinds = [x.kind for x in editor.doc.canvas.layers]
    assert kinds[-2:] == ["qr", "sticker"]
    sticker = editor.doc.canvas.layers[-1]
    editor.view.setFocus()
    QTest.keyClick(editor.view.viewport(), Qt.Key_Right, Qt.ShiftModifier)
    assert editor.doc.canvas.layer(sticker.id).x == sticker.x + 10
    QTest.keyClick(editor.view.viewport(), Qt.Key_Delete)
    assert len(editor.doc.canvas.layers) == 3
    editor.save_now()
    assert len(canvas_store.load_canvas(project, editor.canvas_id).layers) == 3
    project.undo()  # the Edit menu's undo: the page reloads the stored canvas
    assert any(x.id == sticker.id for x in editor.doc.canvas.layers)


def test_image_edit_panel_stores_operations_and_keeps_the_original(qtbot, ctx, project, tmp_path):
    from studio.ui.canvas.imageedit import ImageEditPanel

    src = make_image(tmp_path / "p.png", (300, 200), seed=4)
    digest = hashlib.sha256(src.read_bytes()).hexdigest()
    with project.action("import") as s:
        s.add(Asset(kind="image", title="p", path=str(src)))
    panel = ImageEditPanel(ctx)
    qtbot.addWidget(panel)
    panel.resize(1200, 800)
    panel.set_project(project)
    assert panel.asset_id is not None and panel.path == str(src)
    panel.add_op({"op": "flip", "axis": "h"})
    panel.preview.region = [0.1, 0.1, 0.3, 0.3]
    panel.mosaic()
    panel.sliders["brightness"].setValue(130)
    stored = canvas_store.load_edit(project, panel.edit_id).ops
    assert [o["op"] for o in stored] == ["flip", "mosaic", "adjust"]
    assert stored[-1]["brightness"] == 1.3
    panel.sliders["contrast"].setValue(80)  # still one adjust operation
    assert [o["op"] for o in canvas_store.load_edit(project, panel.edit_id).ops] == ["flip", "mosaic", "adjust"]
    assert hashlib.sha256(src.read_bytes()).hexdigest() == digest
    project.undo()
    assert panel.ops[-1]["contrast"] == 1.0  # the panel follows the project's undo


def test_typing_text_updates_the_layer_and_its_picture(qtbot, page):
    editor = page.editor
    text = editor.doc.canvas.layers[1]
    editor.scene.select([text.id])
    item = editor.scene.items_by_id[text.id]
    before = item.pixmap().toImage()
    assert (item.pixmap().width(), item.pixmap().height()) == (300, 80)
    editor.props.text_edit.setPlainText("新的标题文字")
    qtbot.waitUntil(lambda: editor.doc.canvas.layer(text.id).props["text"] == "新的标题文字", timeout=3000)
    assert item.pixmap().toImage() != before


def test_cover_text_is_checked_live_and_replace_fixes_the_layer(qtbot, page, ctx):
    from studio.ui.check.live import checker_for

    qtbot.waitUntil(lambda: checker_for(ctx).ready, timeout=30000)
    editor = page.editor
    text = editor.doc.canvas.layers[1]
    editor.scene.select([text.id])
    hook = editor.props.text_check
    assert hook is not None
    assert checker_for(ctx).scan(editor.props.text_edit.toPlainText()) == []  # 标题 is clean
    editor.props.text_edit.setPlainText("全网最佳好物")
    qtbot.waitUntil(lambda: "最佳" in [f.term for _, f in hook.findings()], timeout=3000)
    pos, best = next((pos, f) for pos, f in hook.findings() if f.term == "最佳")
    assert best.category and best.severity in ("block", "high", "notice") and best.suggestion == "优质"
    qtbot.waitUntil(lambda: editor.doc.canvas.layer(text.id).props["text"] == "全网最佳好物", timeout=3000)
    hook._current = (editor.props.text_edit.document().findBlock(pos), best)
    hook.card.replace_btn.click()  # the hover card's one-click replace
    qtbot.waitUntil(lambda: editor.doc.canvas.layer(text.id).props["text"] == "全网优质好物", timeout=3000)
    assert "最佳" not in [f.term for _, f in hook.findings()]
