"""The 文字/标志 tab of the video page: add, edit and remove text and logo overlays; every edit is
saved in the project as one undo step, and what is saved is what the export draws."""
from __future__ import annotations

import pytest

from studio.media import synth
from studio.project.models.library import Asset
from studio.ui.app import create_window
from studio.ui.settings import Settings
from studio.video import store
from tests.conftest import make_image


@pytest.fixture
def page(qtbot, project, tmp_path):
    with project.action("import") as s:
        clip = Asset(kind="video", title="red", path=str(synth.write_clip(tmp_path / "red.mp4", 2.0, "64x48", 25,
                                                                         "color=c=red")), duration=2.0)
        logo = Asset(kind="image", title="合作方标志", path=str(make_image(tmp_path / "logo.png", (64, 32))))
        s.add_all([clip, logo])
    video_id = store.create(project, "v")
    tl = store.load(project, video_id)
    tl.clips = [store.clip_from_asset(project, clip)]
    store.save(project, video_id, tl, "clips")
    w = create_window(Settings())
    qtbot.addWidget(w)
    w.ctx.set_project(project)
    w.show_page("video")
    p = w.page("video")
    p.resize(1200, 800)
    p.show()
    yield p, project, logo.id
    w.ctx.project = None


def saved(p, project):
    return store.load(project, p.video_id).overlays


def test_add_edit_and_remove_a_text_overlay_with_undo(page, qtbot):
    p, project, _logo = page
    panel = p.overlays
    p.view.canvas.set_playhead(0.5)
    panel.add_text()
    (o,) = saved(p, project)
    assert o.kind == "text" and o.start == pytest.approx(0.5) and o.end > o.start
    assert panel.list.count() == 1 and panel.current == 0
    # edit the fields like a user: the save waits for a pause, then it is one undo step
    undo_before = len(project.history())
    panel.text.setPlainText("周末城市漫游")
    panel.size_box.setValue(8)
    panel.place.setCurrentIndex(6)  # 底部居中
    panel.place.activated.emit(6)
    panel.end.setValue(1.8)
    panel.color.set_color("#ffcc00")
    panel.color.changed.emit("#ffcc00")
    qtbot.waitUntil(lambda: saved(p, project)[0].text == "周末城市漫游", timeout=3000)
    (o,) = saved(p, project)
    assert (o.size, o.x, o.y, o.end, o.color) == (pytest.approx(0.08), 0.5, 0.86, pytest.approx(1.8), "#ffcc00")
    assert len(project.history()) == undo_before + 1
    assert "周末城市漫游" in panel.list.item(0).text()
    project.undo()
    assert saved(p, project)[0].text != "周末城市漫游" and p.overlays.items[0].text == saved(p, project)[0].text
    project.redo()
    panel.remove_current()
    assert saved(p, project) == [] and panel.list.count() == 0 and not panel.delete.isEnabled()
    project.undo()
    assert saved(p, project)[0].text == "周末城市漫游"


def test_logo_from_the_selected_library_image_with_size_and_opacity(page, qtbot):
    p, project, logo_id = page
    row = next(i for i in range(p.assets.count()) if p.assets.item(i).data(256) == logo_id)
    p.assets.item(row).setSelected(True)
    p.overlays.logoRequested.emit()
    (o,) = saved(p, project)
    assert o.kind == "logo" and o.asset_id == logo_id and o.path.endswith("logo.png")
    assert "合作方标志" in p.overlays.list.item(0).text()
    assert not p.overlays.form.isRowVisible(p.overlays.text) and p.overlays.form.isRowVisible(p.overlays.logo)
    p.overlays.opacity.setValue(40)
    p.overlays.size_box.setValue(25)
    p.overlays._flush()  # switching the selection or the video saves a waiting edit at once
    (o,) = saved(p, project)
    assert o.opacity == pytest.approx(0.4) and o.size == pytest.approx(0.25)
