"""The demo project: built on first use, with something in every pillar and a clean history."""
from __future__ import annotations

from studio import demo
from studio.project import open_project


def test_demo_has_every_pillar_and_no_undo_history(tmp_path, monkeypatch):
    monkeypatch.setenv("NMSTUDIO_HOME", str(tmp_path / "home"))
    path = demo.ensure_demo()
    assert path == tmp_path / "home" / "demo" / "demo.nms"
    p = open_project(path)
    try:
        info = p.info()
        counts = info["counts"]
        assert info["integrity"] == "ok"
        for table in ("asset", "article", "canvas", "video_project", "shot_script", "check_comment", "tag"):
            assert counts[table] > 0, table
        assert p.history() == [] and not p.can_undo()
        flagged = [c for c in __import__("studio.check.comments", fromlist=["listed"]).listed(p) if c.findings]
        assert flagged  # the diversion/absolute-term comments are caught
    finally:
        p.close()
    assert demo.ensure_demo() == path  # built once, then reused
