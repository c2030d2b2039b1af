"""The 图文 page: the document view round-trips the model, edits save, drops and pastes work."""
from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication, QImage, QTextCursor, QTextDocument

from studio.editor import store
from studio.editor.article import merge_spans
from studio.editor.blocks import STYLED_BLOCKS
from studio.editor.sample import sample_article
from studio.editor.article import Block, Span, styled
from studio.editor.themes import get_theme
from studio.library.import_ import import_paths
from studio.ui.context import AppContext
from studio.ui.editor.document import DocumentBuilder, read_blocks
from studio.ui.editor.page import EditorPage
from studio.ui.editor.textedit import ASSET_MIME
from studio.ui.settings import Settings
from tests.conftest import make_image


def normalised(blocks):
    for b in blocks:
        b.spans = merge_spans(b.spans)
    return blocks


def test_document_round_trip(qtbot):
    article = sample_article([1, 2, 3])
    article.blocks += [styled(k, title=f"T{k}", text="" if k.startswith("titlebar") else "正文",
                              asset_id=1 if k.startswith("image") else None) for k in STYLED_BLOCKS]
    article.blocks += [Block("spacer", height=40), Block("heading", [Span("三级标题")], level=3),
                       Block("paragraph", [Span("多行\n段落", italic=True), Span("大字", size=24, highlight="#ffec99")])]
    doc = QTextDocument()
    DocumentBuilder(doc, get_theme("ink"), lambda i: QImage(40, 20, QImage.Format_RGB32)).build(article.blocks)
    assert read_blocks(doc) == normalised(article.blocks)


@pytest.fixture
def page(qtbot, project, tmp_path):
    photo = make_image(tmp_path / "photo.png", size=(160, 120))
    asset_id = import_paths(project, [photo], workers=1).imported[0][1]
    store.create_article(project, sample_article([asset_id]))
    ctx = AppContext(Settings())
    ctx.project = project
    project.subscribe(ctx._on_project_change)
    p = EditorPage(ctx)
    qtbot.addWidget(p)
    p.asset_id = asset_id
    yield p
    p.set_project(None)  # as the window does before a project closes


def test_typing_saves_to_the_project(page):
    cursor = page.editor.textCursor()
    cursor.movePosition(QTextCursor.End)
    page.editor.setTextCursor(cursor)
    page.editor.insertPlainText("按装好了")
    page.title.setText("新的标题")
    page.save()
    saved = store.load_article(page.project, page.article_id)
    assert saved.title == "新的标题"
    assert "按装好了" in saved.body_text()
    assert any(i.kind == "typo" for i in __import__("studio.editor.proofread", fromlist=["x"]).proofread(saved).issues)
    assert page.issues.count() > 0  # the proofreading panel shows the typo


def test_theme_is_one_click_and_undoable(page):
    page.apply_theme("tech")
    assert store.load_article(page.project, page.article_id).theme == "tech"
    page.project.undo()
    assert store.load_article(page.project, page.article_id).theme == "warm"
    assert page.theme.currentData() == "warm"  # the page followed the project's undo


def test_drop_library_image_inserts_after_cursor_block(page):
    before = store.load_article(page.project, page.article_id)
    cursor = page.editor.textCursor()
    cursor.movePosition(QTextCursor.Start)
    page.editor.setTextCursor(cursor)
    data = QMimeData()
    data.setData(ASSET_MIME, json.dumps([page.asset_id]).encode())
    page.editor.insertFromMimeData(data)
    after = store.load_article(page.project, page.article_id)
    assert len(after.blocks) == len(before.blocks) + 1
    assert [b.asset_id for b in after.blocks if b.kind == "image"].count(page.asset_id) == 2


def test_paste_is_cleaned(page):
    cursor = page.editor.textCursor()
    cursor.movePosition(QTextCursor.End)
    page.editor.setTextCursor(cursor)
    data = QMimeData()
    data.setHtml('<p style="color:red;font-size:40px">网页 文字,带样式</p>')
    data.setText("网页 文字,带样式\u200b")
    page.editor.insertFromMimeData(data)
    page.save()
    last = store.load_article(page.project, page.article_id).blocks[-1]
    assert last.text.endswith("网页文字，带样式")
    # the pasted run takes the style at the cursor, none of the page's red 40px
    assert {(s.color, s.size) for s in last.spans} == {("#888888", 0)}


def test_copy_as_rich_text_has_inline_styles_only(page):
    page.copy_rich()
    mime = QGuiApplication.clipboard().mimeData()
    html = mime.html()
    assert "<section" in html and 'style="' in html
    assert "<style" not in html and "class=" not in html
    assert "file://" in html  # the library picture, by its file
    QGuiApplication.clipboard().clear()  # offscreen Qt crashes at exit if the clipboard still owns data


def test_opening_an_article_is_not_an_edit(page):
    before = len(page.project.history())
    page.save()
    assert len(page.project.history()) == before
