"""Cover/poster canvas model (封面海报画布): a size, a background and a stack of layers, as plain data.

Coordinates are canvas pixels, origin top-left; a layer's box is (x, y, w, h) before rotation,
rotated about its centre. Layers are listed bottom to top. Everything round-trips through JSON
so the project file, templates and the UI's undo stack all share one representation.
"""
from __future__ import annotations

import copy
import math
import re
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from studio.editor.presets import MAX_SIDE, PresetError, check_size, get_preset

LAYER_KINDS = ("image", "text", "shape", "sticker", "qr")
FONTS = ("sans", "sans-bold", "serif", "serif-bold")

# Properties each kind understands, with their defaults. Unknown keys are kept but ignored.
DEFAULT_PROPS: dict[str, dict] = {
    "image": {"asset_id": None, "path": "", "fit": "cover", "radius": 0, "edits": []},
    "text": {
        "text": "双击编辑文字", "font": "sans-bold", "size": 48, "color": "#222222",
        "align": "left", "valign": "top", "line_height": 1.3, "letter_spacing": 0,
        "stroke_color": "#ffffff", "stroke_width": 0, "shadow": False, "background": "",
        "padding": 0,
    },
    "shape": {"shape": "rect", "fill": "#4f7cff", "stroke": "", "stroke_width": 0, "radius": 0},
    "sticker": {"sticker": "star", "color": "#ffb400", "text": ""},
    "qr": {"data": "https://example.com", "fg": "#000000", "bg": "#ffffff", "border": 2, "level": "M"},
}
SHAPES = ("rect", "ellipse", "line", "triangle")
FITS = ("cover", "contain", "stretch")
TEXT_ALIGNS = ("left", "center", "right")
TEXT_VALIGNS = ("top", "middle", "bottom")
QR_LEVELS = ("L", "M", "Q", "H")
MAX_COORD = 4 * MAX_SIDE     # a layer may hang over the canvas edge, not be kilometres away
MAX_TEXT = 10_000


# -- validation of stored values ---------------------------------------------------------------
# A canvas comes from the project file, a template or the user's presets: all untrusted. Every
# value is checked by type and range when a Canvas or Layer is built from a dict; an invalid one
# takes its default, so it can never reach Pillow, a font loader or the QR encoder as garbage.
Check = Callable[[Any, Any], Any]
_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")


def _number(lo: float, hi: float) -> Check:
    def check(value, default):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            return default
        return max(lo, min(hi, value))
    return check


def _integer(lo: int, hi: int) -> Check:
    def check(value, default):
        if isinstance(value, float) and math.isfinite(value) and value == int(value):
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            return default
        return max(lo, min(hi, value))
    return check


def _choice(options: tuple) -> Check:
    return lambda value, default: value if isinstance(value, str) and value in options else default


def _colour(optional: bool = False) -> Check:
    def check(value, default):
        if optional and value in ("", None):
            return ""
        return value if isinstance(value, str) and _HEX.fullmatch(value) else default
    return check


def _text(limit: int) -> Check:
    return lambda value, default: value[:limit] if isinstance(value, str) else default


def _font(value, default):
    """A bundled font name, or another family name / font file the post names: those are kept
    for the licence check (studio.check.fonts) and drawn with a bundled font."""
    if not isinstance(value, str) or not value.strip() or len(value) > 300 or any(ord(c) < 0x20 for c in value):
        return default
    return value


def _flag(value, default):
    return value if isinstance(value, bool) else default


def _asset(value, default):
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2 ** 63 else None


def _edits(value, default):
    from studio.editor.imageops import EditError, validate_ops

    if not isinstance(value, list):
        return []
    try:
        return validate_ops(copy.deepcopy(value))
    except (EditError, TypeError):
        return []


_LENGTH = _number(0, MAX_SIDE)
PROP_CHECKS: dict[str, dict[str, Check]] = {
    "image": {"asset_id": _asset, "path": _text(4096), "fit": _choice(FITS), "radius": _LENGTH, "edits": _edits},
    "text": {
        "text": _text(MAX_TEXT), "font": _font, "size": _number(1, 1000), "color": _colour(),
        "align": _choice(TEXT_ALIGNS), "valign": _choice(TEXT_VALIGNS), "line_height": _number(0.3, 5),
        "letter_spacing": _number(-200, 1000), "stroke_color": _colour(), "stroke_width": _number(0, 200),
        "shadow": _flag, "background": _colour(optional=True), "padding": _LENGTH,
    },
    "shape": {"shape": _choice(SHAPES), "fill": _colour(optional=True), "stroke": _colour(optional=True),
              "stroke_width": _number(0, 1000), "radius": _LENGTH},
    "sticker": {"sticker": _text(64), "color": _colour(), "text": _text(200)},
    "qr": {"data": _text(2000), "fg": _colour(), "bg": _colour(), "border": _integer(0, 20),
           "level": _choice(QR_LEVELS)},
}


def clean_props(kind: str, props) -> dict:
    """A layer's props with every known key checked (unknown keys, e.g. from a newer version,
    are kept but never read)."""
    props = copy.deepcopy(props) if isinstance(props, dict) else {}
    defaults = DEFAULT_PROPS[kind]
    for key, check in PROP_CHECKS[kind].items():
        if key in props:
            props[key] = check(props[key], defaults[key])
    return props


def clean_background(bg) -> dict:
    """A solid or linear background with valid colours (both kinds' keys are kept, so switching
    between them in the editor keeps the colours)."""
    if not isinstance(bg, dict):
        bg = {}
    out = {"type": "linear" if bg.get("type") == "linear" else "solid"}
    if "color" in bg or out["type"] == "solid":
        out["color"] = _colour()(bg.get("color"), "#ffffff")
    colors = bg.get("colors")
    colors = [c for c in colors if _colour()(c, None)][:16] if isinstance(colors, list) else []
    if colors or out["type"] == "linear":
        out["colors"] = colors or ["#ffffff", "#000000"]
    if "angle" in bg or out["type"] == "linear":
        out["angle"] = _number(-3600, 3600)(bg.get("angle"), 90)
    return out


_LAYER_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_COORD, _SIDE = _number(-MAX_COORD, MAX_COORD), _number(1, MAX_SIDE)


@dataclass
class Layer:
    kind: str
    x: float
    y: float
    w: float
    h: float
    props: dict = field(default_factory=dict)
    rotation: float = 0.0
    opacity: float = 1.0
    visible: bool = True
    locked: bool = False
    name: str = ""
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:10])

    def __post_init__(self) -> None:
        if self.kind not in LAYER_KINDS:
            raise PresetError(f"未知图层类型 / Unknown layer kind {self.kind!r}; use one of {LAYER_KINDS}.")
        self.props = {**DEFAULT_PROPS[self.kind], **(self.props or {})}

    @property
    def box(self) -> tuple[float, float, float, float]:
        return (self.x, self.y, self.w, self.h)

    def prop(self, key: str):
        return self.props.get(key, DEFAULT_PROPS[self.kind].get(key))

    def to_dict(self) -> dict:
        return {
            "id": self.id, "kind": self.kind, "name": self.name,
            "x": self.x, "y": self.y, "w": self.w, "h": self.h,
            "rotation": self.rotation, "opacity": self.opacity,
            "visible": self.visible, "locked": self.locked,
            "props": copy.deepcopy(self.props),
        }

    @classmethod
    def from_dict(cls, d: dict) -> "Layer":
        """A layer from stored data, every value checked (see PROP_CHECKS); an unknown kind
        raises PresetError."""
        if not isinstance(d, dict) or d.get("kind") not in LAYER_KINDS:
            kind = d.get("kind") if isinstance(d, dict) else d
            raise PresetError(f"未知图层类型 / Unknown layer kind {kind!r}; use one of {LAYER_KINDS}.")
        kind = d["kind"]
        layer_id = d.get("id")
        return cls(
            kind=kind, x=float(_COORD(d.get("x"), 0)), y=float(_COORD(d.get("y"), 0)),
            w=float(_SIDE(d.get("w"), 100)), h=float(_SIDE(d.get("h"), 100)),
            props=clean_props(kind, d.get("props")),
            rotation=float(_number(-3600, 3600)(d.get("rotation"), 0)),
            opacity=float(_number(0, 1)(d.get("opacity"), 1)),
            visible=_flag(d.get("visible"), True), locked=_flag(d.get("locked"), False),
            name=_text(200)(d.get("name"), ""),
            id=layer_id if isinstance(layer_id, str) and _LAYER_ID.fullmatch(layer_id) else uuid.uuid4().hex[:10],
        )


@dataclass
class Canvas:
    width: int
    height: int
    layers: list[Layer] = field(default_factory=list)
    background: dict = field(default_factory=lambda: {"type": "solid", "color": "#ffffff"})
    preset: str = "custom"
    name: str = ""

    def __post_init__(self) -> None:
        self.width, self.height = int(self.width), int(self.height)
        check_size(self.width, self.height)

    # -- layers -------------------------------------------------------------------------------
    def layer(self, layer_id: str) -> Layer:
        for layer in self.layers:
            if layer.id == layer_id:
                return layer
        raise KeyError(layer_id)

    def index_of(self, layer_id: str) -> int:
        return next(i for i, layer in enumerate(self.layers) if layer.id == layer_id)

    def add(self, layer: Layer, index: Optional[int] = None) -> Layer:
        self.layers.insert(len(self.layers) if index is None else index, layer)
        return layer

    def remove(self, layer_id: str) -> Layer:
        return self.layers.pop(self.index_of(layer_id))

    def move_to(self, layer_id: str, index: int) -> None:
        layer = self.remove(layer_id)
        self.layers.insert(max(0, min(index, len(self.layers))), layer)

    # -- serialisation ------------------------------------------------------------------------
    def to_dict(self) -> dict:
        return {
            "name": self.name, "preset": self.preset, "width": self.width, "height": self.height,
            "background": copy.deepcopy(self.background),
            "layers": [layer.to_dict() for layer in self.layers],
        }

    @classmethod
    def from_dict(cls, d: dict) -> "Canvas":
        """A canvas from stored data: sizes must be whole numbers (check_size refuses absurd
        ones), layers of an unknown kind (a newer file, a crafted one) are left out, every other
        value is checked by Layer.from_dict and clean_background."""
        if not isinstance(d, dict):
            raise PresetError("封面数据无效 / The cover data is not valid.")
        size = _integer(-1, 10 * MAX_SIDE)
        width, height = size(d.get("width"), None), size(d.get("height"), None)
        if width is None or height is None:
            raise PresetError(f"封面尺寸无效 / Invalid cover size {d.get('width')!r}×{d.get('height')!r}.")
        layers = d.get("layers") if isinstance(d.get("layers"), list) else []
        return cls(
            width=width, height=height,
            layers=[Layer.from_dict(x) for x in layers if isinstance(x, dict) and x.get("kind") in LAYER_KINDS],
            background=clean_background(d.get("background")),
            preset=_text(64)(d.get("preset"), "custom") or "custom", name=_text(200)(d.get("name"), ""),
        )

    def copy(self) -> "Canvas":
        return Canvas.from_dict(self.to_dict())


def new_canvas(preset_key: str, name: str = "", width: int = 0, height: int = 0) -> Canvas:
    """An empty canvas at a preset's size; `custom` (or explicit width/height) sets any size."""
    preset = get_preset(preset_key)
    if preset.derive_from:  # a derived size (thumbnail) is designed on its source
        preset = get_preset(preset.derive_from)
    return Canvas(width or preset.width, height or preset.height, preset=preset.key, name=name)


def from_template(data: dict, name: str = "") -> Canvas:
    """A fresh canvas from a template dict (new layer ids, so two covers never share ids)."""
    canvas = Canvas.from_dict(data)
    for layer in canvas.layers:
        layer.id = uuid.uuid4().hex[:10]
    canvas.name = name or data.get("name_zh", canvas.name)
    return canvas


def text_layer(text: str, x: float, y: float, w: float, h: float, **props) -> Layer:
    return Layer("text", x, y, w, h, {"text": text, **props}, name=text[:12])


def qr_layer(data: str, x: float, y: float, size: float, **props) -> Layer:
    return Layer("qr", x, y, size, size, {"data": data, **props}, name="二维码")


def image_layer(asset_id: Optional[int], x: float, y: float, w: float, h: float, **props) -> Layer:
    return Layer("image", x, y, w, h, {"asset_id": asset_id, **props}, name="图片")


def asset_ids(canvas: Canvas) -> list[int]:
    """Library assets this canvas uses (for relinking and the licence check)."""
    return [int(layer.props["asset_id"]) for layer in canvas.layers
            if layer.kind == "image" and layer.props.get("asset_id") is not None]
