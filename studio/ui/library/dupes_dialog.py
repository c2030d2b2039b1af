"""查重 dialog: finds copies of one picture or video in the library and lists them by group,
with thumbnails, so the user can keep one and remove the others (undoable)."""
from __future__ import annotations

import os

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QLabel, QMessageBox, QPushButton,
                               QTreeWidget, QTreeWidgetItem, QVBoxLayout)

from studio.library import catalog, dupes, ops

ID_ROLE = Qt.UserRole + 1


class DupesDialog(QDialog):
    """Open with `DupesDialog(ctx).open()`; the search starts at once, in the background."""

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(parent or ctx.window)
        self.ctx = ctx
        tr = ctx.tr
        self.setWindowTitle(tr("查重：相同或近似的图片与视频", "Near-duplicates: copies of one picture or video"))
        self.summary = QLabel(tr("正在查找…", "Searching…"))
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([tr("文件", "File"), tr("尺寸", "Size"), tr("文件夹", "Folder")])
        self.tree.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.tree.setIconSize(QSize(ctx.px(72), ctx.px(72)))
        self.tree.setUniformRowHeights(False)
        self.tree.itemSelectionChanged.connect(self._selection_changed)
        buttons = QDialogButtonBox()
        buttons.addButton(QPushButton(tr("关闭", "Close")), QDialogButtonBox.RejectRole)
        self.again = QPushButton(tr("重新查找", "Search again"))
        self.remove = QPushButton(tr("移出所选", "Remove selected"))
        self.remove.setToolTip(tr("把选中的副本移出素材库（文件不会被删除，可撤销）",
                                  "Remove the selected copies from the library (files stay on disk; undoable)"))
        self.remove.setEnabled(False)
        buttons.addButton(self.again, QDialogButtonBox.ActionRole)
        buttons.addButton(self.remove, QDialogButtonBox.ActionRole)
        buttons.rejected.connect(self.reject)
        self.again.clicked.connect(self.search)
        self.remove.clicked.connect(self.remove_selected)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.resize(ctx.px(760), ctx.px(560))
        self.groups: list[list[int]] = []
        if ctx.project is not None:
            self.search()

    # -- finding -------------------------------------------------------------
    def search(self) -> None:
        project = self.ctx.project
        if project is None:
            return
        self.again.setEnabled(False)
        self.summary.setText(self.ctx.tr("正在查找…", "Searching…"))
        self.ctx.run(lambda progress, cancel: dupes.find_groups(project, progress, cancel),
                     title=self.ctx.tr("查重", "Finding near-duplicates"),
                     on_done=self.show_groups, on_error=self._failed)

    def _failed(self, error: BaseException) -> None:
        self.again.setEnabled(True)
        self.summary.setText(str(error))

    def show_groups(self, groups: list[list[int]]) -> None:
        self.again.setEnabled(True)
        self.groups = groups
        self.tree.clear()
        tr = self.ctx.tr
        copies = sum(len(g) - 1 for g in groups)
        self.summary.setText(
            tr(f"找到 {len(groups)} 组，共 {copies} 个多余的副本。每组是同一张图（或同一段视频）的副本："
               "缩放、压缩、调色、镜像、裁剪、加水印或截图转发的都算。",
               f"{len(groups)} group(s), {copies} extra copies. Each group holds copies of one picture "
               "(or video): resized, recompressed, recoloured, mirrored, cropped, watermarked or screenshotted.")
            if groups else tr("没有发现重复的图片或视频。", "No copies found."))
        if not groups:
            return
        rows, thumbs = self._load([i for g in groups for i in g])
        for n, group in enumerate(groups, start=1):
            top = QTreeWidgetItem([tr(f"第 {n} 组（{len(group)} 个）", f"Group {n} ({len(group)})")])
            top.setFlags(top.flags() & ~Qt.ItemIsSelectable)
            self.tree.addTopLevelItem(top)
            for asset_id in group:
                top.addChild(self._row(asset_id, rows.get(asset_id), thumbs.get(asset_id)))
            top.setExpanded(True)
        for column in range(self.tree.columnCount()):
            self.tree.resizeColumnToContents(column)

    def _load(self, ids: list[int]) -> tuple[dict, dict]:
        with self.ctx.project.read() as s:
            rows = catalog.assets(s, ids)
            thumbs = catalog.thumbnails(s, ids)
        return rows, thumbs

    def _row(self, asset_id: int, asset, thumb) -> QTreeWidgetItem:
        path = (asset.path or "") if asset else ""
        meta = (asset.meta or {}) if asset else {}
        size = f"{meta['width']}×{meta['height']}" if meta.get("width") else ""
        item = QTreeWidgetItem([os.path.basename(path) or f"#{asset_id}", size, os.path.dirname(path)])
        item.setData(0, ID_ROLE, asset_id)
        item.setToolTip(0, path)
        if thumb:
            item.setIcon(0, self._square_icon(thumb))
        return item

    def _square_icon(self, thumb: bytes) -> QIcon:
        """The thumbnail centred on a square, so names line up whatever the picture's shape."""
        pixmap = QPixmap()
        if not pixmap.loadFromData(thumb):
            return QIcon()
        side = self.tree.iconSize().width()
        scaled = pixmap.scaled(side, side, Qt.KeepAspectRatio, Qt.SmoothTransformation)
        canvas = QPixmap(side, side)
        canvas.fill(Qt.transparent)
        painter = QPainter(canvas)
        painter.drawPixmap((side - scaled.width()) // 2, (side - scaled.height()) // 2, scaled)
        painter.end()
        return QIcon(canvas)

    # -- acting --------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        return [i for i in (item.data(0, ID_ROLE) for item in self.tree.selectedItems()) if i is not None]

    def _selection_changed(self) -> None:
        self.remove.setEnabled(bool(self.selected_ids()))

    def remove_selected(self) -> None:
        ids = self.selected_ids()
        tr = self.ctx.tr
        if not ids or QMessageBox.question(self, tr("移出素材库", "Remove"), tr(
                f"把选中的 {len(ids)} 个副本移出素材库？文件本身不会被删除，可以撤销。",
                f"Remove {len(ids)} selected copies from the library? Files stay on disk; this can be undone.")
        ) != QMessageBox.Yes:
            return
        ops.delete_assets(self.ctx.project, ids)
        gone = set(ids)
        self.show_groups([g for g in ([i for i in g if i not in gone] for g in self.groups) if len(g) > 1])
