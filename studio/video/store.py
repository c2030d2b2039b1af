"""Video projects in the project file: create, list, load and save timelines (each save is one
undoable action), with clip paths resolved through the library so relinked media still work."""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Optional, Sequence

from sqlalchemy import select

from studio.library import catalog, files
from studio.project import Project
from studio.project.errors import StudioError
from studio.project.models.library import Asset
from studio.project.models.video import VideoProject
from studio.video.beatgrid import BeatGrid
from studio.video.presets import get_preset
from studio.video.timeline import MusicTrack, Overlay, Timeline, VideoClip, checked

MEDIA_KINDS = ("video", "image", "audio")


class VideoNotFoundError(StudioError):
    def __init__(self, video_id) -> None:
        super().__init__(f"No video number {video_id} in this project (项目中没有编号为 {video_id} 的视频). "
                         "List them with `nmstudio info` or open the 视频 page.")


def create(project: Project, name: str, preset: str = "douyin", fit: str = "crop") -> int:
    canvas = get_preset(preset).canvas(fit)
    with project.action(f"新建视频 / New video: {name}") as s:
        row = VideoProject(name=name, preset=get_preset(preset).name, timeline=Timeline(canvas=canvas).to_dict(),
                           detected_beats={})
        s.add(row)
        s.flush()
        return row.id


def list_videos(project: Project) -> list[dict]:
    with project.read() as s:
        rows = s.scalars(select(VideoProject).order_by(VideoProject.id)).all()
        return [{"id": r.id, "name": r.name, "preset": r.preset,
                 "clips": len(r.timeline.get("clips", [])), "updated": r.updated} for r in rows]


def load(project: Project, video_id: int, resolve: bool = True) -> Timeline:
    """The timeline of a video, every value checked (InvalidValueError names a bad one); with
    `resolve`, media paths come from the library's assets (see `_resolve`)."""
    with project.read() as s:
        row = s.get(VideoProject, video_id)
        if row is None:
            raise VideoNotFoundError(video_id)
        tl = Timeline.from_dict(row.timeline)
        if resolve:
            _resolve(project, s, tl)
        return tl


def save(project: Project, video_id: int, tl: Timeline, label: str) -> None:
    """Store the whole timeline as one undoable action named `label`."""
    checked(tl)  # never store what could not be loaded again
    with project.action(label) as s:
        row = _row(s, video_id)
        row.timeline = tl.to_dict()
        if tl.music is not None:
            row.music_asset_id = tl.music.asset_id


def set_preset(project: Project, video_id: int, preset: str) -> None:
    name = get_preset(preset).name
    with project.action(f"导出预设 / Preset: {name}") as s:
        _row(s, video_id).preset = name


def preset_of(project: Project, video_id: int) -> str:
    with project.read() as s:
        return _row(s, video_id).preset


def set_detected_beats(project: Project, video_id: int, grid: BeatGrid, tl: Timeline) -> None:
    """Save a fresh detection both as the timeline's grid and as the 'reset' copy."""
    tl.beats = grid
    with project.action("检测节拍 / Detect beats") as s:
        row = _row(s, video_id)
        row.detected_beats = {"beats": grid.beats, "downbeats": grid.downbeats,
                              "accents": grid.accents, "tempo": grid.tempo}
        row.timeline = tl.to_dict()


def detected_beats(project: Project, video_id: int) -> Optional[BeatGrid]:
    with project.read() as s:
        data = _row(s, video_id).detected_beats
        return BeatGrid(**data) if data else None


@dataclass
class MediaItem:
    """A library asset the video page can use: a clip, a still or a song."""

    id: int
    kind: str  # video | image | audio
    title: str
    duration: Optional[float]
    thumbnail: Optional[bytes]


def media_assets(project: Project) -> list[MediaItem]:
    """The library's videos, images and songs (videos first), with their thumbnails."""
    with project.read() as s:
        rows = s.execute(select(Asset.id, Asset.kind, Asset.title, Asset.path, Asset.duration)
                         .where(Asset.kind.in_(MEDIA_KINDS)).order_by(Asset.kind.desc(), Asset.id)).all()
        thumbs = catalog.thumbnails(s, [r.id for r in rows])
    return [MediaItem(r.id, r.kind, r.title or r.path, r.duration, thumbs.get(r.id)) for r in rows]


def media_from_assets(project: Project, ids: Sequence[int]) -> tuple[list[VideoClip], Optional[MusicTrack]]:
    """Clips of the video and image assets among `ids` (in that order) and the first song's track."""
    with project.read() as s:
        assets = {a.id: a for a in s.scalars(select(Asset).where(Asset.id.in_(ids)))}
    chosen = [assets[i] for i in ids if i in assets]
    clips = [clip_from_asset(project, a) for a in chosen if a.kind in ("video", "image")]
    song = next((music_from_asset(project, a) for a in chosen if a.kind == "audio"), None)
    return clips, song


def logo_for(project: Project, asset_id: int, start: float, end: float) -> Overlay:
    """A logo overlay of image asset `asset_id` (see `logo_from_asset`)."""
    with project.read() as s:
        asset = s.get(Asset, asset_id)
    if asset is None:
        raise StudioError(f"No asset number {asset_id} in the library (素材库中没有编号为 {asset_id} 的素材).")
    return logo_from_asset(project, asset, start, end)


def clip_from_asset(project: Project, asset: Asset, start: float = 0.0,
                    length: Optional[float] = None) -> VideoClip:
    path = str(files.resolve(project, asset.path))
    duration = asset.duration or float(asset.meta.get("duration", 0) or 0) or 3.0
    if asset.kind == "image":
        return VideoClip(path, 0.0, length or 3.0, still=True, asset_id=asset.id, volume=0.0)
    end = min(duration, start + length) if length else duration
    return VideoClip(path, start, end, asset_id=asset.id)


def logo_from_asset(project: Project, asset: Asset, start: float, end: float) -> Overlay:
    """A logo overlay of an image asset, top right, from `start` to `end` timeline seconds."""
    return Overlay("logo", start, end, path=str(files.resolve(project, asset.path)), x=0.86, y=0.06,
                   size=0.14, asset_id=asset.id)


def music_from_asset(project: Project, asset: Asset) -> MusicTrack:
    return MusicTrack(str(files.resolve(project, asset.path)), 0.0, asset.duration or None, asset_id=asset.id)


def _row(s, video_id: int) -> VideoProject:
    row = s.get(VideoProject, video_id)
    if row is None:
        raise VideoNotFoundError(video_id)
    return row


def _resolve(project: Project, s, tl: Timeline) -> None:
    """Media paths come from the library, never from the timeline (a project file is untrusted
    input, and a relinked file moves): an item's asset number picks its file; an item without a
    known asset (an older file, a demo) is looked up by its path among the library's assets. An
    item in no library record gets an empty path, which the renderer refuses, naming the item."""
    items = [*tl.clips, *[o for o in tl.overlays if o.kind == "logo"], *([tl.music] if tl.music else [])]
    if not items:
        return
    ids = {i.asset_id for i in items if i.asset_id}
    by_id = dict(s.execute(select(Asset.id, Asset.path).where(Asset.id.in_(ids))).all()) if ids else {}
    folder = str(project.path.parent) + os.sep

    def forms(path: str) -> set[str]:  # as the library may store it: absolute, or relative to the project
        return {path, path[len(folder):]} if path.startswith(folder) else {path}

    loose = set().union(*(forms(i.path) for i in items if i.asset_id not in by_id and i.path))
    known = {p for (p,) in s.execute(select(Asset.path).where(Asset.path.in_(loose))).all()} if loose else set()
    for item in items:
        stored = by_id.get(item.asset_id) or next((p for p in sorted(forms(item.path or "")) if p in known), None)
        item.path = str(files.resolve(project, stored)) if stored else ""
