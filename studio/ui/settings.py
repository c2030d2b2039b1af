"""Typed user settings saved as JSON in the user's data folder; only non-default values are written."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields

from studio.userdata import data_dir

SCALES = (1.0, 1.25, 1.5, 2.0)
MAX_RECENT = 10


@dataclass
class Settings:
    language: str = "zh"  # "zh" or "en"
    scale: float = 1.0
    high_contrast: bool = False
    recent: list = field(default_factory=list)

    @classmethod
    def load(cls) -> "Settings":
        try:
            raw = json.loads((data_dir() / "settings.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raw = {}
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in raw.items() if k in known})

    def save(self) -> None:
        default = asdict(Settings())
        changed = {k: v for k, v in asdict(self).items() if v != default[k]}
        path = data_dir() / "settings.json"
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(changed, ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.replace(path)

    def add_recent(self, path: str) -> None:
        self.recent = [path] + [p for p in self.recent if p != path]
        del self.recent[MAX_RECENT:]
