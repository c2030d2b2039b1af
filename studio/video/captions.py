"""Caption files: SRT import/export and ASS generation for burn-in through libass.

The ASS file names a bundled font family; render with ffmpeg's `subtitles=...:fontsdir=resources/fonts`
(or the `ass` filter) so output looks the same on every machine. libass wraps only at spaces, so
Chinese lines are wrapped here, by width, respecting line-breaking rules (避头尾).
"""
from __future__ import annotations

import os
import re
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Iterable

from studio.project.errors import StudioError
from studio.resources import FONT_FAMILIES
from studio.video import values as V


@dataclass
class Caption:
    start: float  # seconds
    end: float
    text: str


# Line breaking (避头尾): these may not start / end a line.
NO_LINE_START = set("，。！？、；：）》」』】〕〉”’…—·,.!?;:)]}%")
NO_LINE_END = set("（《「『【〔〈“‘([{")

POSITIONS = {"bottom": 2, "middle": 5, "top": 8}  # ASS numpad alignment, centred


@dataclass
class CaptionStyle:
    """How burnt-in captions look. `size` and `stroke` are pixels on a canvas whose shorter side
    is 1080; they scale with the output so one style fits 9:16, 1:1 and 16:9 alike."""

    font: str = "sans"              # bundled logical font: sans, sans-bold, serif, serif-bold
    size: float = 64.0
    colour: str = "#FFFFFF"
    stroke: float = 3.0             # outline width; 0 = none
    stroke_colour: str = "#000000"
    box: bool = False               # background box behind the text
    box_colour: str = "#000000"
    box_opacity: float = 0.6        # 0 transparent .. 1 opaque
    position: str = "bottom"        # bottom, middle, top
    margin: float = 0.08            # distance from the edge, fraction of the canvas height
    max_width: float = 0.86         # wrap lines wider than this fraction of the canvas width

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict | None) -> "CaptionStyle":
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in (data or {}).items() if k in known})

    @classmethod
    def checked_dict(cls, data) -> dict:
        """The known keys of a stored style, each checked by type and range (InvalidValueError
        names a bad one)."""
        data = V.mapping(data if data is not None else {}, "caption_style")
        rules = {
            "font": V.font, "position": lambda v, w: V.choice(v, w, tuple(POSITIONS)), "box": V.flag,
            "colour": V.colour, "stroke_colour": V.colour, "box_colour": V.colour,
            "size": lambda v, w: V.number(v, w, 1, 1000), "stroke": lambda v, w: V.number(v, w, 0, 200),
            "box_opacity": lambda v, w: V.number(v, w, 0, 1), "margin": lambda v, w: V.number(v, w, 0, 1),
            "max_width": lambda v, w: V.number(v, w, 0.05, 1),
        }
        return {k: rules[k](v, f"caption_style.{k}") for k, v in data.items() if k in rules}

    @property
    def family(self) -> str:
        return FONT_FAMILIES["serif" if self.font.startswith("serif") else "sans"]

    @property
    def bold(self) -> bool:
        return self.font.endswith("-bold")


class CaptionFormatError(StudioError):
    pass


# ---------------------------------------------------------------- SRT

_TIME = r"(\d{1,2}):(\d{1,2}):(\d{1,2})(?:[,.](\d{1,3}))?"
_CUE = re.compile(_TIME + r"\s*-->\s*" + _TIME)


def _seconds(h: str, m: str, s: str, ms: str | None) -> float:
    return int(h) * 3600 + int(m) * 60 + int(s) + (int((ms or "0").ljust(3, "0")) / 1000.0)


def parse_srt(text: str) -> list[Caption]:
    """Parse SRT text. Tolerates BOM, CRLF, missing index lines, '.' for ',' and extra blanks."""
    captions: list[Caption] = []
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    i = 0
    while i < len(lines):
        m = _CUE.search(lines[i])
        if not m:
            i += 1
            continue
        start, end = _seconds(*m.groups()[:4]), _seconds(*m.groups()[4:])
        body: list[str] = []
        i += 1
        while i < len(lines) and lines[i].strip():
            # an index line directly followed by a cue line belongs to the next caption
            if lines[i].strip().isdigit() and i + 1 < len(lines) and _CUE.search(lines[i + 1]):
                break
            body.append(lines[i].strip())
            i += 1
        captions.append(Caption(start, max(end, start), "\n".join(body)))
    return captions


def read_srt(path: str | os.PathLike) -> list[Caption]:
    """Read an SRT file (UTF-8, UTF-16 or GB18030, as Chinese tools often write)."""
    raw = Path(path).read_bytes()
    for encoding in ("utf-8-sig", "utf-16", "gb18030"):
        if encoding == "utf-16" and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise CaptionFormatError(f"Cannot read the subtitle file's text encoding (字幕文件编码无法识别): {path}. "
                                 "Save it as UTF-8 and import again.")
    captions = parse_srt(text)
    if not captions and text.strip():
        raise CaptionFormatError(f"No SRT cues found (不是有效的 SRT 字幕): {path}. "
                                 "Each cue needs a line like 00:00:01,000 --> 00:00:02,000.")
    return captions


def format_time(seconds: float, sep: str = ",") -> str:
    ms = max(0, int(round(seconds * 1000)))
    h, rem = divmod(ms, 3_600_000)
    m, rem = divmod(rem, 60_000)
    s, ms = divmod(rem, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def format_srt(captions: Iterable[Caption]) -> str:
    blocks = []
    for n, c in enumerate(sorted(captions, key=lambda c: (c.start, c.end)), 1):
        blocks.append(f"{n}\n{format_time(c.start)} --> {format_time(c.end)}\n{c.text.strip()}\n")
    return "\n".join(blocks)


def write_srt(captions: Iterable[Caption], path: str | os.PathLike) -> Path:
    path = Path(path)
    path.write_text(format_srt(captions), encoding="utf-8")
    return path


# ---------------------------------------------------------------- ASS

def ass_colour(hex_colour: str, opacity: float = 1.0) -> str:
    """'#RRGGBB' or '#RRGGBBAA' -> '&HAABBGGRR' (ASS alpha: 00 opaque, FF transparent)."""
    h = hex_colour.lstrip("#")
    if len(h) == 3:
        h = "".join(ch * 2 for ch in h)
    if not re.fullmatch(r"[0-9a-fA-F]{6}(?:[0-9a-fA-F]{2})?", h):
        raise ValueError(f"not a colour: {hex_colour!r} (use #RRGGBB)")
    if len(h) == 8:
        opacity, h = opacity * int(h[6:], 16) / 255.0, h[:6]
    alpha = int(round((1.0 - min(1.0, max(0.0, opacity))) * 255))
    return f"&H{alpha:02X}{h[4:6]}{h[2:4]}{h[0:2]}".upper()


def _char_width(ch: str) -> float:
    """Approximate advance in em: CJK and full-width are 1, Latin about 0.55."""
    if ch.isspace():
        return 0.3
    return 1.0 if ord(ch) >= 0x2E80 or "\uff00" <= ch <= "\uffef" else 0.58


def wrap_line(text: str, max_em: float) -> list[str]:
    """Wrap one paragraph to at most `max_em` ems, never starting a line with closing punctuation
    nor ending one with opening punctuation, and never splitting a Latin word."""
    tokens = re.findall(r"[A-Za-z0-9_'\-.]+|\s+|.", text)
    lines: list[str] = []
    line, width = "", 0.0
    for tok in tokens:
        w = sum(_char_width(c) for c in tok)
        if line and width + w > max_em and not tok.isspace():
            if tok[0] in NO_LINE_START and line:   # pull the last char down with the punctuation
                carry, line = line[-1], line[:-1]
                tok, w = carry + tok, w + _char_width(carry)
            while line and line[-1] in NO_LINE_END:
                tok, w = line[-1] + tok, w + _char_width(line[-1])
                line = line[:-1]
            if line.strip():
                lines.append(line.rstrip())
            line, width = "", 0.0
            tok = tok.lstrip()
        line += tok
        width += w
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


_WORD_JOINER = "\u2060"  # invisible, zero width: keeps a typed backslash from starting an ASS escape


def ass_escape(line: str) -> str:
    """One line of plain text as ASS event text that libass shows exactly as typed: `{` `}`
    would start an override block ({\\i1} ...), so they become `\\{` `\\}`; a typed backslash
    would start an escape (`\\n` `\\N` line breaks, `\\h` a hard space), and ASS has no escape
    for it, so a word joiner goes between it and the next character."""
    out = []
    for ch in line:
        if ch == "\\":
            out.append("\\" + _WORD_JOINER)
        elif ch in "{}":
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def ass_unescape(event_text: str) -> str:
    """What libass shows for `event_text` written by `_ass_text`, lines joined by '\\n' (for tests
    and checks: it undoes `ass_escape` and the `\\N` line breaks)."""
    out, i = [], 0
    while i < len(event_text):
        ch = event_text[i]
        nxt = event_text[i + 1: i + 2]
        if ch == "\\" and nxt == "N":
            out.append("\n")
            i += 2
        elif ch == "\\" and nxt in ("{", "}"):
            out.append(nxt)
            i += 2
        elif ch == "\\" and nxt == _WORD_JOINER:
            out.append("\\")
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _ass_text(text: str, max_em: float) -> str:
    """Caption text as one ASS event line: every kind of line break becomes a paragraph (a raw
    CR or LF would end the event line and start a new one), paragraphs are wrapped, each line
    escaped, and lines joined by ASS's `\\N`."""
    out = []
    for para in text.splitlines() or [""]:
        out.extend(wrap_line(V.printable(para), max_em))
    return "\\N".join(ass_escape(line) for line in out)


def _ass_time(seconds: float) -> str:
    cs = max(0, int(round(seconds * 100)))
    h, rem = divmod(cs, 360_000)
    m, rem = divmod(rem, 6000)
    s, cs = divmod(rem, 100)
    return f"{h:d}:{m:02d}:{s:02d}.{cs:02d}"


def to_ass(captions: Iterable[Caption], style: CaptionStyle | None = None,
           width: int = 1080, height: int = 1920) -> str:
    """An ASS script with one style, sized for a `width` x `height` canvas."""
    style = CaptionStyle(**CaptionStyle.checked_dict(asdict(style or CaptionStyle())))
    style.colour, style.stroke_colour, style.box_colour = (
        V.hex_colour(c) for c in (style.colour, style.stroke_colour, style.box_colour))
    scale = min(width, height) / 1080.0
    size = max(8, round(style.size * scale))
    stroke = style.stroke * scale
    if style.box:
        # BorderStyle 3: opaque box drawn in OutlineColour, `Outline` is its padding.
        border_style, outline, outline_colour = 3, max(4.0, size * 0.25), ass_colour(style.box_colour, style.box_opacity)
    else:
        border_style, outline, outline_colour = 1, stroke, ass_colour(style.stroke_colour)
    if style.position not in POSITIONS:
        raise ValueError(f"position must be one of {sorted(POSITIONS)}")
    margin_v = round(style.margin * height)
    margin_h = round((1.0 - style.max_width) / 2 * width)
    max_em = style.max_width * width / size
    header = (
        "[Script Info]\nScriptType: v4.00+\nWrapStyle: 2\nScaledBorderAndShadow: yes\n"
        f"PlayResX: {width}\nPlayResY: {height}\nYCbCr Matrix: TV.709\n\n"
        "[V4+ Styles]\n"
        "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, "
        "Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, "
        "Shadow, Alignment, MarginL, MarginR, MarginV, Encoding\n"
        f"Style: Default,{style.family},{size},{ass_colour(style.colour)},{ass_colour(style.colour)},"
        f"{outline_colour},{ass_colour(style.box_colour, style.box_opacity)},{-1 if style.bold else 0},0,0,0,"
        f"100,100,0,0,{border_style},{outline:.1f},0,{POSITIONS[style.position]},"
        f"{margin_h},{margin_h},{margin_v},1\n\n"
        "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
    )
    events = [
        f"Dialogue: 0,{_ass_time(c.start)},{_ass_time(c.end)},Default,,0,0,0,,{_ass_text(c.text, max_em)}"
        for c in sorted(captions, key=lambda c: c.start) if c.end > c.start and c.text.strip()
    ]
    return header + "\n".join(events) + "\n"


def write_ass(captions: Iterable[Caption], path: str | os.PathLike, style: CaptionStyle | None = None,
              width: int = 1080, height: int = 1920) -> Path:
    path = Path(path)
    path.write_text(to_ass(captions, style, width, height), encoding="utf-8")
    return path


def subtitles_filter(ass_path: str | os.PathLike) -> str:
    """The ffmpeg filter that burns `ass_path` in with the bundled fonts (paths escaped for a graph;
    the renderer passes a plain name relative to the folder ffmpeg runs in)."""
    from studio.resources import FONTS

    return f"subtitles=filename={_escape_filter_path(ass_path)}:fontsdir={_escape_filter_path(FONTS)}"


def _escape_filter_path(path: str | os.PathLike) -> str:
    """Escape a path for an ffmpeg filter option inside a filter graph: first for the option
    parser (\\ ' :), then for the graph parser (\\ ' [ ] , ;)."""
    p = str(Path(path))
    if os.sep == "\\":  # Windows: a backslash is a separator, and '/' serves as well
        p = p.replace("\\", "/")
    level1 = re.sub(r"([\\':])", r"\\\1", p)
    return re.sub(r"([\\'\[\],;])", r"\\\1", level1)
