"""Render a cover/poster canvas to a Pillow image at any scale, and export it at a preset's exact size.

Only bundled fonts are used. Each layer is drawn into its own RGBA tile (also used by the canvas
UI, so the screen shows exactly what is exported), rotated about its centre and composited.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Callable, Optional

import numpy as np
import qrcode
from qrcode.exceptions import DataOverflowError
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from studio.editor import imageops, textlayout
from studio.editor.canvas import FONTS, Canvas, Layer
from studio.editor.presets import Preset, get_preset, load_presets, load_stickers
from studio.project import jobs
from studio.project.errors import MediaError

Resolve = Callable[[int], str]  # asset id -> file path
QR_LEVELS = {"L": qrcode.constants.ERROR_CORRECT_L, "M": qrcode.constants.ERROR_CORRECT_M,
             "Q": qrcode.constants.ERROR_CORRECT_Q, "H": qrcode.constants.ERROR_CORRECT_H}


def rgba(color: str, alpha: float = 1.0) -> tuple[int, int, int, int]:
    return imageops.parse_color(color) + (int(round(255 * max(0.0, min(1.0, alpha)))),)


def font(name: str, size: int) -> ImageFont.FreeTypeFont:
    """A bundled font; any other name (a system family, a font file named in the design) is
    drawn with the bundled sans of the same weight: exports never depend on this computer."""
    if name not in FONTS:
        name = "sans-bold" if "bold" in str(name).lower() or "粗" in str(name) else "sans"
    return textlayout.load_font(name, max(1, min(2000, int(size))))


def _supersample(w: int, h: int) -> int:
    """Pillow draws polygons without anti-aliasing: draw larger, then shrink."""
    return max(1, min(4, 4000 // max(w, h, 1)))


# -- text ---------------------------------------------------------------------------------------
def wrap_text(text: str, fnt: ImageFont.FreeTypeFont, max_width: float, spacing: float = 0) -> list[str]:
    """Lines of `text` that fit `max_width`, broken by the shared Chinese rules (避头尾)."""
    if not spacing:
        return textlayout.wrap(text, fnt, max_width)
    lines: list[str] = []
    for para in text.replace("\r\n", "\n").split("\n"):
        def width_of(a: int, b: int, para=para) -> float:
            return fnt.getlength(para[a:b]) + spacing * (b - a)
        broken = textlayout.break_lines(para, width_of, max(1.0, max_width))
        lines.extend(para[line[0][0]:line[-1][1]] if line else "" for line in broken)
    return lines


def _width(s: str, fnt, spacing: float) -> float:
    return fnt.getlength(s) + spacing * max(0, len(s) - 1)


def _draw_line(draw, xy, s: str, fnt, fill, spacing: float, stroke: int, stroke_fill) -> None:
    if not spacing:
        draw.text(xy, s, font=fnt, fill=fill, stroke_width=stroke, stroke_fill=stroke_fill)
        return
    x, y = xy
    for ch in s:
        draw.text((x, y), ch, font=fnt, fill=fill, stroke_width=stroke, stroke_fill=stroke_fill)
        x += fnt.getlength(ch) + spacing


def render_text(layer: Layer, w: int, h: int, s: float) -> Image.Image:
    p = layer.props
    tile = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(tile)
    pad = float(p.get("padding", 0)) * s
    if p.get("background"):
        draw.rounded_rectangle((0, 0, w - 1, h - 1), radius=int(pad), fill=rgba(p["background"]))
    fnt = font(p.get("font", "sans-bold"), round(float(p.get("size", 48)) * s))
    spacing = float(p.get("letter_spacing", 0)) * s
    lines = wrap_text(str(p.get("text", "")), fnt, w - 2 * pad, spacing)
    ascent, descent = fnt.getmetrics()
    step = fnt.size * float(p.get("line_height", 1.3))
    block = step * (len(lines) - 1) + ascent + descent
    valign = p.get("valign", "top")
    y = pad if valign == "top" else (h - block) / 2 if valign == "middle" else h - pad - block
    stroke = int(round(float(p.get("stroke_width", 0)) * s))
    stroke_fill = rgba(p.get("stroke_color", "#ffffff"))
    fill = rgba(p.get("color", "#222222"))
    if p.get("shadow"):
        shadow = Image.new("RGBA", (w, h), (0, 0, 0, 0))
        _draw_lines(ImageDraw.Draw(shadow), lines, fnt, p, w, pad, y, step, spacing,
                    (0, 0, 0, 140), stroke, (0, 0, 0, 140))
        off = max(1, round(fnt.size * 0.06))
        shadow = shadow.filter(ImageFilter.GaussianBlur(max(1, fnt.size * 0.05)))
        tile.alpha_composite(shadow, (off, off) if off < min(w, h) else (0, 0))
    _draw_lines(draw, lines, fnt, p, w, pad, y, step, spacing, fill, stroke, stroke_fill)
    return tile


def _draw_lines(draw, lines, fnt, p, w, pad, y, step, spacing, fill, stroke, stroke_fill) -> None:
    align = p.get("align", "left")
    for line in lines:
        lw = _width(line, fnt, spacing)
        x = pad if align == "left" else (w - lw) / 2 if align == "center" else w - pad - lw
        _draw_line(draw, (x, y), line, fnt, fill, spacing, stroke, stroke_fill)
        y += step


# -- shapes and stickers ----------------------------------------------------------------------------
def render_shape(layer: Layer, w: int, h: int, s: float) -> Image.Image:
    """Each colour is drawn as a coverage mask `_supersample` times larger and averaged down: the
    same anti-aliased edges as shrinking a large RGBA drawing, some 30 times faster (a 600×600
    ellipse took 90 ms, too long for the canvas page, which draws tiles on the GUI thread)."""
    p = layer.props
    k = _supersample(w, h)
    fill = rgba(p["fill"]) if p.get("fill") else None
    stroke = rgba(p["stroke"]) if p.get("stroke") else None
    sw = int(round(float(p.get("stroke_width", 0)) * s * k)) if stroke else 0
    box = (0, 0, w * k - 1, h * k - 1)
    shape = p.get("shape", "rect")

    def draw(d: ImageDraw.ImageDraw, fill, outline) -> None:
        if shape == "ellipse":
            d.ellipse(box, fill=fill, outline=outline, width=sw)
        elif shape == "triangle":
            d.polygon([(w * k / 2, 0), (w * k - 1, h * k - 1), (0, h * k - 1)], fill=fill, outline=outline, width=sw)
        else:
            d.rounded_rectangle(box, radius=float(p.get("radius", 0)) * s * k, fill=fill, outline=outline, width=sw)

    tile = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    if shape == "line":  # a line is a thin filled bar; its height is the weight
        if fill or stroke:
            _paint(tile, fill or stroke, Image.new("L", (w, h), 255))
        return tile
    outline = stroke if sw else None
    if fill:  # the outline covers the fill (as Pillow draws them): it is cut out of the fill's mask
        mask = Image.new("L", (w * k, h * k), 0)
        draw(ImageDraw.Draw(mask), 255, 0 if outline else None)
        _paint(tile, fill, mask.reduce(k) if k > 1 else mask)
    if outline:
        mask = Image.new("L", (w * k, h * k), 0)
        draw(ImageDraw.Draw(mask), None, 255)
        _paint(tile, outline, mask.reduce(k) if k > 1 else mask)
    return tile


def _paint(tile: Image.Image, color: tuple[int, int, int, int], coverage: Image.Image) -> None:
    """Composite `color` onto `tile` where `coverage` (an L mask of the tile's size) says."""
    layer = Image.new("RGBA", tile.size, color)
    alpha = coverage if color[3] == 255 else coverage.point(lambda v: v * color[3] // 255)
    layer.putalpha(alpha)
    tile.alpha_composite(layer)


@lru_cache(maxsize=1)
def _stickers() -> dict:
    return load_stickers()


def render_sticker(layer: Layer, w: int, h: int, s: float) -> Image.Image:
    """Stickers are small vector drawings in a 100×100 box; '$color' and '$text' come from the layer."""
    p = layer.props
    spec = _stickers().get(p.get("sticker", "star"))
    if spec is None:
        raise MediaError(f"未知贴纸 / Unknown sticker {p.get('sticker')!r}; pick one from the sticker panel.")
    k = _supersample(w, h)
    W, H = w * k, h * k
    sx, sy = W / 100, H / 100
    tile = Image.new("RGBA", (W, H), (0, 0, 0, 0))
    draw = ImageDraw.Draw(tile)

    def col(c):
        return rgba(p.get("color", "#ffb400") if c == "$color" else c) if c else None

    for item in spec["shapes"]:
        kind = item["type"]
        fill, outline = col(item.get("fill")), col(item.get("stroke"))
        width = int(round(item.get("width", 0) * min(sx, sy)))
        if kind == "polygon":
            draw.polygon([(x * sx, y * sy) for x, y in item["points"]], fill=fill, outline=outline, width=width)
        elif kind == "line":
            draw.line([(x * sx, y * sy) for x, y in item["points"]], fill=outline or fill, width=width, joint="curve")
        elif kind in ("ellipse", "rect"):
            x0, y0, bw, bh = item["box"]
            box = (x0 * sx, y0 * sy, (x0 + bw) * sx, (y0 + bh) * sy)
            if kind == "ellipse":
                draw.ellipse(box, fill=fill, outline=outline, width=width)
            else:
                draw.rounded_rectangle(box, radius=item.get("radius", 0) * min(sx, sy), fill=fill, outline=outline, width=width)
        elif kind == "text":
            text = (p.get("text") or item.get("default", "")) if item.get("text") == "$text" else item.get("text", "")
            x0, y0, bw, bh = item["box"]
            _fit_text(draw, text, (x0 * sx, y0 * sy, bw * sx, bh * sy), item.get("font", "sans-bold"), fill)
    return tile.resize((w, h), Image.Resampling.LANCZOS) if k > 1 else tile


def _fit_text(draw, text: str, box, font_name: str, fill) -> None:
    """One line of text, as large as fits the box, centred (sticker labels such as 'NEW')."""
    if not text:
        return
    x, y, bw, bh = box
    size = max(4, int(bh))
    fnt = font(font_name, size)
    while size > 4 and fnt.getlength(text) > bw:
        size = int(size * 0.9)
        fnt = font(font_name, size)
    draw.text((x + bw / 2, y + bh / 2), text, font=fnt, fill=fill, anchor="mm")


# -- QR ------------------------------------------------------------------------------------------
def qr_matrix(data: str, level: str = "M", border: int = 2) -> np.ndarray:
    """Boolean module matrix (True = dark) including the quiet zone."""
    if not data.strip():
        raise MediaError("二维码内容为空 / The QR code has no link or text: enter one.")
    qr = qrcode.QRCode(error_correction=QR_LEVELS.get(level, QR_LEVELS["M"]), border=int(border), box_size=1)
    qr.add_data(data)
    try:
        qr.make(fit=True)
    except (DataOverflowError, ValueError):  # too long even for the largest version (40)
        raise MediaError(f"二维码内容太长（{len(data)} 个字符）/ The QR code's text is too long ({len(data)} "
                         "characters): use a shorter link or a lower error-correction level.") from None
    return np.array(qr.get_matrix(), dtype=bool)


def render_qr(layer: Layer, w: int, h: int, s: float) -> Image.Image:
    p = layer.props
    m = qr_matrix(str(p.get("data", "")), p.get("level", "M"), int(p.get("border", 2)))
    side = min(w, h)
    fg, bg = rgba(p.get("fg", "#000000")), rgba(p.get("bg", "#ffffff"))
    pixels = np.where(m[..., None], np.array(fg, np.uint8), np.array(bg, np.uint8))
    small = Image.fromarray(pixels.astype(np.uint8))
    code = small.resize((side, side), Image.Resampling.NEAREST)
    tile = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    tile.paste(code, ((w - side) // 2, (h - side) // 2))
    return tile


# -- images ------------------------------------------------------------------------------------------
def image_path(layer: Layer, resolve: Optional[Resolve]) -> str:
    asset_id = layer.props.get("asset_id")
    if asset_id is not None and resolve is not None:
        return resolve(int(asset_id))
    return str(layer.props.get("path") or "")


def render_image(layer: Layer, w: int, h: int, s: float, resolve: Optional[Resolve] = None,
                 placeholder: bool = False) -> Image.Image:
    path = image_path(layer, resolve)
    if not path:
        return _placeholder(w, h) if placeholder else Image.new("RGBA", (w, h), (0, 0, 0, 0))
    img = _edited_source(path, json.dumps(layer.props.get("edits") or []), _mtime(path), resolve)
    fit = layer.props.get("fit", "cover")
    if fit == "stretch":
        out = img.resize((w, h), Image.Resampling.LANCZOS)
    else:
        scale = (max if fit == "cover" else min)(w / img.width, h / img.height)
        size = (max(1, round(img.width * scale)), max(1, round(img.height * scale)))
        img = img.resize(size, Image.Resampling.LANCZOS)
        out = Image.new("RGBA", (w, h), (0, 0, 0, 0))
        _composite(out, img, (w - size[0]) // 2, (h - size[1]) // 2)  # cover overhangs, contain pads
    radius = float(layer.props.get("radius", 0)) * s
    if radius > 0:
        mask = Image.new("L", (w, h), 0)
        ImageDraw.Draw(mask).rounded_rectangle((0, 0, w - 1, h - 1), radius=radius, fill=255)
        out.putalpha(Image.fromarray(np.minimum(np.asarray(out.getchannel("A")), np.asarray(mask))))
    return out


@lru_cache(maxsize=6)
def _edited_source(path: str, edits_json: str, mtime: float, resolve) -> Image.Image:
    """The layer's picture with its edits, cached: dragging a resize handle re-fits it many times."""
    return imageops.render_edit(path, json.loads(edits_json), resolve).convert("RGBA")


def _mtime(path: str) -> float:
    try:
        return Path(path).stat().st_mtime
    except OSError:
        return 0.0


def _placeholder(w: int, h: int) -> Image.Image:
    tile = Image.new("RGBA", (w, h), (220, 224, 232, 255))
    draw = ImageDraw.Draw(tile)
    for x in range(-h, w, max(12, min(w, h) // 8)):
        draw.line([(x, h), (x + h, 0)], fill=(200, 205, 215, 255), width=max(1, min(w, h) // 60))
    draw.text((w / 2, h / 2), "拖入图片", font=font("sans", max(8, min(w, h) // 8)), fill=(110, 118, 135, 255), anchor="mm")
    return tile


# -- layers and canvas ---------------------------------------------------------------------------
RENDERERS = {"text": render_text, "shape": render_shape, "sticker": render_sticker, "qr": render_qr}


def render_layer(layer: Layer, scale: float = 1.0, resolve: Optional[Resolve] = None,
                 placeholder: bool = False) -> Image.Image:
    """The layer's unrotated tile at `scale`, opacity applied."""
    w, h = max(1, round(layer.w * scale)), max(1, round(layer.h * scale))
    if layer.kind == "image":
        tile = render_image(layer, w, h, scale, resolve, placeholder)
    else:
        tile = RENDERERS[layer.kind](layer, w, h, scale)
    if layer.opacity < 1:
        alpha = np.asarray(tile.getchannel("A"), dtype=np.float32) * max(0.0, layer.opacity)
        tile.putalpha(Image.fromarray(alpha.astype(np.uint8)))
    return tile


def paint_background(size: tuple[int, int], bg: dict) -> Image.Image:
    w, h = size
    if bg.get("type") == "linear":
        colors = [np.array(rgba(c), np.float32) for c in bg.get("colors", ["#ffffff", "#000000"])]
        angle = np.deg2rad(float(bg.get("angle", 90)))  # 90 = top to bottom, 0 = left to right
        xs, ys = np.meshgrid(np.linspace(0, 1, w, dtype=np.float32), np.linspace(0, 1, h, dtype=np.float32))
        t = xs * np.cos(angle) + ys * np.sin(angle)
        t = (t - t.min()) / max(1e-6, float(t.max() - t.min()))
        seg = np.minimum((t * (len(colors) - 1)).astype(int), len(colors) - 2) if len(colors) > 1 else t * 0
        out = np.zeros((h, w, 4), np.float32)
        if len(colors) == 1:
            out[:] = colors[0]
        for i in range(len(colors) - 1):
            local = (t * (len(colors) - 1) - i)[..., None]
            mask = (seg == i)[..., None]
            out = np.where(mask, colors[i] + (colors[i + 1] - colors[i]) * local, out)
        return Image.fromarray(np.clip(out, 0, 255).astype(np.uint8))
    return Image.new("RGBA", (w, h), rgba(bg.get("color", "#ffffff")))


def _composite(base: Image.Image, tile: Image.Image, x: int, y: int) -> None:
    """alpha_composite that allows the tile to hang over any edge."""
    left, top = max(0, -x), max(0, -y)
    right, bottom = min(tile.width, base.width - x), min(tile.height, base.height - y)
    if right > left and bottom > top:
        base.alpha_composite(tile, (x + left, y + top), (left, top, right, bottom))


def render(canvas: Canvas, scale: float = 1.0, resolve: Optional[Resolve] = None, *,
           placeholder: bool = False, skip: Optional[set] = None,
           progress: Optional[jobs.Progress] = None, cancel: Optional[jobs.CancelToken] = None) -> Image.Image:
    """The whole canvas as RGBA at `scale` (size rounds to canvas size × scale)."""
    W, H = max(1, round(canvas.width * scale)), max(1, round(canvas.height * scale))
    base = paint_background((W, H), canvas.background)
    visible = [layer for layer in canvas.layers if layer.visible and layer.id not in (skip or ())]
    for i, layer in enumerate(visible):
        jobs.check(cancel)
        tile = render_layer(layer, scale, resolve, placeholder)
        cx, cy = (layer.x + layer.w / 2) * scale, (layer.y + layer.h / 2) * scale
        if layer.rotation % 360:
            tile = tile.rotate(-layer.rotation, resample=Image.Resampling.BICUBIC, expand=True)
        _composite(base, tile, round(cx - tile.width / 2), round(cy - tile.height / 2))
        if progress:
            progress(i + 1, len(visible))
    return base


# -- presets and export ------------------------------------------------------------------------------
def safe_area_px(canvas: Canvas, presets: Optional[dict[str, Preset]] = None) -> tuple[float, float, float, float]:
    """The canvas's safe area in pixels: its preset's, or the centred square when it has none."""
    presets = presets if presets is not None else load_presets()
    preset = presets.get(canvas.preset)
    if preset and preset.safe_area:
        fx, fy, fw, fh = preset.safe_area
        return fx * canvas.width, fy * canvas.height, fw * canvas.width, fh * canvas.height
    side = min(canvas.width, canvas.height)
    return (canvas.width - side) / 2, (canvas.height - side) / 2, side, side


def render_preset(canvas: Canvas, preset: Preset, resolve: Optional[Resolve] = None,
                  presets: Optional[dict[str, Preset]] = None, **kw) -> Image.Image:
    """Exactly preset.width × preset.height. A derived preset (thumbnail) cuts the design's safe
    area; any other size scales the design to cover it and centres."""
    W, H = preset.width, preset.height
    if preset.crop == "safe_area":
        rx, ry, rw, rh = safe_area_px(canvas, presets)
    else:
        rx, ry, rw, rh = 0.0, 0.0, float(canvas.width), float(canvas.height)
    scale = max(W / rw, H / rh)
    img = render(canvas, scale, resolve, **kw)
    left = rx * scale + (rw * scale - W) / 2
    top = ry * scale + (rh * scale - H) / 2
    box = (round(left), round(top), round(left) + W, round(top) + H)
    out = img.crop(box)
    return out if out.size == (W, H) else out.resize((W, H), Image.Resampling.LANCZOS)


def export(canvas: Canvas, out: str | Path, preset: Optional[str] = None, *, fmt: Optional[str] = None,
           max_bytes: Optional[int] = None, resolve: Optional[Resolve] = None,
           progress=None, cancel=None) -> imageops.Encoded:
    """Write PNG/JPEG at the preset's exact size (the canvas's own size when no preset is given)."""
    presets = load_presets()
    if preset:
        img = render_preset(canvas, get_preset(preset, presets), resolve, presets,
                            progress=progress, cancel=cancel)
    else:
        img = render(canvas, 1.0, resolve, progress=progress, cancel=cancel)
    return imageops.save_image(img, out, fmt, max_bytes)
