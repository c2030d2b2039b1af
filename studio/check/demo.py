"""Checker demo content: material whose copyright needs attention, so the post reports have
something to show. A partner logo whose licence has expired goes on the demo video; a repost
article (no 来源/作者 line) uses a picture of unknown origin, a CC BY drawing without credit
and paragraphs copied from a web excerpt. Runs after the library, editor and video demos."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw
from sqlalchemy import select

from studio.project.models.library import Asset
from studio.resources import font_path

REPOST_TITLE = "【转载】夜跑装备清单，新手照着买就行"
WEB_EXCERPT = """夜跑装备清单：新手照着买就行

第一样是反光背心或者反光臂带，夜间路面车辆多，被看见是最重要的安全保障。
第二样是一双缓震好的跑鞋，城市路面偏硬，缓震不足容易伤膝盖。
第三样是头灯或者手持灯，公园和河边步道的照明往往不够。
跑前做十分钟动态拉伸，跑后做静态拉伸，第二天就不会腿疼。
"""


def populate(project) -> dict:
    from studio.demo import media

    folder = media()["music"].parent
    logo = _import(project, _logo(folder / "合作方标志.png"), "合作方标志", dict(
        licence="purchased", licence_cert="合同 SJ-2023-018", licence_expires=date(2024, 12, 31),
        commercial_ok=True, author="某设计工作室", platform="合作协议"))
    drawing = _import(project, _skyline(folder / "插画-城市夜跑.png"), "插画：城市夜跑", dict(
        licence="cc-by", author="李明", attribution="插画：李明（CC BY 4.0）", commercial_ok=True,
        source_url="https://example.com/illustrations/night-run"))
    excerpt = folder / "网文摘录-夜跑装备.txt"
    excerpt.write_text(WEB_EXCERPT, encoding="utf-8")
    web = _import(project, excerpt, "网文摘录：夜跑装备清单", dict(
        licence="unknown", platform="某公众号", source_url="https://mp.weixin.qq.com/s/night-run-example"))
    video = _logo_on_video(project, logo)
    article = _repost(project, drawing)
    _comments(project)
    return {"logo": logo, "drawing": drawing, "excerpt": web, "video": video, "article": article}


DEMO_COMMENTS = """小周：照着步骤冲了一杯，真的很香，收藏了！
阿杰：拍照那段很实用，下次试试侧光
路人甲：加我vx：abc123，低价代购咖啡豆
咖啡控：买了同款豆子，结果发霉了，太失望，已经投诉
夜跑的猫：想问问手冲壶推荐哪个牌子？
匿名：全网最低价，点主页链接领券"""


def _comments(project) -> None:
    """A batch of reader comments for the 评论审核 screen: praise, questions, diversion, complaints."""
    from studio.check import comments
    from studio.check.lexicon import builtin
    from studio.check.matcher import Matcher

    batch = comments.analyse(comments.parse_pasted(DEMO_COMMENTS), Matcher(builtin()))
    comments.save(project, batch, "示例文章评论")


def _import(project, path: Path, title: str, provenance: dict) -> int:
    from studio.library import ops
    from studio.library.import_ import import_paths

    report = import_paths(project, [path], tags=["版权示例"], provenance=provenance)
    if not report.imported:
        raise RuntimeError(f"checker demo material could not be imported: {path}")
    asset_id = report.imported[0][1]
    ops.update(project, [asset_id], title=title, label="示例素材 / Demo")
    return asset_id


def _logo_on_video(project, logo_id: int):
    from studio.project.models.video import VideoProject
    from studio.video import store
    from studio.video.timeline import Overlay

    with project.read() as s:
        video_id = s.scalars(select(VideoProject.id).order_by(VideoProject.id)).first()
        path = s.get(Asset, logo_id).path
    if video_id is None:
        return None
    tl = store.load(project, video_id, resolve=False)
    tl.overlays.append(Overlay("logo", 0.0, max(tl.duration, 1.0), path=path, x=0.86, y=0.06, size=0.14))
    store.save(project, video_id, tl, "示例：合作方标志 / Demo partner logo")
    return video_id


def _repost(project, drawing_id: int) -> int:
    from studio.editor import store
    from studio.editor.article import Article, heading, image, paragraph

    with project.read() as s:
        unknown = s.scalars(select(Asset.id).where(Asset.kind == "image", Asset.licence == "unknown")
                            .order_by(Asset.id)).first()
    lines = [ln for ln in WEB_EXCERPT.splitlines()[1:] if ln.strip()]
    blocks = [paragraph("天气转暖，夜跑的人越来越多。整理了一份装备清单，全网最低价的入门款也能用。"),
              heading("装备清单"), paragraph(lines[0].replace("，", "。", 1)), paragraph(lines[1])]
    if unknown is not None:
        blocks.append(image(unknown, caption="夜跑途中的晚霞。"))
    blocks += [paragraph(lines[2]), image(drawing_id, caption="城市夜跑。"), paragraph(lines[3])]
    article = Article(title=REPOST_TITLE, author="新媒体工作室编辑部", digest="反光背心、缓震跑鞋、头灯，夜跑三件套。",
                      original=False, theme="fresh", blocks=blocks)
    return store.create_article(project, article, "示例转载图文 / Demo repost")


def _logo(path: Path) -> Path:
    """A generated partner logo: a rounded badge with two characters, transparent outside."""
    if path.exists():
        return path
    from PIL import ImageFont

    img = Image.new("RGBA", (256, 256), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    draw.rounded_rectangle((8, 8, 248, 248), radius=48, fill=(214, 51, 108, 235))
    font = ImageFont.truetype(str(font_path("sans-bold")), 96)
    draw.text((128, 128), "合作", font=font, fill=(255, 255, 255, 255), anchor="mm")
    img.save(path)
    return path


def _skyline(path: Path, seed: int = 3) -> Path:
    """A generated night skyline with lit windows (stands in for a CC BY drawing)."""
    if path.exists():
        return path
    rng = np.random.default_rng(seed)
    w, h = 900, 600
    y = np.linspace(0, 1, h)[:, None, None]
    sky = np.concatenate([20 + 30 * y, 20 + 20 * y, 60 + 60 * y], axis=2) * np.ones((1, w, 1))
    img = Image.fromarray(sky.clip(0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(img)
    x = 0
    while x < w:
        bw, bh = int(rng.integers(50, 120)), int(rng.integers(150, 420))
        draw.rectangle((x, h - bh, x + bw, h), fill=(30, 34, 52))
        for wy in range(h - bh + 12, h - 10, 22):
            for wx in range(x + 8, x + bw - 12, 18):
                if rng.random() < 0.45:
                    draw.rectangle((wx, wy, wx + 8, wy + 10), fill=(255, 214, 102))
        x += bw + int(rng.integers(4, 16))
    draw.ellipse((700, 60, 780, 140), fill=(250, 245, 220))
    img.save(path)
    return path
