"""The project file: create, reopen, undo across restarts, locks, foreign/newer/corrupt files."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap

import pytest
from sqlalchemy import select, text

from studio.project import create_project, errors, open_project
from studio.project.lock import lock_path
from studio.project.models import Asset


def titles(p):
    with p.read() as s:
        return s.scalars(select(Asset.title).order_by(Asset.id)).all()


def test_create_reopen_keeps_data_and_is_one_file(tmp_path):
    path = tmp_path / "a.nms"
    p = create_project(path, name="测试项目")
    with p.action("添加素材") as s:
        s.add(Asset(kind="note", title="日落 热点"))
    p.close()
    assert sorted(os.listdir(tmp_path)) == ["a.nms"]  # no -wal, -shm or lock left behind
    p = open_project(path)
    assert titles(p) == ["日落 热点"]
    assert p.name == "测试项目"
    assert p.info()["integrity"] == "ok"
    p.close()


def test_create_refuses_existing_file(tmp_path):
    (tmp_path / "x.nms").write_text("keep me")
    with pytest.raises(errors.ProjectExistsError):
        create_project(tmp_path / "x.nms")
    assert (tmp_path / "x.nms").read_text() == "keep me"


def test_failed_action_rolls_back_everything(project):
    with pytest.raises(RuntimeError):
        with project.action("half done") as s:
            s.add(Asset(kind="note", title="one"))
            s.flush()
            raise RuntimeError("boom")
    assert titles(project) == []
    assert project.history() == []


def test_undo_redo_survive_restart(tmp_path):
    path = tmp_path / "u.nms"
    p = create_project(path)
    with p.action("add") as s:
        s.add(Asset(kind="note", title="a", meta={"k": [1, 2]}))
    with p.action("rename") as s:
        s.scalars(select(Asset)).one().title = "b"
    with p.action("delete") as s:
        s.delete(s.scalars(select(Asset)).one())
    assert titles(p) == []
    assert p.undo() == "delete"
    assert titles(p) == ["b"]
    p.close()

    p = open_project(path)
    assert p.undo() == "rename"
    assert titles(p) == ["a"]
    with p.read() as s:
        assert s.scalars(select(Asset)).one().meta == {"k": [1, 2]}
    p.close()

    p = open_project(path)
    assert p.redo() == "rename"
    assert p.redo() == "delete"
    assert p.redo() is None
    assert titles(p) == []
    assert p.undo() == "delete"
    with p.action("new branch") as s:  # a new action drops the redo branch
        s.add(Asset(kind="note", title="c"))
    assert not p.can_redo()
    assert titles(p) == ["b", "c"]
    p.close()


def test_second_writer_in_same_process_is_refused(project):
    with pytest.raises(errors.ProjectLockedError) as info:
        open_project(project.path)
    message = str(info.value)
    assert str(os.getpid()) in message and "already open" in message


def test_second_writer_in_other_process_is_refused(tmp_path):
    path = tmp_path / "shared.nms"
    create_project(path).close()
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time
        from studio.project import open_project
        p = open_project({str(path)!r})
        print("open", flush=True)
        sys.stdin.readline()
        p.close()
    """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(errors.ProjectLockedError) as info:
            open_project(path)
        assert info.value.holder["pid"] == holder.pid
    finally:
        holder.communicate("\n", timeout=30)
    open_project(path).close()  # released on close


def test_stale_lock_from_crashed_process_is_taken_over(tmp_path):
    path = tmp_path / "stale.nms"
    create_project(path).close()
    lock_path(path).write_text(json.dumps({"host": "old-pc", "pid": 999999, "since": "2020-01-01T00:00:00"}))
    p = open_project(path)
    assert p.lock.took_over["host"] == "old-pc"
    p.close()


def test_kill_minus_nine_mid_write_keeps_committed_work(tmp_path):
    path = tmp_path / "crash.nms"
    create_project(path).close()
    writer = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        from studio.project import open_project
        from studio.project.models import Asset
        p = open_project({str(path)!r})
        i = 0
        while True:
            with p.action("add") as s:
                s.add(Asset(kind="note", title="n" + str(i), notes="x" * 5000))
            print(i, flush=True)
            i += 1
    """)], stdout=subprocess.PIPE, text=True)
    committed = -1
    for line in writer.stdout:
        committed = int(line)
        if committed >= 30:
            break
    writer.kill()  # SIGKILL: no cleanup at all
    writer.wait()
    writer.stdout.close()
    p = open_project(path)  # the dead writer's lock is stale and is taken over
    assert p.info()["integrity"] == "ok"
    got = titles(p)
    assert len(got) >= committed + 1
    assert got[: committed + 1] == [f"n{i}" for i in range(committed + 1)]
    p.close()


def test_missing_file(tmp_path):
    with pytest.raises(errors.ProjectNotFoundError):
        open_project(tmp_path / "nope.nms")


@pytest.mark.parametrize("content", [b"", b"hello, I am a text file\n" * 50, b"\x89PNG\r\n\x1a\n" + b"\0" * 500])
def test_non_project_file(tmp_path, content):
    path = tmp_path / "x.nms"
    path.write_bytes(content)
    with pytest.raises(errors.NotAProjectError, match="this is not a New Media Studio project"):
        open_project(path)
    assert path.read_bytes() == content


def test_foreign_sqlite_database_is_not_a_project(tmp_path):
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t(x)")
    con.commit()
    con.close()
    with pytest.raises(errors.NotAProjectError):
        open_project(path)


def test_corrupt_project_is_reported_and_left_alone(tmp_path):
    path = tmp_path / "bad.nms"
    p = create_project(path)
    with p.action("fill") as s:
        for i in range(200):
            s.add(Asset(kind="note", title=f"t{i}", notes="y" * 2000))
    p.close()
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(page * 3, len(data) - page, page * 2):  # trash many pages
        data[offset + 8: offset + 200] = os.urandom(192)
    path.write_bytes(bytes(data))
    before = path.read_bytes()
    with pytest.raises((errors.CorruptProjectError, errors.NotAProjectError)) as info:
        open_project(path)
    assert "Traceback" not in str(info.value)
    assert path.read_bytes() == before


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "future.nms"
    p = create_project(path)
    with p.engine.begin() as conn:
        conn.execute(text("INSERT INTO alembic_version VALUES ('zz9999_from_the_future')"))
    p.close()
    with pytest.raises(errors.ProjectTooNewError, match="newer version"):
        open_project(path)


def test_readonly_open_refuses_writes(tmp_path):
    path = tmp_path / "ro.nms"
    create_project(path).close()
    p = open_project(path, readonly=True)
    with pytest.raises(errors.ProjectReadOnlyError):
        with p.action("x") as s:
            s.add(Asset(kind="note", title="x"))
    p.close()


def test_busy_database_becomes_a_clear_message(project, monkeypatch):
    other = sqlite3.connect(project.path, timeout=0.1)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO project_meta VALUES ('x', 'y')")
    with project.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA busy_timeout=100")
    project.engine.dispose()
    from studio.project import db

    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 100)
    project.engine = db.make_engine(project.path)
    try:
        with pytest.raises(errors.ProjectBusyError, match="busy"):
            with project.action("blocked") as s:
                s.add(Asset(kind="note", title="z"))
    finally:
        other.rollback()
        other.close()


@pytest.mark.parametrize("code, expected", [(5, errors.ProjectBusyError), (8, errors.ProjectReadOnlyError),
                                            (13, errors.DiskFullError), (11, errors.CorruptProjectError),
                                            (26, errors.NotAProjectError), (8 | (1 << 8), errors.ProjectReadOnlyError)])
def test_sqlite_error_codes_map_to_actionable_errors(tmp_path, code, expected):
    from studio.project.db import translate

    exc = sqlite3.OperationalError("low-level message")
    exc.sqlite_errorcode = code
    mapped = translate(exc, tmp_path / "p.nms")
    assert isinstance(mapped, expected)
    assert "p.nms" in str(mapped)


def test_disk_full_during_action_keeps_earlier_work(project, monkeypatch):
    with project.action("first") as s:
        s.add(Asset(kind="note", title="safe"))
    from sqlalchemy.orm import Session

    real_commit = Session.commit

    def full_commit(self):
        err = sqlite3.OperationalError("database or disk is full")
        err.sqlite_errorcode = 13
        raise err

    monkeypatch.setattr(Session, "commit", full_commit)
    with pytest.raises(errors.DiskFullError, match="full"):
        with project.action("second") as s:
            s.add(Asset(kind="note", title="lost"))
    monkeypatch.setattr(Session, "commit", real_commit)
    assert titles(project) == ["safe"]


def test_damaged_thumbnail_cache_does_not_stop_opening_but_damaged_assets_do(tmp_path):
    """Opening checks every table except caches (thumbnails, fingerprints are rebuilt from the files)."""
    from studio.project.models.library import AssetThumb

    path = tmp_path / "thumbs.nms"
    p = create_project(path)
    with p.action("fill") as s:
        for i in range(40):
            a = Asset(kind="image", title=f"t{i}")
            s.add(a)
            s.flush()
            s.add(AssetThumb(asset_id=a.id, data=os.urandom(3000)))
    p.close()
    conn = sqlite3.connect(path)
    pages = dict(conn.execute("SELECT name, max(pageno) FROM dbstat WHERE name IN ('asset', 'asset_thumb') "
                              "GROUP BY name").fetchall())
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    clean = path.read_bytes()

    def trash(page: int) -> None:
        data = bytearray(clean)
        start = (page - 1) * page_size
        data[start: start + page_size] = os.urandom(page_size)
        path.write_bytes(bytes(data))

    trash(pages["asset_thumb"])
    open_project(path).close()
    trash(pages["asset"])
    with pytest.raises((errors.CorruptProjectError, errors.NotAProjectError)):
        open_project(path)
