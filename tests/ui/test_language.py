"""One language at a time: in English no Chinese is left in the program's own strings, and in
Chinese the standard dialog buttons, progress texts and status messages are Chinese (Qt's own
translations, qtbase_zh_CN, are loaded for the standard dialogs). The scan walks every page of a
fresh, empty project (project data such as titles is exempt) and reads every visible widget's
text, placeholder, tooltip, items, headers, tabs and menu entries."""
from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QApplication, QComboBox, QDialogButtonBox,
                               QGroupBox, QLabel, QLineEdit, QMenu, QMessageBox, QPlainTextEdit, QTabBar,
                               QTextEdit, QWidget)

from studio.ui import pages, theme
from studio.ui.app import create_window
from studio.ui.settings import Settings

CHINESE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def _menu_texts(menu: QMenu, where: str):
    if menu.title():
        yield where, menu.title()
    for action in menu.actions():
        if action.isSeparator():
            continue
        if action.property("bilingual"):  # the language menu names each language in itself
            continue
        yield where, action.text()
        if action.toolTip() and action.toolTip() != action.text().replace("&", ""):
            yield where, action.toolTip()
        if action.menu() is not None:
            yield from _menu_texts(action.menu(), where)


def _model_texts(view: QAbstractItemView):
    model = view.model()
    if model is None:
        return
    header = view.horizontalHeader() if hasattr(view, "horizontalHeader") else \
        view.header() if hasattr(view, "header") else None
    if header is not None:
        for section in range(header.count()):
            value = model.headerData(section, Qt.Horizontal, Qt.DisplayRole)
            if isinstance(value, str):
                yield value


def _texts(window) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for top in window.menuBar().actions():
        out += list(_menu_texts(top.menu(), "menu"))
    for w in window.findChildren(QWidget):
        if not w.isVisibleTo(window):
            continue
        where = f"{type(w).__name__} {w.objectName()}".strip()
        if w.toolTip():
            out.append((where, w.toolTip()))
        if isinstance(w, QLabel):
            out.append((where, re.sub(r"<[^>]+>", "", w.text())))
        elif isinstance(w, QAbstractButton):
            out.append((where, w.text()))
            if getattr(w, "menu", None) is not None and w.menu() is not None:
                out += list(_menu_texts(w.menu(), where))
        elif isinstance(w, QGroupBox):
            out.append((where, w.title()))
        elif isinstance(w, QLineEdit):
            out.append((where, w.placeholderText()))
        elif isinstance(w, (QTextEdit, QPlainTextEdit)):
            out.append((where, w.placeholderText()))
        elif isinstance(w, QComboBox):
            out += [(where, w.itemText(i)) for i in range(w.count())]
        elif isinstance(w, QTabBar):
            out += [(where, w.tabText(i)) for i in range(w.count())] + [(where, w.tabToolTip(i))
                                                                         for i in range(w.count())]
        if isinstance(w, QAbstractItemView) and not isinstance(w, QComboBox):
            out += [(where, t) for t in _model_texts(w)]
            model = w.model()
            if model is not None and w.objectName() != "nav" and not hasattr(model, "ROW_ROLE"):
                from PySide6.QtCore import QModelIndex

                for row in range(min(model.rowCount(), 30)):  # fixed items (no project data here)
                    value = model.index(row, 0).data(Qt.DisplayRole)
                    if isinstance(value, str):
                        out.append((where, value))
        for action in w.actions():
            if action.text():
                out.append((where, action.text()))
    return [(where, text) for where, text in out if text]


@pytest.fixture
def window_in(qtbot, project):
    made = []

    def make(language: str):
        w = create_window(Settings(language=language))
        qtbot.addWidget(w)
        w.ctx.set_project(project)
        w.resize(1600, 1000)
        w.show()
        made.append(w)
        return w

    yield make
    import gc

    from PySide6.QtCore import QThreadPool

    QThreadPool.globalInstance().waitForDone(10000)  # page workers (thumbnails, checks) are done
    QApplication.processEvents()
    gc.collect()  # the replaced pages' garbage goes here, on the GUI thread, not in a worker
    for w in made:
        w.ctx.project = None  # the fixture closes the project
    theme.apply(QApplication.instance(), 1.0, False)


@pytest.mark.parametrize("key", [p[0] for p in pages.PAGES])
def test_english_mode_has_no_chinese(window_in, key):
    w = window_in("en")
    w.show_page(key)
    QApplication.processEvents()
    found = sorted({(where, text) for where, text in _texts(w) if CHINESE.search(text)})
    assert not found, "\n".join(f"{where}: {text}" for where, text in found)


def test_switching_language_live_leaves_no_chinese(window_in):
    w = window_in("zh")
    w.change(language="en")
    for key, *_ in pages.PAGES:
        w.show_page(key)
        QApplication.processEvents()
        found = sorted({(where, text) for where, text in _texts(w) if CHINESE.search(text)})
        assert not found, key + ":\n" + "\n".join(f"{where}: {text}" for where, text in found)
    w.change(language="zh")
    assert w.nav.item(1).text() == "素材库"


def test_chinese_mode_standard_buttons_are_chinese(window_in):
    """Qt's own strings (OK/Cancel, Yes/No, Save/Discard …) come from qtbase_zh_CN."""
    w = window_in("zh")
    box = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel | QDialogButtonBox.Yes | QDialogButtonBox.No
                           | QDialogButtonBox.Save | QDialogButtonBox.Discard | QDialogButtonBox.Close, parent=w)
    texts = [b.text() for b in box.buttons()]
    assert not [t for t in texts if LATIN_WORD.search(t)], texts
    msg = QMessageBox(QMessageBox.Question, "t", "t", QMessageBox.Ok | QMessageBox.Cancel, w)
    assert not [b.text() for b in msg.buttons() if LATIN_WORD.search(b.text())]
    w.change(language="en")
    box = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, parent=w)
    assert sorted(b.text().replace("&", "") for b in box.buttons()) == ["Cancel", "OK"]


def test_chinese_mode_status_and_progress_texts(window_in, qtbot):
    from studio.ui import workers

    w = window_in("zh")
    seen = []

    def job(progress, cancel):
        progress(0.5, "")
        return 1

    worker = w.ctx.run(job, title="正在处理…", on_done=seen.append)
    qtbot.waitUntil(lambda: seen == [1], timeout=10000)
    texts = [workers.eta_text(15.0, "zh"), workers.eta_text(75.0, "zh"), workers.eta_text(4000.0, "zh")]
    assert not [t for t in texts if LATIN_WORD.search(t)], texts
    english = [workers.eta_text(15.0, "en"), workers.eta_text(75.0, "en")]
    assert not [t for t in english if CHINESE.search(t)], english
    del worker


@pytest.mark.parametrize("text, pair", [
    ("抖音 Douyin", ("抖音", "Douyin")), ("视频号 WeChat Channels", ("视频号", "WeChat Channels")),
    ("草稿 Draft (fast)", ("草稿", "Draft (fast)")), ("插入图片 / Insert image", ("插入图片", "Insert image")),
    ("删除选中的节拍（Delete）/ delete the selected beat (Delete)",
     ("删除选中的节拍（Delete）", "delete the selected beat (Delete)")),
    ("添加笔记", ("添加笔记", "添加笔记")), ("B站", ("B站", "B站")), ("Markdown", ("Markdown", "Markdown")),
    ("打开 城市.jpg / Open 城市.jpg", ("打开 城市.jpg / Open 城市.jpg",) * 2),  # unsure: keep both
])
def test_split_bilingual(text, pair):
    from studio.ui.context import split_bilingual

    assert split_bilingual(text) == pair


@pytest.mark.parametrize("language, expected", [("zh", ["已保存：插入图片", "撤销 插入图片"]),
                                                ("en", ["Saved: Insert image", "Undo Insert image"])])
def test_history_labels_in_one_language(window_in, project, language, expected):
    from studio.project.models import Asset

    w = window_in(language)
    with project.action("插入图片 / Insert image") as s:
        s.add(Asset(kind="note", title="n"))
    assert [w.statusBar().currentMessage(), w.undo_action.text()] == expected


@pytest.mark.parametrize("language", ["zh", "en"])
def test_error_box_in_one_language(window_in, qtbot, language):
    from studio.project.errors import StudioError
    from studio.ui.errors import show_error

    w = window_in(language)
    show_error(w, StudioError("文件不存在 / File not found"))
    box = next(b for b in w.findChildren(QMessageBox) if b.isVisible())
    shown = " ".join([box.windowTitle(), box.text()] + [b.text() for b in box.buttons()])
    other = LATIN_WORD if language == "zh" else CHINESE
    assert not other.search(shown), shown
    box.close()
