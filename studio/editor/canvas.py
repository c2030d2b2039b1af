"""Cover/poster canvas model (封面海报画布): a size, a background and a stack of layers, as plain data.

Coordinates are canvas pixels, origin top-left; a layer's box is (x, y, w, h) before rotation,
rotated about its centre. Layers are listed bottom to top. Everything round-trips through JSON
so the project file, templates and the UI's undo stack all share one representation.
"""
from __future__ import annotations

import copy
import uuid
from dataclasses import dataclass, field
from typing import Optional

from studio.editor.presets import PresetError, check_size, get_preset

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
        return cls(
            kind=d["kind"], x=float(d.get("x", 0)), y=float(d.get("y", 0)),
            w=float(d.get("w", 100)), h=float(d.get("h", 100)),
            props=copy.deepcopy(d.get("props", {})), rotation=float(d.get("rotation", 0)),
            opacity=float(d.get("opacity", 1)), visible=bool(d.get("visible", True)),
            locked=bool(d.get("locked", False)), name=str(d.get("name", "")),
            id=str(d.get("id") or uuid.uuid4().hex[:10]),
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
        return cls(
            width=d["width"], height=d["height"],
            layers=[Layer.from_dict(x) for x in d.get("layers", [])],
            background=copy.deepcopy(d.get("background") or {"type": "solid", "color": "#ffffff"}),
            preset=str(d.get("preset", "custom")), name=str(d.get("name", "")),
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
