"""Article <-> QTextDocument: the WYSIWYG view of the body and reading edits back into blocks.

Each body block becomes QTextBlocks tagged with the block kind and its non-text fields (block
format user properties); styled blocks become QTextFrames with the theme's colours. Reading walks
the blocks in order and rebuilds the model, so the document is only a view of `Article.blocks`.
"""
from __future__ import annotations

import json
from typing import Callable, Optional

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import (QBrush, QColor, QFont, QTextBlock, QTextBlockFormat, QTextCharFormat,
                           QTextCursor, QTextDocument, QTextFormat, QTextFrameFormat, QTextImageFormat,
                           QTextLength, QTextListFormat, QImage)

from studio.editor.article import Block, Span, merge_spans
from studio.editor.blocks import get_style, callout_colors
from studio.editor.themes import Theme
from studio.resources import FONT_FAMILIES
from studio.ui.theme import MIN_RATIO, colours, readable

KIND = QTextFormat.UserProperty + 1      # block kind (paragraph, heading, ..., styled-title ...)
DATA = QTextFormat.UserProperty + 2      # JSON of the block's non-text fields
SIZE = QTextFormat.UserProperty + 3      # span size in CSS px (char format)
COLOR = QTextFormat.UserProperty + 4     # a colour the user chose (theme colours are not spans)
LINE_SEP = "\u2028"
COLUMN_PX = 400                          # editor column (CSS px) used to size images
HEADING_PX = {1: 24, 2: 20, 3: 18, 4: 16}
ENDS_WITHOUT_TEXT = ("image", "divider", "spacer")  # a body ending so gets an empty line to type in
# Pressing Enter on one of these starts a plain line (a paragraph, or the frame's body).
NOT_CONTINUED = {"heading": "paragraph", "caption": "paragraph", "image": "paragraph", "divider": "paragraph",
                 "spacer": "paragraph", "styled-title": "styled-body", "styled-image": "styled-body"}
ImageLoader = Callable[[int], Optional[QImage]]


def prop(fmt: QTextFormat, key: int):
    """A format property or None. Guarded: PySide6 6.12 mis-counts the None that
    QTextFormat.property() returns for a missing key, which later crashes the interpreter."""
    return fmt.property(key) if fmt.hasProperty(key) else None


def _family(name: str) -> str:
    return FONT_FAMILIES["serif" if name.startswith("serif") else "sans"]


def _mix(colour: str, towards: str, amount: float) -> str:
    a, b = QColor(colour), QColor(towards)
    return QColor.fromRgbF(a.redF() + (b.redF() - a.redF()) * amount, a.greenF() + (b.greenF() - a.greenF()) * amount,
                           a.blueF() + (b.blueF() - a.blueF()) * amount).name()


class DocumentBuilder:
    """Fills a QTextDocument from blocks under a theme (the same document object is reused so a
    syntax highlighter attached to it stays attached).

    The view is readable whatever the theme: every text colour is shown with at least
    `MIN_RATIO` contrast against what it sits on (the editor's page, a quote or card background, a
    highlight), and in high contrast the theme is rendered light on black, its tints darkened and
    its colours lightened with their hue kept. Only the view changes: the article's theme, its
    spans and every export keep the theme's own colours (read_blocks reads the COLOR property,
    not the shown colour)."""

    def __init__(self, doc: QTextDocument, theme: Theme, load_image: ImageLoader, zoom: float = 1.0,
                 high_contrast: bool = False) -> None:
        self.doc, self.t, self.load_image = doc, theme, load_image
        self.zoom = zoom  # the UI scale (200% on a projector): CSS px are multiplied by it
        self.high_contrast = high_contrast
        self.minimum = MIN_RATIO[high_contrast]
        self.page = colours(high_contrast)["base"]  # the editor's background (the app palette's Base)
        self._bg = self.page  # what the text being added sits on
        self.body = colours(True)["text"] if high_contrast else theme.text  # body text: white on black

    def surface(self, colour: str) -> str:
        """A theme background (a tint behind a quote or card) as the view shows it."""
        return _mix(colour, "#000000", 0.85) if self.high_contrast else colour

    def ink(self, colour: str, background: str = "") -> str:
        """A text colour as the view shows it on `background` (default: the current one)."""
        return readable(colour, background or self._bg, self.minimum)

    def _px(self, css_px: float) -> int:
        return max(1, round(css_px * self.zoom))

    def build(self, blocks: list[Block], gap_at: Optional[int] = None) -> int:
        """Fill the document. With `gap_at`, an empty paragraph goes before blocks[gap_at] (or at
        the end) for typing to go on after an insert; returns its position (else the end)."""
        doc, t = self.doc, self.t
        doc.blockSignals(True)
        doc.clear()
        font = QFont(_family(t.body_font))
        font.setPixelSize(self._px(t.font_size + 1))
        doc.setDefaultFont(font)
        doc.setDefaultStyleSheet("")
        doc.setDocumentMargin(16)
        cursor = QTextCursor(doc)
        first, gap = True, None
        for index, block in enumerate(blocks):
            if index == gap_at:
                first, gap = self._plain_line(cursor, first)
            first = self._add(cursor, block, first)
        if (gap_at is not None and gap_at >= len(blocks)) or first or (blocks and blocks[-1].kind in ENDS_WITHOUT_TEXT):
            first, end_gap = self._plain_line(cursor, first)  # always somewhere to type at the end
            gap = end_gap if gap is None else gap
        doc.blockSignals(False)
        doc.setModified(False)
        doc.clearUndoRedoStacks()
        doc.contentsChange.emit(0, 0, doc.characterCount())  # highlighters saw nothing while signals were off
        doc.contentsChanged.emit()
        return gap if gap is not None else doc.characterCount() - 1

    def _plain_line(self, cursor: QTextCursor, first: bool) -> tuple[bool, int]:
        fmt, char = self.line_formats()["paragraph"]
        self._start(cursor, first, fmt, char)
        return False, cursor.position()

    def line_formats(self) -> dict[str, tuple[QTextBlockFormat, QTextCharFormat]]:
        """Formats of a new line typed after a block that does not continue (heading, caption,
        image): outside styled frames a paragraph, inside them the frame's body."""
        return {"paragraph": (self._block_format("paragraph", {}), self._char()),
                "styled-body": (self._block_format("styled-body", {}), self._char())}

    # -- helpers -----------------------------------------------------------------------------------
    def _block_format(self, kind: str, data: dict, **fmt) -> QTextBlockFormat:
        f = QTextBlockFormat()
        f.setProperty(KIND, kind)
        f.setProperty(DATA, json.dumps(data, ensure_ascii=False))
        f.setLineHeight(self.t.line_height * 100, QTextBlockFormat.ProportionalHeight.value)
        f.setBottomMargin(fmt.pop("bottom", self.t.paragraph_gap * 0.8))
        f.setTopMargin(fmt.pop("top", 0))
        align = fmt.pop("align", "")
        if align:
            f.setAlignment({"center": Qt.AlignHCenter, "right": Qt.AlignRight,
                            "justify": Qt.AlignJustify}.get(align, Qt.AlignLeft))
        if "left" in fmt:
            f.setLeftMargin(fmt.pop("left"))
        if "background" in fmt:
            f.setBackground(QColor(fmt.pop("background")))
        return f

    def _char(self, span: Span | None = None, *, color: str = "", bold: bool = False, px: int = 0,
              heading_font: bool = False) -> QTextCharFormat:
        t = self.t
        f = QTextCharFormat()
        f.setFontFamilies([_family(t.heading_font if heading_font else t.body_font)])
        f.setForeground(QColor(self.ink(color or self.body)))
        if px:
            f.setProperty(QTextFormat.FontPixelSize, self._px(px))
        if bold:
            f.setFontWeight(QFont.Bold)
        if span is None:
            return f
        if span.bold:
            f.setFontWeight(QFont.Bold)
        f.setFontItalic(span.italic)
        f.setFontUnderline(span.underline)
        behind = span.highlight or self._bg  # the highlight is stored as shown: it is read back
        if span.color:
            f.setProperty(COLOR, span.color)
        if span.highlight:
            f.setBackground(QColor(span.highlight))
        if span.color or span.highlight:
            f.setForeground(QColor(self.ink(span.color or color or self.body, behind)))
        if span.link:
            f.setAnchor(True)
            f.setAnchorHref(span.link)
            f.setForeground(QColor(self.ink(span.color or t.accent, behind)))
            f.setFontUnderline(True)
        if span.size:
            f.setProperty(SIZE, span.size)
            f.setProperty(QTextFormat.FontPixelSize, self._px(span.size + 1))
        return f

    def _start(self, cursor: QTextCursor, first: bool, fmt: QTextBlockFormat, char: QTextCharFormat) -> bool:
        if first:
            cursor.setBlockFormat(fmt)
            cursor.setBlockCharFormat(char)
        else:
            cursor.insertBlock(fmt, char)
        return False

    def _spans(self, cursor: QTextCursor, spans: list[Span], **base) -> None:
        for span in spans:
            cursor.insertText(span.text.replace("\n", LINE_SEP), self._char(span, **base))

    def _image(self, cursor: QTextCursor, asset_id: Optional[int], width_pct: int) -> None:
        name = f"asset:{asset_id}"
        image = self.load_image(asset_id) if asset_id is not None else None
        if image is None or image.isNull():
            image = QImage(320, 160, QImage.Format_RGB32)
            image.fill(QColor("#dddddd"))
        self.doc.addResource(QTextDocument.ImageResource, QUrl(name), image)
        fmt = QTextImageFormat()
        fmt.setName(name)
        width = self._px(COLUMN_PX) * max(10, min(100, width_pct)) / 100
        fmt.setWidth(width)
        fmt.setHeight(width * image.height() / max(1, image.width()))
        cursor.insertImage(fmt)

    # -- blocks ------------------------------------------------------------------------------------
    def _add(self, cursor: QTextCursor, block: Block, first: bool) -> bool:
        t = self.t
        data = _fields(block)
        kind = block.kind
        if kind == "heading":
            px = HEADING_PX.get(block.level, 16)
            fmt = self._block_format(kind, data, top=12, bottom=8)
            fmt.setHeadingLevel(block.level)
            char = self._char(color=t.primary, bold=True, px=px, heading_font=True)
            first = self._start(cursor, first, fmt, char)
            self._spans(cursor, block.spans, color=t.primary, bold=True, px=px, heading_font=True)
        elif kind in ("paragraph", "quote"):
            extra = {"left": 14, "background": self.surface(t.soft)} if kind == "quote" else {"align": block.align}
            color = t.muted if kind == "quote" else ""
            self._bg = extra.get("background", self.page)
            first = self._start(cursor, first, self._block_format(kind, data, **extra), self._char(color=color))
            self._spans(cursor, block.spans, color=color)
            self._bg = self.page
        elif kind == "list":
            list_fmt = QTextListFormat()
            list_fmt.setStyle(QTextListFormat.ListDecimal if block.ordered else QTextListFormat.ListDisc)
            for n, item in enumerate(block.items or [[Span("")]]):
                first = self._start(cursor, first, self._block_format(kind, data, bottom=4), self._char())
                if n == 0:
                    text_list = cursor.createList(list_fmt)
                else:
                    text_list.add(cursor.block())
                self._spans(cursor, item)
        elif kind == "image":
            first = self._start(cursor, first, self._block_format(kind, data, align="center", bottom=4), self._char())
            self._image(cursor, block.asset_id, block.width)
            cap = self._block_format("caption", {}, align="center")
            cursor.insertBlock(cap, self._char(color=t.muted, px=13))
            cursor.insertText(block.caption, self._char(color=t.muted, px=13))
        elif kind in ("divider", "spacer"):
            fmt = self._block_format(kind, data, top=block.height if kind == "spacer" else 12, bottom=12)
            if kind == "divider":
                fmt.setProperty(QTextFormat.BlockTrailingHorizontalRulerWidth, QTextLength(QTextLength.PercentageLength, 100))
            first = self._start(cursor, first, fmt, self._char())
        else:
            first = self._styled(cursor, block, data, first)
        return first

    def _styled(self, cursor: QTextCursor, block: Block, data: dict, first: bool) -> bool:
        t = self.t
        bs = get_style(block.style)
        strong, soft = callout_colors(bs, t.primary, t.soft) if bs.kind == "callout" else (t.primary, t.soft)
        if first:  # a frame cannot be the very first thing: keep an empty paragraph before it
            first = self._start(cursor, first, self._block_format("paragraph", {}), self._char())
        frame_fmt = QTextFrameFormat()
        frame_fmt.setProperty(KIND, "styled")
        frame_fmt.setProperty(DATA, json.dumps(data, ensure_ascii=False))
        frame_fmt.setPadding(10)
        frame_fmt.setMargin(6)
        frame_fmt.setBorder(0 if bs.kind == "titlebar" and bs.variant != "underline" else 1)
        on_primary = bs.variant in ("solid", "pill")
        plain = bs.kind in ("section",) or bs.variant in ("border", "dashed", "leftbar", "underline", "centerlines")
        # a solid bar keeps its colour, darkened just enough for its (white) title to be readable
        background = readable(t.primary, t.on_primary, self.minimum) if on_primary else \
            self.page if plain else self.surface(soft)
        frame_fmt.setBorderBrush(QBrush(QColor(self.ink(strong, background))))
        frame_fmt.setBackground(QColor(background))
        frame = cursor.insertFrame(frame_fmt)
        self._bg = background
        title_color = t.on_primary if on_primary else strong
        title = block.title if block.title or bs.kind != "titlebar" else block.text
        label = {"section": "§ ", "callout": ""}.get(bs.kind, "")
        cursor.setBlockFormat(self._block_format("styled-title", {}, bottom=4,
                                                 align="center" if bs.variant in ("pill", "centerlines", "quote") else ""))
        cursor.setBlockCharFormat(self._char(color=title_color, bold=True, px=18, heading_font=True))
        cursor.insertText(label + (title or (bs.label if bs.kind == "callout" else "")),
                          self._char(color=title_color, bold=True, px=18, heading_font=True))
        if bs.kind == "imagetext":
            cursor.insertBlock(self._block_format("styled-image", {}, align="center"), self._char())
            self._image(cursor, block.asset_id, 40 if bs.variant != "top" else 100)
        if bs.kind != "titlebar":
            cursor.insertBlock(self._block_format("styled-body", {}), self._char())
            self._spans(cursor, block.spans)
        self._bg = self.page
        cursor.setPosition(frame.lastPosition())
        cursor.movePosition(QTextCursor.NextBlock)
        cursor.setBlockFormat(self._block_format("paragraph", {}))
        return True  # the block after the frame already exists: reuse it


def _fields(block: Block) -> dict:
    data = block.to_dict()
    for key in ("kind", "spans", "items"):
        data.pop(key, None)
    if block.kind == "styled":
        data.pop("title", None)  # the title is edited in the document
    if block.kind == "image":
        data.pop("caption", None)
    return data


# -- reading back ---------------------------------------------------------------------------------
def _block_kind(block: QTextBlock) -> tuple[str, dict]:
    fmt = block.blockFormat()
    kind = prop(fmt, KIND) or "paragraph"
    raw = prop(fmt, DATA)
    try:
        data = json.loads(raw) if raw else {}
    except (TypeError, ValueError):
        data = {}
    return kind, data


def block_spans(block: QTextBlock, heading: bool = False) -> list[Span]:
    """The styled runs of one text block; heading presentation (bold, size) is not a span style."""
    spans = []
    it = block.begin()
    while not it.atEnd():
        frag = it.fragment()
        it += 1
        if not frag.isValid():
            continue
        text = frag.text().replace(LINE_SEP, "\n").replace("\ufffc", "")
        if not text:
            continue
        f = frag.charFormat()
        color = prop(f, COLOR) or ""
        spans.append(Span(
            text,
            bold=not heading and f.fontWeight() >= QFont.DemiBold,
            italic=f.fontItalic(),
            underline=f.fontUnderline() and not f.isAnchor(),
            color=color,
            highlight=f.background().color().name() if f.hasProperty(QTextFormat.BackgroundBrush) else "",
            link=f.anchorHref() if f.isAnchor() else "",
            size=int(prop(f, SIZE) or 0),
        ))
    return spans


def read_blocks(doc: QTextDocument) -> list[Block]:
    """Rebuild the body blocks from the document."""
    out: list[Block] = []
    root = doc.rootFrame()
    current_frame = None
    styled_block: Optional[Block] = None
    qb = doc.begin()
    previous = ""
    while qb.isValid():
        kind, data = _block_kind(qb)
        kind, previous = ("paragraph" if kind == "caption" and previous != "image" else kind), kind
        frame = QTextCursor(qb).currentFrame()
        if frame != root and frame is not None:
            if frame != current_frame:
                current_frame = frame
                fdata = json.loads(prop(frame.frameFormat(), DATA) or "{}")
                styled_block = Block.from_dict({"kind": "styled", **fdata})
                out.append(styled_block)
            _read_styled_part(styled_block, kind, qb)
            qb = qb.next()
            continue
        current_frame = None
        spans = merge_spans(block_spans(qb, heading=kind == "heading"))
        text_list = qb.textList() if qb.blockFormat().objectIndex() >= 0 else None  # see prop()
        if text_list is not None:
            if out and out[-1].kind == "list" and getattr(out[-1], "_qlist", None) == id(text_list):
                out[-1].items.append(spans)
            else:
                ordered = text_list.format().style() in (QTextListFormat.ListDecimal, QTextListFormat.ListLowerAlpha,
                                                         QTextListFormat.ListUpperAlpha)
                block = Block("list", items=[spans], ordered=ordered)
                block._qlist = id(text_list)  # type: ignore[attr-defined]
                out.append(block)
        elif kind == "caption":  # the one line right after an image
            if out and out[-1].kind == "image":
                out[-1].caption = "".join(s.text for s in spans)
            elif spans:
                out.append(Block("paragraph", spans))
        elif kind == "image":
            asset_ids = _image_ids(qb)
            for asset_id in asset_ids:
                out.append(Block.from_dict({**data, "kind": "image", "asset_id": asset_id}))
            if spans and "".join(s.text for s in spans).strip():
                out.append(Block("paragraph", spans))
        elif kind in ("divider", "spacer") and not "".join(s.text for s in spans).strip():
            out.append(Block.from_dict({**data, "kind": kind}))
        elif kind in ("heading", "quote"):
            out.append(Block.from_dict({**data, "kind": kind}) if spans or kind == "heading" else Block("paragraph"))
            out[-1].spans = spans
        else:
            for asset_id in _image_ids(qb):  # an image dropped into a paragraph
                out.append(Block("image", asset_id=asset_id))
            if spans or not _image_ids(qb):
                out.append(Block("paragraph", spans, align=data.get("align", "") if kind == "paragraph" else ""))
        qb = qb.next()
    # drop empty paragraphs (they separate frames) and the list bookkeeping
    result = []
    for block in out:
        if hasattr(block, "_qlist"):
            del block._qlist  # type: ignore[attr-defined]
        if block.kind == "paragraph" and not block.text.strip():
            continue
        result.append(block)
    return result


def _read_styled_part(block: Block, kind: str, qb: QTextBlock) -> None:
    spans = merge_spans(block_spans(qb, heading=kind == "styled-title"))
    text = "".join(s.text for s in spans)
    if kind == "styled-title":
        text = text[2:] if text.startswith("§ ") else text
        bs = get_style(block.style)
        if bs.kind == "titlebar":
            block.spans, block.title = [], text
        else:
            block.title = "" if text == bs.label else text
    elif kind == "styled-image":
        ids = _image_ids(qb)
        if ids:
            block.asset_id = ids[0]
    else:
        if block.spans:
            block.spans = merge_spans(block.spans + [Span("\n")] + spans)
        else:
            block.spans = spans


def _image_ids(qb: QTextBlock) -> list[int]:
    ids = []
    it = qb.begin()
    while not it.atEnd():
        frag = it.fragment()
        it += 1
        f = frag.charFormat()
        if f.isImageFormat():
            name = f.toImageFormat().name()
            if name.startswith("asset:"):
                try:
                    ids.extend([int(name[6:])] * len(frag.text()))
                except ValueError:
                    pass
    return ids
