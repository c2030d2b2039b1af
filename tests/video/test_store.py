"""Video projects in the project file: saving, undo of grid edits, relinking through assets, schema."""
import pytest
import sqlalchemy as sa

from studio.project import create_project
from studio.project.models.library import Asset
from studio.video import store
from studio.video.beatgrid import BeatGrid
from studio.video.timeline import MusicTrack, VideoClip


def test_create_save_load_and_undo_grid_edits(project):
    vid = store.create(project, "测试", "xiaohongshu", "blur")
    tl = store.load(project, vid)
    assert (tl.canvas.width, tl.canvas.height, tl.canvas.fit) == (1080, 1440, "blur")
    store.set_detected_beats(project, vid, BeatGrid([0.5, 1.0, 1.5], [0.5], [], 120.0), tl)
    tl.beats = tl.beats.nudge(1, 0.05)
    store.save(project, vid, tl, "移动节拍 / Nudge beat")
    assert store.load(project, vid).beats.beats[1] == pytest.approx(1.05)
    project.undo()
    assert store.load(project, vid).beats.beats[1] == pytest.approx(1.0)
    project.redo()
    assert store.load(project, vid).beats.beats[1] == pytest.approx(1.05)
    assert store.detected_beats(project, vid).beats == [0.5, 1.0, 1.5]
    assert [v["name"] for v in store.list_videos(project)] == ["测试"]
    with pytest.raises(store.VideoNotFoundError):
        store.load(project, 999)


def test_clip_paths_follow_relinked_assets(project, tmp_path):
    with project.action("import") as s:
        clip = Asset(kind="video", title="a", path=str(tmp_path / "old.mp4"), duration=4.0)
        song = Asset(kind="audio", title="s", path=str(tmp_path / "old.wav"), duration=8.0)
        s.add_all([clip, song])
    vid = store.create(project, "v")
    tl = store.load(project, vid)
    tl.clips = [store.clip_from_asset(project, clip, 1.0, 2.0)]
    tl.music = store.music_from_asset(project, song)
    store.save(project, vid, tl, "add")
    with project.action("relink") as s:
        s.get(Asset, clip.id).path = str(tmp_path / "new.mp4")
        s.get(Asset, song.id).path = str(tmp_path / "new.wav")
    back = store.load(project, vid)
    assert back.clips[0].path.endswith("new.mp4") and back.music.path.endswith("new.wav")
    assert back.clips[0].length == pytest.approx(2.0)
    assert store.load(project, vid, resolve=False).clips[0].path.endswith("old.mp4")


def test_collected_relative_paths_resolve_inside_the_project_folder(project, tmp_path):
    """After 收集素材 paths are relative to the project file; the timeline gets absolute ones."""
    with project.action("collect") as s:
        clip = Asset(kind="video", title="a", path="素材/video/a.mp4", duration=4.0)
        s.add(clip)
    vid = store.create(project, "v")
    tl = store.load(project, vid)
    tl.clips = [store.clip_from_asset(project, clip)]
    assert tl.clips[0].path == str(project.path.parent / "素材/video/a.mp4")
    store.save(project, vid, tl, "add")
    assert store.load(project, vid).clips[0].path == str(project.path.parent / "素材/video/a.mp4")


def test_migration_gives_the_same_video_table_as_create_all(tmp_path):
    from studio.project import migrate
    from studio.project.models import Base

    engine = sa.create_engine(f"sqlite:///{tmp_path / 'm.db'}")
    with engine.begin() as conn:
        migrate.upgrade_heads(conn)
    migrated = {c["name"]: (str(c["type"]), c["nullable"]) for c in sa.inspect(engine).get_columns("video_project")}
    model = {c.name: (str(c.type), c.nullable) for c in Base.metadata.tables["video_project"].columns}
    assert migrated == model
