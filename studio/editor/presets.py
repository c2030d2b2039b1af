"""Cover/poster size presets and templates, kept as editable JSON data (no code per platform)."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Optional

from studio.project.errors import StudioError
from studio.resources import resource

PRESETS_FILE = resource("templates", "cover_presets.json")
TEMPLATES_DIR = resource("templates", "covers")
STICKERS_FILE = resource("templates", "stickers.json")
MAX_SIDE = 8000  # keeps a typo (90000 px) from allocating gigabytes


@dataclass(frozen=True)
class Preset:
    key: str
    name_zh: str
    name_en: str
    width: int
    height: int
    safe_area: Optional[tuple[float, float, float, float]] = None  # fractions x, y, w, h
    safe_label_zh: str = ""
    safe_label_en: str = ""
    derive_from: str = ""  # render that preset's design and cut `crop` out of it
    crop: str = ""
    custom: bool = False

    @property
    def label(self) -> str:
        return f"{self.name_zh} {self.width}×{self.height}"

    def to_dict(self) -> dict:
        d = {k: v for k, v in asdict(self).items() if v not in ("", None, False)}
        if self.safe_area:
            d["safe_area"] = list(self.safe_area)
        return d


class PresetError(StudioError):
    pass


def user_presets_path() -> Path:
    """The user's own presets (same JSON shape as the bundled file), in the per-user data folder."""
    from studio.userdata import data_dir

    return data_dir() / "cover_presets.json"


def _preset_from_dict(d: dict) -> Preset:
    try:
        width, height = int(d["width"]), int(d["height"])
        key = str(d["key"])
    except (KeyError, TypeError, ValueError) as err:
        raise PresetError(f"预设数据不完整 / A preset lacks key, width or height: {d!r} ({err})") from None
    check_size(width, height)
    safe = d.get("safe_area")
    return Preset(
        key=key,
        name_zh=str(d.get("name_zh") or key),
        name_en=str(d.get("name_en") or key),
        width=width,
        height=height,
        safe_area=tuple(float(v) for v in safe) if safe else None,
        safe_label_zh=str(d.get("safe_label_zh", "")),
        safe_label_en=str(d.get("safe_label_en", "")),
        derive_from=str(d.get("derive_from", "")),
        crop=str(d.get("crop", "")),
        custom=bool(d.get("custom", False)),
    )


def check_size(width: int, height: int) -> None:
    if not (1 <= width <= MAX_SIDE and 1 <= height <= MAX_SIDE):
        raise PresetError(
            f"尺寸 {width}×{height} 超出范围 / Size {width}×{height} is out of range: "
            f"use 1–{MAX_SIDE} pixels per side."
        )


def _read_list(path: Path) -> list[dict]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, json.JSONDecodeError) as err:
        raise PresetError(f"无法读取预设文件 / Cannot read the preset file {path}: {err}. Fix or delete it.") from None
    return list(data.get("presets", [])) if isinstance(data, dict) else list(data)


def load_presets(user_path: Optional[Path] = None) -> dict[str, Preset]:
    """Bundled presets, then the user's file (same keys replace, new keys add), in order."""
    out: dict[str, Preset] = {}
    for path in (PRESETS_FILE, user_path or user_presets_path()):
        for d in _read_list(path):
            p = _preset_from_dict(d)
            out[p.key] = p
    return out


def get_preset(key: str, presets: Optional[dict[str, Preset]] = None) -> Preset:
    presets = presets if presets is not None else load_presets()
    try:
        return presets[key]
    except KeyError:
        raise PresetError(
            f"没有名为“{key}”的预设 / No preset named {key!r}. Choose one of: {', '.join(presets)}"
        ) from None


def save_user_preset(preset: Preset, user_path: Optional[Path] = None) -> Path:
    """Add or replace one preset in the user's preset file."""
    path = user_path or user_presets_path()
    items = [d for d in _read_list(path) if d.get("key") != preset.key]
    items.append(preset.to_dict())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"presets": items}, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


@dataclass(frozen=True)
class Template:
    key: str
    name_zh: str
    name_en: str
    preset: str
    data: dict = field(repr=False)  # a canvas dict (see studio.editor.canvas.Canvas.from_dict)


def load_templates(directory: Path = TEMPLATES_DIR) -> list[Template]:
    out = []
    for path in sorted(directory.glob("*.json")):
        d = json.loads(path.read_text(encoding="utf-8"))
        out.append(Template(path.stem, d.get("name_zh", path.stem), d.get("name_en", path.stem),
                            d.get("preset", "custom"), d))
    return out


def get_template(key: str) -> Template:
    for t in load_templates():
        if t.key == key:
            return t
    raise PresetError(f"没有名为“{key}”的模板 / No template named {key!r}.")


def load_stickers() -> dict[str, dict]:
    """Vector stickers: {key: {"name_zh", "name_en", "shapes": [...]}} in a 100×100 box."""
    data = json.loads(STICKERS_FILE.read_text(encoding="utf-8"))
    return data["stickers"]
