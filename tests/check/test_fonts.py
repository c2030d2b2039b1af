"""Font licences: the curated table, the font file's own licence fields (name IDs 13/14, fsType),
a licence recorded in the library, and the fonts a post uses."""
from __future__ import annotations

import json
import re

import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen

from studio.check import fonts
from studio.check.fonts import FontStatus, check_fonts, embedding_zh, lookup
from studio.check.usage import FontUse, fonts_used
from studio.editor import canvas_store
from studio.editor.canvas import Canvas, Layer
from studio.resources import resource
from tests.check.test_copyright import add_article, add_asset


def make_font(path, family: str, licence: str = "", url: str = "", fs_type: int = 0):
    """A tiny valid TrueType font with the given family name, licence fields and fsType."""
    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder([".notdef", "A"])
    fb.setupCharacterMap({0x41: "A"})
    pen = TTGlyphPen(None)
    pen.moveTo((0, 0)), pen.lineTo((500, 0)), pen.lineTo((250, 700)), pen.closePath()
    glyph = pen.glyph()
    fb.setupGlyf({".notdef": glyph, "A": glyph})
    fb.setupHorizontalMetrics({".notdef": (500, 0), "A": (500, 0)})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    names = {"familyName": family, "styleName": "Regular"}
    if licence:
        names["licenseDescription"] = licence
    if url:
        names["licenseInfoURL"] = url
    fb.setupNameTable(names)
    fb.setupOS2(fsType=fs_type)
    fb.setupPost()
    fb.save(str(path))
    return path


@pytest.mark.parametrize("name, entry", [
    ("微软雅黑", "microsoft-yahei"), ("Microsoft YaHei UI", "microsoft-yahei"),
    ("方正兰亭黑简体", "founder"), ("FZLanTingHei-R-GBK", "founder"), ("方正黑体简体", "founder-free4"),
    ("FZHei-B01S", "founder-free4"), ("HYQiHei-55S", "hanyi"), ("汉仪尚巍手书W", "hanyi"),
    ("思源黑体 CN Bold", "noto-cjk"), ("Noto Sans CJK SC", "noto-cjk"), ("思源宋体", "noto-cjk"),
    ("LXGW WenKai Screen", "lxgw-wenkai"), ("霞鹜文楷", "lxgw-wenkai"), ("站酷快乐体", "zcool"),
    ("ZCOOL KuaiLe", "zcool"), ("阿里巴巴普惠体 2.0", "alibaba-puhuiti"), ("宋体", "zhongyi-windows"),
    ("SimHei", "zhongyi-windows"), ("华文行楷", "sinotype"), ("STXihei", "sinotype"), ("PingFang SC", "pingfang"),
    ("造字工房朗倩", "makefont"), ("AR PL UMing CN", "arphic-pl"), ("文鼎中特广告体", "arphic"),
])
def test_table_lookup(name, entry):
    found = lookup(name)
    assert found is not None and found.id == entry


def test_unknown_names_are_not_guessed():
    for name in ("Arial", "My Brand Font", "Helvetica Neue", "得力黑"):
        assert lookup(name) is None


def test_table_is_complete_and_cites_sources():
    data = json.loads(resource("fonts", "licences.json").read_text(encoding="utf-8"))
    seen = {}
    for e in data["fonts"]:
        assert e["status"] in data["statuses"], e["id"]
        assert len(e["source"]) > 20 and e["names"], e["id"]
        for n in e["names"]:
            key = fonts.norm_name(n)
            assert key not in seen, f"{n} is listed in {seen.get(key)} and {e['id']}"
            seen[key] = e["id"]
        for p in e.get("patterns", []):
            re.compile(p)


def test_embedding_words():
    assert "无限制" in embedding_zh(0)
    assert "受限" in embedding_zh(2)
    assert "预览和打印" in embedding_zh(4)
    assert "可编辑" in embedding_zh(8)
    assert "不可子集化" in embedding_zh(0x0108)
    assert embedding_zh(None) == "未知"


def assess_file(project, path):
    [st] = check_fonts(project, [FontUse(str(path), "图层“标题”")])
    return st


def test_bundled_fonts_pass_with_file_facts(project):
    rows = check_fonts(project, [FontUse("sans", "a"), FontUse("serif-bold", "b"), FontUse("sans", "c")])
    assert [r.uses for r in rows] == [["a", "c"], ["b"]]
    for r in rows:
        assert r.status == "pass" and r.entry.id == "noto-cjk" and r.origin == "bundled"
        assert "Open Font License" in r.licence_text and r.fs_type == 0


def test_file_licence_fields_decide_when_the_table_is_silent(project, tmp_path):
    ofl = assess_file(project, make_font(tmp_path / "a.ttf", "Brandnew Sans",
                                         "Licensed under the SIL Open Font License, Version 1.1.", "https://openfontlicense.org"))
    assert ofl.family == "Brandnew Sans" and ofl.entry is None
    assert ofl.status == "pass" and [f.level for f in ofl.findings] == ["notice"]
    personal = assess_file(project, make_font(tmp_path / "b.ttf", "Cute Hand", "Free for personal use only.", fs_type=2))
    assert personal.status == "warn"
    messages = " ".join(f.message for f in personal.findings)
    assert "限制商业使用" in messages and "fsType=2" in messages
    silent = assess_file(project, make_font(tmp_path / "c.ttf", "Mystery Display"))
    assert silent.status == "warn" and "授权未知" in silent.findings[0].message


def test_table_wins_over_the_file_and_a_recorded_licence_wins_over_the_table(project, tmp_path):
    path = make_font(tmp_path / "yahei.ttf", "Microsoft YaHei", "Microsoft supplied font.", fs_type=8)
    st = assess_file(project, path)
    assert st.entry.id == "microsoft-yahei" and st.status == "block"
    assert "购买授权" in st.findings[0].fix
    add_asset(project, path, licence="purchased", licence_cert="FZ-2025-001", commercial_ok=True)
    fonts._facts.cache_clear()
    st = assess_file(project, path)
    assert st.status == "pass" and "FZ-2025-001" in st.recorded and st.asset_id is not None


def test_fonts_of_a_cover_and_an_article(project):
    canvas = Canvas(600, 400, layers=[
        Layer("text", 0, 0, 100, 40, {"text": "标题", "font": "微软雅黑"}, name="主标题"),
        Layer("text", 0, 50, 100, 40, {"text": "副标题", "font": "sans"}, name="副标题"),
        Layer("image", 0, 0, 100, 100, {"path": "x.png", "edits": [
            {"op": "watermark_text", "text": "@我的号", "font": "华文行楷"}]}, name="照片")])
    cid = canvas_store.add_canvas(project, canvas)
    uses = fonts_used(project, "cover", cid)
    assert [(u.name, u.where) for u in uses] == [("微软雅黑", "图层“主标题”"), ("sans", "图层“副标题”"),
                                                ("华文行楷", "图层“照片”的文字水印")]
    rows = {r.name: r for r in check_fonts(project, uses)}
    assert rows["微软雅黑"].status == "block" and rows["微软雅黑"].origin == "name"
    assert rows["华文行楷"].status == "block" and rows["华文行楷"].entry.id == "sinotype"
    assert rows["sans"].status == "pass"
    art = add_article(project, theme="ink", cover_canvas_id=cid)
    names = [u.name for u in fonts_used(project, "article", art)]
    assert names == ["serif", "serif-bold", "微软雅黑", "sans", "华文行楷"]


def test_font_status_dict_is_plain_data():
    d = FontStatus("x", findings=[]).to_dict()
    assert json.dumps(d) and d["status"] == "pass" and d["table"] is None
