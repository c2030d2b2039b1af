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
from studio.video.render import cover_frame, export
from studio.video.timeline import Canvas, Timeline, slice_timeline

__all__ = ["preview_canvas", "render_preview", "scrub_frame", "slice_timeline", "waveform"]

PREVIEW_SHORT_SIDE = 360
QUICK_WINDOW = 4.0  # seconds rendered first when playback starts


def preview_canvas(canvas: Canvas, short_side: int = PREVIEW_SHORT_SIDE) -> Canvas:
    return canvas.scaled(short_side / min(canvas.width, canvas.height))


def render_preview(tl: Timeline, out: str | os.PathLike, start: float = 0.0, length: Optional[float] = None, *,
                   progress: Optional[Progress] = None, cancel: Optional[CancelToken] = None) -> Path:
    """Render [start, start+length) of the timeline at preview size (360p, ultrafast)."""
    end = tl.duration if length is None else min(tl.duration, start + length)
    part = slice_timeline(tl, start, end) if (start > 0 or end < tl.duration) else replace(tl)
    part.canvas = preview_canvas(tl.canvas)
    return export(part, out, "preview", "preview", progress=progress, cancel=cancel)


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
