"""The normalisation chain: one mapping per character, views that map back to the original."""
from __future__ import annotations

import pytest

from studio.check.normalize import normalize, normalize_term, reading_sites, seg_form

SAMPLES = ["微 信", "ＶＸ：abc123", "w e i x i n", "wēi xìn，abc", "v x号", "q q123", "ab cd", "a，b",
           "賭\u200b博", "毒😀品", "top 10", "no.1", "微微微信信", "  加 V ", "⒱⒳🅥🅧", "Д а", "a  b  cd"]


@pytest.mark.parametrize("text", SAMPLES)
def test_term_and_text_normalise_alike(text):
    assert normalize_term(text) == normalize(text.strip()).literal


@pytest.mark.parametrize("text,literal", [
    ("ＶＸ", "vx"), ("賭博", "赌博"), ("微\u200b信", "微信"), ("毒😀品", "毒品"), ("wēi xìn", "wei xin"),
    ("lǜ", "lv"), ("w e i x i n", "weixin"), ("wei xin，abc", "wei xin abc"), ("🅥🅧", "vx"), ("🇻🇽", "vx"),
    ("⒱⒳", "vx"), ("𝐯𝐱", "vx"), ("vх", "vx"), ("微微信信", "微信"), ("微\n信", "微信"), ("❶❷", "12"),
])
def test_literal_view(text, literal):
    assert normalize(text).literal == literal


def test_spans_map_back_to_the_original():
    text = "加 V❤X：abc\n賭\u200b博"
    n = normalize(text)
    for k, ch in enumerate(n.literal):
        a, b = n.span(k, k + 1)
        assert 0 <= a < b <= len(text)
        if ch != " ":
            assert normalize(text[a:b]).literal == ch
    assert seg_form("一 枪😀，支援") == "一枪,支援"


@pytest.mark.parametrize("text,sites", [
    ("加我+v", {2: "加"}), ("➕微信", {0: "加"}), ("加我＋V", {2: "加"}), ("V❤", {1: "心"}),
    ("1+1", {}), ("Ctrl+V", {}), ("C++", {}), ("+86 138", {}), ("我 + 你", {2: "加"}), ("价格99+", {}),
])
def test_symbols_read_as_words(text, sites):
    assert reading_sites(text) == sites
    n = normalize(text, reading_sites(text))
    for p, ch in sites.items():
        assert n.mapped[p] == ch
