"""The details panel saves as you edit: a choice at once, typing after a pause or when another
tile is clicked; each edit is one undoable action with a readable label, and there is no save button."""
import pytest
from PySide6.QtCore import QEvent, Qt, QThreadPool
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton

from studio.library import catalog, import_
from studio.ui.context import AppContext
from studio.ui.library.model import ID_ROLE
from studio.ui.library.page import LibraryPage
from studio.ui.settings import Settings
from tests.conftest import make_image


@pytest.fixture
def page(qtbot, project, tmp_path):
    for n, name in enumerate(("海边日落", "雪山风景", "城市")):
        make_image(tmp_path / f"{name}.jpg", seed=n)
    import_.import_paths(project, [tmp_path])
    ctx = AppContext(Settings())
    ctx.project = project
    project.subscribe(ctx._on_project_change)
    p = LibraryPage(ctx)
    qtbot.addWidget(p)
    p.resize(1400, 900)
    p.show()
    qtbot.waitExposed(p)
    qtbot.waitUntil(lambda: p.model.rowCount() == 3, timeout=10000)
    yield p
    QThreadPool.globalInstance().waitForDone(10000)
    ctx.project = None


def click_tile(page, row: int, modifier=Qt.NoModifier) -> int:
    index = page.model.index(row)
    QTest.mouseClick(page.grid.viewport(), Qt.LeftButton, modifier, page.grid.visualRect(index).center())
    return index.data(ID_ROLE)


def type_text(widget, text: str) -> None:
    """Key presses carrying Chinese text (QTest.keyClicks takes Latin-1 only)."""
    for ch in text:
        for kind in (QEvent.KeyPress, QEvent.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key_unknown, Qt.NoModifier, ch))


def stored(page, asset_id: int):
    with page.ctx.project.read() as s:
        return catalog.get(s, asset_id)


def labels(page) -> list[str]:
    return [h["label"] for h in page.ctx.project.history()]


def test_a_rating_is_saved_at_once_and_kept_when_another_tile_is_clicked(page, qtbot):
    details = page.details
    assert not [b for b in details.findChildren(QPushButton) if "保存" in b.text()]
    first = click_tile(page, 0)
    assert details.asset_id == first
    before = len(labels(page))
    details.rating.setFocus()
    for _ in range(4):
        QTest.keyClick(details.rating, Qt.Key_Up)
    second = click_tile(page, 1)
    assert details.asset_id == second and details.rating.value() == 0
    assert stored(page, first).rating == 4
    assert labels(page)[before:] == [f"评分：{n} 星 / Rating: {n} star(s)" for n in range(1, 5)]
    page.ctx.project.undo()
    assert stored(page, first).rating == 3
    click_tile(page, 0)
    assert details.rating.value() == 3


def test_typing_is_saved_after_a_pause_and_when_the_selection_changes(page, qtbot):
    details = page.details
    first = click_tile(page, 0)
    details.title.setFocus()
    QTest.keyClick(details.title, Qt.Key_A, Qt.ControlModifier)
    type_text(details.title, "新的标题")
    qtbot.waitUntil(lambda: stored(page, first).title == "新的标题", timeout=5000)
    type_text(details.title, "二")  # a second burst within seconds: the same undo step
    qtbot.waitUntil(lambda: stored(page, first).title == "新的标题二", timeout=5000)
    assert labels(page)[-1] == "修改标题 / Edit title"
    assert labels(page).count("修改标题 / Edit title") == 1
    assert details.title.text() == "新的标题二"  # our own save never reloads the field
    details.author.setFocus()
    type_text(details.author, "张三")
    second = click_tile(page, 1)  # before the pause is over
    assert stored(page, first).author == "张三" and stored(page, second).author == ""
    assert labels(page)[-1] == "修改作者 / Edit author"
    page.ctx.project.undo()
    assert stored(page, first).author == ""


def test_a_licence_chosen_for_several_tiles_is_set_on_all_of_them(page, qtbot):
    details = page.details
    ids = [click_tile(page, 0), click_tile(page, 1, Qt.ControlModifier), click_tile(page, 2, Qt.ControlModifier)]
    assert set(details.ids) == set(ids) and not details.title.isEnabled()
    details.licence.setFocus()
    QTest.keyClick(details.licence, Qt.Key_C)  # keyboard search: the first licence starting with C, CC0
    assert details.licence.currentData() == "cc0"
    assert [stored(page, i).licence for i in ids] == ["cc0"] * 3
    assert labels(page)[-1] == "授权：CC0 公有领域（3 个素材） / Licence: CC0 (3 items)"
    page.ctx.project.undo()
    assert [stored(page, i).licence for i in ids] == ["unknown"] * 3
    assert details.licence.currentData() == "unknown"  # the panel follows the undo
