"""The short-video timeline model (剪辑时间线): clips, music, overlays, captions and the beat grid.

Plain dataclasses that serialise to JSON for the project file. Clips sit end to end; a
transition is centred on the cut between two clips, so it never moves a cut. Cut positions
are quantised to output frames (`cut_frames`), which is what the renderer honours exactly.
"""
from __future__ import annotations

import bisect
import math
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any, Optional

from studio.video import values as V
from studio.video.beatgrid import BeatGrid
from studio.video.captions import Caption, CaptionStyle
from studio.video.values import InvalidValueError, TimelineError  # noqa: F401 - defined there, used from here

TRANSITIONS = ("crossfade", "fadeblack", "slide", "zoom")
COLOR_FILTERS = ("none", "warm", "cool", "bw", "vivid", "vintage", "bright")
FIT_MODES = ("crop", "fit", "blur")
ASPECTS = {"9:16": (1080, 1920), "1:1": (1080, 1080), "16:9": (1920, 1080), "3:4": (1080, 1440)}
MIN_CLIP = 0.1  # seconds; shorter pieces are refused by split/trim
CAPTION_LENGTH = 2.0  # seconds a new caption lasts
MIN_CAPTION = 0.5  # a free gap shorter than this is no place for a new caption
OVERLAY_KINDS = ("text", "logo")


def canvas_size(aspect: str, short_side: int = 1080) -> tuple[int, int]:
    """Pixel size of an aspect preset scaled so its short side is `short_side` (even numbers)."""
    if aspect not in ASPECTS:
        raise TimelineError(f"Unknown aspect (未知画幅) {aspect!r}; choose one of {', '.join(ASPECTS)}.")
    w, h = ASPECTS[aspect]
    k = short_side / min(w, h)
    return _even(w * k), _even(h * k)


def _even(x: float) -> int:
    return max(2, int(round(x / 2)) * 2)


@dataclass
class Canvas:
    width: int = 1080
    height: int = 1920
    fps: int = 30
    fit: str = "crop"  # crop to fill | fit (letterbox) | blur (fit on a blurred copy)
    aspect: str = "9:16"

    @classmethod
    def for_aspect(cls, aspect: str = "9:16", fps: int = 30, fit: str = "crop", short_side: int = 1080) -> "Canvas":
        w, h = canvas_size(aspect, short_side)
        return cls(w, h, fps, fit, aspect)

    def scaled(self, k: float) -> "Canvas":
        """The same canvas `k` times the size (even pixel numbers)."""
        return Canvas(_even(self.width * k), _even(self.height * k), self.fps, self.fit, self.aspect)


@dataclass
class Transition:
    kind: str = "crossfade"
    duration: float = 0.5

    def __post_init__(self) -> None:
        if self.kind not in TRANSITIONS:
            raise TimelineError(f"Unknown transition (未知转场) {self.kind!r}; choose one of {', '.join(TRANSITIONS)}.")


@dataclass
class VideoClip:
    """A piece of a source file: [src_in, src_out) in source seconds, played at `speed`."""

    path: str
    src_in: float
    src_out: float
    speed: float = 1.0
    volume: float = 1.0
    color: str = "none"
    transition: Optional[Transition] = None  # transition from the previous clip into this one
    asset_id: Optional[int] = None
    still: bool = False  # an image shown for the clip's length

    @property
    def length(self) -> float:
        """Seconds this clip occupies on the output timeline."""
        return (self.src_out - self.src_in) / self.speed


@dataclass
class MusicTrack:
    path: str
    src_in: float = 0.0
    src_out: Optional[float] = None  # None = to the end of the song
    start: float = 0.0  # where the music begins on the timeline
    volume: float = 1.0
    fade_in: float = 0.0
    fade_out: float = 0.0
    asset_id: Optional[int] = None

    def played(self, timeline_end: float) -> float:
        """Seconds of the song heard on a timeline that ends at `timeline_end`."""
        available = (self.src_out - self.src_in) if self.src_out is not None else math.inf
        return max(0.0, min(available, timeline_end - self.start))


@dataclass
class Overlay:
    """Text or a logo shown over the video from `start` to `end`. x, y: centre, 0..1 of canvas."""

    kind: str  # "text" | "logo"
    start: float
    end: float
    text: str = ""
    path: str = ""
    x: float = 0.5
    y: float = 0.12
    size: float = 0.05  # text: height fraction of canvas; logo: width fraction
    color: str = "#FFFFFF"
    font: str = "sans-bold"
    opacity: float = 1.0  # 0..1
    asset_id: Optional[int] = None  # the library asset of a logo


@dataclass
class Timeline:
    canvas: Canvas = field(default_factory=Canvas)
    clips: list[VideoClip] = field(default_factory=list)
    music: Optional[MusicTrack] = None
    overlays: list[Overlay] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    caption_style: dict = field(default_factory=dict)
    beats: BeatGrid = field(default_factory=BeatGrid)

    # ---- geometry -------------------------------------------------------------------------
    @property
    def duration(self) -> float:
        return self.cut_frames()[-1] / self.canvas.fps if self.clips else 0.0

    def cut_frames(self) -> list[int]:
        """Output frame of every cut: [0, end of clip 0, end of clip 1, ...]. Each clip is at
        least one frame long; positions are rounded once from exact sums, so they never drift."""
        frames, t = [0], 0.0
        for clip in self.clips:
            t += clip.length
            frames.append(max(frames[-1] + 1, round(t * self.canvas.fps)))
        return frames

    def clip_starts(self) -> list[float]:
        return [f / self.canvas.fps for f in self.cut_frames()[:-1]]

    def clip_at(self, t: float) -> int:
        """Index of the clip playing at timeline second `t` (the last one past the end)."""
        frame = int(t * self.canvas.fps + 1e-6)
        return max(0, min(len(self.clips) - 1, bisect.bisect_right(self.cut_frames(), frame) - 1))

    def beat_times(self) -> list[float]:
        """Beats in timeline seconds (music beats shifted by the music's placement)."""
        if self.music is None:
            return list(self.beats.beats)
        shift = self.music.start - self.music.src_in
        return [b + shift for b in self.beats.beats]

    # ---- edits (return nothing; callers save the timeline in one project action) ----------
    def split(self, t: float) -> int:
        """Cut the clip under timeline second `t` in two; returns the index of the second half."""
        i = self.clip_at(t)
        clip, start = self.clips[i], self.clip_starts()[i]
        offset = (t - start) * clip.speed
        if offset < MIN_CLIP or clip.src_out - clip.src_in - offset < MIN_CLIP:
            raise TimelineError("Too close to the clip's edge to split (离片段边缘太近，无法分割).")
        second = replace(clip, src_in=clip.src_in + offset, transition=None)
        self.clips[i] = replace(clip, src_out=clip.src_in + offset)
        self.clips.insert(i + 1, second)
        return i + 1

    def move(self, src: int, dst: int) -> None:
        self._check(src)
        clip = self.clips.pop(src)
        self.clips.insert(max(0, min(dst, len(self.clips))), clip)

    def remove(self, i: int) -> VideoClip:
        self._check(i)
        return self.clips.pop(i)

    def remove_clips(self, indices) -> None:
        """Remove several clips at once (one edit, so one undo step)."""
        chosen = sorted(set(indices), reverse=True)
        for i in chosen:
            self._check(i)
        for i in chosen:
            self.clips.pop(i)

    def edit_music(self, **values) -> None:
        """Change the song's trim (src_in/src_out), placement (start), volume or fades."""
        if self.music is None:
            raise TimelineError("There is no music to edit (还没有音乐).")
        m = replace(self.music, **values)
        if m.src_in < 0 or m.start < 0 or m.volume < 0 or m.fade_in < 0 or m.fade_out < 0:
            raise TimelineError("Music times and volume cannot be negative (音乐的时间和音量不能为负).")
        if m.src_out is not None and m.src_out - m.src_in < MIN_CLIP:
            raise TimelineError("The music's out point must come after its in point (音乐出点必须在入点之后).")
        self.music = m

    def add_caption(self, at: float, text: str, length: float = CAPTION_LENGTH) -> int:
        """Add a caption at second `at` if that spot is free, else after the last caption, so it
        never lies on top of another. Captions stay sorted by start; returns the new one's index."""
        at = math.ceil(max(0.0, at) * 100 - 1e-6) / 100  # the caption table shows hundredths
        inside = any(c.start <= at < c.end for c in self.captions)
        end = min([at + length] + [c.start for c in self.captions if c.start > at])
        if inside or end - at < MIN_CAPTION:
            at = max(c.end for c in self.captions)
            end = at + length
        i = bisect.bisect_right([c.start for c in self.captions], at)
        self.captions.insert(i, Caption(at, end, text))
        return i

    def set_clip_length(self, i: int, length: float) -> None:
        """Change where clip `i` ends on the timeline by moving its out point."""
        self._check(i)
        clip = self.clips[i]
        if length < MIN_CLIP:
            raise TimelineError("A clip must last at least 0.1 s (片段太短).")
        clip.src_out = clip.src_in + length * clip.speed

    def snap_clip_end(self, i: int, tolerance: float = 0.25) -> bool:
        """Move clip `i`'s end onto the nearest beat within `tolerance` seconds."""
        end = self.cut_frames()[i + 1] / self.canvas.fps
        beat = snap(end, self.beat_times(), tolerance)
        if beat is None or beat - self.clip_starts()[i] < MIN_CLIP:
            return False
        self.set_clip_length(i, beat - self.clip_starts()[i])
        return True

    def _check(self, i: int) -> None:
        if not 0 <= i < len(self.clips):
            raise TimelineError(f"No clip number {i + 1} (没有第 {i + 1} 个片段).")

    # ---- serialisation --------------------------------------------------------------------
    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Timeline":
        """The timeline stored in a project, every value checked by type and range (a project
        file is untrusted input): raises InvalidValueError naming the first bad field."""
        data = V.mapping(data or {}, "timeline")
        clips = []
        for i, c in enumerate(V.items(data.get("clips", []), "clips")):
            c = _known(VideoClip, c)
            if c.get("transition"):
                c["transition"] = _build(Transition, V.mapping(c["transition"], f"clips[{i}].transition"),
                                         f"clips[{i}].transition")
            else:
                c["transition"] = None
            clips.append(_build(VideoClip, c, f"clips[{i}]"))
        music = data.get("music")
        tl = cls(
            canvas=_build(Canvas, V.mapping(data.get("canvas", {}), "canvas"), "canvas"),
            clips=clips,
            music=_build(MusicTrack, V.mapping(music, "music"), "music") if music else None,
            overlays=[_build(Overlay, o, f"overlays[{i}]") for i, o in enumerate(V.items(data.get("overlays", []), "overlays"))],
            captions=[_build(Caption, c, f"captions[{i}]") for i, c in enumerate(V.items(data.get("captions", []), "captions"))],
            caption_style=V.mapping(data.get("caption_style", {}), "caption_style"),
            beats=_build(BeatGrid, V.mapping(data.get("beats", {}), "beats"), "beats"),
        )
        return checked(tl)


def _known(kind: type, data: dict[str, Any]) -> dict[str, Any]:
    """Drop keys a newer program version may have written, so old code still opens the file."""
    names = {f.name for f in fields(kind)}
    return {k: v for k, v in dict(data).items() if k in names}


def _build(kind: type, data: dict[str, Any], where: str):
    try:
        return kind(**_known(kind, data))
    except TypeError as exc:  # a required field is missing
        raise InvalidValueError(where, f"is incomplete ({exc})") from None


# ---- checking -----------------------------------------------------------------------------

def checked(tl: Timeline) -> Timeline:
    """A copy of `tl` whose every value was checked by type and range against the grammar of
    studio.video.values (InvalidValueError names the first bad field). Used when a timeline is read from a project and again before a filter graph
    is built from it, so only these shapes can ever reach ffmpeg."""
    if not isinstance(tl, Timeline):
        raise InvalidValueError("timeline", "is not a timeline")
    c = tl.canvas
    if not isinstance(c, Canvas):
        raise InvalidValueError("canvas", "is not a canvas")
    canvas = Canvas(V.integer(c.width, "canvas.width", 2, 8192), V.integer(c.height, "canvas.height", 2, 8192),
                    V.integer(c.fps, "canvas.fps", 1, 120), V.choice(c.fit, "canvas.fit", FIT_MODES),
                    V.choice(c.aspect, "canvas.aspect", tuple(ASPECTS)))
    clips = [_checked_clip(x, f"clips[{i}]") for i, x in enumerate(V.items(tl.clips, "clips", VideoClip))]
    music = None if tl.music is None else _checked_music(tl.music, "music")
    overlays = [_checked_overlay(o, f"overlays[{i}]") for i, o in enumerate(V.items(tl.overlays, "overlays", Overlay))]
    captions = [Caption(V.number(x.start, f"captions[{i}].start", -V.MAX_SECONDS, V.MAX_SECONDS),
                        V.number(x.end, f"captions[{i}].end", -V.MAX_SECONDS, V.MAX_SECONDS),
                        V.text(x.text, f"captions[{i}].text"))
                for i, x in enumerate(V.items(tl.captions, "captions", Caption))]
    style = CaptionStyle.checked_dict(tl.caption_style)
    b = tl.beats
    if not isinstance(b, BeatGrid):
        raise InvalidValueError("beats", "is not a beat grid")
    beats = BeatGrid(*(_times(getattr(b, name), f"beats.{name}") for name in ("beats", "downbeats", "accents")),
                     V.number(b.tempo, "beats.tempo", 0, 10_000))
    return Timeline(canvas, clips, music, overlays, captions, style, beats)


def _times(value, where: str) -> list[float]:
    return [V.number(t, f"{where}[{i}]", -V.MAX_SECONDS, V.MAX_SECONDS) for i, t in enumerate(V.items(value, where, object))]


def _span(src_in, src_out, where: str) -> tuple[float, float]:
    a = V.number(src_in, f"{where}.src_in", 0, V.MAX_SECONDS)
    b = V.number(src_out, f"{where}.src_out", 0, V.MAX_SECONDS)
    if b <= a:
        raise InvalidValueError(f"{where}.src_out", f"must come after src_in ({a:g}): {V.show(src_out)}")
    return a, b


def _checked_clip(c: VideoClip, where: str) -> VideoClip:
    src_in, src_out = _span(c.src_in, c.src_out, where)
    tr = c.transition
    if tr is not None:
        if not isinstance(tr, Transition):
            raise InvalidValueError(f"{where}.transition", "is not a transition")
        tr = Transition(V.choice(tr.kind, f"{where}.transition.kind", TRANSITIONS),
                        V.number(tr.duration, f"{where}.transition.duration", 0, 10))
    return VideoClip(V.path(c.path, f"{where}.path"), src_in, src_out, V.number(c.speed, f"{where}.speed", 0.01, 100),
                     V.number(c.volume, f"{where}.volume", 0, 10), V.choice(c.color, f"{where}.color", COLOR_FILTERS),
                     tr, V.asset_id(c.asset_id, f"{where}.asset_id"), V.flag(c.still, f"{where}.still"))


def _checked_music(m: MusicTrack, where: str) -> MusicTrack:
    if not isinstance(m, MusicTrack):
        raise InvalidValueError(where, "is not a music track")
    src_in = V.number(m.src_in, f"{where}.src_in", 0, V.MAX_SECONDS)
    src_out = None if m.src_out is None else _span(src_in, m.src_out, where)[1]
    return MusicTrack(V.path(m.path, f"{where}.path"), src_in, src_out, V.number(m.start, f"{where}.start", 0, V.MAX_SECONDS),
                      V.number(m.volume, f"{where}.volume", 0, 10), V.number(m.fade_in, f"{where}.fade_in", 0, 3600),
                      V.number(m.fade_out, f"{where}.fade_out", 0, 3600), V.asset_id(m.asset_id, f"{where}.asset_id"))


def _checked_overlay(o: Overlay, where: str) -> Overlay:
    t = V.MAX_SECONDS
    return Overlay(V.choice(o.kind, f"{where}.kind", OVERLAY_KINDS), V.number(o.start, f"{where}.start", -t, t),
                   V.number(o.end, f"{where}.end", -t, t), V.text(o.text, f"{where}.text"), V.path(o.path, f"{where}.path"),
                   V.number(o.x, f"{where}.x", -10, 10), V.number(o.y, f"{where}.y", -10, 10),
                   V.number(o.size, f"{where}.size", 0.001, 10), V.colour(o.color, f"{where}.color"),
                   V.font(o.font, f"{where}.font"), V.number(o.opacity, f"{where}.opacity", 0, 1),
                   V.asset_id(o.asset_id, f"{where}.asset_id"))


def slice_timeline(tl: Timeline, t0: float, t1: float) -> Timeline:
    """The part of `tl` between timeline seconds t0 and t1, as a timeline starting at 0 (for
    previews and single frames); the song keeps its trim and ends where it ends in `tl`."""
    t0 = max(0.0, t0)
    t1 = min(t1, tl.duration)
    clips = []
    for clip, start in zip(tl.clips, tl.clip_starts()):
        end = start + clip.length
        if end <= t0 or start >= t1:
            continue
        a, b = max(start, t0), min(end, t1)
        src_in = clip.src_in + (a - start) * clip.speed
        clips.append(replace(clip, src_in=src_in, src_out=src_in + (b - a) * clip.speed,
                             transition=clip.transition if clips and start >= t0 else None))
    music = None
    m = tl.music
    stop = m.start + m.played(tl.duration) if m is not None else 0.0  # where the song stops in `tl`
    if m is not None and m.start < t1 and stop > t0:
        skip = max(0.0, t0 - m.start)
        music = replace(m, start=max(0.0, m.start - t0), src_in=m.src_in + skip, src_out=m.src_in + stop - m.start,
                        fade_in=max(0.0, m.fade_in - skip), fade_out=m.fade_out if stop - m.fade_out < t1 else 0.0)
    return Timeline(
        canvas=replace(tl.canvas), clips=clips, music=music,
        overlays=[replace(o, start=o.start - t0, end=o.end - t0) for o in tl.overlays if o.end > t0 and o.start < t1],
        captions=[Caption(c.start - t0, c.end - t0, c.text) for c in tl.captions if c.end > t0 and c.start < t1],
        caption_style=dict(tl.caption_style), beats=tl.beats,
    )


def snap(t: float, beats: list[float], tolerance: float) -> Optional[float]:
    """The beat nearest `t` if it is within `tolerance` seconds, else None. `beats` sorted."""
    if not beats:
        return None
    i = bisect.bisect_left(beats, t)
    near = min(beats[max(0, i - 1): i + 1], key=lambda b: abs(b - t))
    return near if abs(near - t) <= tolerance else None
