"""Where an asset's file is: missing files, relinking by content hash, exporting with the
attribution line, and collecting all media next to the project.

Asset paths are absolute, or relative to the project's folder after "collect project", so a
collected project can move to another machine. Always go through `resolve()` to open a file.
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from sqlalchemy import select

from studio.library.analyse import sha256_file
from studio.library.import_ import collect_files
from studio.library.ops import LICENCE_NAMES
from studio.project.errors import StudioError
from studio.project import jobs, output
from studio.project.jobs import CancelToken, Progress, check
from studio.project.models.library import Asset

MEDIA_FOLDER = "素材"  # collected media: <project folder>/素材/<kind>/<file>
KIND_FOLDERS = {"image": "图片", "video": "视频", "audio": "音频", "font": "字体", "text": "文本"}


def resolve(project, path: Optional[str]) -> Optional[Path]:
    """Absolute path of an asset's file (relative paths are inside the project's folder)."""
    if not path:
        return None
    p = Path(path)
    return p if p.is_absolute() else project.path.parent / p


def refresh_missing(project, progress: Optional[Progress] = None, cancel: Optional[CancelToken] = None) -> list[int]:
    """Check every file still exists; store the result in `asset.missing` (a cache, so it is
    written outside the undo history). Returns the ids of missing assets."""
    return update_missing(project, progress, cancel)[0]


def update_missing(project, progress: Optional[Progress] = None,
                   cancel: Optional[CancelToken] = None) -> tuple[list[int], bool]:
    """`refresh_missing`, also telling whether any asset's flag changed (the grid re-reads only then).

    The scan runs in a worker process that reads the project file itself: looking at 100,000
    paths in a thread of the GUI process would starve the GUI thread of the GIL."""
    check(cancel)
    missing, now_missing, now_present = jobs.pool().submit(scan_missing, str(project.path)).result()
    check(cancel)
    if now_missing or now_present:
        with project.engine.begin() as conn:  # one C-level loop: little time holding the GIL
            conn.exec_driver_sql("UPDATE asset SET missing = ? WHERE id = ?",
                                 [(1, i) for i in now_missing] + [(0, i) for i in now_present])
    if progress:
        progress(1, 1)
    return missing, bool(now_missing or now_present)


def scan_missing(db_path: str) -> tuple[list[int], list[int], list[int]]:
    """(missing ids, ids that became missing, ids found again), read straight from the file."""
    import sqlite3

    base = Path(db_path).parent
    conn = sqlite3.connect(f"file:{Path(db_path).as_posix()}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT id, path, missing FROM asset WHERE path IS NOT NULL").fetchall()
    finally:
        conn.close()
    missing, became, back = [], [], []
    for asset_id, path, flag in rows:
        gone = not os.path.exists(path if os.path.isabs(path) else base / path)
        if gone:
            missing.append(asset_id)
        if gone != bool(flag):
            (became if gone else back).append(asset_id)
    return missing, became, back


@dataclass
class RelinkReport:
    relinked: list[tuple[int, str, str]] = field(default_factory=list)  # (id, old path, new path)
    still_missing: list[int] = field(default_factory=list)


def relink(project, folder: str | os.PathLike, progress: Optional[Progress] = None,
           cancel: Optional[CancelToken] = None) -> RelinkReport:
    """Find moved or renamed files inside `folder` by content hash and point their assets at
    the new place (one undoable action). Only files whose size matches a missing asset are hashed."""
    folder = Path(folder)
    if not folder.is_dir():
        raise StudioError(f"文件夹不存在 / folder not found: {folder}")
    missing_ids = set(refresh_missing(project, cancel=cancel))
    with project.read() as s:
        wanted = s.execute(select(Asset.id, Asset.path, Asset.size, Asset.sha256)
                           .where(Asset.id.in_(missing_ids), Asset.sha256.is_not(None))).all()
    by_size: dict[int, list] = {}
    for row in wanted:
        by_size.setdefault(row.size, []).append(row)
    files, _ = collect_files([folder])
    found: dict[int, tuple[str, str]] = {}
    for n, f in enumerate(files):
        check(cancel)
        if progress:
            progress(n, len(files))
        try:
            candidates = [r for r in by_size.get(f.stat().st_size, []) if r.id not in found]
        except OSError:
            continue
        if candidates:
            digest = sha256_file(f)
            for r in candidates:
                if r.sha256 == digest:
                    found[r.id] = (r.path, str(f))
    report = RelinkReport(still_missing=sorted(missing_ids - found.keys()))
    if found:
        with project.action(f"重新链接 {len(found)} 个文件 / Relink {len(found)} file(s)") as s:
            for asset in s.scalars(select(Asset).where(Asset.id.in_(list(found)))):
                asset.path, asset.missing = found[asset.id][1], False
        report.relinked = [(i, old, new) for i, (old, new) in sorted(found.items())]
    return report


def attribution_line(asset: Asset) -> str:
    """The credit to print with an asset: the user's own line, or one built from provenance."""
    if asset.attribution.strip():
        return asset.attribution.strip()
    zh, en = LICENCE_NAMES.get(asset.licence, LICENCE_NAMES["unknown"])
    who = " / ".join(p for p in (asset.author, asset.platform) if p)
    parts = [f"《{asset.title}》" if asset.title else ""]
    if who:
        parts.append(f"作者 {who}")
    parts.append(f"授权 {zh}")
    if asset.licence == "purchased" and asset.licence_cert:
        parts.append(f"证书号 {asset.licence_cert}")
    if asset.source_url:
        parts.append(f"来源 {asset.source_url}")
    return "，".join(p for p in parts if p)


def export_asset(project, asset_id: int, dest: str | os.PathLike) -> tuple[Path, str]:
    """Copy an asset's file into folder `dest` with a `<name>.署名.txt` beside it holding the
    attribution line. Returns (copied file, attribution line)."""
    with project.read() as s:
        asset = s.get(Asset, asset_id)
        if asset is None:
            raise StudioError(f"素材不存在 / asset {asset_id} does not exist")
        line = attribution_line(asset)
        src = resolve(project, asset.path)
        if src is None:  # a note: export its text
            dest_file = _unique(Path(dest) / f"{_safe(asset.title) or 'note'}.txt")
            Path(dest).mkdir(parents=True, exist_ok=True)
            output.write_text(dest_file, f"{asset.title}\n\n{asset.notes}\n\n{asset.source_url}\n")
            return dest_file, line
    if not src.exists():
        raise StudioError(f"文件不见了，请先重新链接 / the file is missing: {src}. Relink it first.")
    Path(dest).mkdir(parents=True, exist_ok=True)
    dest_file = _unique(Path(dest) / src.name)
    credit = dest_file.with_name(dest_file.name + ".署名.txt")
    with output.atomic_outputs([dest_file, credit]) as (part, credit_part):  # both or neither
        shutil.copy2(src, part)
        credit_part.write_text(line + "\n", encoding="utf-8")
    return dest_file, line


@dataclass
class CollectReport:
    copied: int = 0
    already_inside: int = 0
    missing: list[int] = field(default_factory=list)
    folder: Optional[Path] = None


def collect_project(project, progress: Optional[Progress] = None, cancel: Optional[CancelToken] = None) -> CollectReport:
    """Copy every referenced file into `<project folder>/素材/<kind>/` and store relative
    paths, so the project folder can be moved as a whole. Files are copied before the paths
    change (one undoable action); a cancelled run changes no paths."""
    base = project.path.parent
    target = base / MEDIA_FOLDER
    report = CollectReport(folder=target)
    with project.read() as s:
        rows = s.execute(select(Asset.id, Asset.kind, Asset.path, Asset.sha256).where(Asset.path.is_not(None))).all()
    new_paths: dict[int, str] = {}
    placed: dict[str, str] = {}  # sha256 -> relative path already copied in this run
    for n, row in enumerate(rows):
        check(cancel)
        if progress:
            progress(n, len(rows))
        src = resolve(project, row.path)
        if not src.exists():
            report.missing.append(row.id)
            continue
        if _inside(src, base):
            report.already_inside += 1
            if Path(row.path).is_absolute():
                new_paths[row.id] = src.relative_to(base).as_posix()
            continue
        if row.sha256 and row.sha256 in placed:
            new_paths[row.id] = placed[row.sha256]
            continue
        dest = _unique(target / KIND_FOLDERS.get(row.kind, row.kind) / src.name)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dest)
        new_paths[row.id] = placed[row.sha256 or str(src)] = dest.relative_to(base).as_posix()
        report.copied += 1
    if progress:
        progress(len(rows), len(rows))
    if new_paths:
        with project.action(f"收集素材到项目文件夹 / Collect {len(new_paths)} file(s)") as s:
            for asset in s.scalars(select(Asset).where(Asset.id.in_(list(new_paths)))):
                asset.path = new_paths[asset.id]
    return report


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False


def _unique(path: Path) -> Path:
    n = 2
    candidate = path
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        n += 1
    return candidate


def _safe(name: str) -> str:
    return "".join(ch for ch in name if ch not in '\\/:*?"<>|').strip()[:80]
