"""Long-image export: widths, parts cut between lines, images drawn, themes change the look."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from studio.editor import longimage
from studio.editor import textlayout as tl
from studio.editor.article import Article, Span, paragraph
from studio.editor.sample import sample_article
from studio.editor.themes import THEMES

RED = (220, 20, 20)


def solid(colour, size=(400, 300)):
    return Image.new("RGB", size, colour)


def load(asset_id):
    return solid(RED) if asset_id == 1 else solid((20, 20, 220), (300, 400)) if asset_id == 2 else None


@pytest.mark.parametrize("width", [1080, 750])
def test_width_and_images(width):
    parts = longimage.render(sample_article([1, 2, 1]), load, width=width, max_height=100_000)
    assert len(parts) == 1
    img = parts[0]
    assert img.width == width and img.height > width
    px = np.asarray(img)
    red = np.all(np.abs(px.astype(int) - RED) < 8, axis=-1)
    # the 100%-wide red picture spans the text column
    assert red.any(axis=0).sum() > width * 0.8


def test_missing_image_gets_a_placeholder_not_a_crash():
    parts = longimage.render(sample_article([7, 8, 9]), lambda i: None, width=750, max_height=100_000)
    assert parts[0].height > 1000


def test_parts_are_cut_between_lines():
    article = Article(title="很长的文章", theme="simple",
                      blocks=[paragraph("这是一段用来测试分段的长文字，包含标点符号。" * 12) for _ in range(12)])
    lay = longimage.layout(article, load, width=750)
    parts = longimage.render(article, load, width=750, max_height=1500)
    assert len(parts) > 2
    assert sum(p.height for p in parts) == lay.height
    assert all(p.height <= 1500 for p in parts)
    bg = np.array(Image.new("RGB", (1, 1), THEMES["simple"].background).getpixel((0, 0)))
    for part in parts[:-1]:
        bottom = np.asarray(part)[-1]
        assert np.all(np.abs(bottom.astype(int) - bg) < 10), "a part ends in the middle of a line"


def test_part_ranges_prefer_breaks():
    assert longimage.part_ranges(100, [], 200) == [(0, 100)]
    assert longimage.part_ranges(500, [90, 180, 260, 390], 200) == [(0, 180), (180, 260), (260, 390), (390, 500)]
    # no break in reach: a hard cut at the limit
    assert longimage.part_ranges(500, [], 200) == [(0, 200), (200, 400), (400, 500)]


def test_theme_changes_the_pixels():
    def colours(theme):
        a = sample_article([1], theme=theme)
        px = np.asarray(longimage.render(a, load, width=750, max_height=100_000)[0].reduce(4))
        return {tuple(int(v) // 16 for v in p) for p in px.reshape(-1, 3)}

    fresh, business = colours("fresh"), colours("business")
    assert len(fresh ^ business) > 10


def test_rich_text_keeps_line_breaking_rules():
    font = tl.load_font("sans", 30)
    bold = tl.load_font("sans-bold", 30)
    runs = [tl.Run("他说", font), tl.Run("「重要的事情", bold), tl.Run("说三遍」。然后离开了。" * 4, font)]
    for width in range(150, 500, 13):
        lines = tl.layout_runs(runs, width)
        texts = ["".join(p.text for p in line.pieces) for line in lines]
        assert "".join(texts) == "".join(r.text for r in runs)
        assert tl.violations(texts) == [], (width, texts)
        assert all(line.width <= width for line in lines)


def test_export_names_parts(tmp_path):
    article = Article(title="分段", blocks=[paragraph(Span("文字" * 400)) for _ in range(6)])
    files = longimage.export(article, tmp_path / "long.png", lambda i: None, width=750, max_height=2000)
    assert [f.name for f in files][:3] == ["long.png", "long-2.png", "long-3.png"]
    assert all(f.is_file() for f in files)
    jpg = longimage.export(article, tmp_path / "long.jpg", lambda i: None, width=750, max_height=2000)
    with Image.open(jpg[0]) as im:
        assert im.format == "JPEG" and im.width == 750
