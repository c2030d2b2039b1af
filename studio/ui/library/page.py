"""The 素材库 page: collections on the left, a virtualised grid in the middle, details on the right.

All changes go through studio.library.ops / import_ / files (undoable project actions); the page
re-queries after every change notification, so undo and redo simply show up.
"""
from __future__ import annotations

import gc
import time
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QSize, Qt, QThreadPool, QTimer
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFileDialog, QHBoxLayout, QInputDialog, QLabel,
                               QLineEdit, QListView, QListWidget, QListWidgetItem, QMenu, QMessageBox,
                               QPushButton, QSplitter, QVBoxLayout, QWidget)

from studio.library import catalog, files, import_, ops, search
from studio.ui.library.delegate import KIND_LABELS, AssetDelegate
from studio.ui.library.details import DetailsPanel
from studio.ui.library.model import ID_ROLE, AssetGridModel
from studio.ui.workers import Worker

ALL, MISSING = "all", "missing"
ASYNC_ROWS = 20_000  # from this many items on, queries run off the GUI thread
SORTS = [("added", ("最新导入", "Newest")), ("taken", ("拍摄日期", "Date taken")), ("title", ("标题", "Title")),
         ("rating", ("评分", "Rating")), ("size", ("文件大小", "Size"))]


LIBRARY_TABLES = ("asset", "asset_thumb", "tag", "asset_tag", "collection", "collection_item")

class LibraryPage(QWidget):
    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx = ctx
        self.setAcceptDrops(True)
        self.model = AssetGridModel(self)
        self._query_serial = 0
        self._query_pool = QThreadPool(self)
        self._query_pool.setMaxThreadCount(1)
        self._queries: set[Worker] = set()  # keeps the running queries' signals alive
        self.refresh_timer = QTimer(self, singleShot=True, interval=120, timeout=self.refresh)
        self._build()
        ctx.on_change(self, self._data_changed)
        self.destroyed.connect(self.model.stop)
        self.set_project(ctx.project)

    # -- layout ----------------------------------------------------------------------------
    def _build(self) -> None:
        tr = self.ctx.tr
        self.search = QLineEdit(placeholderText=tr("搜索标题、标签、备注、文件名，如：日落", "Search titles, tags, notes, file names"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self.refresh_timer.start())
        self.kind = _combo([(tr("全部类型", "All kinds"), None)] + [(tr(*KIND_LABELS[k]), k) for k in catalog.ASSET_KINDS])
        self.licence = _combo([(tr("全部授权", "All licences"), None)]
                              + [(tr(*ops.LICENCE_NAMES[lic]), lic) for lic in catalog.LICENCES])
        self.rating = _combo([(tr("全部评分", "Any rating"), 0)] + [("★" * n + tr(" 以上", "+"), n) for n in range(1, 6)])
        self.sort = _combo([(tr(*names), key) for key, names in SORTS])
        for box in (self.kind, self.licence, self.rating, self.sort):
            box.currentIndexChanged.connect(lambda _i: self.refresh())
        import_files = QPushButton(tr("导入文件…", "Import files…"))
        import_files.clicked.connect(self.import_files_dialog)
        import_folder = QPushButton(tr("导入文件夹…", "Import folder…"))
        import_folder.clicked.connect(self.import_folder_dialog)
        note = QPushButton(tr("新建热点笔记", "New note"))
        note.clicked.connect(self.new_note)
        dupes = QPushButton(tr("查重", "Duplicates"))
        dupes.setToolTip(tr("找出相同或近似的图片与视频（翻转、裁剪、水印、截图也能认出）",
                            "Find copies of one picture or video (mirrored, cropped, watermarked, screenshotted)"))
        dupes.clicked.connect(self.find_duplicates)
        bar = QHBoxLayout()
        bar.addWidget(self.search, 3)
        for w in (self.kind, self.licence, self.rating, self.sort, dupes):
            bar.addWidget(w)

        self.sources = QListWidget()
        self.sources.currentItemChanged.connect(lambda *_: self.refresh())
        self.sources.setContextMenuPolicy(Qt.CustomContextMenu)
        self.sources.customContextMenuRequested.connect(self._source_menu)
        new_coll = QPushButton(tr("新建收藏夹", "New collection"))
        new_coll.clicked.connect(self.new_collection)
        new_smart = QPushButton(tr("新建智能收藏夹", "New smart collection"))
        new_smart.clicked.connect(self.new_smart_collection)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        for w in (import_files, import_folder, note):
            side_layout.addWidget(w)
        side_layout.addWidget(self.sources, 1)
        side_layout.addWidget(new_coll)
        side_layout.addWidget(new_smart)

        self.grid = QListView()
        self.grid.setViewMode(QListView.IconMode)
        self.grid.setResizeMode(QListView.Adjust)
        self.grid.setMovement(QListView.Static)
        self.grid.setUniformItemSizes(True)
        self.grid.setLayoutMode(QListView.Batched)
        self.grid.setBatchSize(400)  # small layout steps keep the event loop free
        self.grid.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.grid.setDragEnabled(True)  # drag assets onto the video timeline (model.mimeData)
        self.grid.setVerticalScrollMode(QAbstractItemView.ScrollPerPixel)
        self.grid.setModel(self.model)
        self.model.refreshed.connect(self.grid.viewport().update)
        self.delegate = AssetDelegate(self.ctx, self.grid)
        self.grid.setItemDelegate(self.delegate)
        cell = self.delegate.cell_size()
        self.grid.setGridSize(QSize(cell.width() + self.ctx.px(6), cell.height() + self.ctx.px(6)))
        self.grid.verticalScrollBar().setSingleStep(self.ctx.px(40))
        self.grid.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.grid.doubleClicked.connect(lambda idx: self.preview(idx.data(ID_ROLE)))
        self.grid.setContextMenuPolicy(Qt.CustomContextMenu)
        self.grid.customContextMenuRequested.connect(self._grid_menu)

        self.details = DetailsPanel(self.ctx)
        self.details.preview_requested.connect(self.preview)
        self.details.relink_requested.connect(self.relink_dialog)
        self.details.export_requested.connect(self.export_selected)
        self.status = QLabel(objectName="subtitle")

        split = QSplitter()
        split.addWidget(side)
        split.addWidget(self.grid)
        split.addWidget(self.details)
        split.setStretchFactor(1, 1)
        split.setCollapsible(1, False)
        # On a projector (150%+) the collections column starts folded away so the grid keeps room;
        # drag the splitter's left edge to bring it back.
        projector = self.ctx.settings.scale >= 1.5
        split.setSizes([0 if projector else self.ctx.px(160), self.ctx.px(700), self.ctx.px(220 if projector else 320)])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)

    # -- project and refresh --------------------------------------------------------------------
    def set_project(self, project) -> None:
        self.model.set_project(project)
        self._fill_sources()
        self.refresh()
        if project is not None:
            self.ctx.run(lambda progress, cancel: warm_up(), modal=False)
            self.ctx.run(lambda progress, cancel: files.update_missing(project, cancel=cancel),
                         on_done=self._missing_checked, modal=False)

    def _missing_checked(self, result: tuple[list[int], bool]) -> None:
        """Re-read the grid only when a file went missing or came back: listing 100,000 items
        again takes a noticeable moment on the GUI thread."""
        if result[1]:
            self.refresh()

    def _fill_sources(self) -> None:
        tr = self.ctx.tr
        current = self._source()
        self.sources.blockSignals(True)
        self.sources.clear()
        items = [(tr("全部素材", "All items"), ALL), (tr("缺失的文件", "Missing files"), MISSING)]
        if self.ctx.project is not None:
            with self.ctx.project.read() as s:
                for c in catalog.collections(s):
                    items.append((("⚙ " if c.rule is not None else "▣ ") + c.name, c.id))
        for text, data in items:
            item = QListWidgetItem(text)
            item.setData(Qt.UserRole, data)
            self.sources.addItem(item)
        keys = [d for _, d in items]
        self.sources.setCurrentRow(keys.index(current) if current in keys else 0)
        self.sources.blockSignals(False)

    def _source(self):
        item = self.sources.currentItem()
        return item.data(Qt.UserRole) if item else ALL

    def current_rule(self) -> dict:
        rules = []
        if self.kind.currentData():
            rules.append({"field": "kind", "op": "in", "value": [self.kind.currentData()]})
        if self.licence.currentData():
            rules.append({"field": "licence", "op": "in", "value": [self.licence.currentData()]})
        if self.rating.currentData():
            rules.append({"field": "rating", "op": ">=", "value": self.rating.currentData()})
        source = self._source()
        if source == MISSING:
            rules.append({"field": "missing", "op": "is", "value": True})
        elif isinstance(source, int) and self.ctx.project is not None:
            with self.ctx.project.read() as s:
                coll = next((c for c in catalog.collections(s) if c.id == source), None)
            if coll is not None:
                rules.append(catalog.collection_rule(coll))
        return {"op": "and", "rules": rules}

    def _data_changed(self, changes) -> None:
        if changes.touches(*LIBRARY_TABLES):
            self.refresh_timer.start()

    def refresh(self) -> None:
        """Re-run the query. While the list is short this answers at once; once it holds
        ASYNC_ROWS items the query runs in a background thread (SQLite lets go of the GIL) and
        only the newest answer is shown, so typing or an import never holds up the GUI."""
        project = self.ctx.project
        if project is None:
            self.model.set_ids([])
            self.status.setText(self.ctx.tr("请先在首页打开或新建项目。", "Open or create a project on the Home page."))
            return
        if self.sources.count() != 2 + self._collection_count():
            self._fill_sources()
        try:
            query = (self.search.text(), self.current_rule(), self.sort.currentData())
        except Exception as exc:  # noqa: BLE001 - e.g. a smart collection with a bad rule
            self.status.setText(str(exc))
            return
        self._query_serial += 1
        serial = self._query_serial
        if len(self.model.ids) < ASYNC_ROWS:
            try:
                found = _find(project, query)
            except Exception as exc:  # noqa: BLE001 - shown in the status line
                found = exc
            self._show_found(serial, found)
        else:
            self._find_later(project, query, serial)

    def _find_later(self, project, query: tuple, serial: int) -> None:
        """Run the query in the page's own one-thread pool: the shared pool may be busy with an
        import or a duplicate search, and a query must not wait for them."""
        def job(progress, cancel):
            return _find(project, query) if serial == self._query_serial else None  # skip stale ones

        worker = Worker(job)
        self._queries.add(worker)
        worker.signals.done.connect(lambda found: (self._queries.discard(worker), found is not None
                                                   and self._show_found(serial, found)))
        worker.signals.failed.connect(lambda exc: (self._queries.discard(worker), self._show_found(serial, exc)))
        self._query_pool.start(worker)

    def _show_found(self, serial: int, found) -> None:
        if serial != self._query_serial or self.ctx.project is None:
            return  # a newer query is on its way
        if isinstance(found, BaseException):
            self.status.setText(str(found))
            return
        ids, took = found
        selected = self.selected_ids()
        first_time = not self.model.ids
        self.model.set_ids(ids)
        self._reselect(selected)
        if first_time and ids and not selected:
            self.grid.setCurrentIndex(self.model.index(0))
        self.status.setText(self.ctx.tr(f"共 {len(ids)} 个素材 · 查询 {took:.0f} 毫秒",
                                        f"{len(ids)} item(s) · query {took:.0f} ms"))
        self._selection_changed()

    def _collection_count(self) -> int:
        with self.ctx.project.read() as s:
            return len(catalog.collections(s))

    # -- selection ----------------------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        return [idx.data(ID_ROLE) for idx in self.grid.selectionModel().selectedIndexes()]

    def _reselect(self, ids: list[int]) -> None:
        sel = self.grid.selectionModel()
        for row in self.model.rows_of(ids):
            sel.select(self.model.index(row), QItemSelectionModel.Select)

    def _selection_changed(self) -> None:
        ids = self.selected_ids()
        current = self.grid.currentIndex().data(ID_ROLE) if self.grid.currentIndex().isValid() else None
        if current not in ids:
            current = ids[0] if ids else None
        self.details.show_asset(current, ids)

    # -- import ---------------------------------------------------------------------------------
    def import_files_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.ctx.tr("导入素材", "Import"), str(Path.home()))
        if paths:
            self.import_paths(paths)

    def import_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.ctx.tr("导入文件夹", "Import folder"), str(Path.home()))
        if folder:
            self.import_paths([folder])

    def import_paths(self, paths: list[str]) -> None:
        project = self.ctx.project
        if project is None:
            QMessageBox.information(self, "", self.ctx.tr("请先打开或新建项目。", "Open or create a project first."))
            return
        self.ctx.run(lambda progress, cancel: import_.import_paths(project, paths, progress=progress, cancel=cancel),
                     title=self.ctx.tr("正在导入素材…", "Importing…"), on_done=self._import_done, modal=False)

    def _import_done(self, report: import_.ImportReport) -> None:
        tr = self.ctx.tr
        new = len(report.imported) - report.already
        self.ctx.status.emit(tr(f"已导入 {new} 个素材", f"Imported {new} item(s)"))
        if report.skipped:
            box = QMessageBox(QMessageBox.Warning, tr("部分文件未导入", "Some files were skipped"),
                              tr(f"已导入 {new} 个，跳过 {len(report.skipped)} 个：", f"Imported {new}, skipped {len(report.skipped)}:")
                              + "\n" + "\n".join(f"{Path(s.path).name}: {s.reason}" for s in report.skipped[:8]), parent=self)
            box.setDetailedText("\n".join(f"{s.path}\n    {s.reason}" for s in report.skipped))
            box.show()

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt naming
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt naming
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    # -- actions --------------------------------------------------------------------------------
    def preview(self, asset_id: int) -> None:
        from studio.ui.library.preview import PreviewDialog

        with self.ctx.project.read() as s:
            a = catalog.get(s, asset_id)
            kind, path, title = a.kind, files.resolve(self.ctx.project, a.path), a.title
        if path is None or not path.exists():
            return
        dialog = PreviewDialog(self.ctx, kind, path, title, self)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.show()

    def find_duplicates(self) -> None:
        from studio.ui.library.dupes_dialog import DupesDialog

        if self.ctx.project is not None:
            DupesDialog(self.ctx, self).open()

    def new_note(self) -> None:
        from studio.ui.library.dialogs import NoteDialog

        if self.ctx.project is None:
            return
        dialog = NoteDialog(self.ctx, self)
        if dialog.exec():
            self._guard(lambda: ops.create_note(self.ctx.project, **dialog.values()))

    def new_collection(self) -> None:
        if self.ctx.project is None:
            return
        name, ok = QInputDialog.getText(self, self.ctx.tr("新建收藏夹", "New collection"), self.ctx.tr("名称", "Name"))
        if ok and name.strip():
            cid = self._guard(lambda: ops.create_collection(self.ctx.project, name))
            if cid and self.selected_ids():
                self._guard(lambda: ops.add_to_collection(self.ctx.project, cid, self.selected_ids()))

    def new_smart_collection(self) -> None:
        from studio.ui.library.dialogs import SmartCollectionDialog

        if self.ctx.project is None:
            return
        dialog = SmartCollectionDialog(self.ctx, self)
        if dialog.exec():
            self._guard(lambda: ops.create_collection(self.ctx.project, dialog.name.text() or "智能收藏夹", rule=dialog.rule()))

    def relink_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.ctx.tr("在此文件夹中查找", "Find in folder"), str(Path.home()))
        if not folder:
            return
        project = self.ctx.project
        self.ctx.run(lambda progress, cancel: files.relink(project, folder, progress=progress, cancel=cancel),
                     title=self.ctx.tr("正在按内容查找文件…", "Finding files by content…"),
                     on_done=lambda r: self.ctx.status.emit(self.ctx.tr(
                         f"重新链接 {len(r.relinked)} 个，仍缺失 {len(r.still_missing)} 个",
                         f"Relinked {len(r.relinked)}, still missing {len(r.still_missing)}")))

    def export_selected(self) -> None:
        ids = self.selected_ids()
        folder = QFileDialog.getExistingDirectory(self, self.ctx.tr("导出到", "Export to"), str(Path.home())) if ids else ""
        if folder:
            lines = [self._guard(lambda i=i: files.export_asset(self.ctx.project, i, folder)) for i in ids]
            self.ctx.status.emit(self.ctx.tr(f"已导出 {len([x for x in lines if x])} 个（附署名文件）",
                                             f"Exported {len([x for x in lines if x])} with credits"))

    def remove_selected(self) -> None:
        ids = self.selected_ids()
        if ids and QMessageBox.question(self, self.ctx.tr("移出素材库", "Remove"), self.ctx.tr(
                f"把 {len(ids)} 个素材移出素材库？文件本身不会被删除，可以撤销。",
                f"Remove {len(ids)} item(s) from the library? Files stay on disk; this can be undone.")) == QMessageBox.Yes:
            self._guard(lambda: ops.delete_assets(self.ctx.project, ids))

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt naming
        if event.key() == Qt.Key_Delete and self.grid.hasFocus():
            self.remove_selected()
        else:
            super().keyPressEvent(event)

    def _grid_menu(self, pos) -> None:
        ids = self.selected_ids()
        if not ids or self.ctx.project is None:
            return
        tr = self.ctx.tr
        menu = QMenu(self)
        menu.addAction(tr("预览", "Preview"), lambda: self.preview(ids[0]))
        add_to = menu.addMenu(tr("加入收藏夹", "Add to collection"))
        with self.ctx.project.read() as s:
            manual = [(c.id, c.name) for c in catalog.collections(s) if c.rule is None]
        for cid, name in manual:
            add_to.addAction(name, lambda c=cid: self._guard(lambda: ops.add_to_collection(self.ctx.project, c, ids)))
        if isinstance(self._source(), int) and self._source() in dict(manual):
            menu.addAction(tr("从此收藏夹移除", "Remove from this collection"), lambda: self._guard(
                lambda: ops.remove_from_collection(self.ctx.project, self._source(), ids)))
        rate = menu.addMenu(tr("评分", "Rating"))
        for n in range(6):
            rate.addAction("★" * n or tr("无", "None"), lambda n=n: self._guard(lambda: ops.update(self.ctx.project, ids, rating=n)))
        menu.addAction(tr("导出（含署名）…", "Export with credit…"), self.export_selected)
        menu.addAction(tr("重新链接…", "Relink…"), self.relink_dialog)
        menu.addSeparator()
        menu.addAction(tr("移出素材库", "Remove from library"), self.remove_selected)
        menu.exec(self.grid.viewport().mapToGlobal(pos))

    def _source_menu(self, pos) -> None:
        item = self.sources.itemAt(pos)
        cid = item.data(Qt.UserRole) if item else None
        if not isinstance(cid, int):
            return
        tr = self.ctx.tr
        menu = QMenu(self)
        menu.addAction(tr("重命名", "Rename"), lambda: self._rename_collection(cid, item.text()[2:]))
        menu.addAction(tr("删除收藏夹", "Delete collection"), lambda: self._guard(
            lambda: ops.delete_collection(self.ctx.project, cid)))
        menu.exec(self.sources.viewport().mapToGlobal(pos))

    def _rename_collection(self, cid: int, old: str) -> None:
        name, ok = QInputDialog.getText(self, self.ctx.tr("重命名", "Rename"), self.ctx.tr("名称", "Name"), text=old)
        if ok and name.strip():
            self._guard(lambda: ops.update_collection(self.ctx.project, cid, name=name))
            self._fill_sources()

    def _guard(self, fn):
        try:
            return fn()
        except Exception as exc:  # noqa: BLE001 - shown as a dialog
            from studio.ui.errors import show_error

            show_error(self, exc)
            return None


def _find(project, query: tuple) -> tuple[list[int], float]:
    """(ids, milliseconds) for (search text, rule, order)."""
    text, rule, order = query
    started = time.perf_counter()
    with project.read() as s:
        ids = catalog.find(s, text, rule=rule, order=order)
    return ids, (time.perf_counter() - started) * 1000


def warm_up() -> None:
    """Load the search segmenter, then take everything alive now (modules, Qt wrappers, the
    dictionary) out of the cycle collector's reach: a full collection walking it all took
    70 ms on the GUI thread, a visible stall while the grid scrolls."""
    search.warm_up()
    gc.freeze()


def _combo(items) -> QComboBox:
    box = QComboBox()
    box.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(6)
    for text, data in items:
        box.addItem(text, data)
    return box
