"""Files the program writes for the user (exports, renders, reports): all or nothing.

Each is written under a temporary name beside the target and renamed into place only when
complete, so a full disk, a crash or a cancel never leaves a partial or empty file behind.
"""
from __future__ import annotations

import errno
import glob
import os
import re
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from studio.project.errors import StudioError

TEMP_PREFIX = "nms-"  # temp folders of this program: cleaned at the next start when stale
STALE_SECONDS = 6 * 3600


class OutputFullError(StudioError):
    def __init__(self, path) -> None:
        super().__init__(f"磁盘已满，未能写出 {path}；已删除写了一半的文件。请腾出空间后再导出。 "
                         f"The disk is full: {path} was not written (the partial file was removed). "
                         "Free some space and export again.")


class OutputError(StudioError):
    def __init__(self, path, reason: str) -> None:
        super().__init__(f"无法写出 {path}：{reason}。 Cannot write {path}: {reason}. "
                         "Check the folder exists and is writable.")


def _part_name(target: Path) -> Path:
    return target.with_name(f".{target.stem}.part{os.getpid()}{target.suffix}")


_PART = re.compile(r"\.part(\d+)$")


def _remove_stale_parts(target: Path) -> None:
    """Remove temporary files an earlier write of `target` left behind when its program was
    killed (their names carry the pid of a process that no longer runs)."""
    try:
        leftovers = list(target.parent.glob(f".{glob.escape(target.stem)}.part*{glob.escape(target.suffix)}"))
    except OSError:
        return
    for path in leftovers:
        m = _PART.search(path.name[: len(path.name) - len(target.suffix)] if target.suffix else path.name)
        if m and int(m[1]) != os.getpid() and not _alive(int(m[1])):
            _remove(path)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):  # someone else's process (EPERM), or not a pid at all
        return True
    return True


@contextmanager
def atomic_outputs(targets) -> Iterator[list[Path]]:
    """Yield temporary paths to write; when the block succeeds they replace `targets` (all of
    them), when it fails they are removed and no target is touched."""
    targets = [Path(t) for t in targets]
    parts = [_part_name(t) for t in targets]
    for target in targets:
        _remove_stale_parts(target)
    try:
        if targets:
            targets[0].parent.mkdir(parents=True, exist_ok=True)
        yield parts
        for part, target in zip(parts, targets):
            os.replace(part, target)
    except BaseException as exc:
        for part in parts:
            _remove(part)
        if isinstance(exc, OSError):
            raise mapped(exc, targets[0] if targets else Path()) from exc
        raise


@contextmanager
def atomic_output(target) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces `target`, on failure it is removed."""
    with atomic_outputs([target]) as (part,):
        yield part


@contextmanager
def removed_on_failure(folder) -> Iterator[None]:
    """For an export that writes several files into `folder`: if the block fails, the files
    it added are removed again (files that were there before are left alone)."""
    folder = Path(folder)
    before = set(folder.iterdir()) if folder.is_dir() else set()
    try:
        yield
    except BaseException as exc:
        for path in (set(folder.iterdir()) if folder.is_dir() else set()) - before:
            if path.is_file():
                _remove(path)
        if isinstance(exc, OSError):
            raise mapped(exc, folder) from exc
        raise


def write_bytes(target, data: bytes) -> Path:
    with atomic_output(target) as part:
        part.write_bytes(data)
    return Path(target)


def write_text(target, text: str) -> Path:
    return write_bytes(target, text.encode("utf-8"))


def copy_file(source, target) -> Path:
    with atomic_output(target) as part:
        shutil.copyfile(source, part)
    return Path(target)


def mapped(exc: OSError, target: Path) -> StudioError:
    """The user's message for an OSError met while writing `target`."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return OutputFullError(target)
    return OutputError(target, exc.strerror or str(exc))


def temp_dir(kind: str) -> Path:
    """A private temp folder for one job (`nms-<kind>-…`); the caller removes it when done."""
    return Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{kind}-"))


def clean_stale_temp(older_than: float = STALE_SECONDS) -> int:
    """Remove temp folders a killed run left behind (at start-up); returns how many."""
    root, removed, now = Path(tempfile.gettempdir()), 0, time.time()
    for entry in root.glob(f"{TEMP_PREFIX}*"):
        try:
            if entry.is_dir() and now - entry.stat().st_mtime > older_than:
                shutil.rmtree(entry, ignore_errors=True)
                removed += 1
        except OSError:
            pass
    return removed


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass
