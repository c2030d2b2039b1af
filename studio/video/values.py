"""A strict grammar for every timeline value that reaches an ffmpeg filter graph or an ASS file.

A project file is untrusted input (it travels by USB stick and cloud drive). A value spliced into
filter text unchecked can add filters of its own: `white@1[a];[a]metadata=mode=print:file=X` as a
colour would write the file X. So colours, numbers, names and fonts are checked here by type and
range when a timeline is read from the project and again when its graph is built; text never
goes into a graph at all (it is written to files: drawtext `textfile=`, ASS), and media paths come
from the library, not from the timeline.
"""
from __future__ import annotations

import math
import re
from typing import Any, Collection, Optional

from studio.project.errors import StudioError
from studio.resources import FONT_FILES

MAX_SECONDS = 1_000_000.0  # about 11 days: any time or length beyond this is damage, not an edit
MAX_TEXT = 5000  # characters of one overlay or caption
MAX_ITEMS = 20_000  # clips, overlays, captions or beats in one list
MAX_PATH = 4096

# Colour names a user or an older file may use, mapped to the only forms that reach ffmpeg/ASS.
COLOR_NAMES = {
    "white": "#FFFFFF", "black": "#000000", "red": "#FF0000", "green": "#00FF00", "lime": "#00FF00",
    "blue": "#0000FF", "yellow": "#FFFF00", "cyan": "#00FFFF", "magenta": "#FF00FF", "orange": "#FFA500",
    "gray": "#808080", "grey": "#808080", "pink": "#FFC0CB", "purple": "#800080",
}
_HEX = re.compile(r"#([0-9A-Fa-f]{6}|[0-9A-Fa-f]{8})")
FONTS: tuple[str, ...] = tuple(FONT_FILES)  # logical names of the bundled fonts (resources/fonts)


class TimelineError(StudioError):
    """An edit the timeline cannot make (bad index, clip too short, ...)."""


class InvalidValueError(TimelineError):
    """A value of a timeline (usually read from a project file) outside its grammar."""

    def __init__(self, where: str, why: str) -> None:
        self.where, self.why = where, why
        super().__init__(
            f"视频数据无效：{where} {why}。项目文件可能已损坏或被其他程序改动；请修正或删除该项。 "
            f"Invalid video data: {where} {why}. The project file may be damaged or was changed by "
            "another program; fix or remove that item.")


def show(value: Any) -> str:
    """A short, printable picture of a rejected value for the message."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def number(value: Any, where: str, lo: float, hi: float) -> float:
    """A finite float in [lo, hi]. Booleans and strings (even "0.5") are refused: a project
    writes numbers as JSON numbers, so anything else is damage."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidValueError(where, f"is not a number: {show(value)}")
    v = float(value)
    if not math.isfinite(v) or not lo <= v <= hi:
        raise InvalidValueError(where, f"must be between {lo:g} and {hi:g}: {show(value)}")
    return v


def integer(value: Any, where: str, lo: int, hi: int) -> int:
    v = number(value, where, lo, hi)
    if v != int(v):
        raise InvalidValueError(where, f"is not a whole number: {show(value)}")
    return int(v)


def optional_number(value: Any, where: str, lo: float, hi: float) -> Optional[float]:
    return None if value is None else number(value, where, lo, hi)


def flag(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidValueError(where, f"must be true or false: {show(value)}")
    return value


def choice(value: Any, where: str, allowed: Collection[str]) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise InvalidValueError(where, f"must be one of {', '.join(allowed)}: {show(value)}")
    return value


def font(value: Any, where: str) -> str:
    """A logical name of a bundled font; the file it names is always inside resources/fonts."""
    return choice(value, where, FONTS)


def colour(value: Any, where: str) -> str:
    """'#RRGGBB', '#RRGGBBAA' or a name of COLOR_NAMES (any case), returned unchanged."""
    if isinstance(value, str) and (value.lower() in COLOR_NAMES or _HEX.fullmatch(value)):
        return value
    raise InvalidValueError(where, f"is not a colour (#RRGGBB, #RRGGBBAA or {', '.join(COLOR_NAMES)}): {show(value)}")


def hex_colour(value: Any, where: str = "colour") -> str:
    """A checked colour as upper-case '#RRGGBB' or '#RRGGBBAA' (names replaced)."""
    value = colour(value, where)
    return COLOR_NAMES.get(value.lower()) or value.upper()


def split_colour(value: Any, where: str = "colour") -> tuple[str, float]:
    """A checked colour as ('RRGGBB', alpha 0..1)."""
    h = hex_colour(value, where).lstrip("#")
    return h[:6], (int(h[6:8], 16) / 255.0 if len(h) == 8 else 1.0)


def text(value: Any, where: str, limit: int = MAX_TEXT) -> str:
    if not isinstance(value, str):
        raise InvalidValueError(where, f"is not text: {show(value)}")
    if len(value) > limit:
        raise InvalidValueError(where, f"is longer than {limit} characters")
    return value


def path(value: Any, where: str) -> str:
    """A path string (only stored: media paths used for rendering come from the library)."""
    if not isinstance(value, str) or len(value) > MAX_PATH or "\x00" in value:
        raise InvalidValueError(where, f"is not a file path: {show(value)}")
    return value


def asset_id(value: Any, where: str) -> Optional[int]:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2 ** 63:
        raise InvalidValueError(where, f"is not an asset number: {show(value)}")
    return value


def items(value: Any, where: str, kind: type = dict) -> list:
    """A list (of dicts, or of `kind`) of at most MAX_ITEMS entries."""
    if not isinstance(value, list) or len(value) > MAX_ITEMS:
        raise InvalidValueError(where, f"is not a list (of at most {MAX_ITEMS} entries): {show(value)}")
    for i, item in enumerate(value):
        if not isinstance(item, kind):
            raise InvalidValueError(f"{where}[{i}]", f"is not a {kind.__name__}: {show(item)}")
    return value


def mapping(value: Any, where: str) -> dict:
    if not isinstance(value, dict):
        raise InvalidValueError(where, f"is not a record: {show(value)}")
    return value


def printable(value: str) -> str:
    """Text for a file ffmpeg or libass reads: control characters other than line breaks and tabs
    removed (a NUL would end the text there); everything else exactly as typed."""
    return "".join(ch for ch in value if ch >= " " or ch in "\n\t")
