"""One-click beat cut (一键踩点): clips + a song -> a timeline whose cuts sit on the beats.

Cuts fall every N beats, on downbeats only, or on strong accents. Each cut is placed on the
output frame nearest its beat; every segment then takes a lively part of the next clip (no
black or frozen frames, no scene change inside), reusing clips in order until the song ends.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional, Sequence

from studio.media import ffmpeg
from studio.project.errors import StudioError
from studio.project.jobs import CancelToken, Progress, check
from studio.video.beatgrid import BeatGrid
from studio.video.timeline import Canvas, MusicTrack, Timeline, Transition, VideoClip

MODES = ("every", "downbeats", "accents")
MIN_SEGMENT = 0.25  # seconds; beats closer than this to the previous cut are skipped
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".bmp"}


class BeatCutError(StudioError):
    """Beat cut cannot run with these inputs."""


@dataclass
class Source:
    """A clip offered to beat cut. `window(length) -> start` picks the lively part."""

    path: str
    duration: float
    still: bool = False
    asset_id: Optional[int] = None
    window: Optional[Callable[[float], float]] = None


def cut_frames(grid: BeatGrid, duration: float, fps: int, mode: str = "every", every: int = 2) -> list[int]:
    """Output frames where segments start and end: [0, cut, cut, ..., end]."""
    if mode not in MODES:
        raise BeatCutError(f"Unknown cut mode (未知踩点方式) {mode!r}; choose one of {', '.join(MODES)}.")
    if every < 1:
        raise BeatCutError("--every must be at least 1 (每隔拍数至少为 1).")
    end = round(duration * fps)
    if mode == "every":
        beats = sorted(grid.beats)
        phase = _downbeat_phase(beats, grid.downbeats, every)
        marks = beats[phase::every]
    else:
        marks = grid.downbeats if mode == "downbeats" else grid.accents
    frames, gap = [0], max(1, round(MIN_SEGMENT * fps))
    for t in sorted(marks):
        f = round(t * fps)
        if f - frames[-1] >= gap and end - f >= gap:
            frames.append(f)
    return frames + [end] if end > 0 else frames


def _downbeat_phase(beats: list[float], downbeats: list[float], every: int) -> int:
    """Start counting at the first downbeat so every-2 / every-4 cuts land on bar lines."""
    if not downbeats or not beats:
        return 0
    first = min(range(len(beats)), key=lambda i: abs(beats[i] - downbeats[0]))
    return first % every


def assign(sources: Sequence[Source], frames: list[int], fps: int) -> list[VideoClip]:
    """One clip per segment, cycling through `sources` in order. A clip's length equals its
    segment exactly (frames / fps) so the renderer keeps every cut where it was planned."""
    if not sources:
        raise BeatCutError("Beat cut needs at least one clip (请至少选择一个片段).")
    clips, last_end = [], {}
    for k, (a, b) in enumerate(zip(frames, frames[1:])):
        src, length = sources[k % len(sources)], (b - a) / fps
        if src.still:
            clips.append(VideoClip(src.path, 0.0, length, still=True, asset_id=src.asset_id, volume=0.0))
            continue
        if src.duration >= length:
            start = _reuse_start(src, length, last_end.get(src.path))
            speed = 1.0
        else:  # too short: slow it down (at most 2x); any rest is a held last frame
            start, speed = 0.0, max(0.5, src.duration / length)
        clips.append(VideoClip(src.path, start, start + length * speed, speed=speed, volume=0.0,
                               asset_id=src.asset_id))
        last_end[src.path] = start + length * speed
    return clips


def _reuse_start(src: Source, length: float, previous_end: Optional[float]) -> float:
    """First use: the lively window. Later uses continue after the previous piece if it fits."""
    if previous_end is not None and previous_end + length <= src.duration:
        return previous_end
    start = src.window(length) if src.window else (src.duration - length) / 2
    return max(0.0, min(start, src.duration - length))


def lively_sources(paths: Sequence[str | Path], asset_ids: Optional[Sequence[Optional[int]]] = None, *,
                   progress: Optional[Progress] = None, cancel: Optional[CancelToken] = None) -> list[Source]:
    """Probe and scan each clip (black/frozen frames, scene changes) so beat cut can pick
    lively windows."""
    from studio.video import clipscan

    out = []
    for i, path in enumerate(paths):
        check(cancel)
        path = str(path)
        aid = asset_ids[i] if asset_ids else None
        if Path(path).suffix.lower() in IMAGE_SUFFIXES:
            out.append(Source(path, 0.0, still=True, asset_id=aid))
        else:
            scan = clipscan.scan(path)
            out.append(Source(path, scan.duration, asset_id=aid,
                              window=lambda length, s=scan: clipscan.lively_window(s, length)))
        if progress:
            progress(i + 1, len(paths))
    return out


def build(sources: Sequence[Source], music: str | Path, grid: BeatGrid, canvas: Canvas, *,
          mode: str = "every", every: int = 2, duration: Optional[float] = None,
          transition: Optional[str] = None, music_asset_id: Optional[int] = None) -> Timeline:
    """The beat-cut timeline: segments on the grid, the song as soundtrack, lasting as long as
    the song (or `duration`)."""
    length = duration if duration is not None else ffmpeg.probe(music).duration
    if length <= 0:
        raise BeatCutError(f"The music has no length (音乐时长为 0): {music}")
    frames = cut_frames(grid, length, canvas.fps, mode, every)
    clips = assign(sources, frames, canvas.fps)
    if transition:
        for clip in clips[1:]:
            clip.transition = Transition(transition, min(0.4, clip.length / 2))
    return Timeline(canvas=canvas, clips=clips, beats=grid,
                    music=MusicTrack(str(music), 0.0, length, asset_id=music_asset_id, fade_out=min(1.0, length / 10)))


def beatcut(clips: Sequence[str | Path], music: str | Path, canvas: Optional[Canvas] = None, *,
            mode: str = "every", every: int = 2, grid: Optional[BeatGrid] = None,
            progress: Optional[Progress] = None, cancel: Optional[CancelToken] = None) -> Timeline:
    """Analyse the song (unless `grid` is given), scan the clips and build the timeline."""
    from studio.video import beats

    canvas = canvas or Canvas()
    if grid is None:
        grid = BeatGrid.from_analysis(beats.analyse(str(music), cancel=cancel))
    if not grid.beats:
        raise BeatCutError(f"No beats found in the music (未检测到节拍): {music}. "
                           "Pick a song with a clear rhythm, or tap the tempo in the beat grid.")
    sources = lively_sources(clips, progress=progress, cancel=cancel)
    return build(sources, music, grid, canvas, mode=mode, every=every)
