"""The 视频 page at projector scale: it fits the window without scrolling and the whole timeline
(every track) stays on screen; narrow pages fold the media list into the panel tabs."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication

from studio.ui import theme
from studio.ui.app import create_window
from studio.ui.settings import Settings
from studio.video import store


@pytest.fixture
def restore_theme():
    yield
    theme.apply(QApplication.instance(), 1.0, False)  # later tests expect the normal scale


@pytest.mark.parametrize("scale,size,compact", [(1, (1280, 800), False), (2, (1280, 800), True),
                                                (2, (1920, 1080), True)])
def test_the_whole_timeline_is_visible_without_scrolling(qtbot, project, restore_theme, scale, size, compact):
    store.create(project, "v")
    w = create_window(Settings(scale=scale))
    qtbot.addWidget(w)
    w.resize(*size)
    w.ctx.set_project(project)
    w.show_page("video")
    w.show()
    qtbot.waitExposed(w)
    page = w.page("video")
    holder = w.stack.currentWidget()  # the scroll area the main window puts around pages
    qtbot.waitUntil(lambda: page.width() > 0 and page.compact == compact, timeout=3000)
    viewport = holder.viewport()
    # nothing to scroll (the scroll area settles once the page has folded its media list)
    qtbot.waitUntil(lambda: page.width() <= viewport.width() and page.height() <= viewport.height(), timeout=3000)
    assert not holder.verticalScrollBar().isVisible() and not holder.horizontalScrollBar().isVisible()
    canvas = page.view.canvas
    bottom = canvas.mapTo(viewport, QPoint(0, canvas._row_rect("captions").bottom())).y()
    assert 0 < bottom <= viewport.height()  # every track, down to the captions, is on screen
    assert canvas.width() > viewport.width() / 2
    assert (page.tabs.indexOf(page.media) == 0) == compact  # the media list is a tab when narrow
    assert page.media.isVisibleTo(page) and page.preview.height() > 0
    w.ctx.project = None
