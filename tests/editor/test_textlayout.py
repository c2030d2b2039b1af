"""Chinese line breaking (避头尾) and wrapped drawing with the bundled fonts."""
from __future__ import annotations

import random

import pytest
from PIL import Image, ImageDraw

from studio.editor import textlayout as tl
from studio.editor.textlayout import NO_LINE_END, NO_LINE_START, load_font, wrap


@pytest.fixture(scope="module")
def font():
    return load_font("sans", 20)


def test_every_line_fits_and_text_is_kept(font):
    text = "新媒体编辑需要掌握图文排版、长图制作和封面设计，这些技能在工作中非常常用。" * 4
    lines = wrap(text, font, 200)
    assert len(lines) > 4
    assert "".join(lines) == text
    assert all(font.getlength(line) <= 200 for line in lines)


@pytest.mark.parametrize("punct", list("。，、；：？！）」』"))
def test_closing_punctuation_never_starts_a_line(font, punct):
    # Find every width at which the punctuation mark would land first on a line if wrapped naively.
    text = "字" * 9 + punct + "字" * 9
    char = font.getlength("字")
    for width in range(int(char * 3), int(char * 12)):
        lines = wrap(text, font, width)
        assert "".join(lines) == text
        assert not any(line.startswith(punct) for line in lines[1:]), (width, lines)
        assert all(font.getlength(line) <= width for line in lines)


@pytest.mark.parametrize("opener", list("（「『【《“"))
def test_opening_punctuation_never_ends_a_line(font, opener):
    text = "字" * 9 + opener + "引文" + "字" * 9
    char = font.getlength("字")
    for width in range(int(char * 3), int(char * 12)):
        lines = wrap(text, font, width)
        assert "".join(lines) == text
        assert not any(line.endswith(opener) for line in lines[:-1]), (width, lines)


def test_chains_of_punctuation_stay_together(font):
    text = "他说：「好的。」』然后走了" * 6
    char = font.getlength("字")
    for width in range(int(char * 4), int(char * 15), 3):
        lines = wrap(text, font, width)
        assert tl.violations(lines) == [], (width, lines)


def test_latin_words_are_not_split(font):
    text = "我们用 Python 和 PySide6 开发了 New Media Studio 这个程序，支持 Markdown 导入。"
    for width in range(120, 400, 7):
        lines = wrap(text, font, width)
        words = {"Python", "PySide6", "New", "Media", "Studio", "Markdown"}
        joined = " ".join(lines)
        for word in words:
            assert word in joined, (width, lines)
        assert all(not line.startswith(" ") and not line.endswith(" ") for line in lines)


def test_word_wider_than_line_is_broken(font):
    url = "https://example.com/" + "a" * 60
    lines = wrap(url, font, 150)
    assert len(lines) > 2
    assert "".join(lines) == url
    assert all(font.getlength(line) <= 150 for line in lines)


def test_newlines_and_empty_paragraphs(font):
    assert wrap("第一行\n\n第三行", font, 500) == ["第一行", "", "第三行"]
    assert wrap("", font, 500) == [""]


def _unbreakable_run(lines, i):
    """Text around the break before line i that has no legal break point at all."""
    punct = NO_LINE_START | NO_LINE_END
    before, after = lines[i - 1], lines[i]
    k = len(before)
    while k > 0 and before[k - 1] in punct:
        k -= 1
    j = 0
    while j < len(after) and after[j] in punct:
        j += 1
    return before[max(0, k - 1):] + after[:j]


def test_random_text_obeys_rules(font):
    rng = random.Random(7)
    alphabet = "新媒体编辑排版图文" * 2 + "。，、；：？！）」』" + "（「『" + "ab "
    for _ in range(80):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(10, 80))).strip()
        width = rng.randint(80, 300)
        lines = wrap(text, font, width)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        for i, _reason in tl.violations(lines):
            line = i if lines[i][:1] in NO_LINE_START else i + 1
            # Only a run of punctuation wider than the whole line may break the rules.
            assert font.getlength(_unbreakable_run(lines, line)) > width, (text, width, lines)


def test_draw_wrapped_paints_within_box_and_aligns(font):
    def ink_box(align):
        img = Image.new("L", (300, 200), 255)
        height = tl.draw_wrapped(ImageDraw.Draw(img), (10, 10), "中文排版测试，居中对齐。", font, 280,
                                 fill=0, line_height=1.6, align=align)
        return img.point(lambda v: 255 if v < 128 else 0).getbbox(), height

    left, h = ink_box("left")
    centre, _ = ink_box("center")
    right, _ = ink_box("right")
    assert h == tl.line_advance(font, 1.6) * 1
    assert left[0] < centre[0] < right[0]
    assert right[2] <= 290 + 1
    assert left[1] >= 10 and left[3] <= 10 + h


def test_justify_fills_the_width(font):
    lines = wrap("两端对齐的段落会把每一行撑满整个宽度，最后一行除外。" * 3, font, 250)
    img = Image.new("L", (300, 400), 255)
    tl.draw_lines(ImageDraw.Draw(img), (0, 0), lines, font, 250, fill=0, align="justify")
    first_line = img.crop((0, 0, 300, tl.line_advance(font))).point(lambda v: 255 if v < 128 else 0)
    assert first_line.getbbox()[2] >= 245


def test_measure(font):
    w, h = tl.measure("一二三四五六七八九十", font, 1000, line_height=2)
    assert w == round(font.getlength("一二三四五六七八九十"))
    assert h == 40
