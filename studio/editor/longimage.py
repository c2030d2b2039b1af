"""Long-image export (长图): the article drawn with Pillow and the bundled fonts, PNG or JPEG.

The article is laid out once into a display list at the chosen width (1080 or 750 px; theme
sizes are CSS px of a 375 px phone column, scaled up), then painted part by part: a part ends
at a line or block boundary before `max_height`, so no line of text is cut in half.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from PIL import Image, ImageDraw

from studio.editor import textlayout as tl
from studio.editor.article import (ALIGNS, IMAGE_WIDTHS, LEVELS, SPACER_HEIGHTS, Article, Block, Span, int_in,
                                   section_numbers, span_size, valid_color)
from studio.editor.blocks import STYLED_BLOCKS, BlockStyle, callout_colors, get_style
from studio.editor.themes import Theme, get_theme
from studio.project import jobs, output

COLUMN = 375
WIDTHS = (1080, 750)
DEFAULT_MAX_HEIGHT = 10000
LoadImage = Callable[[int], Optional[Image.Image]]


@dataclass
class LongImageLayout:
    width: int
    height: int
    background: str
    ops: list = field(default_factory=list)
    breaks: list[int] = field(default_factory=list)  # y positions where a part may end


class _Composer:
    """Walks the blocks top to bottom, appending draw operations at the current y."""

    def __init__(self, theme: Theme, width: int, load_image: LoadImage) -> None:
        self.t = theme
        self.scale = width / COLUMN
        self.width = width
        self.x0 = self.px(20)
        self.cw = width - 2 * self.x0
        self.load_image = load_image
        self.ops: list = []
        self.breaks: list[int] = []
        self.y = self.px(24)
        self.boxed = 0  # inside a card: no part breaks there

    def px(self, v: float) -> int:
        return round(v * self.scale)

    def font(self, name: str, size: float):
        return tl.load_font(name, max(6, self.px(size)))

    def gap(self, css_px: float) -> None:
        self.y += self.px(css_px)
        self.mark()

    def mark(self) -> None:
        if not self.boxed:
            self.breaks.append(self.y)

    # ---- text -----------------------------------------------------------------------------
    def runs(self, spans: list[Span], *, size: float, font: str, color: str, bold: bool = False):
        runs = []
        family = "serif" if font.startswith("serif") else "sans"
        for s in spans:
            name = f"{family}-bold" if (bold or s.bold or font.endswith("bold")) else family
            link = bool(s.link)
            runs.append(tl.Run(s.text, self.font(name, span_size(s.size) or size),
                               valid_color(s.color) or (self.t.accent if link else color),
                               valid_color(s.highlight), s.underline or link))
        return runs

    def text(self, spans: list[Span], x: int | None = None, width: int | None = None, *,
             size: float | None = None, font: str | None = None, color: str | None = None,
             bold: bool = False, align: str = "justify", line_height: float | None = None) -> int:
        """Lay out rich text at the current y; returns its height and moves y below it."""
        x = self.x0 if x is None else x
        width = self.cw if width is None else width
        size = size or self.t.font_size
        runs = self.runs(spans, size=size, font=font or self.t.body_font, color=color or self.t.text,
                         bold=bold)
        if not runs:
            return 0
        lines = tl.layout_runs(runs, width)
        ops, bottoms, height = tl.place_rich(lines, x, self.y, width, runs[0].font,
                                             line_height=line_height or self.t.line_height, align=align)
        self.ops.extend(ops)
        if not self.boxed:
            self.breaks.extend(bottoms)
        self.y += height
        return height

    def plain(self, text: str, **kw) -> int:
        return self.text([Span(text)], **kw) if text else 0

    def text_width(self, text: str, size: float, font: str) -> float:
        return self.font(font, size).getlength(text)

    # ---- shapes and images -------------------------------------------------------------------
    def box(self, at: int, box: tuple, fill: str | None = None, outline: str | None = None,
            radius: float = 0, line: float = 1, dashed: bool = False) -> None:
        """Insert a rounded box under the operations appended since index `at`."""
        self.ops.insert(at, ("box", box, fill, outline, self.px(radius), max(1, self.px(line)), dashed))

    def image(self, asset_id: Optional[int], x: int, width: int) -> int:
        img = self.load_image(asset_id) if asset_id is not None else None
        if img is None:
            height = round(width * 0.5)
            self.ops.append(("box", (x, self.y, x + width, self.y + height), "#eeeeee", "#cccccc", 0, 2, True))
            self.ops.append(("text", x + width / 2 - self.px(28), self.y + height / 2, "图片缺失",
                             self.font("sans", 14), "#999999"))
        else:
            height = max(1, round(img.height * width / img.width))
            self.ops.append(("image", x, self.y, asset_id, width, height))
        self.y += height
        return height


def _heading(c: _Composer, block: Block) -> None:
    t = c.t
    level = int_in(block.level, 2, *LEVELS)
    if level == 2:
        return _titlebar(c, get_style(t.heading_style), block.spans)
    size = {1: 22, 3: 17}.get(level, t.font_size)
    c.gap(20)
    c.text(block.spans, size=size, font=t.heading_font, bold=True, align="left", line_height=1.4,
           color=t.primary if level < 4 else t.text)
    c.gap(10)


def _titlebar(c: _Composer, bs: BlockStyle, spans: list[Span]) -> None:
    t = c.t
    c.gap(24)
    size, font, v = 18, t.heading_font, bs.variant
    text_w = min(c.cw - c.px(44), c.text_width("".join(s.text for s in spans), size, font))
    if v in ("solid", "pill"):
        padx = c.px(14 if v == "solid" else 22)
        x = c.x0 if v == "solid" else round(c.x0 + (c.cw - text_w) / 2 - padx)
        at, top = len(c.ops), c.y
        c.y += c.px(4)
        c.text(spans, x + padx, round(text_w) + 2, size=size, font=font, bold=True, color=t.on_primary,
               align="left", line_height=1.5)
        c.y += c.px(4)
        c.box(at, (x, top, x + round(text_w) + 2 * padx, c.y), fill=t.primary,
              radius=t.radius if v == "solid" else 20)
    elif v == "ribbon":
        at, top = len(c.ops), c.y
        c.y += c.px(6)
        c.text(spans, c.x0 + c.px(18), c.cw - c.px(24), size=size, font=font, bold=True,
               color=t.primary, align="left", line_height=1.5)
        c.y += c.px(6)
        c.box(at, (c.x0, top, c.x0 + c.cw, c.y), fill=t.soft)
        c.box(at + 1, (c.x0, top, c.x0 + c.px(6), c.y), fill=t.accent)
    elif v == "centerlines":
        rule = Span("—— ", color=t.accent)
        c.text([rule, *spans, Span(" ——", color=t.accent)], size=size, font=font, bold=True,
               color=t.primary, align="center", line_height=1.5)
    elif v == "underline":
        c.text(spans, size=size, font=font, bold=True, color=t.primary, align="left", line_height=1.5)
        c.y += c.px(6)
        c.ops.append(("box", (c.x0, c.y, c.x0 + c.cw, c.y + c.px(2)), t.primary, None, 0, 1, False))
        c.y += c.px(2)
    else:  # leftbar
        at, top = len(c.ops), c.y
        c.text(spans, c.x0 + c.px(14), c.cw - c.px(14), size=size, font=font, bold=True,
               color=t.primary, align="left", line_height=1.5)
        c.box(at, (c.x0, top + c.px(4), c.x0 + c.px(4), c.y - c.px(4)), fill=t.primary)
    c.gap(12)


def _section(c: _Composer, bs: BlockStyle, block: Block, n: int) -> None:
    t = c.t
    c.gap(24)
    top = c.y
    if bs.variant == "bignum":
        c.text([Span(f"{n:02d} ", color=t.accent, size=34), Span(block.title)], size=18,
               font=t.heading_font, bold=True, color=t.primary, align="left", line_height=1.3)
    else:
        label = str(n) if bs.variant == "circle" else f"{bs.label} {n:02d}"
        badge_font = c.font("sans-bold", 15 if bs.variant == "circle" else 13)
        side = c.px(28)
        badge_w = side if bs.variant == "circle" else round(badge_font.getlength(label)) + c.px(20)
        x = c.x0 + badge_w + c.px(10)
        at = len(c.ops)
        c.text([Span(block.title)], x, c.cw - (x - c.x0), size=18, font=t.heading_font, bold=True,
               color=t.primary, align="left", line_height=1.5)
        line_h = c.px(18 * 1.5)
        by = top + (line_h - side) // 2
        c.box(at, (c.x0, by, c.x0 + badge_w, by + side), fill=t.primary,
              radius=14 if bs.variant == "circle" else t.radius)
        c.ops.append(("text", c.x0 + (badge_w - badge_font.getlength(label)) / 2,
                      by + side / 2 + badge_font.size * 0.36, label, badge_font, t.on_primary))
    c.gap(10)
    if block.spans:
        c.text(block.spans)
        c.gap(t.paragraph_gap)


def _boxed(c: _Composer, draw_inner: Callable[[int, int], None], pad_x: float, pad_y: float,
           **box) -> None:
    """Lay out content inside a box of the full column width, then put the box under it."""
    c.gap(16)
    at, top = len(c.ops), c.y
    c.boxed += 1
    c.y += c.px(pad_y)
    draw_inner(c.x0 + c.px(pad_x), c.cw - 2 * c.px(pad_x))
    c.y += c.px(pad_y)
    c.boxed -= 1
    c.box(at, (c.x0, top, c.x0 + c.cw, c.y), **box)
    c.gap(16)


def _card(c: _Composer, bs: BlockStyle, block: Block) -> None:
    t, v = c.t, bs.variant

    def inner(x: int, w: int) -> None:
        if block.title:
            c.plain(block.title, x=x, width=w, size=17, font=t.heading_font, bold=True,
                    color=t.primary, align="left")
            c.y += c.px(6)
        c.text(block.spans, x, w)

    at = len(c.ops)
    _boxed(c, inner, 16, 14, fill=t.soft if v in ("soft", "topbar") else t.background,
           outline=None if v in ("soft", "topbar", "shadow") else t.primary, radius=t.radius,
           dashed=v == "dashed")
    box = next(op for op in c.ops[at:] if op[0] == "box")
    x0, y0, x1, y1 = box[1]
    if v == "shadow":
        c.ops.insert(c.ops.index(box), ("box", (x0 + c.px(2), y0 + c.px(3), x1 + c.px(2), y1 + c.px(3)),
                                       "#e4e4e4", None, c.px(t.radius), 1, False))
    if v == "topbar":
        c.ops.insert(c.ops.index(box) + 1, ("box", (x0, y0, x1, y0 + c.px(4)), t.primary, None, 0, 1, False))


def _callout(c: _Composer, bs: BlockStyle, block: Block) -> None:
    t = c.t
    if bs.variant == "quote":
        c.gap(16)
        c.plain("“", size=40, font="serif-bold", color=t.accent, align="center", line_height=1.0)
        c.text(block.spans, size=18, font=t.heading_font, bold=True, color=t.primary, align="center",
               line_height=1.6)
        if block.title:
            c.plain(f"—— {block.title}", size=14, color=t.muted, align="right")
        c.gap(16)
        return
    strong, soft = callout_colors(bs, t.primary, t.soft)

    def inner(x: int, w: int) -> None:
        c.plain(block.title or bs.label, x=x, width=w, bold=True, color=strong, align="left")
        c.y += c.px(4)
        c.text(block.spans, x, w)

    at = len(c.ops)
    _boxed(c, inner, 16, 12, fill=soft, radius=t.radius)
    box = next(op for op in c.ops[at:] if op[0] == "box")
    x0, y0, _x1, y1 = box[1]
    c.ops.insert(c.ops.index(box) + 1, ("box", (x0, y0, x0 + c.px(4), y1), strong, None, 0, 1, False))


def _imagetext(c: _Composer, bs: BlockStyle, block: Block) -> None:
    t = c.t

    def words(x: int, w: int) -> None:
        if block.title:
            c.plain(block.title, x=x, width=w, size=17, font=t.heading_font, bold=True,
                    color=t.primary, align="left")
            c.y += c.px(4)
        c.text(block.spans, x, w)

    if bs.variant == "top":
        def inner(x: int, w: int) -> None:
            c.y -= c.px(12)
            c.image(block.asset_id, c.x0, c.cw)
            c.y += c.px(12)
            words(x, w)
        _boxed(c, inner, 14, 12, fill=t.soft, radius=t.radius)
        return
    c.gap(16)
    c.boxed += 1
    img_w = round(c.cw * 0.4)
    gutter = c.px(12)
    img_x = c.x0 if bs.variant == "left" else c.x0 + c.cw - img_w
    text_x = c.x0 + img_w + gutter if bs.variant == "left" else c.x0
    top, img_at = c.y, len(c.ops)
    img_h = c.image(block.asset_id, img_x, img_w)
    c.y = top
    at = len(c.ops)
    words(text_x, c.cw - img_w - gutter)
    text_h = c.y - top
    if text_h < img_h:  # centre the shorter of the two against the other
        _shift(c.ops, at, len(c.ops), (img_h - text_h) // 2)
    else:
        _shift(c.ops, img_at, at, (text_h - img_h) // 2)
    c.y = top + max(img_h, text_h)
    c.boxed -= 1
    c.gap(16)


def _shift(ops: list, start: int, end: int, dy: int) -> None:
    for i in range(start, end):
        op = ops[i]
        if op[0] in ("text", "image"):
            ops[i] = (op[0], op[1], op[2] + dy, *op[3:])
        else:
            x0, y0, x1, y1 = op[1]
            ops[i] = (op[0], (x0, y0 + dy, x1, y1 + dy), *op[2:])


def _quote(c: _Composer, block: Block) -> None:
    t = c.t
    if t.quote_style == "center":
        c.gap(12)
        c.text(block.spans, color=t.muted, align="center")
        c.gap(12)
    elif t.quote_style == "soft":
        _boxed(c, lambda x, w: c.text(block.spans, x, w, color=t.muted), 16, 12, fill=t.soft, radius=t.radius)
    else:
        c.gap(12)
        at, top = len(c.ops), c.y
        c.text(block.spans, c.x0 + c.px(14), c.cw - c.px(14), color=t.muted)
        c.box(at, (c.x0, top, c.x0 + c.px(3), c.y), fill=t.primary)
        c.gap(12)


def _list(c: _Composer, block: Block) -> None:
    t = c.t
    indent = c.px(24)
    for n, item in enumerate(block.items, 1):
        marker = f"{n}." if block.ordered else "•"
        at = len(c.ops)
        top = c.y
        c.text(item, c.x0 + indent, c.cw - indent, align="left")
        first = next((op for op in c.ops[at:] if op[0] == "text"), None)
        baseline = first[2] if first else top + c.px(t.font_size)
        c.ops.append(("text", c.x0 + c.px(4), baseline, marker, c.font(t.body_font, t.font_size), t.primary))
        c.gap(6)
    c.gap(t.paragraph_gap - 6)


def _divider(c: _Composer) -> None:
    t = c.t
    c.gap(24)
    if t.divider_style == "dots":
        c.plain("•   •   •", color=t.primary, align="center", line_height=1.2)
    elif t.divider_style == "double":
        for dy in (0, c.px(4)):
            c.ops.append(("box", (c.x0, c.y + dy, c.x0 + c.cw, c.y + dy + max(1, c.px(1))), t.primary,
                          None, 0, 1, False))
        c.y += c.px(5)
    else:
        c.ops.append(("box", (c.x0, c.y, c.x0 + c.cw, c.y + max(1, c.px(1))), t.muted, None, 0, 1, False))
        c.y += c.px(1)
    c.gap(24)


def _image_block(c: _Composer, block: Block) -> None:
    c.gap(8)
    width = round(c.cw * int_in(block.width, 100, *IMAGE_WIDTHS) / 100)
    c.image(block.asset_id, c.x0 + (c.cw - width) // 2, width)
    if block.caption:
        c.y += c.px(6)
        c.plain(block.caption, size=13, color=c.t.muted, align="center")
    c.gap(16)


def _block(c: _Composer, block: Block, number: int) -> None:
    t = c.t
    if block.kind == "paragraph":
        c.text(block.spans, align=block.align if block.align in ALIGNS[1:] else "justify")
        c.gap(t.paragraph_gap)
    elif block.kind == "heading":
        _heading(c, block)
    elif block.kind == "quote":
        _quote(c, block)
    elif block.kind == "list":
        _list(c, block)
    elif block.kind == "image":
        _image_block(c, block)
    elif block.kind == "divider":
        _divider(c)
    elif block.kind == "spacer":
        c.gap(int_in(block.height, 24, *SPACER_HEIGHTS))
    else:
        bs = get_style(block.style)
        if bs.kind == "titlebar":
            _titlebar(c, bs, [Span(block.title or block.text)])
        elif bs.kind == "section":
            _section(c, bs, block, number)
        elif bs.kind == "callout":
            _callout(c, bs, block)
        elif bs.kind == "imagetext":
            _imagetext(c, bs, block)
        else:
            _card(c, bs, block)


def layout(article: Article, load_image: LoadImage, *, width: int = 1080, theme: Theme | None = None,
           cancel=None) -> LongImageLayout:
    """The whole article as one display list `width` pixels wide."""
    t = theme or get_theme(article.theme)
    c = _Composer(t, width, load_image)
    if article.title:
        c.plain(article.title, size=22, font=t.heading_font, bold=True, color="#111111", align="left",
                line_height=1.4)
        c.gap(6)
    meta = "  ".join(x for x in (article.author, article.source_line()) if x)
    if meta:
        c.plain(meta, size=13, color=t.muted, align="left")
    c.gap(16)
    numbers = section_numbers(article.blocks, STYLED_BLOCKS)
    for index, block in enumerate(article.blocks):
        jobs.check(cancel)
        _block(c, block, numbers.get(index, 1))
    c.gap(24)
    return LongImageLayout(width, c.y, t.background, c.ops, sorted(set(c.breaks)))


def part_ranges(height: int, breaks: list[int], max_height: int) -> list[tuple[int, int]]:
    """(top, bottom) of each part: cut at the last break that keeps a part under max_height."""
    parts, top = [], 0
    while height - top > max_height:
        limit = top + max_height
        cut = max((b for b in breaks if top + max_height // 3 < b <= limit), default=limit)
        parts.append((top, cut))
        top = cut
    parts.append((top, height))
    return parts


def _paint(lay: LongImageLayout, top: int, bottom: int, images: dict) -> Image.Image:
    img = Image.new("RGB", (lay.width, bottom - top), lay.background)
    draw = ImageDraw.Draw(img)
    text_ops = []
    for op in lay.ops:
        y0, y1 = _op_span(op)
        if y1 < top or y0 > bottom:
            continue
        if op[0] == "box":
            _flush(draw, text_ops, top)
            _draw_box(draw, op, top)
        elif op[0] == "image":
            _flush(draw, text_ops, top)
            img.paste(images[(op[3], op[4])], (round(op[1]), round(op[2] - top)))
        else:
            text_ops.append(op)
    _flush(draw, text_ops, top)
    return img


def _flush(draw, ops: list, top: int) -> None:
    tl.paint_ops(draw, ops, top)
    ops.clear()


def _op_span(op) -> tuple[float, float]:
    if op[0] == "text":
        return op[2] - op[4].size * 1.2, op[2] + op[4].size * 0.4
    if op[0] == "image":
        return op[2], op[2] + op[5]
    return op[1][1], op[1][3]


def _draw_box(draw: ImageDraw.ImageDraw, op, top: int) -> None:
    _, (x0, y0, x1, y1), fill, outline, radius, width, dashed = op
    box = (x0, y0 - top, x1, y1 - top)
    if dashed and outline:
        if fill:
            draw.rounded_rectangle(box, radius=radius, fill=fill)
        _dashed_rect(draw, box, outline, width)
        return
    draw.rounded_rectangle(box, radius=radius, fill=fill, outline=outline, width=width if outline else 0)


def _dashed_rect(draw, box, color, width, dash: int = 12) -> None:
    x0, y0, x1, y1 = box
    for x in range(round(x0), round(x1), dash * 2):
        draw.line((x, y0, min(x + dash, x1), y0), fill=color, width=width)
        draw.line((x, y1, min(x + dash, x1), y1), fill=color, width=width)
    for y in range(round(y0), round(y1), dash * 2):
        draw.line((x0, y, x0, min(y + dash, y1)), fill=color, width=width)
        draw.line((x1, y, x1, min(y + dash, y1)), fill=color, width=width)


def _prepare_images(lay: LongImageLayout, load_image: LoadImage) -> dict:
    images = {}
    for op in lay.ops:
        if op[0] == "image" and (op[3], op[4]) not in images:
            src = load_image(op[3])
            images[(op[3], op[4])] = src.resize((op[4], op[5]), Image.Resampling.BICUBIC, reducing_gap=2.0)
    return images


def _prepare(article: Article, load_image: LoadImage, width: int, max_height: int,
             theme: Theme | None, cancel) -> tuple[LongImageLayout, dict, list[tuple[int, int]]]:
    cache: dict[int, Optional[Image.Image]] = {}

    def cached(asset_id: int) -> Optional[Image.Image]:
        if asset_id not in cache:
            cache[asset_id] = load_image(asset_id)
        return cache[asset_id]

    lay = layout(article, cached, width=width, theme=theme, cancel=cancel)
    return lay, _prepare_images(lay, cached), part_ranges(lay.height, lay.breaks, max_height)


def render(article: Article, load_image: LoadImage, *, width: int = 1080,
           max_height: int = DEFAULT_MAX_HEIGHT, theme: Theme | None = None,
           progress: Optional[jobs.Progress] = None, cancel=None) -> list[Image.Image]:
    """The article as one or more images `width` wide, each at most `max_height` tall."""
    lay, images, parts = _prepare(article, load_image, width, max_height, theme, cancel)
    out = []
    for i, (top, bottom) in enumerate(parts):
        jobs.check(cancel)
        out.append(_paint(lay, top, bottom, images))
        if progress:
            progress(i + 1, len(parts))
    return out


def part_paths(out: Path | str, count: int) -> list[Path]:
    """PATH, PATH-2, PATH-3 ... for the parts of one export."""
    out = Path(out)
    return [out if i == 1 else out.with_name(f"{out.stem}-{i}{out.suffix}") for i in range(1, count + 1)]


def open_image(path: Path | str, target_width: int = 1080) -> Optional[Image.Image]:
    """An asset image in RGB, decoded at reduced size when it is much larger than needed."""
    try:
        img = Image.open(path)
        img.draft("RGB", (target_width, target_width * 4))
        if img.mode != "RGB":
            img = img.convert("RGBA") if img.mode in ("RGBA", "LA", "P") else img.convert("RGB")
        img.load()
    except (OSError, ValueError):
        return None
    if img.mode == "RGBA":
        flat = Image.new("RGB", img.size, "#ffffff")
        flat.paste(img, mask=img.getchannel("A"))
        img = flat
    return img


def export(article: Article, out: Path | str, asset_path: Callable[[int], Optional[Path]], *,
           width: int = 1080, max_height: int = DEFAULT_MAX_HEIGHT, quality: int = 90,
           progress=None, cancel=None) -> list[Path]:
    """Write the long image as PNG or JPEG (by the suffix of `out`); returns the part files."""
    out = Path(out)
    if out.suffix.lower() not in (".png", ".jpg", ".jpeg"):
        out = out.with_suffix(".png")

    def load(asset_id: int) -> Optional[Image.Image]:
        path = asset_path(asset_id)
        return open_image(path, width) if path is not None else None

    lay, images, parts = _prepare(article, load, width, max_height, None, cancel)
    out.parent.mkdir(parents=True, exist_ok=True)
    paths = part_paths(out, len(parts))
    # All parts or none (a full disk, a cancel). Encoding releases the GIL: save one part while
    # the next is painted.
    with output.atomic_outputs(paths) as temps, ThreadPoolExecutor(max_workers=2) as pool:
        saving = []
        for i, ((top, bottom), temp) in enumerate(zip(parts, temps)):
            jobs.check(cancel)
            saving.append(pool.submit(_save, _paint(lay, top, bottom, images), temp, quality))
            if progress:
                progress(i + 1, len(parts))
        for future in saving:
            future.result()
    return paths


def _save(img: Image.Image, path: Path, quality: int) -> None:
    if path.suffix.lower() == ".png":
        img.save(path, "PNG", compress_level=1)  # text on flat colour compresses well even at 1
    else:
        img.save(path, "JPEG", quality=quality, optimize=True, subsampling=0)
