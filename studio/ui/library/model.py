"""The grid's model: a list of asset ids with rows and thumbnails fetched lazily.

The view only asks for the items it paints, so a screenful of rows is read per request and
thumbnails are loaded by a background thread, newest request first (the visible items).
"""
from __future__ import annotations

import json
import threading
from collections import OrderedDict
from typing import Optional

from PySide6.QtCore import QAbstractListModel, QMimeData, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QImage, QPixmap

from studio.library import catalog

ROW_CHUNK = 200
THUMB_CACHE = 3000
ID_ROLE = Qt.UserRole + 1
ROW_ROLE = Qt.UserRole + 2
ASSET_MIME = "application/x-nms-asset-ids"  # drag format: JSON list of asset ids (the video timeline takes it)


class _ThumbSignals(QObject):
    loaded = Signal(object)  # dict[int, QImage], delivered in the GUI thread


class ThumbLoader(threading.Thread):
    """One long-lived thread per grid: it keeps one database connection and drains the
    request stack, most recent requests (the items on screen now) first."""

    def __init__(self, owner: "AssetGridModel") -> None:
        super().__init__(daemon=True, name="library-thumbnails")
        self.owner = owner
        self.signals = _ThumbSignals()
        self.wake = threading.Event()
        self.stopped = False

    def run(self) -> None:
        while not self.stopped:
            self.wake.wait()
            self.wake.clear()
            while not self.stopped:
                batch = self.owner._take_requests(48)
                if not batch:
                    break
                images = self._load(batch)
                if images is None:
                    break
                self.signals.loaded.emit(images)

    def _load(self, batch: list[int]):
        project = self.owner.project
        if project is None or project.engine is None:
            return None
        try:
            with project.read() as s:
                blobs = catalog.thumbnails(s, batch)
        except Exception:  # noqa: BLE001 - the project was closed under us; wait for new requests
            return None
        return {asset_id: decode(blobs.get(asset_id)) for asset_id in batch}


def decode(blob) -> QImage:
    """A thumbnail's JPEG bytes as a QImage (null when missing or unreadable). loadFromData
    lets go of the GIL while it decodes (the static QImage.fromData does not), so the GUI
    thread keeps painting meanwhile."""
    img = QImage()
    if blob:
        img.loadFromData(blob)
    return img


class AssetGridModel(QAbstractListModel):
    refreshed = Signal()  # the same items were re-read: repaint the visible ones

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.project = None
        self.ids: list[int] = []
        self.rows: dict[int, catalog.Row] = {}
        self.pixmaps: OrderedDict[int, QPixmap] = OrderedDict()
        self.no_thumb: set[int] = set()
        self._requests: list[int] = []
        self._requested: set[int] = set()
        self._lock = threading.Lock()
        self._position: dict[int, int] = {}
        self._row_hint: dict[int, int] = {}  # asset id -> row it was requested for
        self.loader = ThumbLoader(self)
        self.loader.signals.loaded.connect(self._loaded)
        self.loader.start()

    # -- content -------------------------------------------------------------------------
    def set_project(self, project) -> None:
        self.beginResetModel()
        self.project = project
        self.ids, self.rows, self._position = [], {}, {}
        self.pixmaps.clear()
        self.no_thumb.clear()
        with self._lock:
            self._requests.clear()
            self._requested.clear()
        self.endResetModel()

    def set_ids(self, ids: list[int]) -> None:
        """Show these assets. Cached rows are dropped (their fields may have changed); cached
        thumbnails are kept (they are keyed by asset and rarely change)."""
        if ids == self.ids:
            # Same items: drop the cached rows and let the view repaint what it shows. A
            # dataChanged over 100,000 rows makes the icon view walk every item.
            self.rows.clear()
            self.refreshed.emit()
            return
        old, added = self.ids, len(ids) - len(self.ids)
        if old and added > 0 and (ids[added:] == old or ids[:len(old)] == old):
            # an import adds items at one end: insert rows, so the view keeps its place
            first = 0 if ids[added:] == old else len(old)
            self.beginInsertRows(QModelIndex(), first, first + added - 1)
            self.ids = ids
            self._position = {}
            self.endInsertRows()
            return
        self.beginResetModel()
        self.ids = ids
        self._position = {}
        self.rows.clear()
        self.endResetModel()

    def stop(self) -> None:
        """End the loader thread (the page is going away)."""
        self.loader.stopped = True
        self.loader.wake.set()

    def row_of(self, asset_id: int) -> int:
        if not self._position and self.ids:
            self._position = {a: n for n, a in enumerate(self.ids)}
        return self._position.get(asset_id, -1)

    def rows_of(self, asset_ids: list[int]) -> list[int]:
        """Rows of those of these assets that are shown. A few are looked up in the list
        directly: building the id -> row map of 100,000 items takes longer."""
        if self._position or len(asset_ids) > 16:
            return [r for r in map(self.row_of, asset_ids) if r >= 0]
        rows = []
        for asset_id in asset_ids:
            try:
                rows.append(self.ids.index(asset_id))
            except ValueError:
                pass
        return rows

    # -- Qt model API --------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt naming
        return 0 if parent.isValid() else len(self.ids)

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole):
        if not index.isValid() or index.row() >= len(self.ids):
            return None
        asset_id = self.ids[index.row()]
        if role == ID_ROLE:
            return asset_id
        row = self._row(index.row())
        if row is None:
            return None
        if role == ROW_ROLE:
            return row
        if role == Qt.DisplayRole:
            return row.title
        if role == Qt.ToolTipRole:
            return f"{row.title}\n{row.kind} · {row.licence}" + ("\n⚠ 文件缺失 / missing file" if row.missing else "")
        if role == Qt.DecorationRole:
            return self.thumbnail(asset_id, index.row())
        return None

    def flags(self, index: QModelIndex):
        flags = super().flags(index)
        return flags | Qt.ItemIsDragEnabled if index.isValid() else flags

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [ASSET_MIME]

    def mimeData(self, indexes) -> QMimeData:  # noqa: N802
        """The dragged assets' ids, in grid order (drop them on the video timeline)."""
        data = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid() and i.row() < len(self.ids)})
        data.setData(ASSET_MIME, json.dumps([self.ids[r] for r in rows]).encode())
        return data

    def thumbnail(self, asset_id: int, row: int = -1) -> Optional[QPixmap]:
        pix = self.pixmaps.get(asset_id)
        if pix is not None:
            self.pixmaps.move_to_end(asset_id)
            return pix
        if asset_id not in self.no_thumb:
            self._request(asset_id, row)
        return None

    # -- lazy rows -----------------------------------------------------------------------
    def _row(self, n: int) -> Optional[catalog.Row]:
        asset_id = self.ids[n]
        row = self.rows.get(asset_id)
        if row is None and self.project is not None and self.project.engine is not None:
            start = max(0, n - ROW_CHUNK // 3)
            chunk = self.ids[start:start + ROW_CHUNK]
            with self.project.read() as s:
                self.rows.update(catalog.rows(s, chunk))
            if len(self.rows) > 20 * ROW_CHUNK:  # keep memory flat while scrolling far
                keep = set(chunk)
                self.rows = {k: v for k, v in self.rows.items() if k in keep}
            row = self.rows.get(asset_id)
        return row

    # -- lazy thumbnails -----------------------------------------------------------------
    def _request(self, asset_id: int, row: int = -1) -> None:
        with self._lock:
            if asset_id in self._requested:
                return
            self._requested.add(asset_id)
            self._row_hint[asset_id] = row
            self._requests.append(asset_id)
        self.loader.wake.set()

    def _take_requests(self, n: int) -> list[int]:
        with self._lock:
            if len(self._requests) > 400:  # scrolled far: what was asked long ago is off screen now
                dropped = self._requests[:-400]
                self._requested.difference_update(dropped)
                for asset_id in dropped:
                    self._row_hint.pop(asset_id, None)
                del self._requests[:-400]
            batch = self._requests[-n:][::-1]
            del self._requests[-n:]
            return batch

    def _loaded(self, images: dict) -> None:
        for asset_id, img in images.items():
            with self._lock:
                self._requested.discard(asset_id)
            if img.isNull():
                self.no_thumb.add(asset_id)
            else:
                self.pixmaps[asset_id] = QPixmap.fromImage(img)
            row = self._row_hint.pop(asset_id, -1)
            if not (0 <= row < len(self.ids) and self.ids[row] == asset_id):
                continue  # the list changed meanwhile; the view asks again when it paints
            idx = self.index(row)
            self.dataChanged.emit(idx, idx, [Qt.DecorationRole])
        while len(self.pixmaps) > THUMB_CACHE:
            self.pixmaps.popitem(last=False)
