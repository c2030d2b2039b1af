"""Small preview pictures stored in the project: photo thumbnails, video frames, audio
waveforms, font specimens and text cards. All return JPEG bytes no larger than THUMB_SIZE."""
from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from typing import Optional

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from studio.resources import font_path

THUMB_SIZE = 256
CARD = (THUMB_SIZE, THUMB_SIZE * 3 // 4)
BACKGROUND = (246, 246, 243)
INK = (40, 40, 40)
ACCENT = (52, 120, 200)
FONT_SAMPLE_ZH = "永和九年 春风"
FONT_SAMPLE_LATIN = "AaBbCc 123"


def encode(img: Image.Image, quality: int = 82) -> bytes:
    """Shrink to THUMB_SIZE (keeping aspect) and encode as JPEG, flattening transparency."""
    if img.mode not in ("RGB", "L"):
        img = flatten(img)
    if max(img.size) > THUMB_SIZE:
        img = img.copy() if img.readonly else img
        img.thumbnail((THUMB_SIZE, THUMB_SIZE), Image.Resampling.BILINEAR, reducing_gap=2.0)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def flatten(img: Image.Image) -> Image.Image:
    """RGB version of any mode; transparent areas become the card background."""
    if img.mode == "P" and "transparency" in img.info:
        img = img.convert("RGBA")
    if img.mode in ("RGBA", "LA", "PA"):
        rgba = img.convert("RGBA")
        base = Image.new("RGB", rgba.size, BACKGROUND)
        base.paste(rgba, mask=rgba.getchannel("A"))
        return base
    if img.mode == "I;16" or img.mode.startswith("I;16"):
        img = img.point(lambda v: v / 256).convert("L")  # 16-bit grey: keep the top byte
    return img.convert("RGB")


@lru_cache(maxsize=8)
def _ui_font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path("sans-bold" if bold else "sans")), size)


def waveform(samples: np.ndarray) -> bytes:
    """A min/max envelope of mono samples drawn as a card."""
    w, h = CARD
    img = Image.new("RGB", CARD, BACKGROUND)
    draw = ImageDraw.Draw(img)
    mid = h // 2
    if samples.size:
        cols = np.array_split(np.asarray(samples, dtype=np.float32), w)
        peak = max(float(np.abs(samples).max()), 1e-6)
        for x, col in enumerate(cols):
            if col.size:
                top = mid - int(col.max() / peak * (mid - 6))
                bottom = mid - int(col.min() / peak * (mid - 6))
                draw.line([(x, top), (x, max(bottom, top + 1))], fill=ACCENT)
    else:
        draw.line([(0, mid), (w, mid)], fill=ACCENT)
    return encode(img)


def font_specimen(path: str | Path, index: int = 0, covers_chinese: bool = True) -> bytes:
    """The sample text set in the font itself: Chinese when the font has the glyphs."""
    img = Image.new("RGB", CARD, (255, 255, 255))
    draw = ImageDraw.Draw(img)
    w, h = CARD
    big = ImageFont.truetype(str(path), h // 5, index=index)
    small = ImageFont.truetype(str(path), h // 7, index=index)
    line1 = FONT_SAMPLE_ZH if covers_chinese else "Handgloves"
    _draw_fitted(draw, line1, big, (w // 16, h // 6), w - w // 8, INK)
    _draw_fitted(draw, FONT_SAMPLE_LATIN, small, (w // 16, h * 3 // 5), w - w // 8, INK)
    return encode(img)


def text_card(title: str, body: str) -> bytes:
    """First lines of a text file or note on a paper-coloured card (bundled sans font)."""
    w, h = CARD
    img = Image.new("RGB", CARD, (255, 253, 245))
    draw = ImageDraw.Draw(img)
    pad = w // 16
    y = pad
    head = _ui_font(h // 9, bold=True)
    _draw_fitted(draw, title or " ", head, (pad, y), w - 2 * pad, INK)
    y += h // 9 + pad // 2
    body_font = _ui_font(h // 13)
    line_h = h // 13 + 4
    for line in _wrap(body, body_font, w - 2 * pad):
        if y + line_h > h - pad // 2:
            break
        draw.text((pad, y), line, font=body_font, fill=(90, 90, 90))
        y += line_h
    return encode(img)


def _draw_fitted(draw: ImageDraw.ImageDraw, text: str, font, xy, width: int, fill) -> None:
    while text and draw.textlength(text, font=font) > width:
        text = text[:-1]
    draw.text(xy, text, font=font, fill=fill)


def _wrap(text: str, font, width: int) -> list[str]:
    """Greedy per-character wrap; good enough for Chinese, acceptable for a preview card."""
    lines: list[str] = []
    probe = ImageDraw.Draw(Image.new("L", (1, 1)))
    for para in text.splitlines():
        para = para.strip()
        current = ""
        for ch in para:
            if probe.textlength(current + ch, font=font) > width:
                lines.append(current)
                current = ch
            else:
                current += ch
        if current:
            lines.append(current)
        if len(lines) > 12:
            break
    return lines


def decode(data: Optional[bytes]) -> Optional[Image.Image]:
    """Open stored thumbnail bytes (for exports and tests)."""
    return Image.open(io.BytesIO(data)) if data else None
