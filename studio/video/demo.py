"""The demo video project (示例视频): the demo clips and song from the library, cut on the beat,
with a title and two captions, ready to preview and export for Douyin."""
from __future__ import annotations

from sqlalchemy import select

from studio.project import Project
from studio.project.models.library import Asset
from studio.video import beatcut, beats, store
from studio.video.beatgrid import BeatGrid
from studio.video.captions import Caption
from studio.video.presets import get_preset
from studio.video.timeline import Overlay

NAME = "示例踩点视频 Beat-cut demo"


def populate(project: Project) -> int:
    clips, song = _demo_media(project)
    grid = BeatGrid.from_analysis(beats.analyse(song[0]))
    sources = beatcut.lively_sources([p for p, _ in clips], [a for _, a in clips])
    tl = beatcut.build(sources, song[0], grid, get_preset("douyin").canvas("blur"), every=4,
                       transition=None, music_asset_id=song[1])
    if len(tl.clips) > 2:
        tl.clips[2].transition = beatcut.Transition("crossfade", 0.4)
    tl.overlays.append(Overlay("text", 0.0, 3.0, text="周末城市漫游", y=0.16, size=0.06))
    tl.captions = [Caption(0.5, 3.5, "跟着节拍，一键踩点"), Caption(4.0, 7.5, "每个剪辑点都落在拍子上")]
    video_id = store.create(project, NAME, "douyin", "blur")
    store.set_detected_beats(project, video_id, grid, tl)
    return video_id


def _demo_media(project: Project) -> tuple[list[tuple[str, int | None]], tuple[str, int | None]]:
    """Video and music assets of the library; the generated demo media if the library is empty."""
    with project.read() as s:
        videos = s.scalars(select(Asset).where(Asset.kind == "video").order_by(Asset.id)).all()
        audio = s.scalars(select(Asset).where(Asset.kind == "audio").order_by(Asset.id)).first()
    if videos and audio:
        return [(a.path, a.id) for a in videos], (audio.path, audio.id)
    from studio.demo import media

    m = media()
    return [(str(p), None) for p in m["clips"]], (str(m["music"]), None)
