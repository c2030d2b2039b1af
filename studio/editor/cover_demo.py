"""Demo content for covers and posters: a finished WeChat cover, an interactive poster, an image edit."""
from __future__ import annotations

from sqlalchemy import select

from studio.editor import canvas_store, imageops
from studio.editor.canvas import from_template
from studio.editor.presets import get_template
from studio.project.models.library import Asset

COVER_NAME = "示例封面：一杯咖啡的时间"
POSTER_NAME = "互动海报：城市摄影漫步"
POSTER_LINK = "https://example.com/events/photo-walk"


def _photos(project) -> list[Asset]:
    with project.read() as s:
        rows = s.scalars(select(Asset).where(Asset.kind == "image").order_by(Asset.id)).all()
        for row in rows:
            s.expunge(row)
        return list(rows)


def _pick(photos: list[Asset], word: str):
    return next((a for a in photos if word in (a.path or "") or word in a.title), photos[0] if photos else None)


def _import_demo_photos(project) -> list[Asset]:
    """Only when the library's demo did not run: register the bundled photos so the cover is whole."""
    from studio.demo import photos

    with project.action("示例图片 / Demo photos") as s:
        s.add_all(Asset(kind="image", title=p.stem, path=str(p), licence="cc0") for p in photos())
    return _photos(project)


def populate(project) -> dict:
    photos = _photos(project) or _import_demo_photos(project)
    coffee, city = _pick(photos, "coffee"), _pick(photos, "cameraman")

    cover = from_template(get_template("wechat-photo").data, COVER_NAME)
    for layer in cover.layers:
        if layer.kind == "image" and coffee is not None:
            layer.props["asset_id"] = coffee.id
        elif layer.kind == "text" and layer.props["size"] > 40:
            layer.props["text"] = "一杯咖啡的时间"
        elif layer.kind == "text":
            layer.props["text"] = "慢下来 · 读一篇好文章"
    cover_id = canvas_store.add_canvas(project, cover, "示例封面 / Demo cover")

    poster = from_template(get_template("poster-event").data, POSTER_NAME)
    for layer in poster.layers:
        if layer.kind == "qr":
            layer.props["data"] = POSTER_LINK
    poster_id = canvas_store.add_canvas(project, poster, "示例海报 / Demo poster")

    edit_id = None
    if city is not None:
        ops = [
            {"op": "crop", "box": imageops.crop_for_aspect(*_size(city), "1:1"), "aspect": "1:1"},
            {"op": "adjust", "brightness": 1.05, "contrast": 1.1, "saturation": 1.0, "sharpness": 1.2},
            {"op": "filter", "name": "warm", "strength": 0.6},
            {"op": "mosaic", "box": [0.35, 0.05, 0.3, 0.3], "mode": "pixelate", "size": 0.03},
            {"op": "watermark_text", "text": "@新媒体工作室", "position": "bottom-right", "opacity": 0.7},
            {"op": "compress", "max_kb": 200, "format": "jpeg"},
        ]
        edit_id = canvas_store.add_edit(project, city.id, ops, "示例编辑：方图 + 打码 + 水印")
    return {"cover": cover_id, "poster": poster_id, "edit": edit_id}


def _size(asset: Asset) -> tuple[int, int]:
    meta = asset.meta or {}
    if meta.get("width") and meta.get("height"):
        return int(meta["width"]), int(meta["height"])
    return imageops.load_image(asset.path).size
