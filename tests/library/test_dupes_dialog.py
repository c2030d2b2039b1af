"""The 查重 dialog: lists groups with thumbnails and removes chosen copies (undoable)."""
from unittest.mock import patch

import pytest
from PIL import ImageOps
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QMessageBox

from studio.library.import_ import import_paths
from studio.project.models.library import Asset
from studio.ui.context import AppContext
from studio.ui.library.dupes_dialog import ID_ROLE, DupesDialog
from studio.ui.settings import Settings
from tests.library import dupeset


@pytest.fixture
def ctx(project):
    ctx = AppContext(Settings())
    ctx.project = project
    yield ctx
    QThreadPool.globalInstance().waitForDone(10000)
    ctx.project = None


def test_dialog_lists_groups_and_removes_copies(qtbot, ctx, project, tmp_path):
    photos = dupeset.originals(tiles=False)
    photos["coffee"].save(tmp_path / "coffee.png")
    ImageOps.mirror(photos["coffee"]).save(tmp_path / "coffee-mirrored.jpg")
    photos["astronaut"].save(tmp_path / "astronaut.png")
    import_paths(project, [str(tmp_path)])
    dialog = DupesDialog(ctx)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.tree.topLevelItemCount() == 1, timeout=30000)
    group = dialog.tree.topLevelItem(0)
    names = sorted(group.child(i).text(0) for i in range(group.childCount()))
    assert names == ["coffee-mirrored.jpg", "coffee.png"]
    assert not group.child(0).icon(0).isNull()  # the thumbnail is shown
    group.child(1).setSelected(True)
    assert dialog.remove.isEnabled()
    doomed = group.child(1).data(0, ID_ROLE)
    with patch.object(QMessageBox, "question", return_value=QMessageBox.Yes):
        dialog.remove_selected()
    assert dialog.tree.topLevelItemCount() == 0
    with project.read() as s:
        assert s.get(Asset, doomed) is None
    project.undo()
    with project.read() as s:
        assert s.get(Asset, doomed) is not None


def test_library_page_opens_the_dupes_dialog(qtbot, project):
    from PySide6.QtWidgets import QPushButton

    from studio.ui.context import AppContext
    from studio.ui.library.dupes_dialog import DupesDialog
    from studio.ui.library.page import LibraryPage
    from studio.ui.settings import Settings

    ctx = AppContext(Settings())
    ctx.project = project
    page = LibraryPage(ctx)
    qtbot.addWidget(page)
    button = next(b for b in page.findChildren(QPushButton) if b.text() == "查重")
    button.click()
    dialogs = page.findChildren(DupesDialog)
    assert len(dialogs) == 1 and dialogs[0].isVisible()
    qtbot.waitUntil(lambda: "正在查找" not in dialogs[0].summary.text(), timeout=20000)
    dialogs[0].close()
    ctx.project = None
