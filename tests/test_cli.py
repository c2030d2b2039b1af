"""The project commands of `nmstudio`, run as a real subprocess like a user would."""
from __future__ import annotations

import json
import subprocess
import sys

from studio.cli import main
from studio.project import open_project
from studio.project.models import Asset


def run(*args):
    return subprocess.run([sys.executable, "-m", "studio", *args], capture_output=True, text=True, timeout=120)


def test_new_and_info_json(tmp_path):
    path = tmp_path / "p.nms"
    r = run("new", str(path))
    assert r.returncode == 0, r.stderr
    r = run("info", str(path), "--json")
    assert r.returncode == 0, r.stderr
    info = json.loads(r.stdout)
    assert info["integrity"] == "ok"
    assert info["schema_version"] and info["counts"]["asset"] == 0


def test_info_on_garbage_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.nms"
    bad.write_text("not sqlite")
    r = run("info", str(bad))
    assert r.returncode == 2
    assert "this is not a New Media Studio project" in r.stderr
    assert "Traceback" not in r.stderr


def test_new_on_existing_path_fails_without_damage(tmp_path):
    path = tmp_path / "p.nms"
    path.write_text("precious")
    assert main(["new", str(path)]) == 2
    assert path.read_text() == "precious"


def test_undo_redo_history_commands(tmp_path, capsys):
    path = tmp_path / "p.nms"
    assert main(["new", str(path)]) == 0
    p = open_project(path)
    with p.action("加一条笔记") as s:
        s.add(Asset(kind="note", title="x"))
    p.close()
    assert main(["history", str(path), "--json"]) == 0
    out = capsys.readouterr().out.strip().splitlines()[-1]
    assert json.loads(out)["actions"][0]["label"] == "加一条笔记"
    assert main(["undo", str(path)]) == 0
    assert "加一条笔记" in capsys.readouterr().out
    assert main(["info", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["counts"]["asset"] == 0
    assert main(["redo", str(path)]) == 0
    capsys.readouterr()
    assert main(["info", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["counts"]["asset"] == 1


def test_info_works_while_project_is_open_elsewhere(project):
    r = run("info", str(project.path), "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["integrity"] == "ok"


def test_command_map_names_every_command():
    """COMMANDS lets one command import only its module; it must list every registered command."""
    from studio.cli import COMMANDS, build_parser

    for module in set(COMMANDS.values()):
        registered = set(build_parser([module])._subparsers._group_actions[0].choices)
        assert registered == {c for c, m in COMMANDS.items() if m == module}
