"""Clip liveliness scan for one-click beat cut (一键踩点): which parts of a clip are worth using.

A tiny grey decode through ffmpeg (64 px wide, a few frames per second) gives, per sample time,
brightness, activity (mean change from the previous frame), black and frozen flags and scene
changes. `lively_window` picks the most active window of a given length that avoids black or
frozen frames and contains no scene change.
"""
from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from typing import Callable, Optional

import numpy as np

from studio.media import ffmpeg
from studio.project import jobs
from studio.project.errors import MediaError
from studio.project.jobs import check

SCAN_WIDTH, SCAN_HEIGHT = 64, 36
BLACK_LEVEL = 0.07      # mean luma below this is black (fades, lens cap)
FROZEN_LEVEL = 0.004    # mean abs change per sample below this is a frozen picture
CUT_LEVEL = 0.35        # histogram distance above this (and well above the neighbours) is a cut


@dataclass
class ClipScan:
    path: str
    duration: float
    rate: float                                              # samples per second
    times: np.ndarray = field(default_factory=lambda: np.zeros(0))
    brightness: np.ndarray = field(default_factory=lambda: np.zeros(0))   # 0..1
    activity: np.ndarray = field(default_factory=lambda: np.zeros(0))     # 0..1 mean abs change
    black: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    frozen: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    cuts: list[float] = field(default_factory=list)          # scene changes, seconds

    @property
    def bad(self) -> np.ndarray:
        return self.black | self.frozen

    def to_dict(self) -> dict:
        return {"path": self.path, "duration": self.duration, "rate": self.rate, "cuts": self.cuts,
                "black_seconds": round(float(self.black.sum()) / self.rate, 2) if self.rate else 0.0,
                "frozen_seconds": round(float(self.frozen.sum()) / self.rate, 2) if self.rate else 0.0,
                "mean_activity": round(float(self.activity.mean()), 4) if len(self.activity) else 0.0}


def scan_rate(duration: float) -> float:
    """Samples per second: dense for short clips, sparser for long ones (bounded work)."""
    return float(min(10.0, max(2.0, 1200.0 / max(duration, 1e-3))))


def scan(path: str | os.PathLike, progress: Optional[Callable[[int, int], None]] = None,
         cancel=None) -> ClipScan:
    info = ffmpeg.probe(path)
    if info.video is None:
        raise MediaError(f"No video stream in (没有视频画面): {path}")
    duration = info.duration
    rate = scan_rate(duration)
    frames = _decode_grey(path, rate, duration, progress, cancel)
    return analyse_frames(frames, rate, duration, str(path))


def _decode_grey(path, rate: float, duration: float, progress, cancel) -> np.ndarray:
    args = [ffmpeg.ffmpeg_exe(), "-hide_banner", "-nostdin", "-v", "error", "-i", str(path), "-an",
            "-vf", f"fps={rate:g},scale={SCAN_WIDTH}:{SCAN_HEIGHT}:flags=area,format=gray",
            "-f", "rawvideo", "-"]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **jobs.child_options())
    size = SCAN_WIDTH * SCAN_HEIGHT
    expected = max(1, int(duration * rate))
    chunks: list[bytes] = []
    try:
        while True:
            check(cancel)
            block = proc.stdout.read(size * 16)  # type: ignore[union-attr]
            if not block:
                break
            chunks.append(block)
            if progress:
                progress(min(expected, sum(map(len, chunks)) // size), expected)
        err = proc.stderr.read().decode("utf-8", "replace")  # type: ignore[union-attr]
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()  # type: ignore[union-attr]
        proc.stderr.close()  # type: ignore[union-attr]
    data = b"".join(chunks)
    if proc.returncode != 0 or len(data) < size:
        raise MediaError(f"Cannot decode the video (无法解码视频) {path}: {err.strip()[-200:] or 'no frames'}")
    n = len(data) // size
    return np.frombuffer(data[: n * size], np.uint8).reshape(n, SCAN_HEIGHT, SCAN_WIDTH)


def analyse_frames(frames: np.ndarray, rate: float, duration: float, path: str = "") -> ClipScan:
    """The scan of grey frames (n x h x w, uint8) sampled `rate` times per second."""
    f = frames.astype(np.float32) / 255.0
    n = len(f)
    times = np.arange(n) / rate
    brightness = f.mean(axis=(1, 2))
    diff = np.abs(np.diff(f, axis=0)).mean(axis=(1, 2)) if n > 1 else np.zeros(0)
    activity = np.concatenate([[diff[0] if len(diff) else 0.0], diff])
    black = (brightness < BLACK_LEVEL) & (f.std(axis=(1, 2)) < 0.05)
    frozen = activity < FROZEN_LEVEL
    frozen &= ~black
    cuts = _scene_changes(f, times)
    return ClipScan(path, float(duration or n / rate), rate, times, brightness, activity, black, frozen, cuts)


def _scene_changes(f: np.ndarray, times: np.ndarray) -> list[float]:
    """Times where the grey histogram jumps far more than it does around it."""
    if len(f) < 2:
        return []
    hist = np.stack([np.histogram(fr, bins=16, range=(0, 1))[0] for fr in f]).astype(np.float32)
    hist /= hist.sum(axis=1, keepdims=True)
    dist = 0.5 * np.abs(np.diff(hist, axis=0)).sum(axis=1)           # 0..1 (total variation)
    pix = np.abs(np.diff(f, axis=0)).mean(axis=(1, 2))
    score = 0.5 * dist + pix * 2.0
    cuts = []
    for i, s in enumerate(score):
        around = np.concatenate([score[max(0, i - 5):i], score[i + 1:i + 6]])
        local = float(np.median(around)) if len(around) else 0.0
        if s > CUT_LEVEL and s > 3.0 * local:
            cuts.append(float((times[i] + times[i + 1]) / 2))
    return cuts


def lively_window(scan: ClipScan, length: float) -> float:
    """Start (seconds) of the best `length`-second window: no scene change inside, as few black or
    frozen samples as possible, then the most activity; ties prefer the clip's middle."""
    if length >= scan.duration or len(scan.times) == 0:
        return 0.0
    last = scan.duration - length
    step = 1.0 / scan.rate
    starts = np.arange(0.0, last + 1e-9, step)
    if starts[-1] < last - 1e-6:
        starts = np.append(starts, last)
    cuts = np.asarray(scan.cuts)
    csum_bad = np.concatenate([[0], np.cumsum(scan.bad)])
    csum_act = np.concatenate([[0.0], np.cumsum(scan.activity)])
    lo = np.clip(np.floor(starts * scan.rate).astype(int), 0, len(scan.times))
    hi = np.clip(np.ceil((starts + length) * scan.rate).astype(int), 0, len(scan.times))
    count = np.maximum(1, hi - lo)
    bad = (csum_bad[hi] - csum_bad[lo]) / count
    act = (csum_act[hi] - csum_act[lo]) / count
    margin = 0.5 * step  # a cut exactly at an edge is fine
    inside = np.array([np.any((cuts > s + margin) & (cuts < s + length - margin)) for s in starts]) \
        if len(cuts) else np.zeros(len(starts), bool)
    centre = 1.0 - np.abs((starts + length / 2) / scan.duration - 0.5)  # 0.5..1
    score = -10.0 * inside - 5.0 * bad + act / (scan.activity.max() + 1e-6) + 0.05 * centre
    return float(round(starts[int(np.argmax(score))], 3))
