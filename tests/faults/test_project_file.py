"""A project file left alone by refused commands, single after close, locked even without its side file."""
from __future__ import annotations

import shutil
import sqlite3

import pytest

from studio.cli import main as cli
from studio.project import create_project, errors, open_project
from studio.project.models import Asset
from studio.project.recover import recover
from tests.conftest import open_window
from tests.faults.conftest import remount_readonly, tmpfs


def add_notes(project, n: int = 3) -> None:
    for i in range(n):
        with project.action(f"note {i}") as s:
            s.add(Asset(kind="note", title=f"笔记{i}", notes="内容" * 50))


@pytest.fixture
def closed(tmp_path):
    path = tmp_path / "p.nms"
    with create_project(path) as p:
        add_notes(p)
    return path


def side_files(path):
    return sorted(p.name for p in path.parent.iterdir() if p.name != path.name)


def test_close_leaves_one_file_in_rollback_mode(closed):
    assert side_files(closed) == []
    assert closed.read_bytes()[18:20] == b"\x01\x01"  # not WAL: readable from read-only media


@pytest.mark.parametrize("command", [["info"], ["history"], ["assets"], ["article", "list"], ["videos"]])
def test_read_only_commands_change_nothing(closed, command, capsys):
    before = closed.read_bytes()
    assert cli([*command, str(closed)]) in (0, 1)
    assert side_files(closed) == []
    assert closed.read_bytes() == before


def test_opens_from_a_read_only_mount(closed, tmp_path, capsys):
    with tmpfs(tmp_path / "stick") as stick:
        path = stick / "p.nms"
        shutil.copy(closed, path)
        remount_readonly(stick)
        with pytest.raises(errors.ProjectReadOnlyError):
            open_project(path)
        with open_project(path, readonly=True) as p:
            assert p.info()["counts"]["asset"] == 3
            with pytest.raises(errors.ProjectReadOnlyError):
                add_notes(p, 1)
        assert cli(["info", str(path)]) == 0
        assert "asset" in capsys.readouterr().out


def test_deleting_the_lock_file_does_not_let_a_second_writer_in(closed):
    with open_project(closed) as p:
        (closed.parent / (closed.name + ".lock")).unlink()
        with pytest.raises(errors.ProjectLockedError):
            open_project(closed)
        add_notes(p, 1)  # the first writer goes on
    with open_project(closed) as p:  # and after it closed, the project opens again
        assert p.info()["counts"]["asset"] == 4


def test_a_foreign_database_is_refused_and_not_changed(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE alembic_version(version_num TEXT)")
    conn.execute("INSERT INTO alembic_version VALUES ('abc123def')")
    conn.execute("CREATE TABLE orders(id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(errors.NotAProjectError) as info:
        open_project(path)
    assert "another program" in str(info.value) and "newer version" not in str(info.value)
    assert path.read_bytes() == before
    assert side_files(path) == []


def test_text_that_is_not_utf8_is_reported_as_damage(closed, capsys):
    conn = sqlite3.connect(closed)
    conn.execute("UPDATE project_meta SET value = CAST(x'ff00fe' AS TEXT) WHERE key = 'name'")
    conn.commit()
    conn.close()
    assert cli(["info", str(closed)]) != 0
    err = capsys.readouterr().err
    assert "损坏" in err and "codec" not in err


def _damage(path, seed: int) -> None:
    """Overwrite a run of bytes inside one page of the asset table or its indexes."""
    import random

    rng = random.Random(seed)
    conn = sqlite3.connect(path)
    pages = [r[0] for r in conn.execute("SELECT rootpage FROM sqlite_master WHERE tbl_name='asset' AND rootpage > 0")]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    page = rng.choice(pages)
    start = page * size - rng.randrange(64, size // 2)  # cells fill a page from its end
    data[start:start + 40] = bytes(rng.randrange(256) for _ in range(40))
    path.write_bytes(bytes(data))


def test_a_damaged_project_is_never_written_and_can_be_recovered(tmp_path, capsys):
    path = tmp_path / "big.nms"
    with create_project(path) as p:
        add_notes(p, 60)
    opened_damaged = 0
    for seed in range(16):
        copy = tmp_path / f"d{seed}.nms"
        shutil.copy(path, copy)
        _damage(copy, seed)
        before = copy.read_bytes()
        try:
            project = open_project(copy)
        except errors.StudioError:
            assert copy.read_bytes() == before
            continue
        with project:
            if project.damaged is None:
                continue  # the bytes landed where nothing is checked or read
            opened_damaged += 1
            assert project.readonly
            with pytest.raises(errors.DamagedProjectError):
                add_notes(project, 1)
            with pytest.raises(errors.DamagedProjectError):
                project.undo()
        assert cli(["note", str(copy), "新笔记"]) != 0
        assert "nmstudio recover" in capsys.readouterr().err
        assert copy.read_bytes() == before
        saved = recover(copy, tmp_path / f"r{seed}.nms")
        assert saved.rows["asset"] > 0 or saved.lost["asset"] > 0  # saved, or said to be lost
        assert saved.rows["project_meta"] > 0
        with open_project(saved.path) as fixed:
            assert fixed.damaged is None and fixed.info()["integrity"] == "ok"
            add_notes(fixed, 1)  # a recovered project is a normal one
    assert opened_damaged >= 2


def test_the_window_opens_read_only_media_with_edits_off(qtbot, closed, tmp_path):
    with tmpfs(tmp_path / "stick") as stick:
        path = stick / "p.nms"
        shutil.copy(closed, path)
        remount_readonly(stick)
        window = open_window(qtbot)
        assert window.open_path(str(path))
        try:
            assert window.ctx.project.readonly and window.banner.isVisible()
            assert "只读" in window.banner.text()
        finally:
            window.ctx.set_project(None)


def test_the_window_offers_to_recover_a_damaged_project(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    path = tmp_path / "big.nms"
    with create_project(path) as p:
        add_notes(p, 60)
    for seed in range(40):
        copy = tmp_path / f"d{seed}.nms"
        shutil.copy(path, copy)
        _damage(copy, seed)
        try:
            with open_project(copy) as probe:
                if probe.damaged:
                    break
        except errors.StudioError:
            pass
    else:
        pytest.fail("no seed damaged the file in a readable way")
    window = open_window(qtbot)
    assert window.open_path(str(copy))
    assert window.banner.isVisible() and "损坏" in window.banner.text()
    target = tmp_path / "recovered.nms"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.banner.linkActivated.emit("recover")  # the user clicks the banner's link
    qtbot.waitUntil(lambda: window.ctx.project is not None and window.ctx.project.path == target, timeout=20000)
    try:
        assert not window.ctx.project.readonly and not window.banner.isVisible()
    finally:
        window.ctx.set_project(None)
