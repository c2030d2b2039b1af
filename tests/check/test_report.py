"""The full post report: verdict, findings with places and fixes, JSON, HTML and `check post`."""
from __future__ import annotations

import json
from datetime import date
from html.parser import HTMLParser

import pytest

from studio.check.lexicon import Entry, Lexicon
from studio.check.report import build_report
from studio.check.report_html import render_html, write_html
from studio.cli import main
from studio.editor import canvas_store
from studio.editor.article import image, paragraph
from studio.editor.canvas import Canvas, Layer
from studio.project import create_project
from studio.project.errors import StudioError
from tests.check.test_copyright import add_article, add_asset
from tests.conftest import make_image

LEX = Lexicon("t", [Entry("最便宜", "ad_absolute", "high", "实惠"), Entry("赌场", "gambling", "block")])


def test_clean_article_passes(project, tmp_path):
    own = add_asset(project, make_image(tmp_path / "a.png"), licence="own", commercial_ok=True)
    art = add_article(project, paragraph("今天天气很好，我们去公园散步。"), image(own), cover_asset_id=own)
    report = build_report(project, "article", art, lexicon=LEX)
    assert report.overall == "pass" and report.findings == []
    assert [a.asset_id for a in report.assets] == [own] and report.assets[0].status == "pass"
    assert report.assets[0].uses == ["封面图", "正文第 2 块（图片）"]
    assert {f.name for f in report.fonts} == {"sans", "sans-bold"}


def test_findings_carry_place_fix_and_decide_the_verdict(project, tmp_path):
    web = add_asset(project, make_image(tmp_path / "w.png", seed=3))
    art = add_article(project, paragraph("这里的东西最便宜。"), image(web), title="标题里有赌场")
    report = build_report(project, "article", art, lexicon=LEX)
    assert report.overall == "block"
    assert [(f.level, f.area, f.where) for f in report.findings] == [
        ("block", "text", "标题"), ("warn", "text", "正文第 1 块"), ("warn", "cover", "封面"),
        ("warn", "licence", "正文第 2 块（图片）")]
    assert report.findings[1].fix == "改为“实惠”。"
    assert report.counts() == {"block": 1, "warn": 3, "notice": 0}
    hit = report.texts[1]
    assert (hit.start, hit.end, hit.text, hit.context) == (5, 8, "最便宜", "这里的东西【最便宜】。")
    data = json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    assert data["overall"] == "block" and data["post"] == {"kind": "article", "kind_zh": "图文", "id": art,
                                                           "title": "标题里有赌场"}
    assert data["assets"][0]["licence"] == "unknown" and data["assets"][0]["status"] == "warn"


def test_cover_report_with_restricted_font_and_sensitive_text(project):
    canvas = Canvas(600, 400, layers=[Layer("text", 0, 0, 100, 40, {"text": "全城最便宜", "font": "方正兰亭黑"},
                                            name="标题")], name="促销海报")
    cid = canvas_store.add_canvas(project, canvas)
    report = build_report(project, "cover", cid, lexicon=LEX)
    assert report.title == "促销海报" and report.overall == "block"
    assert {(f.area, f.where) for f in report.findings} == {("text", "图层“标题”"), ("font", "图层“标题”")}


class _Checker(HTMLParser):
    VOID = {"meta", "br"}

    def __init__(self):
        super().__init__()
        self.stack, self.text = [], []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack.pop() == tag, f"unbalanced </{tag}>"

    def handle_data(self, data):
        self.text.append(data)


def test_html_is_self_contained_escaped_and_balanced(project, tmp_path):
    gone = make_image(tmp_path / "g.png")
    aid = add_asset(project, gone, licence="purchased", licence_expires=date(2020, 1, 1))
    gone.unlink()
    art = add_article(project, paragraph("<script>alert(1)</script> 最便宜"), image(aid), title="A & B <i>")
    report = build_report(project, "article", art, lexicon=LEX)
    html = render_html(report)
    assert "</script>" not in html and "&lt;/script&gt;" in html and "A &amp; B &lt;i&gt;" in html
    assert "src=" not in html and "<link" not in html   # nothing loaded from outside
    checker = _Checker()
    checker.feed(html)
    assert checker.stack == []
    text = "".join(checker.text)
    for words in ("发布检查报告", "禁止发布", "问题清单", "素材", "字体", "敏感词", "2020-01-01", "重新链接", "正文第 2 块"):
        assert words in text
    out = write_html(report, tmp_path / "out" / "r.html")
    assert out.read_text(encoding="utf-8") == html


def test_unknown_post_and_kind(project):
    with pytest.raises(StudioError):
        build_report(project, "article", 42, lexicon=LEX)
    with pytest.raises(StudioError):
        build_report(project, "podcast", 1, lexicon=LEX)


def test_cli_check_post(tmp_path, capsys):
    path = tmp_path / "p.nms"
    project = create_project(path)
    try:
        web = add_asset(project, make_image(tmp_path / "w.png", seed=3))
        own = add_asset(project, make_image(tmp_path / "own.png", seed=4), licence="own", commercial_ok=True)
        clean = add_article(project, paragraph("安静的周末，读一本书。"), cover_asset_id=own)
        risky = add_article(project, paragraph("安静的周末。"), image(web), original=False)
    finally:
        project.close()
    assert main(["check", "post", str(path), "article", str(clean), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["overall"] == "pass" and data["findings"] == []
    out = tmp_path / "r.html"
    assert main(["check", "post", str(path), "article", str(risky), "--html", str(out)]) == 1
    printed = capsys.readouterr().out
    assert "禁止发布" in printed and "来源未知" not in printed and "来源/授权未知" in printed
    assert "发布检查报告" in out.read_text(encoding="utf-8")
    assert main(["check", "post", str(path), "article", "99"]) == 2
    assert main(["check", "post", str(path), "poster", "1"]) == 2


def test_demo_reports_list_every_asset(tmp_path, monkeypatch):
    """The demo project's article and video: each asset they use is listed with its status."""
    monkeypatch.setenv("NMSTUDIO_HOME", str(tmp_path))
    from studio.check.usage import assets_used, list_posts
    from studio.demo import ensure_demo
    from studio.project import open_project

    project = open_project(ensure_demo())
    try:
        posts = list_posts(project)
        article_id, video_id = posts["article"][0][0], posts["video"][0][0]
        for kind, post_id in (("article", article_id), ("video", video_id)):
            used = {u.asset_id for u in assets_used(project, kind, post_id)}
            report = build_report(project, kind, post_id)
            listed = {a.asset_id for a in report.assets}
            assert used <= listed | {None} and len(report.assets) >= 3
            assert all(a.status in ("pass", "warn", "block") and a.uses for a in report.assets)
        video = build_report(project, "video", video_id)
        logo = next(a for a in video.assets if a.expires is not None)
        assert logo.status == "block" and video.overall == "block"
        repost = next(i for i, t in posts["article"] if t.startswith("【转载】"))
        areas = {f.area for f in build_report(project, "article", repost).findings}
        assert {"repost", "licence", "attribution", "originality", "text"} <= areas
    finally:
        project.close()


def test_cli_check_post_while_the_project_is_open_elsewhere(tmp_path, capsys):
    path = tmp_path / "p.nms"
    project = create_project(path)   # holds the writer lock, like the open window
    try:
        cover = canvas_store.add_canvas(project, Canvas(900, 383, layers=[], name="封面"))
        art = add_article(project, paragraph("安静的周末，读一本书。"), cover_canvas_id=cover)
        assert main(["check", "post", str(path), "article", str(art), "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["overall"] == "pass"
    finally:
        project.close()


def test_article_without_a_cover_is_a_finding_in_the_report_and_the_cli_json(tmp_path, capsys):
    path = tmp_path / "p.nms"
    project = create_project(path)
    try:
        bare = add_article(project, paragraph("安静的周末，读一本书。"), title="没有封面")
        report = build_report(project, "article", bare, lexicon=LEX)
    finally:
        project.close()
    assert report.overall == "warn"
    assert [(f.level, f.area, f.where, f.subject) for f in report.findings] == [("warn", "cover", "封面", "没有封面")]
    assert main(["check", "post", str(path), "article", str(bare), "--json"]) == 0  # a warning, not a block
    data = json.loads(capsys.readouterr().out)
    assert data["overall"] == "warn" and data["counts"] == {"block": 0, "warn": 1, "notice": 0}
    assert data["findings"] == [{"level": "warn", "area": "cover", "where": "封面", "subject": "没有封面",
                                 "message": report.findings[0].message, "fix": report.findings[0].fix,
                                 "ref": {"cover": True}, "asset_id": None}]
    assert "封面" in render_html(report)
