"""A writer lock next to the project file (`name.nms.lock`).

The holder keeps an OS lock (flock / msvcrt) on the lock file and writes who it is into it.
The OS drops the lock when the process dies, so a lock file whose OS lock can be taken is
stale and is taken over. A second opener, in this process or another, is refused with the
holder's host, pid and start time.
"""
from __future__ import annotations

import getpass
import json
import os
import socket
from datetime import datetime
from pathlib import Path

from studio.project.errors import ProjectLockedError, ProjectReadOnlyError

try:  # POSIX
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

except ImportError:  # Windows
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)


def lock_path(project_path: Path) -> Path:
    return project_path.with_name(project_path.name + ".lock")


class ProjectLock:
    """Exclusive writer lock. `acquire()` raises ProjectLockedError naming the holder."""

    def __init__(self, project_path: Path) -> None:
        self.path = lock_path(project_path)
        self._fd: int | None = None
        self.took_over: dict | None = None  # info of a stale holder we replaced

    def acquire(self) -> None:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except PermissionError as exc:
            raise ProjectReadOnlyError(self.path.parent) from exc
        if not _try_lock(fd):
            holder = _read_holder(fd)
            os.close(fd)
            raise ProjectLockedError(self.path.with_suffix(""), holder)
        previous = _read_holder(fd)
        if previous:
            self.took_over = previous  # left behind by a crashed process
        info = {
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "user": _user(),
            "since": datetime.now().isoformat(timespec="seconds"),
        }
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, json.dumps(info).encode())
        os.fsync(fd)
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            os.ftruncate(fd, 0)
            self.path.unlink(missing_ok=True)
        except OSError:
            pass  # a leftover empty lock file is harmless: it is never "held"
        finally:
            _unlock(fd)
            os.close(fd)

    @property
    def held(self) -> bool:
        return self._fd is not None


def _read_holder(fd: int) -> dict:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        data = os.read(fd, 4096)
        return json.loads(data.decode()) if data.strip() else {}
    except (OSError, ValueError):
        return {"host": "?", "pid": "?", "since": "?"}


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in some sandboxes
        return "?"
