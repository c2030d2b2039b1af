"""The 视频 page: dropping media, editing the beat grid with the mouse and keys (undoable and
saved), and 一键踩点 from the button's code path."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from studio.media import synth
from studio.project.models.library import Asset
from studio.ui.app import create_window
from studio.ui.settings import Settings
from studio.video import store


@pytest.fixture
def page(qtbot, project, tmp_path):
    with project.action("import") as s:
        clips = [Asset(kind="video", title=c, path=str(synth.write_clip(tmp_path / f"{c}.mp4", 2.0, "64x48", 25, f"color=c={c}")),
                       duration=2.0) for c in ("red", "blue")]
        song = Asset(kind="audio", title="song", path=str(tmp_path / "song.wav"), duration=8.0)
        synth.write_music(song.path, 8.0, 120.0)
        s.add_all([*clips, song])
    store.create(project, "v")
    w = create_window(Settings())
    qtbot.addWidget(w)
    w.ctx.set_project(project)
    w.show_page("video")
    p = w.page("video")
    p.resize(1200, 800)
    p.show()
    yield p, project, [c.id for c in clips], song.id
    w.ctx.project = None


def test_drop_media_then_edit_grid_with_mouse_and_undo(page, qtbot):
    p, project, clip_ids, song_id = page
    p._add_assets([*clip_ids, song_id], None)
    qtbot.waitUntil(lambda: len(store.load(project, p.video_id).beats.beats) > 10, timeout=20000)
    tl = store.load(project, p.video_id)
    assert [c.asset_id for c in tl.clips] == clip_ids and tl.music.asset_id == song_id
    canvas = p.view.canvas
    beat_row = int(canvas._row_rect("beats").center().y())
    before = list(tl.beats.beats)
    # drag the third marker 12 px to the right
    x = int(canvas.x_of(before[2]))
    qtbot.mousePress(canvas, Qt.LeftButton, pos=QPoint(x, beat_row))
    qtbot.mouseMove(canvas, QPoint(x + 12, beat_row))
    qtbot.mouseRelease(canvas, Qt.LeftButton, pos=QPoint(x + 12, beat_row))
    moved = store.load(project, p.video_id).beats.beats
    assert moved[2] == pytest.approx(before[2] + 12 / canvas.pps, abs=0.02)
    # arrow key nudges by one frame, Delete removes the marker
    qtbot.keyClick(canvas, Qt.Key_Right)
    assert store.load(project, p.video_id).beats.beats[2] == pytest.approx(moved[2] + 1 / 30, abs=1e-3)
    qtbot.keyClick(canvas, Qt.Key_Delete)
    assert len(store.load(project, p.video_id).beats.beats) == len(before) - 1
    # double click on an empty spot adds one
    empty_x = int(canvas.x_of((before[4] + before[5]) / 2))
    qtbot.mouseDClick(canvas, Qt.LeftButton, pos=QPoint(empty_x, beat_row))
    assert len(store.load(project, p.video_id).beats.beats) == len(before)
    for _ in range(4):
        project.undo()
    assert store.load(project, p.video_id).beats.beats == before
    assert p.tl.beats.beats == before  # the page reloaded after undo


def test_grid_tools_and_beatcut(page, qtbot):
    p, project, clip_ids, song_id = page
    p._add_assets([*clip_ids, song_id], None)
    qtbot.waitUntil(lambda: len(store.load(project, p.video_id).beats.beats) > 10, timeout=20000)
    n = len(p.tl.beats.beats)
    p._grid(p.tl.beats.halve(), "half")
    assert len(store.load(project, p.video_id).beats.beats) in (n // 2, n // 2 + 1)
    project.undo()
    p.every.setValue(4)
    p._beatcut()
    qtbot.waitUntil(lambda: len(store.load(project, p.video_id).clips) > 2, timeout=30000)
    tl = store.load(project, p.video_id)
    assert abs(tl.duration - 8.0) < 0.05
    assert [c.asset_id for c in tl.clips[:4]] == [*clip_ids, *clip_ids]
    beat_frames = {round(b * 30) for b in tl.beats.beats}
    assert set(tl.cut_frames()[1:-1]) <= beat_frames
    # trimming a clip by dragging its end snaps onto a beat
    canvas = p.view.canvas
    row = int(canvas._row_rect("video").center().y())
    end = tl.clip_starts()[0] + tl.clips[0].length
    x = int(canvas.x_of(end))
    qtbot.mousePress(canvas, Qt.LeftButton, pos=QPoint(x - 1, row))
    qtbot.mouseMove(canvas, QPoint(x - int(0.45 * canvas.pps), row))
    qtbot.mouseRelease(canvas, Qt.LeftButton, pos=QPoint(x - int(0.45 * canvas.pps), row))
    trimmed = store.load(project, p.video_id)
    assert trimmed.cut_frames()[1] in beat_frames and trimmed.cut_frames()[1] < tl.cut_frames()[1]
