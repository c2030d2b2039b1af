"""Where bundled data lives: fonts, lexicons, templates and demo materials."""
from __future__ import annotations

from pathlib import Path

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
FONTS = RESOURCES / "fonts"

# Logical font names used across the program (themes, covers, captions).
FONT_FILES = {
    "sans": "NotoSansSC-Regular.otf",
    "sans-bold": "NotoSansSC-Bold.otf",
    "serif": "NotoSerifSC-Regular.otf",
    "serif-bold": "NotoSerifSC-Bold.otf",
}
FONT_FAMILIES = {"sans": "Noto Sans CJK SC", "serif": "Noto Serif CJK SC"}


def resource(*parts: str) -> Path:
    return RESOURCES.joinpath(*parts)


def font_path(name: str = "sans") -> Path:
    """Path of a bundled font by logical name ('sans', 'sans-bold', 'serif', 'serif-bold')."""
    try:
        return FONTS / FONT_FILES[name]
    except KeyError:
        raise ValueError(f"unknown bundled font {name!r}; choose from {sorted(FONT_FILES)}") from None
