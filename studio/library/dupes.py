"""Near-duplicate finder (查重): which library items are copies of one picture or video.

Groups are built from confirmed pairs (see `nearmatch`) plus byte-identical files. The project
functions load the stored fingerprints, compute the missing ones from the files (videos, or
files imported by an older version) and keep them.
"""
from __future__ import annotations

import struct
from concurrent.futures import FIRST_COMPLETED, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Iterable, Optional

from PIL import Image
from sqlalchemy import select

from studio.library import analyse, fingerprint
from studio.library.analyse import fingerprint_file
from studio.library.files import resolve
from studio.library.fingerprint import ImagePrint, VideoPrint
from studio.library.nearmatch import Match, Print, image_candidates, match, same_video, similar, video_candidates
from studio.project.errors import MediaError
from studio.project import jobs
from studio.project.jobs import CancelToken, Progress, check
from studio.project.models.fingerprint import Fingerprint
from studio.project.models.library import Asset

__all__ = ["Match", "find_groups", "find_group_paths", "group", "load_prints", "match", "open_reduced",
           "same_video", "similar_to"]

# ---------------------------------------------------------------- grouping

def group(prints: dict[int, Optional[Print]], sha256: Optional[dict[int, str]] = None,
          progress: Optional[Progress] = None, cancel: Optional[CancelToken] = None) -> list[list[int]]:
    """Groups (lists of ids, each sorted, two or more) of copies of one picture or video.
    `prints` maps an id to its decoded fingerprint; `sha256` adds byte-identical files."""
    sets = _UnionFind()
    for ids in _same_hash(sha256 or {}):
        for other in ids[1:]:
            sets.union(ids[0], other)
    images = [(i, p) for i, p in prints.items() if isinstance(p, ImagePrint)]
    videos = [(i, p) for i, p in prints.items() if isinstance(p, VideoPrint)]
    pairs = sorted(image_candidates([p for _, p in images]))
    video_pairs = sorted(video_candidates([p for _, p in videos]))
    total = len(pairs) + len(video_pairs)
    for done, (a, b) in enumerate(pairs):
        if done % 16 == 0:
            check(cancel)
            if progress:
                progress(done, total)
        (ia, pa), (ib, pb) = images[a], images[b]
        if sets.find(ia) != sets.find(ib) and match(pa, pb) is not None:
            sets.union(ia, ib)
    for done, (a, b) in enumerate(video_pairs, start=len(pairs)):
        check(cancel)
        (ia, pa), (ib, pb) = videos[a], videos[b]
        if sets.find(ia) != sets.find(ib) and same_video(pa, pb):
            sets.union(ia, ib)
    if progress:
        progress(total, total)
    return sets.groups()


def _same_hash(sha256: dict[int, str]) -> list[list[int]]:
    by_hash: dict[str, list[int]] = {}
    for i, h in sha256.items():
        if h:
            by_hash.setdefault(h, []).append(i)
    return [ids for ids in by_hash.values() if len(ids) > 1]


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        root = self.parent.setdefault(x, x)
        while root != self.parent[root]:
            root = self.parent[root]
        while x != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> list[list[int]]:
        out: dict[int, list[int]] = {}
        for x in list(self.parent):
            out.setdefault(self.find(x), []).append(x)
        return sorted((sorted(g) for g in out.values() if len(g) > 1), key=lambda g: g[0])


# ---------------------------------------------------------------- the project's library

VISUAL_KINDS = ("image", "video")


def find_groups(project, progress: Optional[Progress] = None,
                cancel: Optional[CancelToken] = None) -> list[list[int]]:
    """Groups of asset ids that are copies of one picture or video: byte-identical files of
    any kind, and near-duplicate images and videos. Fingerprints missing from the project
    (videos, or files imported by an older version) are computed and kept."""
    fill_progress, group_progress = _split(progress)
    prints = load_prints(project, progress=fill_progress, cancel=cancel)
    with project.read() as s:
        sha = dict(s.execute(select(Asset.id, Asset.sha256)
                             .where(Asset.path.is_not(None), Asset.sha256.is_not(None))).all())
    return group(prints, sha, group_progress, cancel)


def find_group_paths(project, progress: Optional[Progress] = None,
                     cancel: Optional[CancelToken] = None) -> list[list[str]]:
    """`find_groups` as the paths the assets were imported from."""
    groups = find_groups(project, progress, cancel)
    with project.read() as s:
        paths = dict(s.execute(select(Asset.id, Asset.path)).all())
    return [[paths[i] for i in g] for g in groups]


def similar_to(project, img_or_path, ids: Optional[Iterable[int]] = None) -> list[int]:
    """Library images and videos (limited to `ids` when given) that `img_or_path` (a PIL image
    or an image file) is a near-duplicate of, closest first. The checker uses it to flag
    pictures copied from assets whose licence does not allow the use."""
    query = _query_print(img_or_path)
    prints = load_prints(project, ids=ids)
    return similar(query, prints)


def load_prints(project, ids: Optional[Iterable[int]] = None, progress: Optional[Progress] = None,
                cancel: Optional[CancelToken] = None) -> dict[int, Optional[Print]]:
    """Decoded fingerprints of the library's images and videos. Missing ones (videos, files
    imported by an older version) and image prints import made without ORB features are
    computed from the files in the worker pool and kept. None when there is no print and the
    file is gone or unreadable; a featureless print whose file is gone is used as it is."""
    query = (select(Asset.id, Asset.kind, Asset.path, Fingerprint.data)
             .outerjoin(Fingerprint, Fingerprint.asset_id == Asset.id)
             .where(Asset.kind.in_(VISUAL_KINDS), Asset.path.is_not(None)))
    if ids is not None:
        query = query.where(Asset.id.in_(list(ids)))
    with project.read() as s:
        rows = s.execute(query).all()
    out: dict[int, Optional[Print]] = {r.id: _decode(r.data) for r in rows}
    todo = [(r.id, resolve(project, r.path), r.kind) for r in rows
            if out[r.id] is None or fingerprint.needs_features(out[r.id])]
    fresh = _compute_files(todo, progress, cancel)
    _store(project, fresh)
    for i, data in fresh.items():
        out[i] = _decode(data)
    return out


def _decode(data: Optional[bytes]) -> Optional[Print]:
    if not fingerprint.is_current(data):
        return None
    try:
        return fingerprint.decode(data)
    except (ValueError, struct.error):
        return None


def _compute_files(todo: list, progress: Optional[Progress], cancel: Optional[CancelToken]) -> dict[int, bytes]:
    """Fingerprints of (id, path, kind) files made in the worker pool, a few in flight per
    worker; files that cannot be read are left out."""

    fresh: dict[int, bytes] = {}
    queue = list(reversed(todo))
    pending: dict = {}
    done = 0
    try:
        while queue or pending:
            check(cancel)
            if progress:
                progress(done, len(todo))
            while queue and len(pending) < 3 * jobs.WORKERS:
                asset_id, path, kind = queue.pop()
                pending[jobs.pool().submit(fingerprint_file, path, kind)] = asset_id
            finished, _ = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
            for fut in finished:
                asset_id = pending.pop(fut)
                done += 1
                try:
                    data = fut.result()
                except BrokenProcessPool:  # a decoder crashed: leave this file out, carry on
                    jobs.reset_pool()
                    data = None
                if data is not None:
                    fresh[asset_id] = data
    finally:
        for fut in pending:
            fut.cancel()
    if progress:
        progress(len(todo), len(todo))
    return fresh


def open_reduced(path) -> Image.Image:
    """Decode an image file the cheap way (JPEG draft), upright, RGB, at most 1024 px: as import does."""
    return analyse.open_reduced(path)


def _query_print(img_or_path) -> ImagePrint:
    if isinstance(img_or_path, Image.Image):
        return fingerprint.analyse(img_or_path)
    try:
        return fingerprint.analyse(open_reduced(img_or_path))
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise MediaError(f"Cannot read the picture (无法读取图片) {img_or_path}: {exc}") from exc


def _store(project, blobs: dict[int, bytes]) -> None:
    """Fingerprints are a cache: written outside the undo history."""
    if not blobs or project.readonly:
        return
    table = Fingerprint.__table__
    with project.engine.begin() as conn:
        conn.execute(table.delete().where(table.c.asset_id.in_(list(blobs))))
        conn.execute(table.insert(), [{"asset_id": i, "version": fingerprint.VERSION, "data": d}
                                      for i, d in blobs.items()])


def _split(progress: Optional[Progress]) -> tuple[Optional[Progress], Optional[Progress]]:
    """One progress bar for two phases: fingerprinting files (first half) and comparing."""
    if progress is None:
        return None, None

    def first(done: int, total: int) -> None:
        progress(done * 500 // max(1, total), 1000)

    def second(done: int, total: int) -> None:
        progress(500 + done * 500 // max(1, total), 1000)

    return first, second
