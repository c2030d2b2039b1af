"""Markdown (CommonMark) import: a .md post becomes an Article; local images go to the library.

The caller passes `import_image(path) -> asset id`, so this module needs no database. A leading
level-1 heading becomes the title. Remote images cannot be fetched offline and are reported.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional
from urllib.parse import unquote, urlparse

from markdown_it import MarkdownIt
from markdown_it.token import Token

from studio import cjk
from studio.editor.article import Article, Block, Span, merge_spans, safe_url, styled
from studio.project.errors import StudioError

ImportImage = Callable[[Path], Optional[int]]
_CJK = re.compile(f"[{cjk.PUNCT}{cjk.HAN}{cjk.FULLWIDTH}]")  # lines joined without a space
_TAG = re.compile(r"<[^>]+>")
CODE_BG = "#f1f3f5"


@dataclass
class MarkdownResult:
    article: Article
    warnings: list[str] = field(default_factory=list)
    images: dict[str, int] = field(default_factory=dict)  # markdown src -> asset id


class _Inline:
    """Turns one inline token's children into spans, splitting images out as blocks."""

    def __init__(self, resolve: Callable[[str, str], Optional[Block]]) -> None:
        self.resolve = resolve

    def convert(self, children: list[Token]) -> list[Span | Block]:
        out: list[Span | Block] = []
        bold = italic = 0
        link = ""
        for i, tok in enumerate(children):
            kind = tok.type
            if kind == "strong_open":
                bold += 1
            elif kind == "strong_close":
                bold -= 1
            elif kind == "em_open":
                italic += 1
            elif kind == "em_close":
                italic -= 1
            elif kind == "link_open":
                link = safe_url(str(tok.attrGet("href") or ""))
            elif kind == "link_close":
                link = ""
            elif kind in ("text", "code_inline", "softbreak", "hardbreak", "html_inline"):
                text = self._text(tok, children, i)
                if text:
                    out.append(Span(text, bold=bold > 0, italic=italic > 0, link=link,
                                    highlight=CODE_BG if kind == "code_inline" else ""))
            elif kind == "image":
                block = self.resolve(str(tok.attrGet("src") or ""), tok.content or "")
                if block is not None:
                    out.append(block)
        return out

    @staticmethod
    def _text(tok: Token, children: list[Token], i: int) -> str:
        if tok.type == "hardbreak":
            return "\n"
        if tok.type == "html_inline":
            return "\n" if re.match(r"<br\s*/?>", tok.content, re.I) else ""
        if tok.type == "softbreak":
            before = children[i - 1].content[-1:] if i else ""
            after = children[i + 1].content[:1] if i + 1 < len(children) else ""
            # A line break inside Chinese text is not a space (CommonMark would render one).
            return "" if _CJK.match(before or " ") or _CJK.match(after or " ") else " "
        return tok.content


def _split(items: list[Span | Block], make: Callable[[list[Span]], Block]) -> list[Block]:
    """Paragraph content with images in it: text runs become blocks between the image blocks."""
    blocks: list[Block] = []
    run: list[Span] = []
    for item in items + [None]:  # type: ignore[list-item]
        if isinstance(item, Span):
            run.append(item)
            continue
        spans = _strip(merge_spans(run))
        if spans:
            blocks.append(make(spans))
        run = []
        if item is not None:
            blocks.append(item)
    return blocks


def _strip(spans: list[Span]) -> list[Span]:
    if spans:
        spans[0].text = spans[0].text.lstrip()
        spans[-1].text = spans[-1].text.rstrip()
    return [s for s in spans if s.text]


def _matching_close(tokens: list[Token], start: int) -> int:
    depth = 0
    for j in range(start, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1


class _Converter:
    def __init__(self, base_dir: Path, import_image: ImportImage) -> None:
        self.base_dir = base_dir
        self.import_image = import_image
        self.result = MarkdownResult(Article())
        self.inline = _Inline(self.image_block)

    def image_block(self, src: str, alt: str) -> Optional[Block]:
        if src in self.result.images:
            return Block("image", asset_id=self.result.images[src], caption=alt)
        parsed = urlparse(src)
        if parsed.scheme in ("http", "https", "data"):
            self.result.warnings.append(f"网络图片未导入（离线）/ remote image skipped: {src[:120]}")
            return None
        path = Path(unquote(parsed.path if parsed.scheme == "file" else src))
        if not path.is_absolute():
            path = self.base_dir / path
        if not path.is_file():
            self.result.warnings.append(f"找不到图片 / image not found: {src}")
            return None
        asset_id = self.import_image(path)
        if asset_id is None:
            self.result.warnings.append(f"图片无法导入 / image could not be imported: {src}")
            return None
        self.result.images[src] = asset_id
        return Block("image", asset_id=asset_id, caption=alt)

    def inline_items(self, tok: Token) -> list[Span | Block]:
        return self.inline.convert(tok.children or [])

    def convert(self, tokens: list[Token]) -> list[Block]:
        blocks: list[Block] = []
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            t = tok.type
            if t == "heading_open":
                level = int(tok.tag[1])
                blocks += _split(self.inline_items(tokens[i + 1]),
                                 lambda s, lv=level: Block("heading", s, level=min(lv, 4)))
                i += 3
                continue
            if t == "paragraph_open":
                blocks += _split(self.inline_items(tokens[i + 1]), lambda s: Block("paragraph", s))
                i += 3
                continue
            if t in ("bullet_list_open", "ordered_list_open", "blockquote_open"):
                end = _matching_close(tokens, i)
                blocks += self.container(tokens[i:end + 1])
                i = end + 1
                continue
            if t == "hr":
                blocks.append(Block("divider"))
            elif t in ("fence", "code_block"):
                blocks.append(styled("card-soft", text=tok.content.rstrip("\n")))
            elif t == "html_block":
                text = _TAG.sub("", tok.content).strip()
                if text:
                    blocks.append(Block("paragraph", [Span(text)]))
            i += 1
        return blocks

    def container(self, tokens: list[Token]) -> list[Block]:
        """A list or quote: its paragraphs become items / quote lines; images are kept after it."""
        kind = tokens[0].type
        lines: list[list[Span]] = []
        extra: list[Block] = []
        for j, tok in enumerate(tokens):
            if tok.type != "inline":
                continue
            spans: list[Span] = []
            for item in self.inline_items(tok):
                (spans.append if isinstance(item, Span) else extra.append)(item)  # type: ignore[arg-type]
            spans = _strip(merge_spans(spans))
            if spans:
                lines.append(spans)
        if kind == "blockquote_open":
            joined: list[Span] = []
            for n, line in enumerate(lines):
                joined += ([Span("\n")] if n else []) + line
            quote = [Block("quote", merge_spans(joined))] if joined else []
            return quote + extra
        block = Block("list", items=lines, ordered=kind == "ordered_list_open")
        return ([block] if lines else []) + extra


def parse_markdown(text: str, *, base_dir: Path | str = ".", import_image: ImportImage | None = None,
                   theme: str = "simple") -> MarkdownResult:
    """Convert Markdown text; `import_image` adds a local image to the library (None: skip)."""
    conv = _Converter(Path(base_dir), import_image or (lambda _p: None))
    blocks = conv.convert(MarkdownIt("commonmark").parse(text))
    article = conv.result.article
    if blocks and blocks[0].kind == "heading" and blocks[0].level == 1:
        article.title = blocks.pop(0).text.strip()
    article.blocks = blocks
    article.theme = theme
    first = next((b.text for b in blocks if b.kind == "paragraph" and b.text.strip()), "")
    article.digest = first.replace("\n", " ")[:54]
    return conv.result


def import_markdown_file(path: Path | str, import_image: ImportImage | None = None,
                         theme: str = "simple") -> MarkdownResult:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise StudioError(f"找不到 Markdown 文件 / Markdown file not found: {path}") from None
    except UnicodeDecodeError:
        raise StudioError(f"文件不是 UTF-8 编码 / {path} is not UTF-8 text. "
                          "请用 UTF-8 另存后再导入 / save it as UTF-8 and import again.") from None
    result = parse_markdown(text, base_dir=path.parent, import_image=import_image, theme=theme)
    if not result.article.title:
        result.article.title = path.stem
    return result
