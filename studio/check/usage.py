"""What a post uses: its media, fonts and texts, each with where it sits in the post.

One adapter per post kind (article, cover, video) reads the other pillars' models, so a change
to a model stays local to this module. `where` is a Chinese label for the report; `ref` is the
same location as data (block index, layer id, clip index, caption number) for JSON and the UI.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from studio.project.errors import StudioError

POST_KINDS = ("article", "cover", "video")
POST_KINDS_ZH = {"article": "图文", "cover": "封面海报", "video": "视频"}


class PostKindError(StudioError):
    exit_code = 2


@dataclass
class Usage:
    """One place a post uses a media file: a library asset, or a bare path outside the library."""

    kind: str            # image | video | audio
    where: str
    ref: dict = field(default_factory=dict)
    asset_id: Optional[int] = None
    path: str = ""


@dataclass
class FontUse:
    name: str            # logical bundled name ("sans"), a family name, or a font file path
    where: str
    ref: dict = field(default_factory=dict)


@dataclass
class TextPart:
    text: str
    where: str
    ref: dict = field(default_factory=dict)
    paragraph: bool = False   # body prose (counts for originality), not a title or a caption


@dataclass
class PostContent:
    kind: str
    id: int
    title: str
    media: list[Usage]
    fonts: list[FontUse]
    texts: list[TextPart]
    article: object = None   # the studio.editor.article.Article for articles (repost checks)


def check_kind(kind: str) -> str:
    if kind not in POST_KINDS:
        raise PostKindError(f"未知的作品类型 “{kind}”，可选：article（图文）、cover（封面）、video（视频）。"
                            f" / Unknown post kind {kind!r}; use article, cover or video.")
    return kind


def post_content(project, kind: str, post_id: int) -> PostContent:
    """Everything the checker needs to know about one post."""
    return _ADAPTERS[check_kind(kind)](project, int(post_id))


def assets_used(project, kind: str, post_id: int) -> list[Usage]:
    return post_content(project, kind, post_id).media


def fonts_used(project, kind: str, post_id: int) -> list[FontUse]:
    return post_content(project, kind, post_id).fonts


def texts_of(project, kind: str, post_id: int) -> list[TextPart]:
    return post_content(project, kind, post_id).texts


# ---------------------------------------------------------------- articles

def _article(project, article_id: int) -> PostContent:
    from studio.editor import store
    from studio.editor.article import block_texts
    from studio.editor.themes import get_theme

    art = store.load_article(project, article_id)
    media: list[Usage] = []
    texts = [TextPart(t, w, {"field": f}) for t, w, f in (
        (art.title, "标题", "title"), (art.digest, "摘要", "digest"), (art.source_line(), "来源行", "source"))
        if t]
    if art.cover_asset_id is not None:
        media.append(Usage("image", "封面图", {"cover": True}, art.cover_asset_id))
    for i, block in enumerate(art.blocks):
        where = f"正文第 {i + 1} 块"
        if block.asset_id is not None:
            media.append(Usage("image", f"{where}（图片）", {"block": i}, block.asset_id))
        for text in block_texts(block):
            prose = block.kind in ("paragraph", "quote", "list", "styled") and text != block.title
            texts.append(TextPart(text, where, {"block": i}, paragraph=prose))
    theme = get_theme(art.theme)
    fonts = [FontUse(theme.body_font, f"主题“{theme.name}”正文字体", {"theme": art.theme, "role": "body"}),
             FontUse(theme.heading_font, f"主题“{theme.name}”标题字体", {"theme": art.theme, "role": "heading"})]
    if art.cover_canvas_id is not None:
        _add_canvas(project, art.cover_canvas_id, "封面", media, fonts, texts)
    return PostContent("article", article_id, art.title or f"图文 {article_id}", media, fonts, texts, art)


# ---------------------------------------------------------------- covers and posters

def _cover(project, canvas_id: int) -> PostContent:
    media: list[Usage] = []
    fonts: list[FontUse] = []
    texts: list[TextPart] = []
    name = _add_canvas(project, canvas_id, "", media, fonts, texts)
    return PostContent("cover", canvas_id, name or f"封面 {canvas_id}", media, fonts, texts)


def _add_canvas(project, canvas_id: int, prefix: str, media, fonts, texts) -> str:
    from studio.editor import canvas_store

    canvas = canvas_store.load_canvas(project, canvas_id)
    for i, layer in enumerate(canvas.layers):
        label = layer.name or f"第 {i + 1} 层"
        where = f"{prefix}图层“{label}”" if prefix else f"图层“{label}”"
        ref = {"canvas": canvas_id, "layer": layer.id, "layer_name": label, "layer_index": i}
        if layer.kind == "image" and (layer.prop("asset_id") is not None or layer.prop("path")):
            media.append(Usage("image", where, ref, layer.prop("asset_id"), layer.prop("path") or ""))
            for op in layer.prop("edits") or []:
                if op.get("op") == "watermark_text":
                    fonts.append(FontUse(str(op.get("font", "sans-bold")), f"{where}的文字水印", ref))
                    texts.append(TextPart(str(op.get("text", "")), f"{where}的文字水印", ref))
        elif layer.kind == "text":
            fonts.append(FontUse(str(layer.prop("font")), where, ref))
            if layer.prop("text"):
                texts.append(TextPart(str(layer.prop("text")), where, ref))
        elif layer.kind == "sticker" and layer.prop("text"):
            texts.append(TextPart(str(layer.prop("text")), where, ref))
    return canvas.name


# ---------------------------------------------------------------- videos

def _video(project, video_id: int) -> PostContent:
    from studio.video import store
    from studio.video.captions import CaptionStyle

    tl = store.load(project, video_id, resolve=False)
    name = next((v["name"] for v in store.list_videos(project) if v["id"] == video_id), "")
    media = [Usage("image" if c.still else "video", f"片段 {i + 1}", {"clip": i}, c.asset_id, c.path or "")
             for i, c in enumerate(tl.clips)]
    if tl.music is not None:
        media.append(Usage("audio", "背景音乐", {"music": True}, tl.music.asset_id, tl.music.path or ""))
    fonts: list[FontUse] = []
    texts: list[TextPart] = []
    for i, ov in enumerate(tl.overlays):
        where = f"叠加层 {i + 1}（{'文字' if ov.kind == 'text' else '图标'}）"
        if ov.kind == "logo" and ov.path:
            media.append(Usage("image", where, {"overlay": i}, None, ov.path))
        elif ov.kind == "text":
            fonts.append(FontUse(ov.font, where, {"overlay": i}))
            if ov.text:
                texts.append(TextPart(ov.text, where, {"overlay": i}))
    if tl.captions:
        fonts.append(FontUse(CaptionStyle.from_dict(tl.caption_style).font, "字幕样式", {"captions": True}))
    for i, cap in enumerate(tl.captions):
        texts.append(TextPart(cap.text, f"字幕第 {i + 1} 条", {"caption": i + 1}))
    return PostContent("video", video_id, name or f"视频 {video_id}", media, fonts, texts)


_ADAPTERS = {"article": _article, "cover": _cover, "video": _video}


def list_posts(project) -> dict[str, list[tuple[int, str]]]:
    """(id, title) of every post by kind, for pickers."""
    from studio.editor import canvas_store, store
    from studio.video import store as video_store

    return {
        "article": [(a.id, a.title or f"图文 {a.id}") for a in store.list_articles(project)],
        "cover": [(c.id, c.name or f"封面 {c.id}") for c in canvas_store.list_canvases(project)],
        "video": [(v["id"], v["name"] or f"视频 {v['id']}") for v in video_store.list_videos(project)],
    }
