"""The article document model (图文): metadata plus a list of body blocks, free of Qt.

Blocks and spans serialise to plain JSON (only non-default fields are written) so the body can
live in one column of the project file and round-trip through every exporter.
"""
from __future__ import annotations

import math
import re
from dataclasses import MISSING, dataclass, field, fields
from typing import Any, Iterator, Optional

from studio.editor.blocks import STYLED_BLOCKS
from studio.editor.themes import DEFAULT_THEME, THEMES

BLOCK_KINDS = ("heading", "paragraph", "image", "quote", "list", "divider", "spacer", "styled")
ALIGNS = ("", "left", "center", "right", "justify")
DEFAULT_STYLE = "card-border"  # what blocks.get_style shows for an unknown style


@dataclass
class Span:
    """A run of text with inline styles. Colours are '#rrggbb'; size is CSS px (0 = theme)."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    color: str = ""
    highlight: str = ""
    link: str = ""
    size: int = 0

    def style_key(self) -> tuple:
        return (self.bold, self.italic, self.underline, self.color, self.highlight, self.link, self.size)

    def to_dict(self) -> dict:
        return _non_default(self)

    @classmethod
    def from_dict(cls, data: dict | str) -> "Span":
        """A span from stored data (project file, clipboard): every value is checked by type and
        range, and an invalid one takes its default (see the module's validation helpers)."""
        if isinstance(data, str):
            return cls(data)
        if not isinstance(data, dict):
            return cls("")
        return cls(_str(data.get("text")), bold=_bool(data.get("bold"), False),
                   italic=_bool(data.get("italic"), False), underline=_bool(data.get("underline"), False),
                   color=valid_color(data.get("color")), highlight=valid_color(data.get("highlight")),
                   link=safe_url(data.get("link")), size=span_size(data.get("size")))


Spans = list[Span]


def spans_text(spans: Spans) -> str:
    return "".join(s.text for s in spans)


def replace_text(spans: Spans, start: int, end: int, new: str) -> Spans:
    """Replace characters start:end of the spans' joined text with `new`, which takes the style
    of the span the replaced text starts in (a checker's suggestion, a find-and-replace)."""
    out: Spans = []
    pos = 0
    for span in spans:
        a, b = pos, pos + len(span.text)
        pos = b
        if b <= start or a >= end:
            out.append(span)
            continue
        text = span.text[:max(0, start - a)] + (new if a <= start < b else "") + span.text[max(0, end - a):]
        out.append(Span(text, *span.style_key()))
    return merge_spans(out)


def merge_spans(spans: Spans) -> Spans:
    """Join neighbours with the same style and drop empty runs."""
    merged: Spans = []
    for span in spans:
        if not span.text:
            continue
        if merged and merged[-1].style_key() == span.style_key():
            merged[-1] = Span(merged[-1].text + span.text, *span.style_key())
        else:
            merged.append(span)
    return merged


@dataclass
class Block:
    """One body block. `kind` says which fields matter:

    heading: spans, level (1-4) · paragraph: spans, align · quote: spans · list: items, ordered ·
    image: asset_id, caption, width (% of the column) · divider · spacer: height (px) ·
    styled: style (a key of blocks.STYLED_BLOCKS), title, spans, asset_id (image-and-text rows).
    """

    kind: str
    spans: Spans = field(default_factory=list)
    level: int = 2
    align: str = ""
    items: list[Spans] = field(default_factory=list)
    ordered: bool = False
    asset_id: Optional[int] = None
    caption: str = ""
    width: int = 100
    height: int = 24
    style: str = ""
    title: str = ""

    def __post_init__(self) -> None:
        if self.kind not in BLOCK_KINDS:
            raise ValueError(f"unknown block kind {self.kind!r}")

    @property
    def text(self) -> str:
        return spans_text(self.spans)

    def to_dict(self) -> dict:
        data = _non_default(self, keep=("kind",))
        if self.spans:
            data["spans"] = [s.to_dict() for s in self.spans]
        if self.items:
            data["items"] = [[s.to_dict() for s in item] for item in self.items]
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Block":
        """A block from stored data, validated like Span.from_dict; an unknown kind (a newer
        file, a crafted one) becomes a paragraph that keeps its text."""
        if not isinstance(data, dict):
            data = {}
        kind = data.get("kind")
        kind = kind if isinstance(kind, str) and kind in BLOCK_KINDS else "paragraph"
        style = data.get("style")
        style = style if isinstance(style, str) and style in STYLED_BLOCKS else ""
        if kind == "styled" and not style:
            style = DEFAULT_STYLE
        align = data.get("align")
        return cls(
            kind, spans=_spans(data.get("spans")),
            level=int_in(data.get("level"), 2, *LEVELS),
            align=align if isinstance(align, str) and align in ALIGNS else "",
            items=[_spans(item) for item in _list(data.get("items")) if isinstance(item, list)],
            ordered=_bool(data.get("ordered"), False),
            asset_id=_id(data.get("asset_id")),
            caption=_str(data.get("caption")), width=int_in(data.get("width"), 100, *IMAGE_WIDTHS),
            height=int_in(data.get("height"), 24, *SPACER_HEIGHTS), style=style,
            title=_str(data.get("title")),
        )


# Convenience constructors keep call sites and tests short.
def heading(text: str, level: int = 2) -> Block:
    return Block("heading", [Span(text)], level=level)


def paragraph(*spans: Span | str, align: str = "") -> Block:
    return Block("paragraph", [Span(s) if isinstance(s, str) else s for s in spans], align=align)


def quote(text: str) -> Block:
    return Block("quote", [Span(text)])


def bullet_list(*items: str, ordered: bool = False) -> Block:
    return Block("list", items=[[Span(i)] for i in items], ordered=ordered)


def image(asset_id: int, caption: str = "", width: int = 100) -> Block:
    return Block("image", asset_id=asset_id, caption=caption, width=width)


def styled(style: str, title: str = "", text: str = "", asset_id: Optional[int] = None) -> Block:
    return Block("styled", [Span(text)] if text else [], style=style, title=title, asset_id=asset_id)


@dataclass
class Article:
    """A graphic-text post. A repost (转载) must name its source (来源) and original author."""

    title: str = ""
    author: str = ""
    digest: str = ""
    cover_asset_id: Optional[int] = None
    cover_canvas_id: Optional[int] = None
    original: bool = True
    source: str = ""
    source_author: str = ""
    theme: str = "simple"
    blocks: list[Block] = field(default_factory=list)

    def to_dict(self) -> dict:
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "blocks"}
        data["blocks"] = [b.to_dict() for b in self.blocks]
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Article":
        """An article from stored data. A project file is untrusted input (it travels by USB
        stick and cloud drive), so every value is checked by type and range here, before it can
        reach HTML, CSS or a renderer; an invalid value takes its default."""
        if not isinstance(data, dict):
            data = {}
        theme = data.get("theme")
        return cls(
            title=_str(data.get("title")), author=_str(data.get("author")), digest=_str(data.get("digest")),
            cover_asset_id=_id(data.get("cover_asset_id")), cover_canvas_id=_id(data.get("cover_canvas_id")),
            original=_bool(data.get("original"), True), source=_str(data.get("source")),
            source_author=_str(data.get("source_author")),
            theme=theme if isinstance(theme, str) and theme in THEMES else DEFAULT_THEME,
            blocks=[Block.from_dict(b) for b in _list(data.get("blocks")) if isinstance(b, dict)],
        )

    def source_line(self) -> str:
        """The 来源 line shown under a repost; empty for an original."""
        if self.original:
            return ""
        parts = []
        if self.source:
            parts.append(f"来源：{self.source}")
        if self.source_author:
            parts.append(f"作者：{self.source_author}")
        return " / ".join(parts)

    def texts(self) -> Iterator[str]:
        """Every piece of reader-visible text, in order (for proofreading and checking)."""
        for text in (self.title, self.digest, self.source_line()):
            if text:
                yield text
        for block in self.blocks:
            yield from block_texts(block)

    def body_text(self) -> str:
        return "\n".join(t for b in self.blocks for t in block_texts(b))

    def asset_ids(self) -> list[int]:
        ids = [b.asset_id for b in self.blocks if b.asset_id is not None]
        if self.cover_asset_id is not None:
            ids.insert(0, self.cover_asset_id)
        return ids


def block_texts(block: Block) -> Iterator[str]:
    if block.title:
        yield block.title
    if block.spans:
        yield block.text
    for item in block.items:
        yield spans_text(item)
    if block.caption:
        yield block.caption


def section_numbers(blocks: list[Block], styles: dict) -> dict[int, int]:
    """Number of each numbered-section block (by index), counting only those blocks."""
    numbers, n = {}, 0
    for index, block in enumerate(blocks):
        if block.kind == "styled" and styles.get(block.style) and styles[block.style].kind == "section":
            n += 1
            numbers[index] = n
    return numbers


_COLOR = re.compile(r"#[0-9a-fA-F]{6}")


def valid_color(value) -> str:
    """A colour safe to put in CSS or Pillow, or '' when it is not '#rrggbb'."""
    return value if isinstance(value, str) and _COLOR.fullmatch(value) else ""


# -- validation of stored values ------------------------------------------------------------------
SPAN_SIZES = (8, 72)          # CSS px of a sized span (0 = the theme's size)
LEVELS = (1, 4)               # heading levels
IMAGE_WIDTHS = (10, 100)      # % of the column
SPACER_HEIGHTS = (0, 400)     # px
MAX_ID = 2 ** 63 - 1          # SQLite integer keys
URL_SCHEMES = ("http", "https", "mailto")
_URL_NEVER = set('\\"<>`')  # no URL needs them; each could end an attribute or a Markdown link
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")


def safe_url(url, *, relative: bool = True) -> str:
    """`url` when it is http(s), mailto or (with `relative`) a relative reference, else ''.

    javascript:, data:, vbscript:, file: ... are dropped. So is anything with a control character,
    a backslash, a quote or an angle bracket: browsers drop tabs and newlines inside a scheme
    ("java<TAB>script:") and read backslashes as slashes."""
    if not isinstance(url, str):
        return ""
    url = url.strip()
    if not url or len(url) > 4096 or any(c in _URL_NEVER or ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in url):
        return ""
    scheme = _SCHEME.match(url)
    if scheme:
        return url if scheme.group(1).lower() in URL_SCHEMES else ""
    return url if relative and not url.startswith("//") else ""


def span_size(value) -> int:
    """A span's size in CSS px: 0 (the theme's) or an int within SPAN_SIZES."""
    size = int_in(value, 0, 0, SPAN_SIZES[1])
    return max(SPAN_SIZES[0], size) if size else 0


def int_in(value, default: int, lo: int, hi: int) -> int:
    """An int (an integral float is accepted) clamped to [lo, hi]; anything else is `default`."""
    if isinstance(value, float) and math.isfinite(value) and value == int(value):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        return default
    return max(lo, min(hi, value))


def _id(value) -> Optional[int]:
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID else None


def _str(value) -> str:
    return value if isinstance(value, str) else ""


def _bool(value, default: bool) -> bool:
    return value if isinstance(value, bool) else default


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _spans(value) -> Spans:
    return [Span.from_dict(s) for s in _list(value) if isinstance(s, (dict, str))]


def _non_default(obj: Any, keep: tuple = ()) -> dict:
    out = {}
    for f in fields(obj):
        if f.name in ("spans", "items"):
            continue
        value = getattr(obj, f.name)
        default = f.default
        if default is MISSING and f.default_factory is not MISSING:
            default = f.default_factory()
        if f.name in keep or value != default:
            out[f.name] = value
    return out

