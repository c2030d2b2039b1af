"""Pillow text layout with the bundled fonts and Chinese line breaking (避头尾).

Used by the long-image export and by cover/poster text layers. Lines never start with closing
punctuation (。，、；：？！）」』 ...) and never end with opening punctuation (（「『 ...); Latin words
and numbers are kept whole unless a single word is wider than the line.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Sequence

from PIL import ImageDraw, ImageFont

from studio.resources import font_path

# Characters that may not begin a line (行首禁则).
NO_LINE_START = frozenset(
    "。，、；：？！）」』】》〉〕〗〙〛”’.,;:?!)]}>%‰℃°…—·～~ー々〻ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
    "\u3001\u3002\uff0c\uff0e\uff1a\uff1b\uff1f\uff01\uff09\uff3d\uff5d\uff60\u300d\u300f"
)
# Characters that may not end a line (行尾禁则).
NO_LINE_END = frozenset("（「『【《〈〔〖〘〚“‘([{<\uff08\uff3b\uff5b\uff5f\u300c\u300e")

# One unbreakable token: a Latin word/number (with attached ASCII marks), a run of spaces,
# a run of ——/……, or any other single character (a CJK character breaks anywhere).
_TOKEN = re.compile(r"[A-Za-z0-9À-ɏ'’\-_./:@#%&+=?~]+|[ \t]+|—+|…+|\S", re.UNICODE)

Font = ImageFont.FreeTypeFont


@lru_cache(maxsize=64)
def load_font(name: str = "sans", size: int = 32) -> Font:
    """A bundled font ('sans', 'sans-bold', 'serif', 'serif-bold') at a pixel size (cached)."""
    return ImageFont.truetype(str(font_path(name)), int(size), layout_engine=ImageFont.Layout.BASIC)


class _Measure:
    """Width of strings in one font, memoised: layout measures the same characters many times."""

    def __init__(self, font: Font) -> None:
        self.font = font
        self._cache: dict[str, float] = {}

    def __call__(self, text: str) -> float:
        width = self._cache.get(text)
        if width is None:
            width = self._cache[text] = self.font.getlength(text)
        return width


_measures: dict[int, _Measure] = {}


def _measure_for(font: Font) -> _Measure:
    measure = _measures.get(id(font))
    if measure is None or measure.font is not font:
        if len(_measures) > 128:
            _measures.clear()
        measure = _measures[id(font)] = _Measure(font)
    return measure


def _clusters(text: str) -> list[str]:
    """Split text into pieces that must stay on one line, applying 避头尾 between tokens."""
    clusters: list[str] = []
    glue_next = False  # previous token ends with an opener: attach the next token to it
    for token in _TOKEN.findall(text):
        is_space = token[0] in " \t"
        if is_space:
            if glue_next:  # "（ x": the space may not become the break after the opener
                clusters[-1] += token
            else:
                clusters.append(token)
            continue
        if clusters and (glue_next or token[0] in NO_LINE_START):
            if clusters[-1][0] in " \t" and len(clusters) > 1:  # "x ，": no break at that space
                token = clusters.pop() + token
            clusters[-1] += token
        else:
            clusters.append(token)
        glue_next = token[-1] in NO_LINE_END
    return clusters


def _split_wide(cluster: str, measure: _Measure, max_width: float) -> list[str]:
    """Break a piece wider than the line by characters (a long URL, a run of punctuation),
    backing off where possible so the 避头尾 rules still hold at each break."""
    pieces = []
    rest = cluster
    while rest:
        fit, width = 0, 0.0
        while fit < len(rest) and (fit == 0 or width + measure(rest[fit]) <= max_width):
            width += measure(rest[fit])
            fit += 1
        cut = fit
        while 1 < cut < len(rest) and (rest[cut] in NO_LINE_START or rest[cut - 1] in NO_LINE_END):
            cut -= 1
        if cut == 1 and fit > 1:  # no legal break inside: fall back to filling the line
            cut = fit
        pieces.append(rest[:cut])
        rest = rest[cut:]
    return pieces


def _wrap_paragraph(text: str, measure: _Measure, max_width: float) -> list[str]:
    lines: list[str] = []
    current: list[str] = []
    width = 0.0
    for cluster in _clusters(text):
        is_space = cluster[0] in " \t"
        if is_space and not current:
            continue  # no leading spaces on a wrapped line
        cw = measure(cluster)
        if width + cw <= max_width:
            current.append(cluster)
            width += cw
            continue
        if is_space:  # a break at a space: the space disappears
            lines.append("".join(current).rstrip())
            current, width = [], 0.0
            continue
        if current:
            lines.append("".join(current).rstrip())
            current, width = [], 0.0
        if cw > max_width:
            *full, cluster = _split_wide(cluster, measure, max_width)
            lines.extend(full)
            cw = measure(cluster)
        current, width = [cluster], cw
    if current or not lines:
        lines.append("".join(current).rstrip())
    return lines


def wrap(text: str, font: Font, max_width: float) -> list[str]:
    """Lines of `text` that fit `max_width` pixels in `font`, broken by Chinese rules (避头尾).

    Explicit newlines start new lines; an empty paragraph gives an empty line.
    """
    measure = _measure_for(font)
    lines: list[str] = []
    for paragraph in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        lines.extend(_wrap_paragraph(paragraph, measure, max(1.0, float(max_width))))
    return lines


def line_advance(font: Font, line_height: float = 1.5) -> int:
    """Pixels from one baseline to the next for a line-height multiplier of the font size."""
    return max(1, round(font.size * line_height))


def text_height(lines: Sequence[str], font: Font, line_height: float = 1.5) -> int:
    return len(lines) * line_advance(font, line_height)


def measure(text: str, font: Font, max_width: float, line_height: float = 1.5) -> tuple[int, int]:
    """(width, height) in pixels of `text` wrapped at `max_width`."""
    lines = wrap(text, font, max_width)
    m = _measure_for(font)
    width = max((m(line) for line in lines), default=0)
    return int(round(width)), text_height(lines, font, line_height)


def _draw_justified(draw: ImageDraw.ImageDraw, x: float, y: float, line: str, font: Font,
                    width: float, fill) -> None:
    """Spread the slack of a full line evenly between its characters (两端对齐)."""
    m = _measure_for(font)
    chars = list(line)
    slack = width - m(line)
    gap = slack / (len(chars) - 1) if len(chars) > 1 and slack > 0 else 0.0
    for ch in chars:
        draw.text((x, y), ch, font=font, fill=fill)
        x += m(ch) + gap


def draw_lines(draw: ImageDraw.ImageDraw, xy: tuple[float, float], lines: Sequence[str], font: Font,
               width: float, *, fill="#222222", line_height: float = 1.5, align: str = "left",
               justify_last: bool = False) -> int:
    """Draw already-wrapped lines in a box `width` wide; returns the height used.

    `align` is left, center, right or justify (the last line of a justified block stays left).
    """
    m = _measure_for(font)
    advance = line_advance(font, line_height)
    # Centre the glyph box in the line box so a larger line height spaces lines evenly.
    ascent, descent = font.getmetrics()
    offset = (advance - (ascent + descent)) / 2
    x0, y = xy
    for index, line in enumerate(lines):
        last = index == len(lines) - 1
        if align == "justify" and (not last or justify_last):
            _draw_justified(draw, x0, y + offset, line, font, width, fill)
        else:
            slack = width - m(line)
            dx = slack / 2 if align == "center" else slack if align == "right" else 0
            draw.text((x0 + dx, y + offset), line, font=font, fill=fill)
        y += advance
    return advance * len(lines)


def draw_wrapped(draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, font: Font,
                 width: float, *, fill="#222222", line_height: float = 1.5,
                 align: str = "left") -> int:
    """Wrap `text` to `width` and draw it at `xy`; returns the height used in pixels."""
    return draw_lines(draw, xy, wrap(text, font, width), font, width,
                      fill=fill, line_height=line_height, align=align)


def violations(lines: Iterable[str]) -> list[tuple[int, str]]:
    """(line index, reason) for every line breaking the 避头尾 rules (used by tests and proofing)."""
    found = []
    lines = list(lines)
    for i, line in enumerate(lines):
        if i > 0 and line and line[0] in NO_LINE_START:
            found.append((i, f"starts with {line[0]!r}"))
        if i < len(lines) - 1 and line and line[-1] in NO_LINE_END:
            found.append((i, f"ends with {line[-1]!r}"))
    return found
