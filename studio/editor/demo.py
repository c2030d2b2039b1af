"""Demo content for articles: a finished sample article with photos and the demo cover, and the
library's hot-topic Markdown note imported as a second article."""
from __future__ import annotations

from sqlalchemy import select

from studio.editor import store
from studio.editor.sample import sample_article
from studio.project.models.library import Asset


def _image_id(rows, word: str):
    return next((a.id for a in rows if word in (a.title or "") or word in (a.path or "")), None)


def populate(project) -> dict:
    with project.read() as s:
        rows = s.scalars(select(Asset).where(Asset.kind.in_(("image", "text"))).order_by(Asset.id)).all()
        images = [r for r in rows if r.kind == "image"]
        notes = [r.path for r in rows if r.kind == "text" and (r.path or "").endswith(".md")]
    photos = [_image_id(images, "coffee") or _image_id(images, "咖啡"),
              _image_id(images, "cameraman") or _image_id(images, "摄影"),
              _image_id(images, "日落")]
    cover_canvas = None
    try:
        from studio.editor import canvas_store
        from studio.editor.cover_demo import COVER_NAME

        cover_canvas = next((c.id for c in canvas_store.list_canvases(project) if c.name == COVER_NAME), None)
    except ImportError:
        pass
    article = sample_article([p for p in photos if p is not None], cover_asset_id=None if cover_canvas else photos[0],
                             cover_canvas_id=cover_canvas, theme="warm")
    article_id = store.create_article(project, article, "示例图文 / Demo article")
    result = {"article": article_id}
    if notes:
        result["imported"], _warnings = store.import_markdown(project, notes[0], theme="fresh")
    return result
