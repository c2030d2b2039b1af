"""Lexicon files (txt/csv/xlsx), platform profiles, and lexicons stored with versions in a project."""
from __future__ import annotations

import pytest

from studio.check import lexicon as lx
from studio.check import store
from studio.check.matcher import Matcher

TEXT = "# comment\n# @category 导流\n土豆\n番茄\tdrugs\tblock\t西红柿\n黄瓜\t\tnotice\n第一次\t白名单\n"


def test_text_format_with_directives_and_allow():
    lex = lx.parse_text(TEXT, "t")
    assert [(e.term, e.category, e.effective_severity, e.suggestion) for e in lex.entries] == [
        ("土豆", "diversion", "high", None), ("番茄", "drugs", "block", "西红柿"),
        ("黄瓜", "diversion", "notice", None)]
    assert lex.allow == ["第一次"]


def test_bad_severity_is_a_user_error():
    with pytest.raises(lx.LexiconError):
        lx.parse_text("词\tuser\tsevere\n")


@pytest.mark.parametrize("ext", ["txt", "csv", "xlsx"])
def test_round_trip_through_files(tmp_path, ext):
    lex = lx.parse_text(TEXT, "t")
    back = lx.load(lx.save(lex, tmp_path / f"lex.{ext}"))
    assert back.entries == lex.entries and back.allow == lex.allow


def test_builtin_lexicons_cite_a_source_for_every_entry():
    lex = lx.builtin()
    assert len(lex.entries) > 200
    assert all(e.reason for e in lex.entries), [e.term for e in lex.entries if not e.reason][:5]
    assert {e.category for e in lex.entries} >= set(lx.CATEGORIES) - {"user"}
    assert any(e.term == "最佳" and e.suggestion == "优质" for e in lex.entries)


def test_platform_profile_changes_severity_and_adds_terms():
    base = lx.builtin()
    dy = lx.apply_platform(base, "douyin")
    wx = lx.apply_platform(base, "wechat")
    assert [f.severity for f in Matcher(dy).scan("加微信") if f.term == "加微信"] == ["block"]
    assert [f.severity for f in Matcher(wx).scan("加微信") if f.term == "加微信"] == ["notice"]
    assert any(f.term == "淘宝" for f in Matcher(dy).scan("去淘宝买"))
    assert not any(f.term == "淘宝" for f in Matcher(base).scan("去淘宝买"))
    with pytest.raises(lx.LexiconError):
        lx.apply_platform(base, "tiktok")


def test_project_lexicon_versions_and_undo(project, tmp_path):
    path = tmp_path / "mine.csv"
    lx.save(lx.parse_text("土豆\tuser\thigh\n番茄\n"), path)
    lid = store.import_file(project, path)
    assert store.lexicons(project)[0]["entries"] == 2
    store.add_entries(project, lid, [lx.Entry("黄瓜")])
    store.remove_terms(project, lid, ["土豆"])
    assert [v["terms"] for v in store.versions(project, lid)] == [2, 3, 2]
    store.restore_version(project, lid, 1)
    assert sorted(e.term for e in store.entries(project, lid)) == ["土豆", "番茄"]
    project.undo()
    assert sorted(e.term for e in store.entries(project, lid)) == ["番茄", "黄瓜"]
    store.add_allow(project, "番茄炒蛋")
    m = Matcher(store.project_lexicon(project, builtin=False))
    assert [f.term for f in m.scan("黄瓜和番茄炒蛋，番茄")] == ["黄瓜", "番茄"]
    out = store.export_file(project, lid, tmp_path / "out.txt")
    assert "黄瓜" in out.read_text(encoding="utf-8")
