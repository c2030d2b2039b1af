"""The article document model: JSON round trip, helpers, themes and styled-block data."""
from __future__ import annotations

import pytest

from studio.editor.article import Article, Block, Span, merge_spans, paragraph, section_numbers, styled, valid_color
from studio.editor.blocks import KINDS, STYLED_BLOCKS, get_style
from studio.editor.sample import sample_article
from studio.editor.themes import THEMES, get_theme
from studio.resources import font_path


def test_round_trip_keeps_everything():
    article = sample_article([3, 4, 5], cover_asset_id=9, theme="ink")
    article.original = False
    article.source = "某某日报"
    data = article.to_dict()
    assert Article.from_dict(data) == article
    # only non-default fields are stored per block
    assert data["blocks"][-1]["kind"] == "paragraph"
    assert "level" not in data["blocks"][-1]


def test_unknown_fields_and_kinds():
    assert Block.from_dict({"kind": "paragraph", "spans": ["纯文本"], "future_field": 1}).text == "纯文本"
    with pytest.raises(ValueError):
        Block("table")


def test_source_line_only_for_reposts():
    a = Article(title="t", source="人民网", source_author="张三")
    assert a.source_line() == ""
    a.original = False
    assert a.source_line() == "来源：人民网 / 作者：张三"


def test_merge_spans_joins_same_style():
    spans = merge_spans([Span("a"), Span("b"), Span("", bold=True), Span("c", bold=True), Span("d", bold=True)])
    assert [(s.text, s.bold) for s in spans] == [("ab", False), ("cd", True)]


def test_texts_and_asset_ids():
    a = Article(title="标题", digest="摘要", cover_asset_id=1,
                blocks=[paragraph("正文"), Block("image", asset_id=2, caption="图注"),
                        styled("imagetext-left", title="小标题", text="说明", asset_id=3)])
    assert list(a.texts()) == ["标题", "摘要", "正文", "图注", "小标题", "说明"]
    assert a.asset_ids() == [1, 2, 3]


def test_section_numbers_count_only_sections():
    blocks = [styled("section-circle", "a"), paragraph("x"), styled("card-soft", "c"), styled("section-step", "b")]
    assert section_numbers(blocks, STYLED_BLOCKS) == {0: 1, 3: 2}


def test_valid_color():
    assert valid_color("#A0b1C2") == "#A0b1C2"
    assert valid_color("red;background:url(x)") == ""


def test_enough_themes_and_styled_blocks():
    assert len(THEMES) >= 6
    assert len(STYLED_BLOCKS) >= 20
    assert {s.kind for s in STYLED_BLOCKS.values()} == set(KINDS)
    for theme in THEMES.values():
        assert font_path(theme.body_font).is_file() and font_path(theme.heading_font).is_file()
        assert theme.heading_style in STYLED_BLOCKS
        for colour in (theme.text, theme.primary, theme.accent, theme.soft, theme.muted, theme.background):
            assert valid_color(colour), (theme.key, colour)
    assert len({(t.primary, t.body_font) for t in THEMES.values()}) == len(THEMES)


def test_fallbacks_for_unknown_keys():
    assert get_theme("no-such").key == "simple"
    assert get_style("no-such").kind == "card"
