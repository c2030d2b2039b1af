"""The library page: import (also by drop), search box, details editing, thumbnails, missing badge."""
import shutil
import time

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QThreadPool, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication

from studio.library import files
from studio.project.models.library import Asset
from studio.ui.context import AppContext
from studio.ui.library.model import ID_ROLE, ROW_ROLE
from studio.ui.library.page import MISSING, LibraryPage
from studio.ui.settings import Settings
from tests.conftest import make_image


@pytest.fixture
def page(qtbot, project):
    ctx = AppContext(Settings())
    ctx.project = project
    project.subscribe(ctx._on_project_change)
    p = LibraryPage(ctx)
    qtbot.addWidget(p)
    yield p
    QThreadPool.globalInstance().waitForDone(10000)
    ctx.project = None


@pytest.fixture
def photos(tmp_path_factory):
    folder = tmp_path_factory.mktemp("photos")
    make_image(folder / "海边日落.jpg", seed=1)
    make_image(folder / "雪山风景.png", seed=2)
    make_image(folder / "城市.jpg", seed=3)
    (folder / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0garbage")
    return folder


def drop(page, paths):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPointF(10, 10), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    page.dropEvent(event)


def test_drop_import_search_and_details(page, photos, qtbot):
    drop(page, [photos])
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=30000)
    page.search.setText("日落")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    index = page.model.index(0)
    assert index.data(ROW_ROLE).title == "海边日落"
    page.grid.setCurrentIndex(index)
    assert page.details.title.text() == "海边日落"
    qtbot.waitUntil(lambda: page.model.thumbnail(index.data(ID_ROLE)) is not None, timeout=5000)

    page.details.rating.setValue(4)  # saved at once, like every choice
    page.details.licence.setCurrentIndex(page.details.licence.findData("cc-by"))
    page.details.tags.setText("日落，海边")
    page.details.tags.editingFinished.emit()  # as when the field is left
    asset_id = index.data(ID_ROLE)
    with page.ctx.project.read() as s:
        a = s.get(Asset, asset_id)
        assert (a.rating, a.licence) == (4, "cc-by")
    page.search.setText("海边")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    page.ctx.project.undo()  # the tags
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and page.search.text() == "海边", timeout=5000)
    page.search.setText("")
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=5000)


def test_filters_and_missing_files(page, photos, qtbot, tmp_path):
    local = tmp_path / "copy"
    shutil.copytree(photos, local)
    page.import_paths([str(local)])
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=30000)
    page.kind.setCurrentIndex(page.kind.findData("video"))
    assert page.model.rowCount() == 0
    page.kind.setCurrentIndex(0)
    (local / "城市.jpg").unlink()
    files.refresh_missing(page.ctx.project)
    page.sources.setCurrentRow([page.sources.item(i).data(Qt.UserRole) for i in range(page.sources.count())].index(MISSING))
    assert page.model.rowCount() == 1
    row = page.model.index(0).data(ROW_ROLE)
    assert row.missing and row.title == "城市"
    page.grid.setCurrentIndex(page.model.index(0))
    assert not page.details.missing.isHidden()


def test_missing_file_check_rereads_the_grid_only_when_something_changed(page, photos, qtbot, tmp_path, monkeypatch):
    local = tmp_path / "copy"
    shutil.copytree(photos, local)
    page.import_paths([str(local)])
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=30000)
    QThreadPool.globalInstance().waitForDone(10000)
    refreshed = []
    monkeypatch.setattr(page, "refresh", lambda: refreshed.append(1))
    page._missing_checked(files.update_missing(page.ctx.project))
    assert refreshed == []
    (local / "城市.jpg").unlink()
    page._missing_checked(files.update_missing(page.ctx.project))
    assert refreshed == [1]


def test_warm_up_loads_the_segmenter_and_freezes_what_lives_on():
    import gc

    from studio import cjk
    from studio.ui.library import page as page_module

    gc.unfreeze()
    try:
        page_module.warm_up()
        assert cjk.segmenter_loaded() and cjk.segmenter().initialized
        assert gc.get_freeze_count() > 1000  # a full collection no longer walks them
    finally:
        gc.unfreeze()


@pytest.mark.qt_log_ignore("Corrupt JPEG data", "JPEG datastream contains no image")  # the bad bytes
def test_thumbnails_decode_to_images_and_bad_bytes_to_null_ones():
    from studio.library import thumbs
    from studio.ui.library.model import decode
    from PIL import Image

    img = decode(thumbs.encode(Image.new("RGB", (400, 300), (200, 30, 30))))
    assert (img.width(), img.height()) == (256, 192) and img.pixelColor(5, 5).red() > 150
    assert decode(None).isNull() and decode(b"\xff\xd8 not a jpeg").isNull()


def test_tag_completion_reads_the_tags_when_the_field_gets_focus(page, photos, qtbot):
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QFocusEvent
    from PySide6.QtWidgets import QApplication

    from studio.library import ops

    page.import_paths([str(photos)])
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=30000)
    ids = [page.model.index(n).data(ID_ROLE) for n in range(3)]
    ops.add_tags(page.ctx.project, ids, ["风景"])
    ops.add_tags(page.ctx.project, ids[:1], ["日落"])
    page.details.show_asset(ids[0])
    assert page.details.completer.model().stringList() == []  # not counted on every selection
    QApplication.sendEvent(page.details.tags, QFocusEvent(QEvent.FocusIn))
    assert page.details.completer.model().stringList() == ["风景", "日落"]  # most used first


def test_big_lists_are_queried_off_the_gui_thread_and_only_the_newest_answer_shows(page, photos, qtbot, monkeypatch):
    from studio.ui.library import page as page_module

    page.import_paths([str(photos)])
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=30000)
    first = page.model.index(0).data(ID_ROLE)
    monkeypatch.setattr(page_module, "ASYNC_ROWS", 1)
    asked, shown = [], []

    def slow_find(project, query):
        asked.append(query[0])
        time.sleep(0.3)
        return ([] if query[0] else [first]), 0.0

    monkeypatch.setattr(page_module, "_find", slow_find)
    real_set_ids = page.model.set_ids
    monkeypatch.setattr(page.model, "set_ids", lambda ids: (shown.append(ids), real_set_ids(ids)))
    page.search.blockSignals(True)  # only the refreshes below
    page.search.setText("海边")
    page.refresh()  # the answer comes later...
    assert page.model.rowCount() == 3
    page.search.setText("")
    page.refresh()  # ...and is never shown: a newer query was asked meanwhile
    qtbot.waitUntil(lambda: shown == [[first]], timeout=5000)
    page._query_pool.waitForDone(10000)
    QApplication.processEvents()  # the finished old query's answer, already posted, is delivered now
    assert shown == [[first]] and asked[-1] == ""


def test_rows_of_finds_a_few_ids_without_the_full_map(page):
    page.model.set_ids([30, 20, 10])
    assert page.model.rows_of([10, 99, 30]) == [2, 0]
    assert not page.model._position
    assert page.model.rows_of(list(range(40))) == [2, 1, 0]
