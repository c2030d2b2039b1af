"""视频 page editing through the real widgets: music trim, multi-select and Delete, caption
placement, the clip panel without a selection, export progress, and refreshing only for changes
made elsewhere. Each check reads the saved timeline back from the project file."""
from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog, QProgressDialog, QPushButton

from studio.media import ffmpeg, synth
from studio.project.models.library import Asset
from studio.video import store
from studio.video.timeline import Canvas
from tests.conftest import open_window

COLOURS = ("red", "lime", "blue", "yellow")


@pytest.fixture
def page(qtbot, project, tmp_path):
    with project.action("import") as s:
        clips = [Asset(kind="video", title=c, duration=2.0,
                       path=str(synth.write_clip(tmp_path / f"{c}.mp4", 2.0, "64x48", 25, f"color=c={c}")))
                 for c in COLOURS]
        song = Asset(kind="audio", title="song", path=str(tmp_path / "song.wav"), duration=8.0)
        synth.write_music(song.path, 8.0, 120.0)
        s.add_all([*clips, song])
    video_id = store.create(project, "v")
    tl = store.load(project, video_id)
    tl.canvas = Canvas(360, 640, 30)
    tl.clips = [store.clip_from_asset(project, a) for a in clips]
    tl.music = store.music_from_asset(project, song)
    store.save(project, video_id, tl, "setup")
    w = open_window(qtbot, project, size=(1280, 800))
    w.show_page("video")
    p = w.page("video")
    yield p, project, [a.id for a in clips]
    w.ctx.project = None


def saved(p, project):
    return store.load(project, p.video_id)


def click_clip(qtbot, p, i, modifier=Qt.NoModifier):
    c = p.view.canvas
    x = c.x_of(c.tl.clip_starts()[i] + c.tl.clips[i].length / 2)
    qtbot.mouseClick(c, Qt.LeftButton, modifier, QPoint(int(x), int(c._row_rect("video").center().y())))


def click_ruler(qtbot, p, t):
    c = p.view.canvas
    qtbot.mouseClick(c, Qt.LeftButton, pos=QPoint(int(c.x_of(t)), int(c._row_rect("ruler").center().y())))


def type_into(qtbot, spin, text):
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, text)
    qtbot.keyClick(spin, Qt.Key_Return)


def button(panel, text):
    return next(b for b in panel.findChildren(QPushButton) if b.text() == text)


def test_music_trim_from_the_panel_is_saved_and_previewed(page, qtbot):
    p, project, _ = page
    p.tabs.setCurrentWidget(p.tabs.widget(1))
    m = p.music
    type_into(qtbot, m.src_in, "2")
    type_into(qtbot, m.src_out, "5.5")
    type_into(qtbot, m.start, "1")
    music = saved(p, project).music
    assert (music.src_in, music.src_out, music.start) == (2.0, 5.5, 1.0)
    assert p.preview.tl.music.src_in == 2.0  # the preview renders the trimmed song
    assert p.view.canvas.content_seconds() == pytest.approx(8.0)  # video 8 s; the song now ends at 4.5 s
    type_into(qtbot, m.src_out, "0")  # the special value: to the end of the song
    assert saved(p, project).music.src_out is None and m.src_out.text() == "到歌曲结尾"
    type_into(qtbot, m.src_out, "2.02")  # before the in point: refused, nothing saved
    assert saved(p, project).music.src_out is None
    for _ in range(4):
        project.undo()
    music = saved(p, project).music
    assert (music.src_in, music.src_out, music.start) == (0.0, 8.0, 0.0)
    assert m.src_out.value() == 8.0  # the panel follows undo


def test_ctrl_and_shift_click_select_clips_and_delete_removes_them_in_one_step(page, qtbot):
    p, project, ids = page
    canvas = p.view.canvas
    click_clip(qtbot, p, 0)
    click_clip(qtbot, p, 2, Qt.ControlModifier)
    click_clip(qtbot, p, 3, Qt.ControlModifier)
    click_clip(qtbot, p, 3, Qt.ControlModifier)  # a second Ctrl-click takes it out again
    assert canvas.selected_clips == {0, 2}
    qtbot.keyClick(canvas, Qt.Key_Delete)
    assert [c.asset_id for c in saved(p, project).clips] == [ids[1], ids[3]]
    assert canvas.selected_clips == set() and p.inspector.clip is None
    project.undo()  # one undo step brings both back
    assert [c.asset_id for c in saved(p, project).clips] == ids
    click_clip(qtbot, p, 0)
    click_clip(qtbot, p, 2, Qt.ShiftModifier)
    assert canvas.selected_clips == {0, 1, 2}
    qtbot.keyClick(canvas, Qt.Key_Backspace)
    assert [c.asset_id for c in saved(p, project).clips] == [ids[3]]


def test_new_captions_go_after_the_last_or_at_a_free_playhead(page, qtbot):
    p, project, _ = page
    p.tabs.setCurrentWidget(p.tabs.widget(2))
    add = button(p.captions, "添加")
    qtbot.mouseClick(add, Qt.LeftButton)
    qtbot.mouseClick(add, Qt.LeftButton)  # the playhead (0 s) is on the first caption now
    click_ruler(qtbot, p, 6.0)  # free: the next one starts there
    qtbot.mouseClick(add, Qt.LeftButton)
    click_ruler(qtbot, p, 1.0)  # on a caption again: after the last one
    qtbot.mouseClick(add, Qt.LeftButton)
    spans = [(round(c.start, 2), round(c.end, 2)) for c in saved(p, project).captions]
    t6 = round(p.view.canvas.t_of(int(p.view.canvas.x_of(6.0))), 2)
    assert spans[:2] == [(0.0, 2.0), (2.0, 4.0)]
    assert spans[2][0] == pytest.approx(t6, abs=0.011) and spans[3][0] == spans[2][1]
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))  # never on top of each other
    assert p.captions.table.currentRow() == 3


def test_clip_panel_waits_for_a_selection(page, qtbot):
    p, project, _ = page
    inspector = p.inspector
    assert not inspector.hint.isHidden() and inspector.editor.isHidden() and not inspector.editor.isEnabled()
    assert "选中时间线上的片段" in inspector.hint.text()
    assert not button(inspector, "删除片段").isEnabled()
    click_clip(qtbot, p, 1)
    assert inspector.hint.isHidden() and inspector.editor.isEnabled() and not inspector.editor.isHidden()
    assert inspector.speed.text() == "1.00×"
    type_into(qtbot, inspector.volume, "0.5")
    assert saved(p, project).clips[1].volume == 0.5
    qtbot.mouseClick(button(inspector, "删除片段"), Qt.LeftButton)
    assert len(saved(p, project).clips) == 3 and inspector.editor.isHidden()


def test_export_reports_percent(page, qtbot, monkeypatch, tmp_path):
    p, project, _ = page
    out = tmp_path / "out.mp4"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(out), "")))
    messages = []
    p.ctx.status.connect(messages.append)
    qtbot.mouseClick(button(p, "导出视频…"), Qt.LeftButton)
    window = p.window()

    def percent_shown():
        dialog = window.findChild(QProgressDialog)
        return dialog is not None and dialog.maximum() > 0 and bool(re.search(r"\n\d+%", dialog.labelText()))

    qtbot.waitUntil(percent_shown, timeout=20000)
    qtbot.waitUntil(lambda: any(m.startswith("已导出") for m in messages), timeout=60000)
    assert abs(ffmpeg.probe(out).duration - saved(p, project).duration) < 0.1


def test_page_refreshes_only_for_changes_made_elsewhere(page, qtbot, monkeypatch):
    p, project, ids = page
    loads = []
    real_load = store.load
    monkeypatch.setattr(store, "load", lambda *a, **k: loads.append(a) or real_load(*a, **k))
    # its own saves: shown at once, never read back over the edit in progress
    p.tabs.setCurrentWidget(p.tabs.widget(2))
    qtbot.mouseClick(button(p.captions, "添加"), Qt.LeftButton)
    p.captions.text.moveCursor(p.captions.text.textCursor().MoveOperation.End)
    qtbot.keyClicks(p.captions.text, "ok")
    qtbot.waitUntil(lambda: real_load(project, p.video_id).captions[0].text.endswith("ok"), timeout=5000)
    assert loads == [] and p.tl.captions[0].text.endswith("ok")
    assert p.captions.text.textCursor().position() == len(p.captions.text.toPlainText())
    # a change from elsewhere to its video: reloaded
    tl = real_load(project, p.video_id)
    tl.captions[0].text = "别处改的"
    store.save(project, p.video_id, tl, "elsewhere")
    assert len(loads) == 1 and p.tl.captions[0].text == "别处改的"
    # a new asset the video does not use: not reloaded (the media list is re-read when shown)
    with project.action("import") as s:
        s.add(Asset(kind="image", title="new", path="/nowhere/new.png"))
    assert len(loads) == 1 and p.media_stale
    # one of its clips relinked: reloaded
    with project.action("relink") as s:
        s.get(Asset, ids[0]).title = "renamed"
    assert len(loads) == 2
    project.undo()  # undoing is not the page's own save, even of its own edit
    assert len(loads) == 3


def test_changing_the_preset_is_one_undo_step(page, qtbot):
    p, project, _ = page
    p.preset.setFocus()
    qtbot.keyClick(p.preset, Qt.Key_Down)
    assert store.preset_of(project, p.video_id) == "shipinhao"
    project.undo()
    assert store.preset_of(project, p.video_id) == "douyin" and saved(p, project).canvas.width == 360
