"""Export presets (导出预设): platform targets and the quick preview setting."""
from __future__ import annotations

from dataclasses import dataclass

from studio.project.errors import StudioError
from studio.video.timeline import Canvas, canvas_size


@dataclass(frozen=True)
class Preset:
    name: str
    label: str  # shown to users, Chinese first
    aspect: str
    short_side: int
    fps: int
    crf: int
    x264: str  # libx264 -preset
    maxrate_k: int  # video bitrate cap in kbit/s (0 = none); platforms re-encode above it
    audio_k: int = 192

    def canvas(self, fit: str = "crop", aspect: str | None = None) -> Canvas:
        return Canvas.for_aspect(aspect or self.aspect, self.fps, fit, self.short_side)

    def size(self, aspect: str | None = None) -> tuple[int, int]:
        return canvas_size(aspect or self.aspect, self.short_side)


PRESETS: dict[str, Preset] = {p.name: p for p in (
    Preset("douyin", "抖音 Douyin", "9:16", 1080, 30, 20, "veryfast", 8000),
    Preset("shipinhao", "视频号 WeChat Channels", "9:16", 1080, 30, 21, "veryfast", 6000),
    Preset("xiaohongshu", "小红书 Xiaohongshu", "3:4", 1080, 30, 20, "veryfast", 8000),
    Preset("bilibili", "哔哩哔哩 Bilibili", "16:9", 1080, 30, 19, "veryfast", 10000),
    Preset("draft", "草稿 Draft (fast)", "9:16", 1080, 30, 23, "ultrafast", 0),
    Preset("preview", "预览 Preview", "9:16", 360, 30, 28, "ultrafast", 0, 96),
)}
ALIASES = {"抖音": "douyin", "视频号": "shipinhao", "channels": "shipinhao", "小红书": "xiaohongshu",
           "xhs": "xiaohongshu", "b站": "bilibili", "哔哩哔哩": "bilibili"}
DEFAULT = "douyin"


def get_preset(name: str | None) -> Preset:
    key = (name or DEFAULT).strip().lower()
    key = ALIASES.get(key, key)
    if key not in PRESETS:
        names = ", ".join(n for n in PRESETS if n != "preview")
        raise StudioError(f"Unknown export preset (未知导出预设) {name!r}; choose one of: {names}.")
    return PRESETS[key]
