"""Dragging assets from the 素材库 grid onto the video timeline: the grid offers the asset-id drag
format, holding the drag over 视频 in the navigation opens that page, and the drop adds the clips."""
from __future__ import annotations

import json

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from studio.media import synth
from studio.project.models.library import Asset
from studio.ui import pages
from studio.ui.library.model import ASSET_MIME
from studio.video import store
from tests.conftest import open_window


def test_drag_from_the_library_grid_to_the_video_timeline(qtbot, project, tmp_path):
    with project.action("import") as s:
        clips = [Asset(kind="video", title=c, duration=2.0,
                       path=str(synth.write_clip(tmp_path / f"{c}.mp4", 2.0, "64x48", 25, f"color=c={c}")))
                 for c in ("red", "blue", "lime")]
        s.add_all(clips)
    store.create(project, "v")
    w = open_window(qtbot, project, size=(1280, 800))
    w.show_page("library")
    library = w.page("library")
    qtbot.waitUntil(lambda: library.model.rowCount() == 3, timeout=5000)
    # the grid drags the selected assets as a JSON list of ids
    grid, model = library.grid, library.model
    assert grid.dragEnabled()
    rows = [model.row_of(clips[2].id), model.row_of(clips[0].id)]
    indexes = [model.index(r) for r in rows]
    assert all(model.flags(i) & Qt.ItemIsDragEnabled for i in indexes)
    data = model.mimeData(indexes)
    assert ASSET_MIME in model.mimeTypes()
    dragged = json.loads(bytes(data.data(ASSET_MIME)).decode())
    assert sorted(dragged) == sorted([clips[2].id, clips[0].id]) and dragged == [model.ids[r] for r in sorted(rows)]
    # holding the drag over 视频 in the navigation opens the video page
    nav = w.nav.viewport()
    video_row = [p[0] for p in pages.PAGES].index("video")
    at = w.nav.visualItemRect(w.nav.item(video_row)).center()
    enter = QDragEnterEvent(at, Qt.CopyAction, data, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(nav, enter)
    assert enter.isAccepted()
    move = QDragMoveEvent(at, Qt.CopyAction, data, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(nav, move)
    assert w.current_key() == "video" and not move.isAccepted()  # nothing is dropped on the list
    # dropping on the timeline adds the clips in the dragged order
    page = w.page("video")
    canvas = page.view.canvas
    point = QPoint(int(canvas.x_of(0.5)), int(canvas._row_rect("video").center().y()))
    assert _send(canvas, QDragEnterEvent(point, Qt.CopyAction, data, Qt.LeftButton, Qt.NoModifier))
    assert _send(canvas, QDropEvent(QPointF(point), Qt.CopyAction, data, Qt.LeftButton, Qt.NoModifier))
    assert [c.asset_id for c in store.load(project, page.video_id).clips] == dragged
    other = QMimeData()
    other.setText("not assets")
    assert not _send(canvas, QDragEnterEvent(point, Qt.CopyAction, other, Qt.LeftButton, Qt.NoModifier))
    w.ctx.project = None


def _send(widget, event) -> bool:
    event.ignore()
    QApplication.sendEvent(widget, event)
    return event.isAccepted()
