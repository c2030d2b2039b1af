"""Preview of the composed timeline (预览): quick low-resolution renders through the same
filter graph as the export, so what you see is what you export.

A short window from the playhead renders in well under a second at 360p ultrafast; the UI plays
it at once and swaps in a full-length preview when that is ready.
"""
from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Optional

from studio.media import ffmpeg
from studio.project.jobs import CancelToken, Progress
from studio.video.presets import get_preset
from studio.video.render import compile_timeline, cover_frame
from studio.video.captions import Caption
from studio.video.timeline import Canvas, Timeline

PREVIEW_SHORT_SIDE = 360
QUICK_WINDOW = 4.0  # seconds rendered first when playback starts


def preview_canvas(canvas: Canvas, short_side: int = PREVIEW_SHORT_SIDE) -> Canvas:
    k = short_side / min(canvas.width, canvas.height)
    even = lambda x: max(2, int(round(x * k / 2)) * 2)  # noqa: E731
    return Canvas(even(canvas.width), even(canvas.height), canvas.fps, canvas.fit, canvas.aspect)


def slice_timeline(tl: Timeline, t0: float, t1: float) -> Timeline:
    """The part of `tl` between timeline seconds t0 and t1, as a timeline starting at 0."""
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
    if tl.music is not None:
        m = tl.music
        skip = max(0.0, t0 - m.start)
        music = replace(m, start=max(0.0, m.start - t0), src_in=m.src_in + skip,
                        fade_in=max(0.0, m.fade_in - skip))
    return Timeline(
        canvas=replace(tl.canvas), clips=clips, music=music,
        overlays=[replace(o, start=o.start - t0, end=o.end - t0) for o in tl.overlays if o.end > t0 and o.start < t1],
        captions=[Caption(c.start - t0, c.end - t0, c.text) for c in tl.captions if c.end > t0 and c.start < t1],
        caption_style=dict(tl.caption_style), beats=tl.beats,
    )


def render_preview(tl: Timeline, out: str | os.PathLike, start: float = 0.0, length: Optional[float] = None, *,
                   progress: Optional[Progress] = None, cancel: Optional[CancelToken] = None) -> Path:
    """Render [start, start+length) of the timeline at preview size (360p, ultrafast)."""
    end = tl.duration if length is None else min(tl.duration, start + length)
    part = slice_timeline(tl, start, end) if (start > 0 or end < tl.duration) else replace(tl)
    part.canvas = preview_canvas(tl.canvas)
    out = Path(out)
    job = compile_timeline(part, out, get_preset("preview"), out.parent / (out.stem + "-work"))
    ffmpeg.run(job.args, duration=job.duration, progress=progress, cancel=cancel, output=out)
    return out


def scrub_frame(tl: Timeline, t: float, out: str | os.PathLike, width: int = 0) -> Path:
    """One composed frame at second `t` for scrubbing (small unless `width` says otherwise)."""
    return cover_frame(tl, t, out, width=width or preview_canvas(tl.canvas).width)


def waveform(path: str | os.PathLike, per_second: int = 50) -> list[float]:
    """Peak level (0..1) of the sound in buckets of 1/per_second s, for drawing the music track."""
    import numpy as np

    rate = 4000
    samples = np.abs(ffmpeg.decode_audio(path, sample_rate=rate))
    step = rate // per_second
    n = len(samples) // step
    if n == 0:
        return []
    peaks = samples[: n * step].reshape(n, step).max(axis=1)
    top = float(peaks.max()) or 1.0
    return [round(float(p) / top, 3) for p in peaks]
