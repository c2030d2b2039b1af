"""Live checking on the video page: a banned term typed into a caption or an overlay text is
highlighted (edit box and caption list), and one-click replace fixes the saved caption."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint

from studio.media import synth
from studio.project.models.library import Asset
from studio.ui.app import create_window
from studio.ui.settings import Settings
from studio.video import store


@pytest.fixture
def page(qtbot, project, tmp_path):
    with project.action("import") as s:
        clip = Asset(kind="video", title="red", path=str(synth.write_clip(tmp_path / "red.mp4", 2.0, "64x48", 25,
                                                                         "color=c=red")), duration=2.0)
        s.add(clip)
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
    from studio.ui.check.live import checker_for

    qtbot.waitUntil(lambda: checker_for(w.ctx).ready, timeout=30000)
    yield p, project
    w.ctx.project = None


def test_banned_term_in_a_caption_is_highlighted_and_replaced(page, qtbot):
    p, project = page
    caption_box, _overlay_box = p.live_checks
    p._add_caption()
    assert p.captions.table.currentRow() == 0 and p.captions.text.isEnabled()
    assert caption_box.findings() == []
    p.captions.text.setPlainText("全网最低价，最佳选择")
    terms = [f.term for _, f in caption_box.findings()]
    assert "最佳" in terms and "最低价" in terms
    qtbot.waitUntil(lambda: store.load(project, p.video_id).captions[0].text == "全网最低价，最佳选择", timeout=3000)
    # the list marks the saved caption too (its delegate paints and explains the same hits)
    table = p.captions.table
    delegate = table.itemDelegateForColumn(2)
    assert "最佳" in [f.term for f in delegate.findings(table.model().index(0, 2))]
    table.clearSelection()
    image = table.viewport().grab(table.visualRect(table.model().index(0, 2))).toImage()
    marked = {image.pixelColor(x, y).name() for x in range(image.width()) for y in range(image.height())}
    assert "#ef6c00" in marked  # the severity colour of 最佳 (high) underlines it in the list
    # one-click replace from the hover card puts the suggestion in and saves it
    pos, best = next((pos, f) for pos, f in caption_box.findings() if f.term == "最佳")
    assert best.suggestion == "优质"
    caption_box._current = (p.captions.text.document().findBlock(pos), best)
    caption_box.card.replace_btn.click()
    assert p.captions.text.toPlainText() == "全网最低价，优质选择"
    qtbot.waitUntil(lambda: store.load(project, p.video_id).captions[0].text == "全网最低价，优质选择", timeout=3000)
    assert "最佳" not in [f.term for _, f in caption_box.findings()]


def test_hover_card_on_a_caption_hit(page, qtbot):
    p, _project = page
    caption_box = p.live_checks[0]
    p._add_caption()
    p.captions.text.setPlainText("加微信领取")
    qtbot.waitUntil(lambda: bool(caption_box.findings()), timeout=3000)
    rect = p.captions.text.cursorRect(p.captions.text.document().find("微信"))
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtCore import QEvent

    viewport = p.captions.text.viewport()
    at = QPoint(rect.center().x(), rect.center().y())
    caption_box.eventFilter(viewport, QHelpEvent(QEvent.ToolTip, at, viewport.mapToGlobal(at)))
    assert caption_box.card.isVisible() and "微信" in caption_box.card.title.text()
    caption_box.card.hide()


def test_overlay_text_is_checked_too(page, qtbot):
    p, _project = page
    overlay_box = p.live_checks[1]
    p.overlays.add_text()
    p.overlays.text.setPlainText("国家级好物")
    assert [f.term for _, f in overlay_box.findings()] == ["国家级"]
