"""Pillow text layout with the bundled fonts and Chinese line breaking (避头尾).

Used by the long-image export and by cover/poster text layers. Lines never start with closing
punctuation (。，、；：？！）」』 ...) and never end with opening punctuation (（「『 ...); Latin words
and numbers are kept whole unless a single word is wider than the line.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable, Sequence

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


WidthOf = Callable[[int, int], float]
Line = list[tuple[int, int]]  # the clusters of one line as (start, end) offsets


def _split_wide(start: int, end: int, text: str, width_of: WidthOf, max_width: float) -> Line:
    """Break a cluster wider than the line by characters (a long URL, a run of punctuation),
    backing off where possible so the 避头尾 rules still hold at each break."""
    pieces = []
    while start < end:
        fit, width = start, 0.0
        while fit < end and (fit == start or width + width_of(fit, fit + 1) <= max_width):
            width += width_of(fit, fit + 1)
            fit += 1
        cut = fit
        while start + 1 < cut < end and (text[cut] in NO_LINE_START or text[cut - 1] in NO_LINE_END):
            cut -= 1
        if cut == start + 1 and fit > start + 1:  # no legal break inside: fill the line
            cut = fit
        pieces.append((start, cut))
        start = cut
    return pieces


def _trim(line: Line, text: str) -> Line:
    """Drop trailing space clusters (a break at a space makes the space disappear)."""
    while line and text[line[-1][0]] in " \t":
        line.pop()
    return line


def break_lines(text: str, width_of: WidthOf, max_width: float) -> list[Line]:
    """Break one paragraph (no newlines) into lines of clusters by 避头尾 rules.

    `width_of(start, end)` is the pixel width of text[start:end]; it lets the same algorithm lay
    out plain text in one font and rich text whose runs use several fonts.
    """
    lines: list[Line] = []
    current: Line = []
    width = 0.0
    pos = 0
    for cluster in _clusters(text):
        start, pos = pos, pos + len(cluster)
        is_space = cluster[0] in " \t"
        if is_space and not current:
            continue  # no leading spaces on a wrapped line
        cw = width_of(start, pos)
        if width + cw <= max_width:
            current.append((start, pos))
            width += cw
            continue
        if current:
            lines.append(_trim(current, text))
            current, width = [], 0.0
        if is_space:
            continue
        if cw > max_width:
            *full, last = _split_wide(start, pos, text, width_of, max_width)
            lines.extend([piece] for piece in full)
            start, cw = last[0], width_of(*last)
        current, width = [(start, pos)], cw
    if current or not lines:
        lines.append(_trim(current, text))
    return lines


def _wrap_paragraph(text: str, measure: _Measure, max_width: float) -> list[str]:
    lines = break_lines(text, lambda a, b: measure(text[a:b]), max_width)
    return [text[line[0][0]:line[-1][1]] if line else "" for line in lines]


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


# ---- rich text: runs in several fonts and colours, laid out with the same rules ----------------

@dataclass
class Run:
    """Text in one style. `highlight` paints behind the text; `underline` draws a rule under it."""

    text: str
    font: Font
    fill: str = "#222222"
    highlight: str = ""
    underline: bool = False


@dataclass
class Piece:
    run: Run
    text: str
    width: float
    cluster_start: bool  # justification may add space before this piece


@dataclass
class RichLine:
    pieces: list[Piece]
    width: float


def _run_index(runs: Sequence[Run]) -> tuple[str, list[int]]:
    starts, pos = [], 0
    for run in runs:
        starts.append(pos)
        pos += len(run.text)
    return "".join(r.text for r in runs), starts


def layout_runs(runs: Sequence[Run], max_width: float) -> list[RichLine]:
    """Break styled runs into lines no wider than `max_width` (避头尾 across style changes)."""
    runs = [r for r in runs if r.text]
    text, starts = _run_index(runs)
    measures = [_measure_for(r.font) for r in runs]

    def pieces(a: int, b: int) -> Iterable[tuple[int, int, int]]:
        i = bisect_right(starts, a) - 1
        while a < b:
            end = min(b, starts[i] + len(runs[i].text))
            if end > a:
                yield i, a, end
            a = end
            i += 1

    def width_of(a: int, b: int) -> float:
        return sum(measures[i](text[s:e]) for i, s, e in pieces(a, b))

    lines: list[RichLine] = []
    offset = 0
    for paragraph in text.split("\n"):
        for line in break_lines(paragraph, lambda a, b: width_of(offset + a, offset + b), max_width):
            out: list[Piece] = []
            for a, b in line:
                for k, (i, s, e) in enumerate(pieces(offset + a, offset + b)):
                    out.append(Piece(runs[i], text[s:e], measures[i](text[s:e]), k == 0))
            lines.append(RichLine(out, sum(p.width for p in out)))
        offset += len(paragraph) + 1
    return lines


def rich_line_metrics(line: RichLine, default: Font, line_height: float) -> tuple[int, int]:
    """(advance, baseline offset from the line top) of a line whose fonts may differ in size."""
    fonts = {id(p.run.font): p.run.font for p in line.pieces} or {id(default): default}
    size = max(f.size for f in fonts.values())
    ascent = max(f.getmetrics()[0] for f in fonts.values())
    descent = max(f.getmetrics()[1] for f in fonts.values())
    advance = max(1, round(size * line_height))
    return advance, round((advance - ascent - descent) / 2 + ascent)


# Display-list operations, so a tall layout can be painted in parts.
TextOp = tuple  # ("text", x, baseline_y, text, font, fill) | ("rect", box, fill) | ("line", xy, fill, w)


def place_rich(lines: Sequence[RichLine], x: float, y: float, width: float, default: Font, *,
               line_height: float = 1.5, align: str = "left") -> tuple[list[TextOp], list[int], int]:
    """Position lines in a box: returns (ops, y of each line bottom, total height)."""
    ops: list[TextOp] = []
    bottoms: list[int] = []
    top = y
    for index, line in enumerate(lines):
        advance, baseline = rich_line_metrics(line, default, line_height)
        slack = max(0.0, width - line.width)
        gaps = sum(1 for p in line.pieces[1:] if p.cluster_start)
        gap = slack / gaps if align == "justify" and gaps and index < len(lines) - 1 else 0.0
        px = x + (slack / 2 if align == "center" else slack if align == "right" else 0)
        for k, piece in enumerate(line.pieces):
            if k and piece.cluster_start:
                px += gap
            run = piece.run
            if run.highlight:
                ops.append(("rect", (px, y + (advance - run.font.size * 1.3) / 2, px + piece.width,
                                     y + (advance + run.font.size * 1.3) / 2), run.highlight))
            ops.append(("text", px, y + baseline, piece.text, run.font, run.fill))
            if run.underline:
                uy = y + baseline + max(2, run.font.size // 10)
                ops.append(("line", (px, uy, px + piece.width, uy), run.fill, max(1, run.font.size // 16)))
            px += piece.width
        y += advance
        bottoms.append(round(y))
    return ops, bottoms, round(y - top)


def paint_ops(draw: ImageDraw.ImageDraw, ops: Iterable[TextOp], dy: float = 0) -> None:
    """Draw display-list operations shifted up by `dy` (the top of the part being painted)."""
    for op in ops:
        kind = op[0]
        if kind == "text":
            _, x, baseline, text, font, fill = op
            _draw_text(draw, x, baseline - dy, text, font, fill)
        elif kind == "rect":
            x0, y0, x1, y1 = op[1]
            draw.rectangle((x0, y0 - dy, x1, y1 - dy), fill=op[2])
        elif kind == "line":
            x0, y0, x1, y1 = op[1]
            draw.line((x0, y0 - dy, x1, y1 - dy), fill=op[2], width=op[3])


# Rendered glyph masks by (font, text): a long article repeats the same characters thousands of
# times, and FreeType rendering is most of the cost of painting it.
_masks: dict[tuple[int, str], tuple] = {}
_inks: dict[tuple[str, str], int] = {}


def _draw_text(draw: ImageDraw.ImageDraw, x: float, baseline: float, text: str, font: Font, fill) -> None:
    try:
        core = draw.draw
        ink_key = (draw.mode, str(fill))
        ink = _inks.get(ink_key)
        if ink is None:
            ink = _inks[ink_key] = draw._getink(fill)[0]
    except AttributeError:  # a Pillow without these internals: the public, uncached path
        draw.text((x, baseline), text, font=font, fill=fill, anchor="ls")
        return
    key = (id(font), text)
    hit = _masks.get(key)
    if hit is None or hit[2] is not font:
        if len(_masks) > 50000:
            _masks.clear()
        mask, offset = font.getmask2(text, draw.fontmode, anchor="ls")
        hit = _masks[key] = (mask, offset, font)
    mask, offset, _font = hit
    core.draw_bitmap((int(round(x)) + offset[0], int(round(baseline)) + offset[1]), mask, ink)
