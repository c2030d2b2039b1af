"""审核 → 替换 / 全部采用建议 on a loaded post change the post itself (article, its cover, a video's
captions and overlays), as one undo step, and refuse when the post changed meanwhile."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from studio.editor import canvas_store, store
from studio.editor.article import Article, Block, Span, bullet_list
from studio.editor.canvas import Canvas, text_layer
from studio.ui.check.page import CheckPage
from studio.video import store as video_store
from studio.video.captions import Caption
from studio.video.timeline import Overlay
from tests.conftest import open_page
from tests.gui import button


@pytest.fixture
def posts(project):
    cover = Canvas(800, 400, name="封面")
    cover.add(text_layer("最佳封面", 100, 100, 400, 80))
    cover_id = canvas_store.add_canvas(project, cover)
    article = Article(title="全网最佳好物", digest="首选好物", cover_canvas_id=cover_id, blocks=[
        Block("paragraph", [Span("这是"), Span("最佳", bold=True), Span("选择")]), bullet_list("顶级品质", "普通")])
    article_id = store.create_article(project, article)
    video_id = video_store.create(project, "测评")
    tl = video_store.load(project, video_id, resolve=False)
    tl.captions = [Caption(0.0, 1.0, "大家好"), Caption(1.0, 2.0, "想要的加我薇信")]
    tl.overlays = [Overlay("text", 0.0, 2.0, text="顶级品质")]
    video_store.save(project, video_id, tl, "字幕")
    return {"article": article_id, "cover": cover_id, "video": video_id}


@pytest.fixture
def tab(qtbot, project, posts):
    page = open_page(qtbot, CheckPage, project, size=(1400, 800))
    qtbot.waitUntil(lambda: page.text_tab.live.ready, timeout=30000)
    yield page.text_tab
    page.ctx.project = None  # the fixture closes the project


def load(tab, qtbot, kind: str, post_id: int) -> None:
    tab.posts.setCurrentIndex(next(i for i in range(tab.posts.count()) if tab.posts.itemData(i) == (kind, post_id)))
    QTest.mouseClick(button(tab, "载入作品"), Qt.LeftButton)
    qtbot.waitUntil(lambda: bool(tab.checker.findings()), timeout=5000)


def hover_and_replace(tab, qtbot, word: str) -> None:
    """Hover the word in the editor, then click the card's 替换 button."""
    pos = tab.editor.toPlainText().index(word)
    cursor = QTextCursor(tab.editor.document())
    cursor.setPosition(pos + 1)
    point = tab.editor.cursorRect(cursor).center()
    viewport = tab.editor.viewport()
    QTest.mouseMove(viewport, point)
    QApplication.sendEvent(viewport, QHelpEvent(QEvent.ToolTip, point, viewport.mapToGlobal(point)))
    card = tab.checker.card
    qtbot.waitUntil(card.isVisible, timeout=3000)
    QTest.mouseClick(card.replace_btn, Qt.LeftButton)


def test_apply_all_writes_the_article_and_its_cover_as_one_undo_step(tab, qtbot, project, posts):
    load(tab, qtbot, "article", posts["article"])
    assert "首选好物" in tab.editor.toPlainText() and "最佳封面" in tab.editor.toPlainText()
    before = len(project.history())
    QTest.mouseClick(button(tab, "全部采用建议"), Qt.LeftButton)
    art = store.load_article(project, posts["article"])
    assert (art.title, art.digest) == ("全网优质好物", "推荐好物")
    assert [(s.text, s.bold) for s in art.blocks[0].spans] == [("这是", False), ("优质", True), ("选择", False)]
    assert [s.text for item in art.blocks[1].items for s in item] == ["高端品质", "普通"]
    assert canvas_store.load_canvas(project, posts["cover"]).layers[0].props["text"] == "优质封面"
    history = project.history()
    assert len(history) == before + 1 and history[-1]["label"].startswith("审核：采用")
    assert "最佳" not in tab.editor.toPlainText()
    project.undo()
    assert store.load_article(project, posts["article"]).title == "全网最佳好物"
    assert canvas_store.load_canvas(project, posts["cover"]).layers[0].props["text"] == "最佳封面"


def test_replace_from_the_hover_card_fixes_the_video_caption(tab, qtbot, project, posts):
    load(tab, qtbot, "video", posts["video"])
    hover_and_replace(tab, qtbot, "薇信")
    tl = video_store.load(project, posts["video"], resolve=False)
    assert [c.text for c in tl.captions] == ["大家好", "想要的加我私信"]
    assert tl.overlays[0].text == "顶级品质"  # only what was replaced
    assert "加我私信" in tab.editor.toPlainText()
    assert project.history()[-1]["label"] == "审核：“薇信”改为“私信” / Check: replace with 私信"
    hover_and_replace(tab, qtbot, "顶级")  # the editor's lines still map onto the post
    assert video_store.load(project, posts["video"], resolve=False).overlays[0].text == "高端品质"


def test_a_text_changed_elsewhere_is_not_overwritten(tab, qtbot, project, posts, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    load(tab, qtbot, "article", posts["article"])
    art = store.load_article(project, posts["article"])
    art.title = "全网最佳好物！"
    store.save_article(project, posts["article"], art)  # e.g. on the 图文 page
    hover_and_replace(tab, qtbot, "最佳")
    assert warnings and "重新载入" in warnings[0]
    assert store.load_article(project, posts["article"]).title == "全网最佳好物！"
    assert tab.editor.toPlainText().startswith("全网最佳好物\n")  # the checker's copy is unchanged too
