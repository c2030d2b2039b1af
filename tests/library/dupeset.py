"""A generated near-duplicate test set (查重测试集): real photos from scikit-image's bundled data,
each reposted the ways pictures are changed online, plus hard negatives (different photos of
the same kind: textures, star fields, tiles of one scene).

`originals()` gives the source photos; `variants(name, img, rng)` the reposted copies;
`build(...)` the whole set as Items; `write(folder)` saves it to disk for CLI runs.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance, ImageFont, ImageOps

from studio.resources import font_path

TRANSFORMS = ("resize", "jpeg", "bright", "grey", "saturate", "mirror", "crop", "crop-side", "watermark",
              "tiled-mark", "logo", "screenshot", "screenshot-dark", "viewer", "chat", "mirror-crop",
              "screenshot-mark")


@dataclass
class Item:
    name: str
    group: str  # items of one group are copies of one picture
    transform: str  # "original" or one of TRANSFORMS
    image: Image.Image


def _skimage(name: str) -> Image.Image:
    from skimage import data

    arr = getattr(data, name)()
    img = Image.fromarray(arr)
    return img.convert("RGB")


def originals(tiles: bool = True) -> dict[str, Image.Image]:
    """Distinct photos. Tiles cut from one big picture without overlap count as different
    photos of the same kind (two patches of brick wall, two star fields)."""
    photos = {n: _skimage(n) for n in (
        "astronaut", "coffee", "chelsea", "rocket", "camera", "coins", "immunohistochemistry",
        "moon", "clock", "cell", "page", "text", "horse", "logo", "colorwheel")}
    if not tiles:
        photos.update({n: _skimage(n) for n in ("brick", "grass", "gravel", "hubble_deep_field")})
        return photos
    for name in ("brick", "grass", "gravel"):
        img = _skimage(name)  # 512 x 512: left and right halves
        photos[f"{name}-a"] = img.crop((0, 0, 256, 512)).resize((384, 768))
        photos[f"{name}-b"] = img.crop((256, 0, 512, 512)).resize((384, 768))
    hubble = _skimage("hubble_deep_field")  # 1000 x 872
    photos["hubble-a"] = hubble.crop((0, 0, 500, 436))
    photos["hubble-b"] = hubble.crop((500, 436, 1000, 872))
    retina = _skimage("retina")  # 1411 x 1411, a round fundus photo on black
    photos["retina-a"] = retina.crop((0, 0, 700, 700))
    photos["retina-b"] = retina.crop((711, 711, 1411, 1411))
    return photos


# ---------------------------------------------------------------- the ways a picture is reposted

def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path("sans-bold" if bold else "sans")), size)


def jpeg(img: Image.Image, quality: int) -> Image.Image:
    buf = io.BytesIO()
    img.convert("RGB").save(buf, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def crop(img: Image.Image, rng: np.random.Generator, amount: float = 0.15) -> Image.Image:
    """Remove `amount` of the width and of the height, split unevenly between the sides."""
    w, h = img.size
    left, top = rng.uniform(0, amount), rng.uniform(0, amount)
    return img.crop((round(left * w), round(top * h),
                     round(w - (amount - left) * w), round(h - (amount - top) * h)))


def watermark(img: Image.Image, rng: np.random.Generator) -> Image.Image:
    """A semi-transparent account name and a corner logo, as platforms stamp reposts."""
    img = img.convert("RGBA")
    w, h = img.size
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    size = max(14, w // 12)
    text = rng.choice(["@新媒体工作室", "© 摄影 小王", "微博 @风景日记", "WATERMARK"])
    x, y = rng.uniform(0.05, 0.4) * w, rng.uniform(0.3, 0.8) * h
    draw.text((x, y), text, font=_font(size, True), fill=(255, 255, 255, 150),
              stroke_width=max(1, size // 14), stroke_fill=(0, 0, 0, 110))
    r = max(10, w // 14)
    cx, cy = w - 1.6 * r, h - 1.6 * r
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(230, 40, 40, 170))
    draw.text((cx, cy), "V", font=_font(r, True), fill=(255, 255, 255, 220), anchor="mm")
    return Image.alpha_composite(img, layer).convert("RGB")


def tiled_mark(img: Image.Image, rng: np.random.Generator) -> Image.Image:
    """Repeated diagonal text over the whole picture (stock-photo style)."""
    img = img.convert("RGBA")
    w, h = img.size
    size = max(12, w // 16)
    tile = Image.new("RGBA", (w * 2, h * 2), (0, 0, 0, 0))
    draw = ImageDraw.Draw(tile)
    for yy in range(0, 2 * h, size * 4):
        for xx in range(-size * 4, 2 * w, size * 8):
            draw.text((xx + (yy // (size * 4)) % 2 * size * 4, yy), "样片 SAMPLE",
                      font=_font(size), fill=(255, 255, 255, 70))
    tile = tile.rotate(float(rng.uniform(20, 40)), center=(w, h))
    layer = tile.crop((w // 2, h // 2, w // 2 + w, h // 2 + h))
    return Image.alpha_composite(img, layer).convert("RGB")


def screenshot(img: Image.Image, rng: np.random.Generator, dark: bool = False) -> Image.Image:
    """The picture inside a phone screenshot: status bar, app bar, avatar, caption text above,
    buttons and a tab bar below, light or dark theme, full width or with margins."""
    W, H = 720, 1560
    bg = (18, 18, 18) if dark else tuple(int(v) for v in rng.choice([[255, 255, 255], [242, 242, 242]]))
    ink = (230, 230, 230) if dark else (30, 30, 30)
    soft = (140, 140, 140)
    shot = Image.new("RGB", (W, H), bg)
    draw = ImageDraw.Draw(shot)
    draw.text((30, 14), "9:41", font=_font(26, True), fill=ink)
    draw.rectangle((W - 80, 20, W - 36, 40), outline=ink, width=2)
    draw.rectangle((W - 76, 24, W - 50, 36), fill=ink)
    for i in range(4):
        draw.rectangle((W - 150 + i * 12, 40 - 6 * (i + 1), W - 142 + i * 12, 40), fill=ink)
    bar = tuple(int(v) for v in rng.choice([[237, 237, 237], [255, 130, 0], [7, 193, 96]])) if not dark else (32, 32, 32)
    draw.rectangle((0, 60, W, 150), fill=bar)
    draw.text((W // 2, 105), rng.choice(["朋友圈", "微博正文", "详情"]), font=_font(32, True),
              fill=(20, 20, 20) if not dark else ink, anchor="mm")
    draw.text((28, 105), "<", font=_font(40), fill=(20, 20, 20) if not dark else ink, anchor="lm")
    y = 180
    draw.rectangle((28, y, 108, y + 80), fill=tuple(int(v) for v in rng.integers(60, 200, 3)))
    draw.text((128, y + 6), "旅行的小李", font=_font(28, True), fill=(87, 107, 149))
    draw.text((128, y + 46), "2小时前 来自 iPhone", font=_font(22), fill=soft)
    y += 110
    for line in ["今天拍到的，太美了！分享给大家看看", "转发请注明出处 #摄影# #日常#"][: int(rng.integers(1, 3))]:
        draw.text((28, y), line, font=_font(28), fill=ink)
        y += 44
    y += 16
    margin = int(rng.choice([0, 28, 128]))
    pw = W - 2 * margin if margin < 100 else W - margin - 28
    ph = round(pw * img.height / img.width)
    if ph > H - y - 260:
        ph = H - y - 260
        pw = round(ph * img.width / img.height)
    shot.paste(img.resize((pw, ph), Image.Resampling.LANCZOS), (margin, y))
    y += ph + 24
    draw.text((28, y), "♡ 赞 128    评论 36    转发 12", font=_font(26), fill=soft)
    y += 60
    for line in ["小张：好看！", "阿May：这是哪里呀？求地址"]:
        if y < H - 180:
            draw.text((28, y), line, font=_font(24), fill=ink)
            y += 40
    draw.rectangle((0, H - 110, W, H), fill=(250, 250, 250) if not dark else (28, 28, 28))
    for i, label in enumerate(["首页", "发现", "消息", "我"]):
        draw.text((W * (2 * i + 1) // 8, H - 55), label, font=_font(22), fill=soft, anchor="mm")
    return shot


def photo_viewer(img: Image.Image) -> Image.Image:
    """A full-resolution phone screenshot of a photo viewer: black, picture centred."""
    W, H = 1080, 2340
    shot = Image.new("RGB", (W, H), (0, 0, 0))
    draw = ImageDraw.Draw(shot)
    draw.text((40, 20), "12:30", font=_font(40, True), fill=(255, 255, 255))
    scale = min(W / img.width, (H - 400) / img.height)
    pic = img.resize((round(img.width * scale), round(img.height * scale)), Image.Resampling.BICUBIC)
    shot.paste(pic, ((W - pic.width) // 2, (H - pic.height) // 2))
    draw.text((40, H - 120), "1/9    保存    分享", font=_font(40), fill=(200, 200, 200))
    return shot


def chat(img: Image.Image, rng: np.random.Generator) -> Image.Image:
    """The picture sent in a chat: grey window, avatar, a bubble-sized picture, input bar."""
    W, H = 750, 1334
    shot = Image.new("RGB", (W, H), (237, 237, 237))
    draw = ImageDraw.Draw(shot)
    draw.text((W // 2, 90), "小王", font=_font(34, True), fill=(0, 0, 0), anchor="mm")
    draw.line((0, 130, W, 130), fill=(210, 210, 210), width=2)
    draw.rectangle((30, 200, 110, 280), fill=tuple(int(v) for v in rng.integers(60, 200, 3)))
    w = int(rng.integers(380, 480))
    shot.paste(img.resize((w, round(w * img.height / img.width))), (130, 200))
    draw.rectangle((0, H - 110, W, H), fill=(247, 247, 247))
    draw.text((40, H - 70), "按住 说话", font=_font(30), fill=(100, 100, 100))
    return shot


def logo(img: Image.Image) -> Image.Image:
    """An opaque logo plate over the middle of the picture."""
    img = img.copy()
    draw = ImageDraw.Draw(img)
    w, h = img.size
    draw.rectangle((w * 0.35, h * 0.4, w * 0.65, h * 0.55), fill=(255, 255, 255))
    draw.text((w * 0.5, h * 0.475), "LOGO", font=_font(max(10, int(h * 0.08)), True), fill=(200, 0, 0), anchor="mm")
    return img


VARIANTS: dict[str, Callable] = {
    "resize": lambda im, rng: im.resize((max(32, im.width // 2), max(32, im.height // 2)), Image.Resampling.BILINEAR),
    "jpeg": lambda im, rng: jpeg(im, 25),
    "bright": lambda im, rng: ImageEnhance.Brightness(im).enhance(1.4),
    "grey": lambda im, rng: ImageOps.grayscale(im).convert("RGB"),
    "saturate": lambda im, rng: ImageEnhance.Color(im).enhance(1.8),
    "mirror": lambda im, rng: ImageOps.mirror(im),
    "crop": lambda im, rng: crop(im, rng),
    "crop-side": lambda im, rng: im.crop((round(0.15 * im.width), 0, im.width, im.height)),
    "watermark": lambda im, rng: watermark(im, rng),
    "tiled-mark": lambda im, rng: tiled_mark(im, rng),
    "logo": lambda im, rng: logo(im),
    "screenshot": lambda im, rng: jpeg(screenshot(im, rng), 85),
    "screenshot-dark": lambda im, rng: screenshot(im, rng, dark=True),
    "viewer": lambda im, rng: photo_viewer(im),
    "chat": lambda im, rng: jpeg(chat(im, rng), 80),
    "mirror-crop": lambda im, rng: crop(ImageOps.mirror(im), rng, 0.10),
    "screenshot-mark": lambda im, rng: jpeg(screenshot(watermark(im, rng), rng), 80),
}


def build(transforms=TRANSFORMS, names=None, seed: int = 7) -> list[Item]:
    """Originals and their reposted variants; every original is its own group."""
    rng = np.random.default_rng(seed)
    items = []
    for name, img in originals().items():
        if names is not None and name not in names:
            continue
        items.append(Item(name, name, "original", img))
        for t in transforms:
            items.append(Item(f"{name}~{t}", name, t, VARIANTS[t](img, rng)))
    return items


def write(folder, items: list[Item]) -> dict[str, str]:
    """Save items as files (PNG for originals, JPEG for most variants); returns path -> group."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    truth = {}
    for item in items:
        ext = ".png" if item.transform in ("original", "screenshot-dark", "mirror") else ".jpg"
        path = folder / f"{item.name.replace('~', '__')}{ext}"
        item.image.save(path, quality=92) if ext == ".jpg" else item.image.save(path)
        truth[str(path)] = item.group
    return truth
