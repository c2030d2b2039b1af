"""The 1+X practical task, done in the real window with keys and the mouse, on a fresh project.

After each step the project file is read back: what the user did must be there, and nothing
done before may be gone. Scale, contrast and language change between steps, as a teacher does
on a projector.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QFileDialog, QToolButton
from sqlalchemy import select

from studio.check.report import build_report
from studio.editor import canvas_store, store
from studio.project import open_project
from studio.project.models import Asset
from studio.ui.canvas.dialogs import NewCanvasDialog
from tests.conftest import make_image, make_music, make_video, open_window
from tests.gui import (button, choose, click, double_click_item, menu_action, open_tab, type_text,
                                when_dialog_opens)


@pytest.fixture
def material(tmp_path) -> Path:
    folder = tmp_path / "素材"
    folder.mkdir()
    for i in range(4):
        make_image(folder / f"photo{i}.jpg", size=(200, 150), seed=i)
    make_music(folder / "song.wav", seconds=8, bpm=120)
    for i, source in enumerate(("testsrc2", "mandelbrot")):
        make_video(folder / f"clip{i}.mp4", seconds=2, size="96x64", source=source, audio=False)
    return folder


@pytest.fixture
def window(qtbot, project):
    w = open_window(qtbot, project)
    yield w
    w.ctx.project = None  # the fixture closes the project


def assets(project) -> list[Asset]:
    with project.read() as s:
        return list(s.scalars(select(Asset).order_by(Asset.id)))


def the_article(project):
    (info,) = store.list_articles(project)
    return info.id, store.load_article(project, info.id)


def step_import_folder(qtbot, window, material, monkeypatch):
    window.show_page("library")
    page = window.built["library"]
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(material))
    click(qtbot, button(page, "导入文件夹…"))
    qtbot.waitUntil(lambda: len(assets(window.ctx.project)) == 7, timeout=60000)
    qtbot.waitUntil(lambda: page.model.rowCount() == 7)
    assert sorted(a.kind for a in assets(window.ctx.project)) == ["audio"] + ["image"] * 4 + ["video"] * 2
    assert [h["label"] for h in window.ctx.project.history()][-1].startswith("导入")  # one step


def step_licence_on_a_selection(qtbot, window):
    page = window.built["library"]
    grid = page.grid
    first, last = page.model.index(0, 0), page.model.index(2, 0)
    qtbot.mouseClick(grid.viewport(), Qt.LeftButton, pos=grid.visualRect(first).center())
    qtbot.mouseClick(grid.viewport(), Qt.LeftButton, Qt.ShiftModifier, pos=grid.visualRect(last).center())
    qtbot.waitUntil(lambda: len(page.selected_ids()) == 3)
    chosen = page.selected_ids()
    choose(qtbot, page.details.licence, "cc0")
    qtbot.waitUntil(lambda: {a.id for a in assets(window.ctx.project) if a.licence == "cc0"} == set(chosen))


def step_write_article(qtbot, window):
    window.show_page("editor")
    page = window.built["editor"]
    click(qtbot, button(page, "新建"))
    ed = page.editor
    ed.setFocus()
    image_rows = [page.images.item(i) for i in range(3)]
    for n, head in enumerate(("一、为什么", "二、怎么做", "三、做得好")):
        if n:
            qtbot.keyClick(ed, Qt.Key_Return)
        type_text(qtbot, ed, head)
        choose(qtbot, page.block_type, "h2")
        ed.moveCursor(QTextCursor.EndOfBlock)
        qtbot.keyClick(ed, Qt.Key_Return)
        type_text(qtbot, ed, f"第{n + 1}节的正文，效果最好。")
        double_click_item(qtbot, page.images, image_rows[n])  # while typing: then go on typing
        type_text(qtbot, ed, f"图{n + 1}之后接着写。")
    qtbot.keyClick(ed, Qt.Key_Return)
    type_text(qtbot, ed, "好内容自己会说话")
    choose(qtbot, page.block_type, "quote")
    ed.moveCursor(QTextCursor.End)
    qtbot.keyClick(ed, Qt.Key_Return)
    click(qtbot, next(b for b in page.findChildren(QToolButton) if b.text() == "•"))
    type_text(qtbot, ed, "选题\n写作\n排版")
    page.save()
    _, a = the_article(window.ctx.project)
    kinds = [b.kind for b in a.blocks]
    assert kinds.count("heading") == 3 and kinds.count("image") == 3 and kinds.count("quote") == 1
    assert [b.text for b in a.blocks if b.kind == "heading"] == ["一、为什么", "二、怎么做", "三、做得好"]
    assert all(f"图{n}之后接着写。" in a.body_text() for n in (1, 2, 3))
    assert [b.caption for b in a.blocks if b.kind == "image"] == ["", "", ""]
    (lst,) = [b for b in a.blocks if b.kind == "list"]
    assert ["".join(s.text for s in item) for item in lst.items] == ["选题", "写作", "排版"]


def step_theme_and_title(qtbot, window):
    page = window.built["editor"]
    choose(qtbot, page.theme, "tech")
    page.title.setFocus()
    page.title.selectAll()
    type_text(qtbot, page.title, "新媒体实操：从选题到发布")
    page.save()
    _, a = the_article(window.ctx.project)
    assert a.theme == "tech" and a.title == "新媒体实操：从选题到发布"
    assert sum(b.kind == "image" for b in a.blocks) == 3  # retitling kept the body


def step_export(qtbot, window, tmp_path, monkeypatch):
    page = window.built["editor"]
    export = next(b for b in page.findChildren(QToolButton) if b.text() == "导出")
    for label, name in (("公众号 HTML…", "article.html"), ("长图 PNG/JPEG…", "long.png")):
        out = tmp_path / name
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, o=out, **k: (str(o), ""))
        next(a for a in export.menu().actions() if a.text() == label).trigger()
        qtbot.waitUntil(out.exists, timeout=30000)
    html = (tmp_path / "article.html").read_text(encoding="utf-8")
    assert "新媒体实操" in html and "图3之后接着写" in html


def step_cover_from_template(qtbot, window):
    window.show_page("canvas")
    page = window.built["canvas"]
    when_dialog_opens(qtbot, lambda d: double_click_item(qtbot, d.templates, d.templates.item(0)), NewCanvasDialog)
    click(qtbot, button(page, "从模板创建"))
    qtbot.waitUntil(lambda: len(canvas_store.list_canvases(window.ctx.project)) == 1)
    (design,) = canvas_store.list_canvases(window.ctx.project)
    window.show_page("editor")
    editor = window.built["editor"]
    choose(qtbot, editor.cover, f"canvas:{design.id}")
    editor.save()
    assert the_article(window.ctx.project)[1].cover_canvas_id == design.id
    return design.id


def step_check_and_fix(qtbot, window):
    window.show_page("check")
    tab = window.built["check"].text_tab
    article_id, _ = the_article(window.ctx.project)
    choose(qtbot, tab.posts, ("article", article_id))
    click(qtbot, button(tab, "载入作品"))
    qtbot.waitUntil(lambda: "最好" in tab.editor.toPlainText())
    qtbot.waitUntil(lambda: bool(tab.checker.findings()))
    click(qtbot, button(tab, "全部采用建议"))
    _, a = the_article(window.ctx.project)
    assert "最好" not in a.body_text() and a.body_text().count("效果很好") == 3
    assert sum(b.kind == "image" for b in a.blocks) == 3 and a.theme == "tech"


def step_publish_check(qtbot, window):
    window.show_page("report")
    page = window.built["report"]
    article_id, _ = the_article(window.ctx.project)
    choose(qtbot, page.kind, "article")
    choose(qtbot, page.post, article_id)
    click(qtbot, page.check_btn)
    qtbot.waitUntil(lambda: page.report is not None and page.report.id == article_id, timeout=30000)
    report = build_report(window.ctx.project, "article", article_id)
    assert page.report.overall == report.overall
    assert not [f for f in report.findings if f.level == "block"]


def step_beat_cut(qtbot, window):
    from PySide6.QtWidgets import QPushButton

    from studio.video import store as videos

    window.show_page("video")
    page = window.built["video"]
    click(qtbot, button(page, "新建视频"))
    qtbot.waitUntil(lambda: page.video_id is not None)
    media = page.assets
    for row in range(media.count()):  # the song and both clips, with Ctrl held as a user does
        item = media.item(row)
        if item.data(Qt.UserRole + 1) in ("audio", "video"):
            qtbot.mouseClick(media.viewport(), Qt.LeftButton, Qt.ControlModifier, pos=media.visualItemRect(item).center())
    click(qtbot, button(page, "加入视频轨"))
    qtbot.waitUntil(lambda: len(videos.load(window.ctx.project, page.video_id).clips) == 2)
    tabs = page.tabs
    open_tab(qtbot, tabs, page.music)
    for spin, value in ((page.music.src_in, "1.0"), (page.music.src_out, "7.0")):
        spin.setFocus()
        spin.selectAll()
        type_text(qtbot, spin, value)
        qtbot.keyClick(spin, Qt.Key_Return)
    music = videos.load(window.ctx.project, page.video_id).music
    assert (music.src_in, music.src_out) == (1.0, 7.0)
    click(qtbot, next(b for b in page.findChildren(QPushButton) if b.text() == "一键踩点"))
    qtbot.waitUntil(lambda: len(videos.load(window.ctx.project, page.video_id).clips) > 2, timeout=60000)
    open_tab(qtbot, tabs, page.captions)
    for text in ("第一句字幕", "第二句字幕"):
        click(qtbot, button(page.captions, "添加"))
        qtbot.waitUntil(lambda: page.captions.text.toPlainText() == "在这里输入字幕")  # selected, ready to type over
        page.captions.text.selectAll()
        type_text(qtbot, page.captions.text, text)
        page.captions._timer.timeout.emit() if page.captions._timer.isActive() else None
    tl = videos.load(window.ctx.project, page.video_id)
    assert [c.text for c in tl.captions] == ["第一句字幕", "第二句字幕"]
    assert tl.captions[0].end <= tl.captions[1].start  # the second does not lie on the first
    assert (tl.music.src_in, tl.music.src_out) == (1.0, 7.0)
    assert abs(tl.duration - 6.0) < 0.3  # cut to the trimmed song
    return page.video_id


def test_the_whole_practical_task(qtbot, window, project, material, tmp_path, monkeypatch):
    step_import_folder(qtbot, window, material, monkeypatch)
    step_licence_on_a_selection(qtbot, window)
    menu_action(window, "设置", "界面缩放", "125%").trigger()
    step_write_article(qtbot, window)
    menu_action(window, "设置", "高对比度（投影）").trigger()
    step_theme_and_title(qtbot, window)
    step_export(qtbot, window, tmp_path, monkeypatch)
    design_id = step_cover_from_template(qtbot, window)
    video_id = step_beat_cut(qtbot, window)
    step_check_and_fix(qtbot, window)
    menu_action(window, "设置", "语言 Language", "English").trigger()
    step_publish_check(qtbot, window)
    menu_action(window, "Settings", "Language 语言", "中文").trigger()
    menu_action(window, "设置", "高对比度（投影）").trigger()
    menu_action(window, "设置", "界面缩放", "100%").trigger()

    # quit, reopen, undo: the last step (the checker's fix) comes back, nothing else moves
    path = project.path
    window.close()
    assert window.ctx.project is None
    reopened = open_window(qtbot)
    assert reopened.open_path(str(path))
    try:
        reopened.show_page("editor")
        reopened.activateWindow()
        qtbot.waitUntil(reopened.isActiveWindow)
        qtbot.keyClick(QApplication.focusWidget() or reopened, Qt.Key_Z, Qt.ControlModifier)  # where the user's key goes
        _, a = the_article(reopened.ctx.project)
        assert a.body_text().count("效果最好") == 3, reopened.ctx.project.history()[-6:]
        assert a.title == "新媒体实操：从选题到发布" and a.cover_canvas_id == design_id and a.theme == "tech"
        assert len([x for x in assets(reopened.ctx.project) if x.licence == "cc0"]) == 3
        from studio.video import store as videos

        assert [c.text for c in videos.load(reopened.ctx.project, video_id).captions] == ["第一句字幕", "第二句字幕"]
    finally:
        reopened.ctx.set_project(None)
    with open_project(path) as p:  # and it is all in the file
        assert the_article(p)[1].body_text().count("效果最好") == 3
