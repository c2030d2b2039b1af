"""Undo/redo stored in the project file, recorded by SQLite triggers.

Every connection gets TEMP triggers on each user table. While `recording` is on, each
INSERT/UPDATE/DELETE appends the inverse SQL statement to `history_step`. Undoing an action
replays its steps newest-first with recording on, which captures the redo steps in turn
(the classic technique from sqlite.org, "Automatic Undo/Redo Using SQLite").
"""
from __future__ import annotations

from sqlalchemy import Connection, text

# Tables that are not user data: history itself and bookkeeping.
UNTRACKED = {"history_action", "history_step", "alembic_version", "project_meta"}
KEEP_ACTIONS = 500


def install_triggers(dbapi_conn) -> None:
    """Create the per-connection recording switch and TEMP triggers (cheap, on connect)."""
    cur = dbapi_conn.cursor()
    cur.execute("CREATE TEMP TABLE IF NOT EXISTS undo_switch(on_ INTEGER NOT NULL)")
    cur.execute("DELETE FROM temp.undo_switch")
    cur.execute("INSERT INTO temp.undo_switch VALUES (0)")
    tables = [r[0] for r in cur.execute(
        "SELECT name FROM main.sqlite_master WHERE type='table' AND sql NOT LIKE 'CREATE VIRTUAL%' "
        "AND name NOT LIKE 'sqlite_%'")]
    shadow = _shadow_tables(cur)
    for table in tables:
        if table in UNTRACKED or table in shadow:
            continue
        cols = [r[1] for r in cur.execute(f'PRAGMA main.table_info("{table}")')]
        for sql in _trigger_sql(table, cols):
            cur.execute(sql)
    cur.close()


def _shadow_tables(cur) -> set[str]:
    try:
        return {r[1] for r in cur.execute("PRAGMA main.table_list") if r[2] == "shadow"}
    except Exception:  # noqa: BLE001 - SQLite < 3.37 has no table_list
        virtual = [r[0] for r in cur.execute(
            "SELECT name FROM main.sqlite_master WHERE sql LIKE 'CREATE VIRTUAL%'")]
        names = {r[0] for r in cur.execute("SELECT name FROM main.sqlite_master WHERE type='table'")}
        return {n for n in names for v in virtual if n.startswith(v + "_")}


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _trigger_sql(table: str, cols: list[str]) -> list[str]:
    t, tq = table, _q(table)
    lit = "'" + tq.replace("'", "''") + "'"
    when = "WHEN (SELECT on_ FROM temp.undo_switch)"
    sets = "||','||".join(f"'{_q(c)}='||quote(old.{_q(c)})" for c in cols)
    col_list = ",".join(["rowid"] + [_q(c) for c in cols]).replace("'", "''")
    values = "||','||".join(["old.rowid"] + [f"quote(old.{_q(c)})" for c in cols])
    return [
        f'DROP TRIGGER IF EXISTS temp."undo_{t}_ins"',
        f'DROP TRIGGER IF EXISTS temp."undo_{t}_upd"',
        f'DROP TRIGGER IF EXISTS temp."undo_{t}_del"',
        f'CREATE TEMP TRIGGER "undo_{t}_ins" AFTER INSERT ON main.{tq} {when} BEGIN '
        f"INSERT INTO history_step(sql) VALUES('DELETE FROM '||{lit}||' WHERE rowid='||new.rowid); END",
        f'CREATE TEMP TRIGGER "undo_{t}_upd" AFTER UPDATE ON main.{tq} {when} BEGIN '
        f"INSERT INTO history_step(sql) VALUES('UPDATE '||{lit}||' SET '||{sets}||' WHERE rowid='||old.rowid); END",
        f'CREATE TEMP TRIGGER "undo_{t}_del" BEFORE DELETE ON main.{tq} {when} BEGIN '
        f"INSERT INTO history_step(sql) VALUES('INSERT INTO '||{lit}||'({col_list}) VALUES('||{values}||')'); END",
    ]


def set_recording(conn: Connection, on: bool) -> None:
    conn.execute(text("UPDATE temp.undo_switch SET on_=:on"), {"on": 1 if on else 0})


def begin_action(conn: Connection) -> None:
    """Start recording a new action; a new action discards the redo branch."""
    conn.execute(text("DELETE FROM history_step WHERE action_id IN (SELECT id FROM history_action WHERE undone)"))
    conn.execute(text("DELETE FROM history_action WHERE undone"))
    conn.execute(text("DELETE FROM history_step WHERE action_id IS NULL"))
    set_recording(conn, True)


def pending_steps(conn: Connection) -> list[str]:
    """The statements recorded since `begin_action` (not yet filed under an action)."""
    return conn.execute(text("SELECT sql FROM history_step WHERE action_id IS NULL")).scalars().all()


def action_steps(conn: Connection, action_id: int) -> list[str]:
    return conn.execute(text("SELECT sql FROM history_step WHERE action_id=:a"), {"a": action_id}).scalars().all()


def newest_action(conn: Connection) -> int | None:
    """The newest action, if it is not undone (only then can later steps be merged into it)."""
    row = conn.execute(text("SELECT id, undone FROM history_action ORDER BY id DESC LIMIT 1")).first()
    return row.id if row is not None and not row.undone else None


def finish_action(conn: Connection, label: str, into: int | None = None) -> int | None:
    """Stop recording; file the captured steps under a new action, or append them to action
    `into` (which then takes `label`). None if nothing changed."""
    set_recording(conn, False)
    if not conn.execute(text("SELECT 1 FROM history_step WHERE action_id IS NULL LIMIT 1")).first():
        return None
    if into is not None:
        conn.execute(text("UPDATE history_action SET label=:l, at=datetime('now') WHERE id=:a"),
                     {"l": label, "a": into})
        conn.execute(text("UPDATE history_step SET action_id=:a WHERE action_id IS NULL"), {"a": into})
        return into
    action_id = conn.execute(
        text("INSERT INTO history_action(label, at, undone) VALUES(:l, datetime('now'), 0) RETURNING id"),
        {"l": label}).scalar_one()
    conn.execute(text("UPDATE history_step SET action_id=:a WHERE action_id IS NULL"), {"a": action_id})
    _trim(conn)
    return action_id


def _trim(conn: Connection) -> None:
    old = conn.execute(text(
        "SELECT id FROM history_action WHERE NOT undone ORDER BY id DESC LIMIT -1 OFFSET :k"),
        {"k": KEEP_ACTIONS}).scalars().all()
    if old:
        conn.execute(text(f"DELETE FROM history_step WHERE action_id IN ({','.join(map(str, old))})"))
        conn.execute(text(f"DELETE FROM history_action WHERE id IN ({','.join(map(str, old))})"))


def next_undo(conn: Connection):
    return conn.execute(text(
        "SELECT id, label FROM history_action WHERE NOT undone ORDER BY id DESC LIMIT 1")).first()


def next_redo(conn: Connection):
    return conn.execute(text(
        "SELECT id, label FROM history_action WHERE undone ORDER BY id ASC LIMIT 1")).first()


def replay(conn: Connection, action_id: int, mark_undone: bool) -> None:
    """Run an action's steps newest-first, capturing their inverses as its new steps."""
    steps = conn.execute(text(
        "SELECT seq, sql FROM history_step WHERE action_id=:a ORDER BY seq DESC"), {"a": action_id}).all()
    conn.execute(text("DELETE FROM history_step WHERE action_id=:a"), {"a": action_id})
    conn.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
    conn.execute(text("DELETE FROM history_step WHERE action_id IS NULL"))
    set_recording(conn, True)
    try:
        for _, sql in steps:
            conn.exec_driver_sql(sql)
    finally:
        set_recording(conn, False)
    conn.execute(text("UPDATE history_step SET action_id=:a WHERE action_id IS NULL"), {"a": action_id})
    conn.execute(text("UPDATE history_action SET undone=:u WHERE id=:a"), {"u": mark_undone, "a": action_id})
