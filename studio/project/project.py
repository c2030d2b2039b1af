"""A project: one SQLite file (*.nms) opened for writing, with history and a writer lock."""
from __future__ import annotations

import os
import shutil
import sqlite3
import threading
import time
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Callable, Hashable, Iterator

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from studio import __version__
from studio.project import errors, history, migrate
from studio.project.changes import ACTION, REDO, RESET, UNDO, Changes, touched_rows
from studio.project.db import APPLICATION_ID, looks_like_sqlite, make_engine, sqlite_errors
from studio.project.lock import ProjectLock
from studio.project.models import Base, ProjectMeta

SUFFIX = ".nms"
Listener = Callable[[Changes], None]
MERGE_SECONDS = 5.0  # saves of one typing burst closer than this become one undo step


class Group:
    """An open history group (see Project.group): its step's label and newest action."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.action_id: int | None = None


class Project:
    """An open project. Every write goes through `action()`, one transaction per user action."""

    def __init__(self, path: Path, readonly: bool = False) -> None:
        self.path = path
        self.readonly = readonly
        self.lock = None if readonly else ProjectLock(path)
        self.engine = None
        self._write = threading.RLock()
        self._listeners: list[Listener] = []
        self._local = threading.local()  # per thread: initiator and open group
        self._last_merge: tuple | None = None  # (key, action id, monotonic time) of the last action
        self.migrated_from: str | None = None  # set when an older file was migrated
        self.damaged: str | None = None  # the integrity check's finding, when opened read-only for it
        self.backup_path: Path | None = None

    # -- reading and writing -------------------------------------------------
    @contextmanager
    def read(self) -> Iterator[Session]:
        with sqlite_errors(self.path), Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def action(self, label: str, *, merge: Hashable | None = None) -> Iterator[Session]:
        """One undoable user action: everything in the block commits together or not at all.

        With `merge`, an action that follows one with the same key within MERGE_SECONDS (and
        nothing else in between) joins it as one undo step, which takes the newer label."""
        self._writable()
        with self._write, sqlite_errors(self.path):
            with Session(self.engine, expire_on_commit=False) as session:
                conn = session.connection()
                history.begin_action(conn)
                try:
                    yield session
                    session.flush()
                    rows = touched_rows(history.pending_steps(conn))
                    group = getattr(self._local, "group", None)
                    into = self._merge_target(conn, merge, group)
                    action_id = history.finish_action(conn, group.label if group else label, into=into)
                    session.commit()
                except BaseException:
                    session.rollback()
                    raise
            if action_id is not None:
                self._last_merge = (merge, action_id, time.monotonic())
                if group is not None:
                    group.action_id = action_id
        if rows:
            self._notify(Changes(label, ACTION, rows, self.initiator))

    def _merge_target(self, conn, merge, group) -> int | None:
        newest = history.newest_action(conn)
        if group is not None:
            return group.action_id if group.action_id == newest else None
        if merge is None or self._last_merge is None:
            return None
        key, action_id, at = self._last_merge
        fresh = time.monotonic() - at < MERGE_SECONDS
        return action_id if key == merge and action_id == newest and fresh else None

    @contextmanager
    def group(self, label: str) -> Iterator["Group"]:
        """Every action in the block (on this thread) becomes one undo step named `label`,
        e.g. an import written in batches. Each action still notifies on its own. The yielded
        Group's label may be changed inside the block; the step takes it with the next action."""
        outer = getattr(self._local, "group", None)
        if outer is not None:  # nested groups fold into the outer one
            yield outer
            return
        self._local.group = Group(label)
        try:
            yield self._local.group
        finally:
            self._local.group = None

    @contextmanager
    def initiated_by(self, who: object) -> Iterator[None]:
        """Name who starts the actions in the block (on this thread): their notices carry it,
        so a page can tell its own saves from changes made elsewhere."""
        before = getattr(self._local, "initiator", None)
        self._local.initiator = who
        try:
            yield
        finally:
            self._local.initiator = before

    @property
    def initiator(self) -> object:
        return getattr(self._local, "initiator", None)

    def undo(self) -> str | None:
        return self._replay(history.next_undo, mark_undone=True)

    def redo(self) -> str | None:
        return self._replay(history.next_redo, mark_undone=False)

    def _writable(self) -> None:
        if self.damaged is not None:
            raise errors.DamagedProjectError(self.path, self.damaged)
        if self.readonly:
            raise errors.ProjectReadOnlyError(self.path)

    def _replay(self, pick, mark_undone: bool) -> str | None:
        self._writable()
        with self._write, sqlite_errors(self.path), self.engine.begin() as conn:
            row = pick(conn)
            if row is None:
                return None
            history.replay(conn, row.id, mark_undone)
            rows = touched_rows(history.action_steps(conn, row.id))
            self._last_merge = None  # an undone step never absorbs the next edit
        self._notify(Changes(row.label, UNDO if mark_undone else REDO, rows, self.initiator))
        return row.label

    def can_undo(self) -> bool:
        with self.engine.connect() as conn:
            return history.next_undo(conn) is not None

    def can_redo(self) -> bool:
        with self.engine.connect() as conn:
            return history.next_redo(conn) is not None

    def undo_label(self) -> str | None:
        with self.engine.connect() as conn:
            row = history.next_undo(conn)
            return row.label if row else None

    def redo_label(self) -> str | None:
        with self.engine.connect() as conn:
            row = history.next_redo(conn)
            return row.label if row else None

    def clear_history(self) -> None:
        """Forget all undo/redo steps (e.g. after building a demo: its set-up is not the user's work)."""
        self._writable()
        with self._write, sqlite_errors(self.path), self.engine.begin() as conn:
            conn.execute(text("DELETE FROM history_step"))
            conn.execute(text("DELETE FROM history_action"))
            self._last_merge = None
        self._notify(Changes("", RESET))

    def history(self) -> list[dict]:
        with self.engine.connect() as conn:
            rows = conn.execute(text("SELECT id, label, at, undone FROM history_action ORDER BY id")).all()
        return [{"id": r.id, "label": r.label, "at": str(r.at), "undone": bool(r.undone)} for r in rows]

    # -- notifications -------------------------------------------------------
    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _notify(self, changes: Changes) -> None:
        for listener in list(self._listeners):
            listener(changes)

    # -- metadata ------------------------------------------------------------
    def get_meta(self, key: str, default: str = "") -> str:
        with self.read() as s:
            row = s.get(ProjectMeta, key)
            return row.value if row else default

    @property
    def name(self) -> str:
        return self.get_meta("name") or self.path.stem

    # -- facts ---------------------------------------------------------------
    def info(self) -> dict:
        with sqlite_errors(self.path), self.engine.connect() as conn:
            revs = migrate.current_revisions(conn) or set()
            tables = [r[0] for r in conn.execute(text(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
                "AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name"))]
            counts = {}
            for t in tables:
                if t in ("alembic_version",) or "_fts" in t:
                    continue
                counts[t] = conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one()
            integrity = conn.execute(text("PRAGMA integrity_check")).scalars().all()
        return {
            "path": str(self.path),
            "name": self.name,
            "schema_version": migrate.version_label(revs),
            "created_with": self.get_meta("created_with"),
            "counts": counts,
            "integrity": "ok" if integrity == ["ok"] else "; ".join(integrity[:5]),
            "size_bytes": self.path.stat().st_size,
        }

    # -- lifecycle -----------------------------------------------------------
    def close(self) -> None:
        """Close, leaving one self-contained file (no -wal/-shm beside it): it can then be
        copied, or opened from a read-only stick."""
        if self.engine is None:
            return
        try:
            with self._write:
                self.engine.dispose()  # WAL can only be left by the last connection
                if not self.readonly:
                    conn = sqlite3.connect(self.path, isolation_level=None, timeout=5)
                    try:
                        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                        conn.execute("PRAGMA journal_mode=DELETE")
                    finally:
                        conn.close()
        except sqlite3.Error:  # closing must always release the lock; the WAL is replayed at next open
            pass
        finally:
            self.engine.dispose()
            self.engine = None
            if self.lock is not None:
                self.lock.release()

    def __enter__(self) -> "Project":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _normalise(path) -> Path:
    return Path(path).expanduser().resolve()


def create_project(path, name: str = "") -> Project:
    """Create a new, empty project file (create_all + stamp) and open it."""
    path = _normalise(path)
    if path.exists():
        raise errors.ProjectExistsError(path)
    if not path.parent.is_dir():
        raise errors.ProjectError(f"The folder does not exist (文件夹不存在): {path.parent}")
    project = Project(path)
    project.lock.acquire()
    try:
        try:
            sqlite3.connect(path).close()  # create the empty file
        except sqlite3.Error as exc:
            raise errors.ProjectReadOnlyError(path) from exc
        project.lock.hold_project_file()
        project.engine = make_engine(path)
        with sqlite_errors(path), project.engine.begin() as conn:
            conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
            Base.metadata.create_all(conn)
            migrate.stamp_heads(conn)
            now = datetime.now().isoformat(timespec="seconds")
            for key, value in {"name": name or path.stem, "created_with": __version__, "created_at": now}.items():
                conn.execute(ProjectMeta.__table__.insert().values(key=key, value=value))
        project.engine.dispose()  # new connections install undo triggers on the new tables
    except BaseException:
        project.close()
        path.unlink(missing_ok=True)
        raise
    return project


def open_project(path, readonly: bool = False) -> Project:
    """Open a project: refuse foreign or newer files (without writing to them), lock it, back up
    and migrate an older one. A file that fails its integrity check opens read-only
    (`project.damaged` says why); a file on read-only media opens read-only when asked to."""
    path = _normalise(path)
    if not path.exists():
        raise errors.ProjectNotFoundError(path)
    if path.is_dir() or not looks_like_sqlite(path):
        raise errors.NotAProjectError(path)
    if not readonly and not os.access(path, os.W_OK):
        raise errors.ProjectReadOnlyError(path)
    damage = _inspect(path)  # read-only: a refused file is never changed
    readonly = readonly or damage is not None
    project = Project(path, readonly=readonly)
    project.damaged = damage
    if project.lock is not None:
        project.lock.acquire()
    try:
        project.engine = make_engine(path, readonly=readonly, immutable=readonly and not _writable_dir(path))
        if not readonly:
            with sqlite_errors(path):
                _migrate(project)
    except BaseException:
        project.close()
        raise
    return project


def _writable_dir(path: Path) -> bool:
    return os.access(path.parent, os.W_OK) and os.access(path, os.W_OK)


def _inspect(path: Path) -> str | None:
    """Refuse what is not ours or too new; the integrity check's finding (None when sound)."""
    engine = make_engine(path, readonly=True, immutable=not _writable_dir(path))
    try:
        with sqlite_errors(path), engine.connect() as conn:
            app_id = conn.exec_driver_sql("PRAGMA application_id").scalar()
            revs = migrate.current_revisions(conn)
            unknown = (revs or set()) - migrate.known_revisions()
            if revs is None or app_id not in (0, APPLICATION_ID):
                raise errors.NotAProjectError(path)
            if unknown and (app_id != APPLICATION_ID or not (revs - unknown)):
                raise errors.ForeignDatabaseError(path, f"schema revisions {', '.join(sorted(unknown))}")
            if unknown:
                raise errors.ProjectTooNewError(path, migrate.version_label(unknown))
            found = _integrity(conn)
    finally:
        engine.dispose()
    return None if found == "ok" else found


def _migrate(project: Project) -> None:
    path = project.path
    with project.engine.connect() as conn:
        revs = migrate.current_revisions(conn)
    if migrate.is_current(revs):
        return
    project.migrated_from = migrate.version_label(revs)
    project.backup_path = backup(project, f"bak-{project.migrated_from}")
    with project.engine.begin() as conn:
        migrate.upgrade_heads(conn)
        conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
    project.engine.dispose()  # reconnect so undo triggers cover the new schema


def _integrity(conn) -> str:
    """SQLite's integrity_check (tables and their indexes) of every table except caches (models
    marked info={"cache": True}: thumbnails, fingerprints). In a big library the caches are most
    of the file, and checking them made opening a 100,000-asset project take seconds. A damaged
    cache page still raises CorruptProjectError when it is read."""
    tables = conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'").scalars().all()
    for name in tables:
        table = Base.metadata.tables.get(name)
        if table is not None and table.info.get("cache"):
            continue
        result = conn.exec_driver_sql('PRAGMA integrity_check("%s")' % name.replace('"', '""')).scalar()
        if result != "ok":
            return result
    return "ok"


def backup(project: Project, suffix: str) -> Path:
    """A consistent copy next to the project (`name.nms.<suffix>`), via SQLite's backup API."""
    target = project.path.with_name(f"{project.path.name}.{suffix}")
    raw = project.engine.raw_connection()
    try:
        dst = sqlite3.connect(target)
        with dst:
            raw.driver_connection.backup(dst)
        dst.close()
    except sqlite3.Error as exc:
        target.unlink(missing_ok=True)
        raise errors.DiskFullError(target) if "full" in str(exc).lower() else exc
    finally:
        raw.close()
    return target


def save_as(project: Project, target) -> Path:
    """Write a consistent copy of the open project to `target` (另存为 / backup)."""
    target = _normalise(target)
    if target.exists():
        raise errors.ProjectExistsError(target)
    tmp = target.with_name(target.name + ".tmp")
    raw = project.engine.raw_connection()
    try:
        dst = sqlite3.connect(tmp)
        with dst:
            raw.driver_connection.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")
        dst.close()
    finally:
        raw.close()
    shutil.move(tmp, target)
    return target
