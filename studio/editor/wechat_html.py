"""WeChat (公众号) HTML export: every element styled only by inline style="".

The WeChat editor drops <style>, <link>, class, id and <script>, and ignores CSS variables, calc,
@media and position:fixed, so none are written. Lengths are px; only image widths are a
percentage of the column. User text is escaped; links other than http(s)/mailto are dropped.
"""
from __future__ import annotations

import html
import math
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from studio.editor.article import (ALIGNS, IMAGE_WIDTHS, SPACER_HEIGHTS, Article, Block, Span, int_in, safe_url,
                                   section_numbers, span_size, valid_color)
from studio.editor.blocks import STYLED_BLOCKS, BlockStyle, callout_colors, get_style
from studio.editor.themes import Theme, get_theme

# Reader-side fonts: the HTML is shown with the reader's fonts, our bundled ones come first.
FONT_STACKS = {
    "sans": "'Noto Sans CJK SC','PingFang SC','Microsoft YaHei',sans-serif",
    "serif": "'Noto Serif CJK SC','Songti SC','SimSun',serif",
}
SAFE_SCHEMES = ("http://", "https://", "mailto:")

ImageSrc = Callable[[int], Optional[str]]


def css(**props) -> str:
    """Inline CSS from keyword arguments: font_size=16 -> 'font-size:16px'.

    The result goes inside style="...": a value that could end the declaration, the attribute
    or the tag (; " < > { } \\, a comment, url(), expression()) is left out, whatever called us,
    and what remains is HTML-escaped."""
    parts = []
    for name, value in props.items():
        if value is None or value == "" or isinstance(value, bool):
            continue
        if isinstance(value, (int, float)):
            if not math.isfinite(value):
                continue
            if name not in _UNITLESS:
                value = f"{value}px" if value else "0px"
        value = str(value)
        if _UNSAFE_CSS.search(value):
            continue
        parts.append(f"{name.replace('_', '-')}:{value}")
    return html.escape(";".join(parts), quote=False).replace('"', "&quot;")


_UNITLESS = {"line_height", "font_weight", "opacity", "flex"}
_UNSAFE_CSS = re.compile(r'[;"<>{}\\\x00-\x1f\x7f]|/\*|url\s*\(|expression\s*\(|javascript:|@import', re.I)


def _family(font_name: str) -> str:
    return FONT_STACKS["serif" if font_name.startswith("serif") else "sans"]


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def safe_link(url: str) -> str:
    """The link if it is http(s) or mailto, else '' (javascript:, data:, relative ... are dropped)."""
    url = safe_url(url, relative=False)
    return url if url.lower().startswith(SAFE_SCHEMES) else ""


def render_spans(spans: list[Span], theme: Theme) -> str:
    out = []
    for span in spans:
        text = esc(span.text).replace("\n", "<br>")
        style = css(font_weight="bold" if span.bold else None,
                    font_style="italic" if span.italic else None,
                    text_decoration="underline" if span.underline else None,
                    color=valid_color(span.color) or None,
                    background_color=valid_color(span.highlight) or None,
                    font_size=span_size(span.size) or None)
        if style:
            text = f'<span style="{style}">{text}</span>'
        link = safe_link(span.link)
        if link:
            text = (f'<a href="{esc(link)}" style="{css(color=theme.accent, text_decoration="underline")}">'
                    f"{text}</a>")
        out.append(text)
    return "".join(out)


@dataclass
class _Ctx:
    theme: Theme
    image_src: ImageSrc
    numbers: dict[int, int]


def _section(style: str, inner: str) -> str:
    return f'<section style="{style}">{inner}</section>'


def _p(theme: Theme, inner: str, **extra) -> str:
    props = {"margin": f"0px 0px {theme.paragraph_gap}px", "text_align": "justify"}
    props.update({k: v for k, v in extra.items() if v})
    style = css(**props)
    return f'<p style="{style}">{inner}</p>'


def _img(ctx: _Ctx, asset_id: Optional[int], width: int = 100, radius: int = 0) -> str:
    src = ctx.image_src(asset_id) if asset_id is not None else None
    if not src:
        return ""
    style = css(display="block", width=f"{int_in(width, 100, *IMAGE_WIDTHS)}%", height="auto",
                margin="0px auto", border_radius=radius or None)
    return f'<img src="{esc(src)}" alt="" style="{style}">'


def _heading(block: Block, ctx: _Ctx) -> str:
    t = ctx.theme
    level = _level(block.level)
    if level == 2:
        return _titlebar(get_style(t.heading_style), render_spans(block.spans, t), t)
    size = {1: 22, 3: 17}.get(level, t.font_size)
    tag = f"h{level}"
    style = css(margin="24px 0px 12px", font_size=size, font_weight="bold", line_height=1.4,
                color=t.primary if block.level < 4 else t.text, font_family=_family(t.heading_font))
    return f'<{tag} style="{style}">{render_spans(block.spans, t)}</{tag}>'


def _level(level) -> int:
    return min(max(level, 1), 4) if isinstance(level, int) and not isinstance(level, bool) else 2


def _titlebar(bs: BlockStyle, inner: str, t: Theme) -> str:
    base = dict(margin="28px 0px 14px", font_size=18, font_weight="bold", line_height=1.5,
                font_family=_family(t.heading_font))
    v = bs.variant
    if v in ("solid", "pill"):
        chip = css(display="inline-block", background_color=t.primary, color=t.on_primary,
                   padding="4px 14px" if v == "solid" else "4px 22px",
                   border_radius=t.radius if v == "solid" else 20)
        align = "left" if v == "solid" else "center"
        return _section(css(**base, text_align=align), f'<span style="{chip}">{inner}</span>')
    if v == "underline":
        return _section(css(**base, color=t.primary, padding_bottom=6,
                            border_bottom=f"2px solid {t.primary}"), inner)
    if v == "ribbon":
        return _section(css(**base, color=t.primary, background_color=t.soft, padding="6px 12px",
                            border_left=f"6px solid {t.accent}"), inner)
    if v == "centerlines":
        rule = f'<span style="{css(color=t.accent, font_weight="normal")}">—— </span>'
        rule_r = f'<span style="{css(color=t.accent, font_weight="normal")}"> ——</span>'
        return _section(css(**base, text_align="center", color=t.primary), rule + inner + rule_r)
    return _section(css(**base, color=t.primary, padding_left=10,  # leftbar
                        border_left=f"4px solid {t.primary}"), inner)


def _section_block(bs: BlockStyle, block: Block, ctx: _Ctx, n: int) -> str:
    t = ctx.theme
    title = esc(block.title)
    head_style = css(margin="28px 0px 10px", font_size=18, font_weight="bold", color=t.primary,
                     line_height=1.5, font_family=_family(t.heading_font))
    if bs.variant == "circle":
        badge_style = css(display="inline-block", width=28, height=28, line_height="28px", border_radius=14,
                          background_color=t.primary, color=t.on_primary, text_align="center",
                          font_size=15, margin_right=8)
        badge = f'<span style="{badge_style}">{int(n)}</span>'
        head = _section(head_style, badge + title)
    elif bs.variant == "bignum":
        num = f'<span style="{css(font_size=36, color=t.accent, margin_right=10, font_family="Georgia,serif")}">{int(n):02d}</span>'
        head = _section(head_style, num + title)
    else:  # part / step
        tag_style = css(display="inline-block", background_color=t.primary, color=t.on_primary,
                        font_size=13, padding="2px 10px", border_radius=t.radius, margin_right=8)
        tag = f'<span style="{tag_style}">{esc(bs.label)} {int(n):02d}</span>'
        head = _section(head_style, tag + title)
    body = _p(t, render_spans(block.spans, t)) if block.spans else ""
    return head + body


def _card(bs: BlockStyle, block: Block, ctx: _Ctx) -> str:
    t = ctx.theme
    box = dict(margin="20px 0px", padding="14px 16px", border_radius=t.radius)
    box.update({
        "border": {"border": f"1px solid {t.primary}", "dashed": f"1px dashed {t.primary}"}.get(bs.variant),
        "background_color": t.soft if bs.variant in ("soft", "topbar") else None,
        "box_shadow": "0px 2px 10px rgba(0,0,0,0.12)" if bs.variant == "shadow" else None,
        "border_top": f"4px solid {t.primary}" if bs.variant == "topbar" else None,
    })
    title = (f'<p style="{css(margin="0px 0px 8px", font_weight="bold", font_size=17, color=t.primary)}">'
             f"{esc(block.title)}</p>") if block.title else ""
    body = f'<p style="{css(margin=0, text_align="justify")}">{render_spans(block.spans, t)}</p>'
    return _section(css(**box), title + body)


def _callout(bs: BlockStyle, block: Block, ctx: _Ctx) -> str:
    t = ctx.theme
    if bs.variant == "quote":
        mark = f'<p style="{css(margin=0, font_size=40, line_height=1, color=t.accent, font_family="Georgia,serif")}">“</p>'
        text_style = css(margin="0px 0px 6px", font_size=18, font_weight="bold", color=t.primary,
                         text_align="center", line_height=1.6)
        text = f'<p style="{text_style}">{render_spans(block.spans, t)}</p>'
        who = (f'<p style="{css(margin=0, font_size=14, color=t.muted, text_align="right")}">—— {esc(block.title)}</p>'
               if block.title else "")
        return _section(css(margin="24px 0px", padding="8px 16px", text_align="center"), mark + text + who)
    strong, soft = callout_colors(bs, t.primary, t.soft)
    label = esc(block.title or bs.label)
    head = f'<p style="{css(margin="0px 0px 6px", font_weight="bold", color=strong)}">{label}</p>'
    body = f'<p style="{css(margin=0, text_align="justify")}">{render_spans(block.spans, t)}</p>'
    return _section(css(margin="20px 0px", padding="12px 14px", background_color=soft,
                        border_left=f"4px solid {strong}", border_radius=t.radius), head + body)


def _imagetext(bs: BlockStyle, block: Block, ctx: _Ctx) -> str:
    t = ctx.theme
    title = (f'<p style="{css(margin="0px 0px 6px", font_weight="bold", color=t.primary, font_size=17)}">'
             f"{esc(block.title)}</p>") if block.title else ""
    text = title + f'<p style="{css(margin=0, text_align="justify")}">{render_spans(block.spans, t)}</p>'
    if bs.variant == "top":
        img = _img(ctx, block.asset_id, 100, t.radius)
        pad = f'<section style="{css(padding="12px 14px")}">{text}</section>'
        return _section(css(margin="20px 0px", background_color=t.soft, border_radius=t.radius,
                            overflow="hidden"), img + pad)
    img = _section(css(flex="0 0 40%", width="40%"), _img(ctx, block.asset_id, 100, t.radius))
    txt = _section(css(flex=1, padding="0px 12px" if bs.variant == "left" else "0px 12px 0px 0px"), text)
    cells = img + txt if bs.variant == "left" else txt + img
    return _section(css(display="flex", align_items="center", margin="20px 0px"), cells)


def _styled(block: Block, ctx: _Ctx, index: int) -> str:
    bs = get_style(block.style)
    if bs.kind == "titlebar":
        return _titlebar(bs, esc(block.title or block.text), ctx.theme)
    if bs.kind == "section":
        return _section_block(bs, block, ctx, ctx.numbers.get(index, 1))
    if bs.kind == "callout":
        return _callout(bs, block, ctx)
    if bs.kind == "imagetext":
        return _imagetext(bs, block, ctx)
    return _card(bs, block, ctx)


def _quote(block: Block, t: Theme) -> str:
    inner = render_spans(block.spans, t)
    if t.quote_style == "center":
        style = css(margin="20px 0px", padding="8px 24px", color=t.muted, text_align="center",
                    font_style="italic", border_top=f"1px solid {t.soft}", border_bottom=f"1px solid {t.soft}")
    elif t.quote_style == "soft":
        style = css(margin="20px 0px", padding="12px 16px", color=t.muted, background_color=t.soft,
                    border_radius=t.radius)
    else:
        style = css(margin="20px 0px", padding="4px 0px 4px 14px", color=t.muted,
                    border_left=f"3px solid {t.primary}")
    return f'<blockquote style="{style}">{inner}</blockquote>'


def _list(block: Block, t: Theme) -> str:
    tag = "ol" if block.ordered else "ul"
    items = "".join(f'<li style="{css(margin="0px 0px 6px")}">{render_spans(item, t)}</li>' for item in block.items)
    return f'<{tag} style="{css(margin=f"0px 0px {t.paragraph_gap}px", padding_left=24)}">{items}</{tag}>'


def _divider(t: Theme) -> str:
    if t.divider_style == "dots":
        return _section(css(margin="24px 0px", text_align="center", color=t.primary, letter_spacing=8), "• • •")
    if t.divider_style == "double":
        return _section(css(margin="24px 0px", height=4, border_top=f"1px solid {t.primary}",
                            border_bottom=f"1px solid {t.primary}"), "")
    return _section(css(margin="24px 0px", height=1, background_color=t.muted), "")


def _image(block: Block, ctx: _Ctx) -> str:
    img = _img(ctx, block.asset_id, block.width)
    if not img:
        return ""
    caption = (f'<p style="{css(margin="6px 0px 0px", font_size=13, color=ctx.theme.muted, text_align="center")}">'
               f"{esc(block.caption)}</p>") if block.caption else ""
    return _section(css(margin="16px 0px", text_align="center"), img + caption)


def render_block(block: Block, ctx: _Ctx, index: int = 0) -> str:
    t = ctx.theme
    if block.kind == "heading":
        return _heading(block, ctx)
    if block.kind == "paragraph":
        return _p(t, render_spans(block.spans, t), text_align=block.align if block.align in ALIGNS else None)
    if block.kind == "quote":
        return _quote(block, t)
    if block.kind == "list":
        return _list(block, t)
    if block.kind == "image":
        return _image(block, ctx)
    if block.kind == "divider":
        return _divider(t)
    if block.kind == "spacer":
        return _section(css(height=int_in(block.height, 24, *SPACER_HEIGHTS)), "")
    return _styled(block, ctx, index)


def render_body(article: Article, image_src: ImageSrc, theme: Theme | None = None) -> str:
    """The article body as one <section>: what goes on the clipboard and into the WeChat editor."""
    t = theme or get_theme(article.theme)
    ctx = _Ctx(t, image_src, section_numbers(article.blocks, STYLED_BLOCKS))
    parts = []
    source = article.source_line()
    if source:
        parts.append(f'<p style="{css(margin="0px 0px 16px", font_size=13, color=t.muted)}">{esc(source)}</p>')
    parts.extend(render_block(b, ctx, i) for i, b in enumerate(article.blocks))
    outer = css(font_family=_family(t.body_font), font_size=t.font_size, color=t.text,
                line_height=t.line_height, letter_spacing="0.5px", background_color=t.background,
                padding="8px 8px", word_wrap="break-word")
    return _section(outer, "".join(parts))


def render_document(article: Article, image_src: ImageSrc, theme: Theme | None = None) -> str:
    """A standalone HTML page for preview: title and author above the body, no <style>."""
    t = theme or get_theme(article.theme)
    head = ""
    if article.title:
        h1 = css(margin="16px 8px 8px", font_size=22, line_height=1.4, color="#111111",
                 font_family=_family(t.heading_font))
        head += f'<h1 style="{h1}">{esc(article.title)}</h1>'
    if article.author:
        head += f'<p style="{css(margin="0px 8px 16px", font_size=14, color=t.muted)}">{esc(article.author)}</p>'
    page = css(max_width=677, margin="0px auto", background_color=t.background)
    return ('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width,initial-scale=1">'
            f"<title>{esc(article.title)}</title></head>"
            f'<body style="{css(margin=0, background_color=t.background)}"><div style="{page}">'
            f"{head}{render_body(article, image_src, t)}</div></body></html>\n")


def export_wechat_html(article: Article, out: Path | str,
                       asset_path: Callable[[int], Optional[Path]]) -> list[Path]:
    """Write the HTML file and copy its images beside it (`<stem>-img-01.jpg` ...).

    Returns every file written, HTML first. Images whose files are missing are left out.
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    copied: dict[int, str] = {}
    written: list[Path] = []

    def image_src(asset_id: int) -> Optional[str]:
        if asset_id in copied:
            return copied[asset_id]
        src = asset_path(asset_id)
        if src is None or not Path(src).is_file():
            return None
        name = f"{out.stem}-img-{len(copied) + 1:02d}{Path(src).suffix.lower() or '.png'}"
        shutil.copyfile(src, out.parent / name)
        written.append(out.parent / name)
        copied[asset_id] = name
        return name

    out.write_text(render_document(article, image_src), encoding="utf-8")
    return [out, *written]
