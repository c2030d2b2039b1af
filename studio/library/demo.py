"""The library part of the demo project: tagged, licensed photos, music, clips, a font, a text
file, a hot-topic note and collections. Called by studio.demo before the other pillars."""
from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from studio.library import ops
from studio.library.import_ import import_paths
from studio.resources import font_path

# file -> (title, tags, provenance); the licences are those in resources/demo/LICENSES.md
PHOTOS = {
    "astronaut.jpg": ("宇航员艾琳·柯林斯", ["人物", "航天", "NASA"], dict(
        author="NASA", platform="NASA Great Images", source_url="https://flic.kr/p/r9qvLn",
        licence="cc0", commercial_ok=True, attribution="图片：NASA（公有领域）")),
    "rocket.jpg": ("猎鹰9号火箭发射", ["航天", "火箭", "科技"], dict(
        author="SpaceX", platform="Flickr", licence="cc0", commercial_ok=True,
        source_url="https://www.flickr.com/photos/spacexphotos/16511594820/", attribution="图片：SpaceX（公有领域）")),
    "hubble-deep-field.jpg": ("哈勃极深空星空", ["星空", "宇宙", "风景"], dict(
        author="NASA / HubbleSite", platform="HubbleSite", licence="cc0", commercial_ok=True,
        attribution="图片：NASA/ESA 哈勃（公有领域）")),
    "chelsea-cat.jpg": ("橘猫切尔西", ["猫", "宠物", "动物"], dict(
        author="Stefan van der Walt", platform="scikit-image", licence="cc0", commercial_ok=True)),
    "coffee.jpg": ("一杯咖啡", ["咖啡", "美食", "生活"], dict(
        author="Rachel Michetti", platform="scikit-image", licence="cc0", commercial_ok=True)),
    "cameraman.jpg": ("黑白摄影师", ["人物", "黑白", "摄影"], dict(
        author="Lav Varshney", platform="scikit-image", licence="cc0", commercial_ok=True)),
}
OWN = dict(licence="own", commercial_ok=True, author="示例团队")
HOT_TOPIC_MD = """# 热点：城市夜跑成为年轻人新潮流

多个平台数据显示，夏季夜跑相关话题阅读量持续走高。
选题方向：夜跑路线推荐、安全提示、装备清单。
注意：引用平台数据时注明来源。
"""


def populate(project) -> None:
    from studio.demo import media, photos

    made = media()
    folder = made["music"].parent
    by_name = {p.name: p for p in photos()}
    for name, (title, tags, provenance) in PHOTOS.items():
        if name in by_name:
            _import_one(project, by_name[name], title, tags, provenance)
    _import_one(project, _sunset(folder / "海边日落.jpg"), "海边日落", ["日落", "风景", "海边"], OWN)
    _import_one(project, _sunset(folder / "网图-日落风景.jpg", seed=7), "网上下载的日落风景", ["日落", "风景", "待核实"],
                dict(platform="微博转发", source_url="https://weibo.com/", licence="unknown"))
    _import_one(project, made["music"], "示例音乐 120BPM", ["音乐", "节拍"], OWN)
    for n, clip in enumerate(made["clips"], start=1):
        _import_one(project, clip, f"示例视频片段 {n}", ["视频", "空镜"], OWN)
    _import_one(project, font_path("sans"), "思源黑体 Noto Sans CJK SC", ["字体", "黑体"], dict(
        licence="platform", platform="SIL Open Font License 1.1", author="Adobe / Google", commercial_ok=True,
        source_url="https://github.com/notofonts/noto-cjk", attribution="字体：Noto Sans CJK SC，SIL OFL 1.1"))
    text = folder / "热点选题-城市夜跑.md"
    text.write_text(HOT_TOPIC_MD, encoding="utf-8")
    _import_one(project, text, "", ["热点", "选题"], OWN)
    ops.create_note(project, "高考作文题引发热议", summary="今年全国卷作文题在微博、知乎引发大量讨论，适合做教育类选题。",
                    source_url="https://weibo.com/hot", platform="微博", seen_on="2025-06-07", tags=["热点", "教育"])
    _collections(project)


def _import_one(project, path: Path, title: str, tags: list[str], provenance: dict) -> int:
    report = import_paths(project, [path], tags=tags, provenance=provenance)
    if not report.imported:
        reasons = "; ".join(s.reason for s in report.skipped)
        raise RuntimeError(f"demo material could not be imported: {path}: {reasons}")
    asset_id = report.imported[0][1]
    if title:
        ops.update(project, [asset_id], title=title, label="示例素材 / Demo")
    return asset_id


def _collections(project) -> None:
    ops.create_collection(project, "可商用素材", rule={"op": "and", "rules": [
        {"field": "commercial_ok", "op": "is", "value": True},
        {"field": "licence", "op": "not_in", "value": ["unknown", "cc-by-nc"]}]})
    ops.create_collection(project, "待核实来源", rule={"op": "and", "rules": [
        {"field": "licence", "op": "in", "value": ["unknown"]}, {"field": "kind", "op": "not_in", "value": ["note"]}]})
    ops.create_collection(project, "风景与星空", rule={"field": "tags", "op": "has_any", "value": ["风景", "星空"]})
    from sqlalchemy import select

    from studio.project.models.library import Asset

    with project.read() as s:
        covers = list(s.scalars(select(Asset.id).where(Asset.kind == "image").order_by(Asset.id).limit(3)))
    manual = ops.create_collection(project, "封面备选")
    ops.add_to_collection(project, manual, covers)
    ops.update(project, covers[:1], rating=5, color="red", label="示例素材 / Demo")


def _sunset(path: Path, seed: int = 0) -> Path:
    """A generated sunset over the sea (our own picture, no licence question)."""
    if path.exists():
        return path
    rng = np.random.default_rng(seed)
    w, h = 960, 640
    y = np.linspace(0, 1, h)[:, None, None]
    sky = np.concatenate([255 - 40 * y, 120 + 60 * y, 60 + 100 * y], axis=2) * np.ones((1, w, 1))
    img = Image.fromarray(sky.clip(0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(img)
    cx = int(w * rng.uniform(0.3, 0.7))
    draw.ellipse([cx - 70, int(h * 0.45) - 70, cx + 70, int(h * 0.45) + 70], fill=(255, 200, 90))
    draw.rectangle([0, int(h * 0.6), w, h], fill=(30, 60, 110))
    for _ in range(40):
        x, yy = int(rng.uniform(0, w)), int(rng.uniform(h * 0.62, h))
        draw.line([x, yy, x + int(rng.uniform(20, 80)), yy], fill=(255, 170, 80), width=2)
    img.save(path, quality=88)
    return path
