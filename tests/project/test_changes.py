"""Typed change notices (which tables and rows, who started it) and history groups."""
from __future__ import annotations

from studio.project import project as project_module
from studio.project.changes import RESET, Changes, touched_rows
from studio.project.models import Asset


def _listen(project) -> list[Changes]:
    seen: list[Changes] = []
    project.subscribe(seen.append)
    return seen


def _add(project, title, **kw):
    with project.action(f"添加 {title}", **kw) as s:
        asset = Asset(kind="note", title=title)
        s.add(asset)
        s.flush()
        return asset.id


def test_notice_names_tables_rows_and_initiator(project):
    seen = _listen(project)
    page = object()
    with project.initiated_by(page):
        asset_id = _add(project, "a")
    (changes,) = seen
    assert changes.kind == "action" and changes.label == "添加 a"
    assert changes.touches_row("asset", asset_id) and not changes.touches("article")
    assert changes.started_by(page) and not changes.started_by(object())
    project.undo()
    assert seen[-1].kind == "undo" and seen[-1].touches_row("asset", asset_id)
    assert not seen[-1].started_by(page)  # an undo is news even to the page that saved


def test_an_action_that_changes_nothing_sends_no_notice(project):
    seen = _listen(project)
    with project.action("无变化"):
        pass
    assert seen == []


def test_reset_touches_everything(project):
    seen = _listen(project)
    project.clear_history()
    assert seen[-1].kind == RESET and seen[-1].touches("anything")


def test_merge_key_folds_a_typing_burst_into_one_step(project):
    _add(project, "first")
    _add(project, "x", merge="burst")
    _add(project, "y", merge="burst")
    assert [h["label"] for h in project.history()] == ["添加 first", "添加 y"]
    project.undo()  # one undo takes back the whole burst
    with project.read() as s:
        assert sorted(a.title for a in s.query(Asset)) == ["first"]


def test_merge_stops_after_the_window_or_another_key(project, monkeypatch):
    _add(project, "x", merge="burst")
    _add(project, "other", merge="elsewhere")
    _add(project, "y", merge="burst")
    assert len(project.history()) == 3
    monkeypatch.setattr(project_module, "MERGE_SECONDS", 0.0)
    _add(project, "z", merge="burst")
    assert len(project.history()) == 4


def test_merge_never_joins_an_undone_step(project):
    _add(project, "x", merge="burst")
    project.undo()
    _add(project, "y", merge="burst")
    assert [h["label"] for h in project.history()] == ["添加 y"]


def test_group_makes_batches_one_step(project):
    with project.group("导入 3 个素材"):
        for t in "abc":
            _add(project, t)
    assert [h["label"] for h in project.history()] == ["导入 3 个素材"]
    project.undo()
    with project.read() as s:
        assert s.query(Asset).count() == 0


def test_touched_rows_reads_the_trigger_statements():
    rows = touched_rows([
        'DELETE FROM "asset" WHERE rowid=7',
        'UPDATE "a""b" SET "x"=\'WHERE rowid=1\' WHERE rowid=3',
        'INSERT INTO "article"(rowid,"id","title") VALUES(12,12,\'t\')',
    ])
    assert rows == {"asset": {7}, 'a"b': {3}, "article": {12}}
