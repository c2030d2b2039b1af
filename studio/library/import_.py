"""Import files and folders into the library.

Files are analysed in a pool of worker processes (decoding and hashing are CPU work) while the
calling thread writes finished items to the project in small batches, so they appear while the
rest is still working. The batches form one history group, so an import is one undo step. Bad
files are reported with a reason and never stop the import.
"""
from __future__ import annotations

import os
import time
from concurrent.futures import FIRST_COMPLETED, Future, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable, Optional

from sqlalchemy import select

from studio.library import catalog, formats, ops
from studio.library.analyse import Analysed, Skipped, analyse
from studio.project.errors import Cancelled, DiskFullError, ProjectError
from studio.project import jobs
from studio.project.jobs import WORKERS, CancelToken, Progress
from studio.project.models.fingerprint import Fingerprint
from studio.project.models.library import Asset, AssetThumb

IGNORED_NAMES = {"thumbs.db", "desktop.ini", ".ds_store"}
BATCH_SECONDS = 0.5


@dataclass
class ImportReport:
    imported: list[tuple[str, int]] = field(default_factory=list)  # (path, asset id), new or already there
    skipped: list[Skipped] = field(default_factory=list)
    already: int = 0  # how many of `imported` were in the library before
    cancelled: bool = False

    def as_json(self) -> dict:
        return {"imported": [{"path": p, "id": i} for p, i in self.imported],
                "skipped": [{"path": s.path, "reason": s.reason} for s in self.skipped]}


def collect_files(paths: Iterable[str | os.PathLike]) -> tuple[list[Path], list[Skipped]]:
    """Expand folders recursively (sorted, hidden files left out); report paths that do not exist.
    Files in folders with types the library does not take are reported as unsupported."""
    files: list[Path] = []
    skipped: list[Skipped] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            found = sorted(_walk(path))
        elif path.exists():
            found = [path]
        else:
            skipped.append(Skipped(str(path), "unreadable", "文件或文件夹不存在 / no such file or folder"))
            continue
        for f in found:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                files.append(key)
    return files, skipped


def _walk(folder: Path) -> Iterable[Path]:
    for root, dirs, names in os.walk(folder, followlinks=False):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if not name.startswith(".") and name.lower() not in IGNORED_NAMES:
                yield Path(root) / name


def import_paths(project, paths: Iterable[str | os.PathLike], *, progress: Optional[Progress] = None,
                 cancel: Optional[CancelToken] = None, on_batch: Optional[Callable[[list[int]], None]] = None,
                 tags: Iterable[str] = (), provenance: Optional[dict] = None,
                 workers: int = WORKERS) -> ImportReport:
    """Import files and folders. `on_batch(ids)` is called after each batch is committed;
    `tags` and `provenance` (licence, author, ...) are applied to every new asset. On cancel the
    items finished so far stay imported and Cancelled is raised."""
    files, skipped = collect_files(paths)
    report = ImportReport(skipped=skipped)
    known = _already_known(project, files)
    todo = [f for f in files if str(f) not in known]
    clean = ops_clean(provenance or {})
    done, total = 0, len(files)
    for f in files:
        if str(f) in known:
            report.imported.append((str(f), known[str(f)]))
            report.already += 1
            done += 1
    if progress:
        progress(done, total)
    with project.group(import_label(0)) as step:
        batches = _Batches(project, step, report, tags=list(tags), provenance=clean, on_batch=on_batch)
        try:
            for result in _analyse_all(todo, cancel, workers):
                batches.add(result)
                done += 1
                if progress:
                    progress(done, total)
        except Cancelled:
            report.cancelled = True
        except DiskFullError as exc:  # earlier batches are saved: say how many
            raise ImportDiskFullError(project.path, len(report.imported) - report.already) from exc
        finally:
            try:
                batches.flush()
            except DiskFullError as exc:
                raise ImportDiskFullError(project.path, len(report.imported) - report.already) from exc
    order = {str(f): n for n, f in enumerate(files)}
    report.imported.sort(key=lambda item: order.get(item[0], -1))
    if report.cancelled:
        raise Cancelled(f"已取消，已导入 {len(report.imported)} 个 / Cancelled after importing {len(report.imported)}")
    return report


class ImportDiskFullError(DiskFullError):
    def __init__(self, path, saved: int) -> None:
        ProjectError.__init__(
            self, f"磁盘已满：已导入并保存 {saved} 个素材，其余未导入。请腾出空间后再导入一次（已导入的会被跳过）。 "
                  f"The disk holding “{path}” is full: {saved} item(s) were imported and saved, the rest were not. "
                  "Free some space and import again (items already imported are skipped).")


def ops_clean(provenance: dict) -> dict:
    return {k: ops.clean(k, v) for k, v in provenance.items()}


def _already_known(project, files: list[Path]) -> dict[str, int]:
    """Files already in the library at the same path with unchanged size (cheap check)."""
    with project.read() as s:
        found = catalog.by_path(s, [str(f) for f in files])
        sizes = dict(s.execute(select(Asset.id, Asset.size).where(Asset.id.in_([i for i, _ in found.values()])))
                     .all()) if found else {}
    known = {}
    for path, (asset_id, _sha) in found.items():
        try:
            if os.path.getsize(path) == sizes.get(asset_id):
                known[path] = asset_id
        except OSError:
            pass
    return known


def analyse_files(files: list[Path], cancel: Optional[CancelToken] = None, workers: int = WORKERS):
    """Analyse files in the worker pool, yielding Analysed or Skipped as they finish (any order),
    for callers that write the results themselves, e.g. in one action with other rows; with
    `insert()` below. Raises Cancelled on cancel."""
    return _analyse_all(list(files), cancel, workers)


def _analyse_all(files: list[Path], cancel: Optional[CancelToken], workers: int):
    """Yield results as workers finish them, keeping a few files in flight per worker. When a
    worker dies (a decoder crash), the files it held are retried once in a fresh pool; a file
    that kills a worker twice is reported, the rest carry on."""
    if not files:
        return
    queue = [(f, 0) for f in reversed(files)]  # a stack: pop() takes files in order
    pending: dict[Future, tuple[Path, int]] = {}
    limit = workers * 3
    while queue or pending:
        pool = jobs.pool()
        while queue and len(pending) < limit and not (cancel and cancel.cancelled):
            path, tries = queue.pop()
            pending[pool.submit(analyse, str(path))] = (path, tries)
        if not pending:
            break
        finished, _ = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
        for fut in finished:
            path, tries = pending.pop(fut)
            try:
                yield fut.result()
            except BrokenProcessPool:
                jobs.reset_pool()
                if tries:
                    yield Skipped(str(path), "corrupt", "解码时程序崩溃，文件可能已损坏 / the decoder crashed on this file")
                else:
                    queue.append((path, tries + 1))
        if cancel is not None and cancel.cancelled:
            for fut in pending:
                fut.cancel()
            wait([f for f in pending if not f.cancelled()], timeout=30)
            raise Cancelled()


class _Batches:
    """Writes results to the project a batch at a time, all in one history group: one import is
    one undo step, labelled with the number of items written so far."""

    def __init__(self, project, step, report: ImportReport, tags: list[str], provenance: dict, on_batch) -> None:
        self.project, self.step, self.report, self.tags, self.provenance = project, step, report, tags, provenance
        self.on_batch = on_batch
        self.items: list[Analysed] = []
        self.last = time.monotonic()
        self.first = True

    def add(self, result) -> None:
        if isinstance(result, Skipped):
            self.report.skipped.append(result)
            return
        self.items.append(result)
        # the first item goes out at once so the user sees something; then about twice a second
        if self.first or time.monotonic() - self.last > BATCH_SECONDS or len(self.items) >= 200:
            self.flush()

    def flush(self) -> None:
        if not self.items:
            return
        count = len(self.report.imported) - self.report.already + len(self.items)
        self.step.label = import_label(count)
        with self.project.action(self.step.label) as s:
            ids = [insert(s, item, self.provenance, index=False) for item in self.items]
            if self.tags:
                ops.add_tags_in(s, ids, self.tags)  # also refreshes the search text
            else:
                ops.refresh_search(s, ids)
        self.report.imported.extend((item.path, i) for item, i in zip(self.items, ids))
        self.items, self.first, self.last = [], False, time.monotonic()
        if self.on_batch:
            self.on_batch(ids)


def import_label(count: int) -> str:
    return f"导入 {count} 个素材 / Import {count} item(s)"


def insert(session, item: Analysed, provenance: Optional[dict] = None, index: bool = True) -> int:
    """Add one analysed file as an asset (with thumbnail, fingerprint and search text)."""
    meta = dict(item.meta)
    if item.text:
        meta["excerpt"] = item.text
    taken = meta.get("taken")
    asset = Asset(kind=item.kind, title=item.title, path=item.path, size=item.size, sha256=item.sha256,
                  meta=meta, duration=item.duration,
                  taken=datetime.fromisoformat(taken) if taken else _mtime(item.path),
                  **(provenance or {}))
    session.add(asset)
    session.flush()
    if item.thumbnail:
        session.add(AssetThumb(asset_id=asset.id, data=item.thumbnail))
    if item.fingerprint:  # a new asset: no fingerprint row yet (made by studio.library.fingerprint)
        from studio.library.fingerprint import VERSION

        session.add(Fingerprint(asset_id=asset.id, version=VERSION, data=item.fingerprint))
    if index:
        ops.refresh_search(session, [asset.id])
    return asset.id


def _mtime(path: str) -> Optional[datetime]:
    try:
        return datetime.fromtimestamp(os.path.getmtime(path))
    except OSError:
        return None
