"""Shooting scripts: templates, undoable shot edits, timeline links, exports, CLI and the page."""
from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from studio.video import script


def _titles(project, sid):
    return [s.scene for s in script.load(project, sid).shots]


def test_template_creates_shots_and_edits_are_undoable(project):
    sid = script.create(project, "种草", "product")
    doc = script.load(project, sid)
    assert len(doc.shots) == len(script.TEMPLATES["product"][2]) and doc.total_duration > 0
    first, second = doc.shots[0].id, doc.shots[1].id
    new = script.add_shot(project, sid, script.ShotEntry(scene="插入", duration=1.5), after=first)
    assert _titles(project, sid)[1] == "插入"
    script.move_shot(project, new, 2)
    assert _titles(project, sid)[3] == "插入"
    script.update_shot(project, second, shot_size="特写", duration="2.5", clip_index=0)
    shot = next(s for s in script.load(project, sid).shots if s.id == second)
    assert (shot.shot_size, shot.duration, shot.clip_index) == ("特写", 2.5, 0)
    project.undo()
    shot = next(s for s in script.load(project, sid).shots if s.id == second)
    assert shot.shot_size == "中景" and shot.clip_index is None
    script.delete_shot(project, new)
    assert "插入" not in _titles(project, sid)
    project.undo()
    assert _titles(project, sid)[3] == "插入"


def test_bad_input_is_refused(project):
    sid = script.create(project, "x")
    shot = script.add_shot(project, sid)
    with pytest.raises(script.ScriptError):
        script.update_shot(project, shot, duration="abc")
    with pytest.raises(script.ScriptError):
        script.update_shot(project, shot, colour="red")
    with pytest.raises(script.ScriptError):
        script.create(project, "y", "nope")
    with pytest.raises(script.ScriptNotFoundError):
        script.load(project, 999)


def test_shots_from_timeline_links_each_clip_once(project):
    sid = script.create(project, "vlog", "blank")
    script.add_shot(project, sid, script.ShotEntry(scene="已有", clip_index=1))
    script.shots_from_timeline(project, sid, [2.0, 1.5, 3.0], ["a", "b", "c"])
    doc = script.load(project, sid)
    assert sorted(s.clip_index for s in doc.shots) == [0, 1, 2]
    assert [s.content for s in doc.shots if s.clip_index == 2] == ["c"]


def test_exports(project, tmp_path):
    sid = script.create(project, "探店", "vlog")
    script.update_shot(project, script.load(project, sid).shots[0].id, line="含|竖线\n和换行", clip_index=3)
    doc = script.load(project, sid)
    md = script.export(doc, tmp_path / "s.md").read_text(encoding="utf-8")
    assert md.startswith("# 探店") and "| 镜号 | 场景 | 景别 |" in md
    assert "含\\|竖线<br>和换行" in md and "#4" in md
    table = [l for l in md.splitlines() if l.startswith("|")]
    assert len(table) == 2 + len(doc.shots) and all(l.count(" | ") == len(script.COLUMNS) - 1 for l in table[2:])
    raw = (tmp_path / "s.csv")
    script.export(doc, raw)
    assert raw.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM, so Excel reads the Chinese
    rows = list(csv.reader(io.StringIO(raw.read_text(encoding="utf-8-sig"))))
    assert rows[0] == script.headers() and len(rows) == len(doc.shots) + 1
    assert rows[1][5] == "含|竖线\n和换行"
    ws = load_workbook(script.export(doc, tmp_path / "s.xlsx")).active
    assert ws["A1"].value == "探店" and [c.value for c in ws[2]] == script.headers()
    assert ws.cell(row=3, column=2).value == doc.shots[0].scene
    assert str(ws.cell(row=3 + len(doc.shots), column=7).value).startswith("=SUM(")
    with pytest.raises(script.ScriptError):
        script.export(doc, tmp_path / "s.docx")


def test_cli_list_and_export(project, tmp_path, capsys):
    import json

    from studio.cli import main

    sid = script.create(project, "口播", "knowledge")
    path = project.path
    project.close()
    assert main(["script", "list", str(path), "--json"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert items[0]["id"] == sid and items[0]["shots"] == 5
    out = tmp_path / "k.md"
    assert main(["script", "export", str(path), str(sid), "--out", str(out)]) == 0
    assert "口播" in out.read_text(encoding="utf-8")
    assert main(["script", "export", str(path), "99", "--out", str(out)]) == 2


def test_demo_script_links_the_demo_video(project):
    from studio.video import script_demo

    sid = script_demo.populate(project)
    doc = script.load(project, sid)
    assert len(doc.shots) == len(script_demo.SHOTS) and doc.video_id is None  # no video in an empty project
    assert all(s.clip_index is None for s in doc.shots)


def test_page_edits_go_to_the_project(qtbot, project):
    from studio.ui.context import AppContext
    from studio.ui.script.page import FIELDS, ScriptPage
    from studio.ui.settings import Settings

    ctx = AppContext(Settings())
    ctx.set_project(project)
    page = ScriptPage(ctx)
    qtbot.addWidget(page)
    assert page.script_id is None and page.table.rowCount() == 0
    page.new_script("product")
    sid = page.script_id
    assert page.table.rowCount() == len(script.TEMPLATES["product"][2])
    item = page.table.item(0, FIELDS.index("content"))
    item.setText("新的画面内容")
    assert script.load(project, sid).shots[0].content == "新的画面内容"
    page.table.selectRow(0)
    page.add_shot()
    assert page.table.rowCount() == len(script.TEMPLATES["product"][2]) + 1
    project.undo()
    assert page.table.rowCount() == len(script.TEMPLATES["product"][2])
    before = script.load(project, sid).shots[1].duration
    page.table.item(1, FIELDS.index("duration")).setText("x")  # refused with a message, table reloads
    assert script.load(project, sid).shots[1].duration == before
    assert page.table.item(1, FIELDS.index("duration")).text() == str(before)
