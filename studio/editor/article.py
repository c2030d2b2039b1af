"""The article document model (图文): metadata plus a list of body blocks, free of Qt.

Blocks and spans serialise to plain JSON (only non-default fields are written) so the body can
live in one column of the project file and round-trip through every exporter.
"""
from __future__ import annotations

import re
from dataclasses import MISSING, dataclass, field, fields
from typing import Any, Iterator, Optional

BLOCK_KINDS = ("heading", "paragraph", "image", "quote", "list", "divider", "spacer", "styled")
ALIGNS = ("", "left", "center", "right", "justify")


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
        if isinstance(data, str):
            return cls(data)
        return cls(**{k: v for k, v in data.items() if k in _FIELD_NAMES[cls]})


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
        values = {k: v for k, v in data.items() if k in _FIELD_NAMES[cls]}
        values["spans"] = [Span.from_dict(s) for s in data.get("spans", [])]
        values["items"] = [[Span.from_dict(s) for s in item] for item in data.get("items", [])]
        return cls(**values)


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
        values = {k: v for k, v in data.items() if k in _FIELD_NAMES[cls] and k != "blocks"}
        return cls(**values, blocks=[Block.from_dict(b) for b in data.get("blocks", [])])

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


_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


def valid_color(value: str) -> str:
    """A colour safe to put in CSS or Pillow, or '' when it is not '#rrggbb'."""
    return value if _COLOR.match(value or "") else ""


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


_FIELD_NAMES = {cls: {f.name for f in fields(cls)} for cls in (Span, Block, Article)}
