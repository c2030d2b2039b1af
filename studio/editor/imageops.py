"""Non-destructive image edits (图片编辑): a list of operation dicts applied to a copy of the original.

Positions and regions are fractions of the image *at that step*, so the same list previews on a
small proxy and exports at full size with identical framing. Only `resize` uses pixels; pass
`scale` (proxy size / real size) when previewing. The source file is opened read-only and never
written. Example: [{"op": "crop", "box": [0, 0, .5, 1]}, {"op": "mosaic", "box": [...]}].
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

import numpy as np
from PIL import Image, ImageColor, ImageDraw, ImageEnhance, ImageFilter, ImageFont, ImageOps

from studio.project import output
from studio.project.errors import MediaError, StudioError
from studio.resources import font_path

Resolve = Callable[[int], str]  # asset id -> file path (logos from the library)

ASPECTS: dict[str, Optional[tuple[int, int]]] = {
    "free": None, "1:1": (1, 1), "4:3": (4, 3), "3:4": (3, 4), "3:2": (3, 2), "2:3": (2, 3),
    "16:9": (16, 9), "9:16": (9, 16), "2.35:1": (900, 383),
}
POSITIONS = ("top-left", "top", "top-right", "left", "center", "right",
             "bottom-left", "bottom", "bottom-right", "tile")
FILTERS = {  # key: (中文, English)
    "grayscale": ("黑白", "Black & white"), "sepia": ("怀旧", "Sepia"), "warm": ("暖阳", "Warm"),
    "cool": ("清冷", "Cool"), "vivid": ("鲜艳", "Vivid"), "fade": ("褪色胶片", "Faded film"),
}
FORMATS = {"jpeg": "JPEG", "jpg": "JPEG", "png": "PNG", "webp": "WEBP"}


class EditError(StudioError):
    pass


# -- loading ------------------------------------------------------------------------------------
def load_image(path: str | Path) -> Image.Image:
    """Decode an image (EXIF orientation applied) fully into memory; the file is only read."""
    try:
        with Image.open(path) as im:
            im.load()
            img = ImageOps.exif_transpose(im)
    except FileNotFoundError:
        raise MediaError(f"找不到图片 / Image not found: {path}. Relink it in the library.") from None
    except (OSError, Image.DecompressionBombError) as err:
        raise MediaError(f"无法读取图片 / Cannot read image {path}: {err}") from None
    return img.convert("RGBA" if _has_alpha(img) else "RGB")


def _has_alpha(img: Image.Image) -> bool:
    return img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info)


def _on_rgb(img: Image.Image, fn: Callable[[Image.Image], Image.Image]) -> Image.Image:
    """Run a colour operation on RGB only, so transparency survives (Enhance would fade alpha)."""
    if img.mode != "RGBA":
        return fn(img.convert("RGB"))
    out = fn(img.convert("RGB")).convert("RGBA")
    out.putalpha(img.getchannel("A"))
    return out


def _px_box(img: Image.Image, box) -> tuple[int, int, int, int]:
    """Fractions [x, y, w, h] -> pixel (left, top, right, bottom), clamped, at least 1 px."""
    x, y, w, h = (float(v) for v in box)
    W, H = img.size
    left = int(round(max(0.0, min(1.0, x)) * W))
    top = int(round(max(0.0, min(1.0, y)) * H))
    right = int(round(max(0.0, min(1.0, x + w)) * W))
    bottom = int(round(max(0.0, min(1.0, y + h)) * H))
    return left, top, max(right, min(left + 1, W)), max(bottom, min(top + 1, H))


# -- operations -----------------------------------------------------------------------------------
def op_crop(img, op, **_):
    return img.crop(_px_box(img, op["box"]))


def op_rotate(img, op, **_):
    angle = float(op.get("angle", 90)) % 360
    lossless = {90: Image.Transpose.ROTATE_270, 180: Image.Transpose.ROTATE_180,
                270: Image.Transpose.ROTATE_90}  # op angles are clockwise, PIL's counter-clockwise
    if angle == 0:
        return img
    if angle in lossless:
        return img.transpose(lossless[angle])
    fill = (0, 0, 0, 0) if img.mode == "RGBA" else parse_color(op.get("fill", "#ffffff"))
    return img.rotate(-angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=fill)


def op_flip(img, op, **_):
    axis = op.get("axis", "h")
    return img.transpose(Image.Transpose.FLIP_LEFT_RIGHT if axis == "h" else Image.Transpose.FLIP_TOP_BOTTOM)


def op_resize(img, op, scale: float = 1.0, **_):
    w, h = op.get("width"), op.get("height")
    W, H = img.size
    if not w and not h:
        return img
    if w and h:
        size = (int(w), int(h))
    elif w:
        size = (int(w), max(1, round(H * int(w) / W)))
    else:
        size = (max(1, round(W * int(h) / H)), int(h))
    size = (max(1, round(size[0] * scale)), max(1, round(size[1] * scale)))
    return img.resize(size, Image.Resampling.LANCZOS)


def op_adjust(img, op, **_):
    enhancers = {"brightness": ImageEnhance.Brightness, "contrast": ImageEnhance.Contrast,
                 "saturation": ImageEnhance.Color, "sharpness": ImageEnhance.Sharpness}

    def run(rgb):
        for key, cls in enhancers.items():
            factor = float(op.get(key, 1.0))
            if abs(factor - 1.0) > 1e-6:
                rgb = cls(rgb).enhance(factor)
        return rgb

    return _on_rgb(img, run)


def _filter_rgb(rgb: Image.Image, name: str) -> Image.Image:
    a = np.asarray(rgb, dtype=np.float32)
    if name == "grayscale":
        g = a @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
        a = np.repeat(g[..., None], 3, axis=2)
    elif name == "sepia":
        m = np.array([[0.393, 0.769, 0.189], [0.349, 0.686, 0.168], [0.272, 0.534, 0.131]], np.float32)
        a = a @ m.T
    elif name == "warm":
        a = a * np.array([1.08, 1.02, 0.88], np.float32) + np.array([8, 4, 0], np.float32)
    elif name == "cool":
        a = a * np.array([0.9, 1.0, 1.1], np.float32) + np.array([0, 2, 10], np.float32)
    elif name == "vivid":
        g = (a @ np.array([0.299, 0.587, 0.114], np.float32))[..., None]
        a = g + (a - g) * 1.45
        a = (a - 128) * 1.1 + 128
    elif name == "fade":
        g = (a @ np.array([0.299, 0.587, 0.114], np.float32))[..., None]
        a = g + (a - g) * 0.7
        a = 30 + a * (215 / 255)
    else:
        raise EditError(f"未知滤镜 / Unknown filter {name!r}; use one of {', '.join(FILTERS)}.")
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))


def op_filter(img, op, **_):
    name, strength = op.get("name", "grayscale"), float(op.get("strength", 1.0))

    def run(rgb):
        out = _filter_rgb(rgb, name)
        return out if strength >= 1 else Image.blend(rgb, out, max(0.0, strength))

    return _on_rgb(img, run)


def _place(size: tuple[int, int], item: tuple[int, int], position: str, margin: int) -> tuple[int, int]:
    (W, H), (w, h) = size, item
    col = 0 if position.endswith("left") else 2 if position.endswith("right") else 1
    row = 0 if position.startswith("top") else 2 if position.startswith("bottom") else 1
    xs = (margin, (W - w) // 2, W - w - margin)
    ys = (margin, (H - h) // 2, H - h - margin)
    return xs[col], ys[row]


def _stamp(img: Image.Image, mark: Image.Image, op: dict) -> Image.Image:
    """Composite an RGBA mark at a 9-grid position (or tiled) with the op's opacity."""
    opacity = max(0.0, min(1.0, float(op.get("opacity", 0.5))))
    alpha = mark.getchannel("A").point(lambda v: int(v * opacity))
    mark.putalpha(alpha)
    base = img.convert("RGBA")
    position = op.get("position", "bottom-right")
    if position not in POSITIONS:
        raise EditError(f"未知位置 / Unknown position {position!r}; use one of {', '.join(POSITIONS)}.")
    if position == "tile":
        tile = mark.rotate(30, expand=True, resample=Image.Resampling.BICUBIC)
        step_x, step_y = int(tile.width * 1.6) + 1, int(tile.height * 2.2) + 1
        for row, y in enumerate(range(-tile.height // 2, base.height, step_y)):
            for x in range(-tile.width + (row % 2) * step_x // 2, base.width, step_x):
                base.alpha_composite(tile, (max(x, 0), max(y, 0)), (max(-x, 0), max(-y, 0)))
    else:
        margin = int(round(float(op.get("margin", 0.03)) * min(base.size)))
        x, y = _place(base.size, mark.size, position, margin)
        base.alpha_composite(mark, (max(0, x), max(0, y)))
    return base if img.mode == "RGBA" else base.convert("RGB")


def op_watermark_text(img, op, **_):
    text = str(op.get("text", "")).strip()
    if not text:
        return img
    size = max(8, int(round(float(op.get("size", 0.05)) * img.width)))
    font = ImageFont.truetype(str(font_path(op.get("font", "sans-bold"))), size)
    left, top, right, bottom = font.getbbox(text)
    pad = max(1, size // 10)
    mark = Image.new("RGBA", (right - left + 2 * pad, bottom - top + 2 * pad), (0, 0, 0, 0))
    draw = ImageDraw.Draw(mark)
    shadow = op.get("shadow", True)
    if shadow:
        draw.text((pad - left + 1, pad - top + 1), text, font=font, fill=(0, 0, 0, 110))
    draw.text((pad - left, pad - top), text, font=font, fill=parse_color(op.get("color", "#ffffff")) + (255,))
    return _stamp(img, mark, op)


def op_watermark_logo(img, op, resolve: Optional[Resolve] = None, **_):
    path = op.get("path") or (resolve(int(op["asset_id"])) if resolve and op.get("asset_id") else "")
    if not path:
        raise EditError("水印图片未设置 / The logo watermark has no image: choose one from the library.")
    logo = load_image(path).convert("RGBA")
    width = max(1, int(round(float(op.get("scale", 0.2)) * img.width)))
    logo = logo.resize((width, max(1, round(logo.height * width / logo.width))), Image.Resampling.LANCZOS)
    return _stamp(img, logo, op)


def op_mosaic(img, op, **_):
    """Pixelate (马赛克) or blur (模糊) one region, e.g. a face or a phone number."""
    box = _px_box(img, op["box"])
    region = img.crop(box)
    amount = max(2, int(round(float(op.get("size", 0.03)) * max(img.size))))
    if op.get("mode", "pixelate") == "blur":
        region = region.filter(ImageFilter.GaussianBlur(amount))
    else:
        small = region.resize((max(1, region.width // amount), max(1, region.height // amount)),
                              Image.Resampling.BILINEAR)
        region = small.resize(region.size, Image.Resampling.NEAREST)
    out = img.copy()
    out.paste(region, box[:2])
    return out


def op_compress(img, op, **_):
    return img  # an export setting kept in the list so it is saved with the edit


OPS: dict[str, Callable] = {
    "crop": op_crop, "rotate": op_rotate, "flip": op_flip, "resize": op_resize,
    "adjust": op_adjust, "filter": op_filter, "watermark_text": op_watermark_text,
    "watermark_logo": op_watermark_logo, "mosaic": op_mosaic, "compress": op_compress,
}
OP_LABELS = {  # for the history list in the UI
    "crop": ("裁剪", "Crop"), "rotate": ("旋转", "Rotate"), "flip": ("翻转", "Flip"),
    "resize": ("缩放", "Resize"), "adjust": ("调色", "Adjust"), "filter": ("滤镜", "Filter"),
    "watermark_text": ("文字水印", "Text watermark"), "watermark_logo": ("图片水印", "Logo watermark"),
    "mosaic": ("马赛克/模糊", "Mosaic/blur"), "compress": ("压缩", "Compress"),
}


def validate_ops(ops: list[dict]) -> list[dict]:
    for op in ops:
        if not isinstance(op, dict) or op.get("op") not in OPS:
            raise EditError(f"未知编辑操作 / Unknown edit operation {op!r}; known: {', '.join(OPS)}.")
        if op["op"] in ("crop", "mosaic") and len(op.get("box", ())) != 4:
            raise EditError(f"{op['op']} 需要区域 box=[x, y, w, h] / needs a box of 4 fractions.")
    return ops


def apply_ops(img: Image.Image, ops: list[dict], resolve: Optional[Resolve] = None,
              scale: float = 1.0) -> Image.Image:
    """Apply edits in order to a copy of `img`; `scale` = proxy/real size for pixel-valued ops."""
    out = img.copy()
    for op in validate_ops(ops):
        out = OPS[op["op"]](out, op, resolve=resolve, scale=scale)
    return out


def render_edit(path: str | Path, ops: list[dict], resolve: Optional[Resolve] = None,
                max_side: int = 0) -> Image.Image:
    """The edited image; `max_side` > 0 makes a fast preview from a shrunken proxy."""
    img = load_image(path)
    scale = 1.0
    if max_side and max(img.size) > max_side:
        scale = max_side / max(img.size)
        img = img.resize((max(1, round(img.width * scale)), max(1, round(img.height * scale))),
                         Image.Resampling.BILINEAR)
    return apply_ops(img, ops, resolve, scale)


# -- export and compression -------------------------------------------------------------------------
@dataclass
class Encoded:
    data: bytes
    format: str
    width: int
    height: int
    quality: Optional[int] = None


def encode(img: Image.Image, fmt: str = "PNG", quality: int = 92) -> bytes:
    fmt = FORMATS.get(fmt.lower(), fmt.upper())
    buf = io.BytesIO()
    if fmt == "JPEG":
        _flatten(img).save(buf, "JPEG", quality=quality, optimize=True, progressive=True)
    elif fmt == "WEBP":
        img.save(buf, "WEBP", quality=quality, method=4)
    else:
        img.save(buf, fmt, optimize=True)
    return buf.getvalue()


def _flatten(img: Image.Image) -> Image.Image:
    if img.mode != "RGBA":
        return img.convert("RGB")
    bg = Image.new("RGB", img.size, (255, 255, 255))
    bg.paste(img, mask=img.getchannel("A"))
    return bg


def _fit_quality(img: Image.Image, fmt: str, max_bytes: int, lo: int = 30, hi: int = 95) -> Optional[Encoded]:
    """Highest quality in [lo, hi] whose encoding fits, by binary search; None when none fits."""
    best = None
    while lo <= hi:
        q = (lo + hi) // 2
        data = encode(img, fmt, q)
        if len(data) <= max_bytes:
            best, lo = Encoded(data, fmt, img.width, img.height, q), q + 1
        else:
            hi = q - 1
    return best


def compress_to_limit(img: Image.Image, max_bytes: int, fmt: str = "JPEG") -> Encoded:
    """Encode under `max_bytes`: lower the quality first, then shrink the pixels (压缩到指定大小)."""
    fmt = FORMATS.get(fmt.lower(), fmt.upper())
    if max_bytes < 1024:
        raise EditError(f"大小上限太小 / A limit of {max_bytes} bytes is too small; use at least 1 KB.")
    current = img
    for _ in range(12):
        if fmt == "PNG":
            data = encode(current, "PNG")
            if len(data) > max_bytes:  # palette PNG is often 3-4× smaller than truecolour
                data = encode(current.quantize(256, dither=Image.Dither.FLOYDSTEINBERG), "PNG")
            found = Encoded(data, fmt, current.width, current.height) if len(data) <= max_bytes else None
        else:
            found = _fit_quality(current, fmt, max_bytes)
        if found:
            return found
        if min(current.size) <= 16:
            break
        size = len(encode(current, fmt, 30))
        factor = max(0.3, min(0.9, (max_bytes / size) ** 0.5 * 0.95))
        current = current.resize((max(16, int(current.width * factor)), max(16, int(current.height * factor))),
                                 Image.Resampling.LANCZOS)
    raise EditError(f"无法压缩到 {max_bytes // 1024} KB 以内 / Cannot fit under {max_bytes} bytes; raise the limit.")


def output_format(path: str | Path, fmt: Optional[str] = None) -> str:
    key = (fmt or Path(path).suffix.lstrip(".") or "png").lower()
    if key not in FORMATS:
        raise EditError(f"不支持的格式 / Unsupported format {key!r}; use PNG, JPEG or WEBP.")
    return FORMATS[key]


def save_image(img: Image.Image, out: str | Path, fmt: Optional[str] = None,
               max_bytes: Optional[int] = None, quality: int = 92) -> Encoded:
    """Write `img` to `out` (format from the suffix unless given), optionally under a size limit."""
    fmt = output_format(out, fmt)
    if max_bytes:
        enc = compress_to_limit(img, max_bytes, fmt)
    else:
        enc = Encoded(encode(img, fmt, quality), fmt, img.width, img.height, quality)
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(out, enc.data)
    return enc


def export_edit(path: str | Path, ops: list[dict], out: str | Path, *, fmt: Optional[str] = None,
                resolve: Optional[Resolve] = None) -> Encoded:
    """Render the edits of `path` into a new file `out`; a `compress` op sets format and size limit."""
    if Path(out).resolve() == Path(path).resolve():
        raise EditError("不能覆盖原图 / Export would overwrite the original; choose another file name.")
    compress = next((op for op in reversed(ops) if op.get("op") == "compress"), None)
    max_bytes = int(float(compress["max_kb"]) * 1024) if compress and compress.get("max_kb") else None
    fmt = fmt or (compress or {}).get("format")
    return save_image(render_edit(path, ops, resolve), out, fmt, max_bytes)


def crop_for_aspect(width: int, height: int, aspect: str) -> list[float]:
    """The largest centred crop box (fractions) with the given aspect preset."""
    ratio = ASPECTS.get(aspect)
    if aspect not in ASPECTS:
        raise EditError(f"未知比例 / Unknown aspect {aspect!r}; use one of {', '.join(ASPECTS)}.")
    if ratio is None:
        return [0.0, 0.0, 1.0, 1.0]
    target = ratio[0] / ratio[1]
    if width / height > target:
        w = height * target / width
        return [(1 - w) / 2, 0.0, w, 1.0]
    h = width / target / height
    return [0.0, (1 - h) / 2, 1.0, h]


def parse_color(color: str) -> tuple[int, int, int]:
    """'#RRGGBB' (or any CSS colour name) -> (r, g, b); a user-facing error otherwise."""
    try:
        return ImageColor.getrgb(color)[:3]
    except (ValueError, AttributeError):
        raise EditError(f"无效颜色 / Invalid colour {color!r}; use #RRGGBB.") from None
