"""Markdown export: the article as CommonMark. Colours, highlights and sizes have no Markdown form
and are dropped; styled blocks become headings and quotes that read the same."""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Callable, Optional

from studio.editor.article import Article, Block, Span, safe_url, section_numbers
from studio.editor.blocks import STYLED_BLOCKS, get_style
from studio.editor.markdown_import import CODE_BG

ImageRef = Callable[[int], Optional[str]]
_SPECIAL = re.compile(r"([\\`*_\[\]<>#&])")  # & too: "&lt;" must stay text, not become "<"
# Inside <...> a destination may not hold a line end or an unescaped < or >, and a trailing
# backslash would escape the closing >: those (and spaces, controls) are percent-encoded.
_DEST_UNSAFE = re.compile(r"[\x00-\x20<>\\\x7f]")
_PATH_UNSAFE = re.compile(r"[\x00-\x20<>\\\x7f%]")


def _escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)


def _dest(target: str, *, path: bool = False) -> str:
    """A link or image destination, written as <...>: it can never end the link early, so text
    after it cannot turn into raw HTML. A file path also gets its % encoded (the importer decodes)."""
    unsafe = _PATH_UNSAFE if path else _DEST_UNSAFE
    return "<" + unsafe.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), target) + ">"


def spans_md(spans: list[Span]) -> str:
    out = []
    for s in spans:
        text = _escape(s.text)
        core = text.strip()
        if core:
            if s.highlight == CODE_BG and "`" not in s.text:
                core = f"`{s.text.strip()}`"
            if s.bold:
                core = f"**{core}**"
            if s.italic:
                core = f"*{core}*"
            link = safe_url(s.link)  # http(s), mailto or relative; javascript:, data: ... are dropped
            if link:
                core = f"[{core}]({_dest(link)})"
            lead = text[: len(text) - len(text.lstrip())]
            trail = text[len(text.rstrip()):]
            text = lead + core + trail
        out.append(text.replace("\n", "  \n"))
    return "".join(out)


def _image(asset_id: Optional[int], caption: str, ref: ImageRef) -> str:
    src = ref(asset_id) if asset_id is not None else None
    return f"![{_escape(caption)}]({_dest(src, path=True)})" if src else ""


def _quoted(lines: list[str]) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in lines)


def block_md(block: Block, ref: ImageRef, number: int = 1) -> str:
    kind = block.kind
    if kind == "heading":
        return "#" * min(max(block.level, 1), 6) + " " + spans_md(block.spans)
    if kind == "paragraph":
        return spans_md(block.spans)
    if kind == "quote":
        return _quoted(spans_md(block.spans).split("  \n"))
    if kind == "list":
        return "\n".join((f"{n}. " if block.ordered else "- ") + spans_md(item)
                         for n, item in enumerate(block.items, 1))
    if kind == "image":
        return _image(block.asset_id, block.caption, ref)
    if kind == "divider":
        return "---"
    if kind == "spacer":
        return ""
    bs = get_style(block.style)
    body = spans_md(block.spans)
    title = _escape(block.title)
    if bs.kind == "titlebar":
        return "## " + (title or body)
    if bs.kind == "section":
        return "\n\n".join(x for x in (f"### {number}. {title}", body) if x.strip())
    if bs.kind == "imagetext":
        parts = [_image(block.asset_id, block.title, ref), f"**{title}**" if title else "", body]
        return "\n\n".join(p for p in parts if p)
    label = title or bs.label
    lines = ([f"**{label}**", ""] if label else []) + body.split("  \n")
    return _quoted(lines)


def to_markdown(article: Article, image_ref: ImageRef) -> str:
    numbers = section_numbers(article.blocks, STYLED_BLOCKS)
    parts = [f"# {_escape(article.title)}"] if article.title else []
    source = article.source_line()
    if source:
        parts.append(f"*{_escape(source)}*")
    for i, block in enumerate(article.blocks):
        text = block_md(block, image_ref, numbers.get(i, 1))
        if text.strip():
            parts.append(text)
    return "\n\n".join(parts) + "\n"


def export_markdown(article: Article, out: Path | str,
                    asset_path: Callable[[int], Optional[Path]]) -> list[Path]:
    """Write the .md file; images are referenced where they live (relative when possible)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)

    def ref(asset_id: int) -> Optional[str]:
        path = asset_path(asset_id)
        if path is None:
            return None
        try:
            return Path(os.path.relpath(Path(path).resolve(), out.parent.resolve())).as_posix()
        except ValueError:  # another drive on Windows
            return Path(path).resolve().as_posix()

    out.write_text(to_markdown(article, ref), encoding="utf-8")
    return [out]
