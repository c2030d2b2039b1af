"""Live highlighting on text editors and line edits, hover-card actions, and the 审核 page."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextEdit

from studio.check.lexicon import builtin
from studio.check.matcher import Matcher
from studio.ui.check.highlighter import LiveChecker, attach, utf16_offsets


@pytest.fixture(scope="module")
def matcher():
    return Matcher(builtin())


@pytest.fixture
def live(matcher):
    c = LiveChecker()
    c.set_matcher(matcher)
    return c


@pytest.mark.parametrize("cls", [QPlainTextEdit, QTextEdit])
def test_highlights_follow_typing_and_map_emoji_offsets(qtbot, live, cls):
    ed = cls()
    qtbot.addWidget(ed)
    hook = attach(ed, live)
    ed.setPlainText("第一段很干净。\n😀加我薇信😀")
    found = hook.findings()
    assert [(f.text, f.term) for _, f in found] == [("薇信", "微信")]
    block = ed.document().findBlockByNumber(1)
    ranges = [(r.start, r.length) for r in block.layout().formats()]
    assert found[0][1].start == 3 and ranges == [(4, 2)]  # UTF-16: the emoji takes two positions
    assert utf16_offsets("😀a") == [0, 2, 3]
    ed.textCursor().insertText("")
    cursor = ed.textCursor()
    cursor.setPosition(0)
    cursor.insertText("最佳")
    assert [f.term for _, f in hook.findings()] == ["最佳", "微信"]


def test_replace_ignore_and_allow(qtbot, live):
    ed = QPlainTextEdit()
    qtbot.addWidget(ed)
    hook = attach(ed, live)
    ed.setPlainText("最佳选择，加微信")
    block = ed.document().firstBlock()
    best = next(f for _, f in hook.findings() if f.term == "最佳")
    hook.replace(block, best)
    assert ed.toPlainText() == "优质选择，加微信"
    wx = next(f for _, f in hook.findings() if f.term == "加微信")
    hook._current = (ed.document().firstBlock(), wx)
    hook._ignore()
    assert hook.findings() == []
    ed.setPlainText("他说加微信")  # a different paragraph text: ignoring was for that one only
    assert [f.term for _, f in hook.findings()] == ["加微信"]
    with qtbot.waitSignal(live.changed, timeout=20000):
        live.allow("加微信")
    assert hook.findings() == []


def test_line_edit_gets_tooltip(qtbot, live):
    le = QLineEdit()
    qtbot.addWidget(le)
    hook = attach(le, live)
    le.setText("全网最低价")
    assert [f.term for f in hook.hits] == ["全网最", "最低价"]
    assert "实惠价" in le.toolTip()


def test_check_page_with_project(qtbot, project, tmp_path):
    from studio.check import store
    from studio.ui.check.page import CheckPage
    from studio.ui.context import AppContext
    from studio.ui.settings import Settings

    ctx = AppContext(Settings())
    ctx.set_project(project)
    page = CheckPage(ctx)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.text_tab.live.ready, timeout=30000)
    page.text_tab._refresh()
    assert page.text_tab.results.rowCount() >= 5
    page.comment_tab.paste.setPlainText("甲：加我薇信\n乙：太差了，退钱！！")
    page.comment_tab._analyse_paste()
    assert page.comment_tab.table.rowCount() == 2
    store.create_lexicon(project, "测试")
    page.lexicon_tab.reload()
    assert page.lexicon_tab.lex_table.rowCount() == 1
    ctx.project = None  # the fixture closes the project
