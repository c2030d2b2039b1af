"""The 图文 page never loses typing: driven by real key and mouse events, checked in the project file."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from studio.editor import store
from studio.editor.article import Article, Block, Span, heading, paragraph
from studio.library.import_ import import_paths
from studio.ui.editor.page import EditorPage
from tests.conftest import make_image, open_page
from tests.gui import button, choose, double_click_item, type_text

BANNED = "国家级"  # 广告法极限词 in the built-in lexicon


@pytest.fixture
def page(qtbot, project, tmp_path):
    ids = [import_paths(project, [make_image(tmp_path / f"p{i}.png", size=(120, 90), seed=i)], workers=1).imported[0][1]
           for i in range(2)]
    p = open_page(qtbot, EditorPage, project, size=(1100, 700))
    p.asset_ids = ids
    yield p
    p.save()
    p.ctx.project = None  # the fixture closes the project


def new_article(page, qtbot, blocks=None) -> int:
    qtbot.mouseClick(button(page, "新建"), Qt.LeftButton)
    if blocks is not None:
        store.save_article(page.project, page.article_id, Article(title="测试", blocks=blocks))
    page.editor.setFocus()
    return page.article_id


def saved(page) -> Article:
    qtbot_wait_saved(page)
    return store.load_article(page.project, page.article_id)


def qtbot_wait_saved(page) -> None:
    if page.save_timer.isActive():
        page.save_timer.timeout.emit()  # as if the autosave delay had passed


def type_lines(qtbot, widget, *lines: str) -> None:
    type_text(qtbot, widget, "\n".join(lines))


def go_end(page) -> None:
    cursor = page.editor.textCursor()
    cursor.movePosition(QTextCursor.End)
    page.editor.setTextCursor(cursor)


def test_typing_on_after_inserting_images_keeps_every_line(page, qtbot):
    new_article(page, qtbot)
    ed = page.editor
    type_lines(qtbot, ed, "第一节")
    choose(qtbot, page.block_type, "h2")
    go_end(page)
    qtbot.keyClick(ed, Qt.Key_Return)
    type_lines(qtbot, ed, "开头一段。")
    double_click_item(qtbot, page.images, page.images.item(0))
    type_lines(qtbot, ed, "图后第一段。", "图后第二段。")
    double_click_item(qtbot, page.images, page.images.item(1))
    type_lines(qtbot, ed, "第二节")
    choose(qtbot, page.block_type, "h2")
    go_end(page)
    qtbot.keyClick(ed, Qt.Key_Return)
    type_lines(qtbot, ed, "引用的话")
    choose(qtbot, page.block_type, "quote")
    a = saved(page)
    kinds = [(b.kind, b.text) for b in a.blocks]
    assert kinds == [("heading", "第一节"), ("paragraph", "开头一段。"), ("image", ""),
                     ("paragraph", "图后第一段。"), ("paragraph", "图后第二段。"), ("image", ""),
                     ("heading", "第二节"), ("quote", "引用的话")]
    assert [b.caption for b in a.blocks if b.kind == "image"] == ["", ""]
    assert [b.asset_id for b in a.blocks if b.kind == "image"] == page.asset_ids


def test_enter_after_a_caption_starts_a_paragraph(page, qtbot):
    new_article(page, qtbot, [paragraph("前文"), Block("image", asset_id=1, caption="图注")])
    page.open_article(page.article_id)
    go_end(page)  # the empty line after the image
    qtbot.keyClick(page.editor, Qt.Key_Backspace)  # back into the caption line
    type_lines(qtbot, page.editor, "！", "新段落")
    a = saved(page)
    assert a.blocks[1].caption == "图注！"
    assert (a.blocks[2].kind, a.blocks[2].text) == ("paragraph", "新段落")


def test_editing_the_title_keeps_the_cover(page, qtbot):
    new_article(page, qtbot)
    choose(qtbot, page.cover, f"asset:{page.asset_ids[1]}")
    assert saved(page).cover_asset_id == page.asset_ids[1]
    page.title.setFocus()
    type_text(qtbot, page.title, "新标题")
    assert saved(page).cover_asset_id == page.asset_ids[1]
    page.editor.setFocus()
    type_text(qtbot, page.editor, "正文")
    a = saved(page)
    assert a.cover_asset_id == page.asset_ids[1] and a.title.endswith("新标题") and "正文" in a.body_text()
    assert page.cover.currentData() == f"asset:{page.asset_ids[1]}"


def highlighted(page, text: str) -> bool:
    doc = page.editor.document()
    block = doc.begin()
    while block.isValid():
        at = block.text().find(text)
        if at >= 0 and any(r.start <= at < r.start + r.length for r in block.layout().formats()):
            return True
        block = block.next()
    return False


def test_live_highlighting_survives_insert_block_type_and_theme(page, qtbot):
    new_article(page, qtbot)
    type_text(qtbot, page.editor, f"我们是{BANNED}品牌")
    qtbot.waitUntil(lambda: highlighted(page, BANNED))
    double_click_item(qtbot, page.images, page.images.item(0))
    qtbot.waitUntil(lambda: highlighted(page, BANNED))
    page.editor.moveCursor(QTextCursor.Start)
    choose(qtbot, page.block_type, "h1")
    qtbot.waitUntil(lambda: highlighted(page, BANNED))
    choose(qtbot, page.theme, "tech")
    qtbot.waitUntil(lambda: highlighted(page, BANNED))
    assert saved(page).theme == "tech"


def test_block_type_menu_follows_the_cursor_and_leaves_focus_in_the_text(page, qtbot):
    new_article(page, qtbot, [heading("大标题", level=1)] + [paragraph(f"第{i}段") for i in range(60)])
    page.open_article(page.article_id)
    page.editor.setFocus()
    assert page.block_type.currentData() == "h1"  # the cursor is in the heading
    go_end(page)
    page.editor.moveCursor(QTextCursor.Up)
    assert page.block_type.currentData() == "paragraph"
    bar = page.editor.verticalScrollBar()
    assert bar.value() > 0
    before = bar.value()
    choose(qtbot, page.block_type, "h3")
    assert bar.value() == before  # no jump
    assert QApplication.focusWidget() is page.editor
    assert page.block_type.currentData() == "h3"
    type_text(qtbot, page.editor, "续")
    (block,) = [b for b in saved(page).blocks if b.text.endswith("续")]
    assert block.kind == "heading" and block.level == 3 and block.text == "第58段续"


def test_history_names_each_step(page, qtbot):
    new_article(page, qtbot)
    type_text(qtbot, page.editor, "一段话")
    saved(page)
    type_text(qtbot, page.editor, "，接着打字")  # the same burst: one step
    saved(page)
    page.title.setFocus()
    type_text(qtbot, page.title, "题")
    saved(page)
    labels = [h["label"] for h in page.project.history()]
    assert labels[-2:] == ["编辑图文：正文 / Edit article: body", "修改标题 / Edit title"]
    page.project.undo()
    page.project.undo()
    a = store.load_article(page.project, page.article_id)
    assert a.body_text().strip() == "" and not a.title.endswith("题")


def test_ctrl_z_in_the_body_goes_past_an_insert_to_the_project(page, qtbot):
    new_article(page, qtbot)
    type_text(qtbot, page.editor, "文字")
    double_click_item(qtbot, page.images, page.images.item(0))
    assert any(b.kind == "image" for b in saved(page).blocks)
    qtbot.keyClick(page.editor, Qt.Key_Z, Qt.ControlModifier)
    assert not any(b.kind == "image" for b in store.load_article(page.project, page.article_id).blocks)
    assert not any(b.kind == "image" for b in page.article.blocks)  # and the page shows it


def test_undo_from_the_menu_saves_pending_typing_first(page, qtbot):
    new_article(page, qtbot)
    type_text(qtbot, page.editor, "还没保存")
    assert page.save_timer.isActive()
    page.ctx.flush.emit()  # what the window does before its Edit → Undo
    assert "还没保存" in store.load_article(page.project, page.article_id).body_text()


def test_without_an_article_the_fields_are_disabled_with_a_hint(page, qtbot):
    assert page.article_id is None
    assert page.empty_hint.isVisible() and not page.body.isEnabled()
    new_article(page, qtbot)
    assert not page.empty_hint.isVisible() and page.body.isEnabled()


def test_own_saves_do_not_rebuild_the_document(page, qtbot):
    new_article(page, qtbot)
    type_text(qtbot, page.editor, "打字")
    doc = page.editor.document()
    doc_revision = doc.revision()
    saved(page)
    assert doc.revision() == doc_revision  # a rebuild would have cleared and refilled it
    other = store.load_article(page.project, page.article_id)
    other.blocks.append(Block("paragraph", [Span("别处改的")]))
    store.save_article(page.project, page.article_id, other)  # e.g. the CLI or the checker
    assert "别处改的" in page.editor.toPlainText()
