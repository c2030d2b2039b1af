"""SQLite engine for a project file: pragmas, explicit transactions, and error translation."""
from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import QueuePool
from sqlalchemy.exc import DBAPIError

from studio.project import errors, history

APPLICATION_ID = 0x4E4D5331  # "NMS1": marks a file as ours in the SQLite header
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


def make_engine(path: Path, readonly: bool = False, immutable: bool = False) -> Engine:
    """`immutable`: a read-only medium, where SQLite may not even create its -shm file."""
    mode = "ro" if readonly else "rw"
    uri = f"file:{quote(path.as_posix())}?mode={mode}" + ("&immutable=1" if immutable else "")
    engine = create_engine(
        "sqlite://",
        creator=lambda: sqlite3.connect(
            uri, uri=True, check_same_thread=False,
            isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000),
        poolclass=QueuePool,  # "sqlite://" would pick SingletonThreadPool (one connection per thread)
        pool_size=4, max_overflow=8,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        if not readonly:
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
            history.install_triggers(dbapi_conn)
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # pysqlite's own BEGIN handling is off (isolation_level=None)
        conn.exec_driver_sql("BEGIN")

    return engine


def looks_like_sqlite(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == SQLITE_HEADER
    except OSError:
        return False


_CODES = {
    5: errors.ProjectBusyError, 6: errors.ProjectBusyError,  # BUSY, LOCKED
    8: errors.ProjectReadOnlyError,  # READONLY
    13: errors.DiskFullError,  # FULL
    11: errors.CorruptProjectError,  # CORRUPT
    26: errors.NotAProjectError,  # NOTADB
}


def translate(exc: BaseException, path: Path) -> errors.StudioError | None:
    """Map a SQLite error to an actionable StudioError; None for programming errors."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    if not isinstance(orig, sqlite3.Error):
        return None
    code = getattr(orig, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary in _CODES:
        return _CODES[primary](path)
    text = str(orig).lower()
    for needle, cls in (("malformed", errors.CorruptProjectError), ("not a database", errors.NotAProjectError),
                        ("could not decode", errors.CorruptProjectError),
                        ("readonly", errors.ProjectReadOnlyError), ("disk is full", errors.DiskFullError),
                        ("locked", errors.ProjectBusyError)):
        if needle in text:
            return cls(path)
    if primary == 10:  # IOERR: most often a vanished USB stick or a full disk
        return errors.ProjectError(f"Cannot read or write “{path}” (读写失败): {orig}. "
                                   "Check the drive is still connected and has free space.")
    return None


@contextmanager
def sqlite_errors(path: Path):
    """Turn SQLite failures into StudioErrors inside the block."""
    try:
        yield
    except errors.StudioError:
        raise
    except UnicodeDecodeError as exc:  # text that is not UTF-8: damaged bytes
        raise errors.CorruptProjectError(path, "unreadable text") from exc
    except (DBAPIError, sqlite3.Error) as exc:
        mapped = translate(exc, path)
        if mapped is None:
            raise
        raise mapped from exc
