"""A writer lock next to the project file (`name.nms.lock`), and on the project file itself.

The holder keeps an OS lock (flock / msvcrt) on the lock file and writes who it is into it.
On POSIX it also holds a flock on the project file (independent of SQLite's fcntl locks), so
deleting the side file does not let a second writer in.
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

    LOCKS_PROJECT_FILE = True

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

except ImportError:  # Windows: byte locks there are mandatory and would block SQLite's reads
    import msvcrt

    LOCKS_PROJECT_FILE = False

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
        self.project_path = project_path
        self.path = lock_path(project_path)
        self._fd: int | None = None
        self._project_fd: int | None = None
        self.took_over: dict | None = None  # info of a stale holder we replaced

    def acquire(self) -> None:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except PermissionError as exc:
            raise ProjectReadOnlyError(self.path.parent) from exc
        locked = _try_lock(fd)
        project_fd = _lock_project_file(self.project_path) if locked else None
        if not locked or project_fd == -1:  # held (even if someone deleted the side file)
            holder = _read_holder(fd)
            if locked:
                _unlock(fd)
            os.close(fd)
            raise ProjectLockedError(self.project_path, holder or {"pid": "?", "host": "?", "since": "?"})
        self._project_fd = project_fd
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

    def hold_project_file(self) -> None:
        """Also lock the project file, once it exists (a new project is created after the lock)."""
        if self._project_fd is None:
            fd = _lock_project_file(self.project_path)
            if fd == -1:
                raise ProjectLockedError(self.project_path, {"pid": "?", "host": "?", "since": "?"})
            self._project_fd = fd

    def release(self) -> None:
        if self._project_fd is not None:
            _unlock(self._project_fd)
            os.close(self._project_fd)
            self._project_fd = None
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


def _lock_project_file(path: Path) -> int | None:
    """A flock held on the project file: its fd, -1 if another holder has it, None where not
    done (Windows, or the file does not exist yet)."""
    if not LOCKS_PROJECT_FILE:
        return None
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    if _try_lock(fd):
        return fd
    os.close(fd)
    return -1


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
