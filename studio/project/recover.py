"""Recover what can still be read from a damaged project into a new file (the original is kept).

Rows are copied table by table into a fresh project; a range of rows that cannot be read is
split until the readable rows around the damage are saved. Caches (thumbnails, fingerprints)
are rebuilt by the program later, so they are not copied.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from studio.project import errors, jobs
from studio.project.models import Base
from studio.project.project import create_project

SKIP = {"history_action", "history_step", "alembic_version"}  # the new file starts its own history


@dataclass
class Recovered:
    path: Path
    rows: dict[str, int] = field(default_factory=dict)  # table -> rows saved
    lost: dict[str, int] = field(default_factory=dict)  # table -> row ranges that could not be read


def recover(damaged, target, progress=None, cancel=None) -> Recovered:
    damaged, target = Path(damaged), Path(target)
    if not damaged.exists():
        raise errors.ProjectNotFoundError(damaged)
    project = create_project(target, name=damaged.stem)
    result = Recovered(project.path)
    src = sqlite3.connect(f"file:{quote(damaged.resolve().as_posix())}?mode=ro&immutable=1", uri=True)
    src.text_factory = lambda b: b.decode("utf-8", "replace")
    try:
        tables = [t for t in Base.metadata.sorted_tables if t.name not in SKIP and not t.info.get("cache")]
        with project.action("恢复项目 / Recover project") as s:
            conn = s.connection().connection.driver_connection
            conn.execute("PRAGMA defer_foreign_keys=ON")
            conn.execute("DELETE FROM project_meta")  # the damaged file's name and dates win
            for n, table in enumerate(tables):
                jobs.check(cancel)
                saved, lost = _copy(src, conn, table.name, [c.name for c in table.columns])
                result.rows[table.name], result.lost[table.name] = saved, lost
                if progress:
                    progress(n + 1, len(tables))
        project.clear_history()  # recovering is not an undoable user action
    except BaseException:
        project.close()
        project.path.unlink(missing_ok=True)  # no half-recovered file is left behind
        raise
    finally:
        src.close()
        project.close()
    return result


def _copy(src, dst, table: str, columns: list[str]) -> tuple[int, int]:
    try:
        have = {r[1] for r in src.execute(f'PRAGMA table_info("{table}")')}
        low, high = src.execute(f'SELECT min(rowid), max(rowid) FROM "{table}"').fetchone()
    except sqlite3.DatabaseError:
        return 0, 1
    cols = [c for c in columns if c in have]
    if low is None or not cols:
        return 0, 0
    names = ",".join(f'"{c}"' for c in cols)
    insert = f'INSERT OR IGNORE INTO "{table}"(rowid,{names}) VALUES ({",".join("?" * (len(cols) + 1))})'
    saved = lost = 0
    todo = [(low, high)]
    while todo:
        a, b = todo.pop()
        try:
            rows = src.execute(f'SELECT rowid,{names} FROM "{table}" WHERE rowid BETWEEN ? AND ?', (a, b)).fetchall()
        except sqlite3.DatabaseError:
            if a == b:
                lost += 1
            else:
                mid = (a + b) // 2
                todo += [(a, mid), (mid + 1, b)]
            continue
        for row in rows:
            try:
                dst.execute(insert, row)
                saved += 1
            except sqlite3.Error:
                lost += 1
    return saved, lost
