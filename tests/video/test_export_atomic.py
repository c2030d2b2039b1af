"""Exports are all or nothing: ffmpeg writes a temporary name beside the target, renamed into place
only when complete. A cancelled render keeps the previous file, a killed one leaves nothing at the
target name (its leftovers are removed by the next export and the next start)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from studio.cli import main
from studio.media import ffmpeg, synth
from studio.project import create_project
from studio.project.errors import Cancelled
from studio.project.jobs import CancelToken
from studio.video import store
from studio.video.preview import render_preview
from studio.video.render import cover_frame, render
from studio.video.timeline import Canvas, Timeline, VideoClip

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    return synth.write_clip(tmp_path_factory.mktemp("atomic") / "clip.mp4", 1.0, "96x64", 25, "testsrc2")


def _tl(clip, seconds=1.0) -> Timeline:
    return Timeline(canvas=Canvas(72, 128, 30), clips=[VideoClip(str(clip), 0.0, seconds)])


def test_each_export_writes_a_temporary_name_and_renames_it_when_complete(clip, tmp_path, monkeypatch):
    seen = []
    real = ffmpeg.run

    def spy(args, **kw):
        seen.append((Path(args[-1]), [p.name for p in tmp_path.iterdir()]))
        real(args, **kw)

    monkeypatch.setattr(ffmpeg, "run", spy)
    outs = [render(_tl(clip), tmp_path / "v.mp4", "draft"), cover_frame(_tl(clip), 0.2, tmp_path / "c.jpg"),
            render_preview(_tl(clip), tmp_path / "p.mp4")]
    for (written, listing), out in zip(seen, outs):
        assert written != out and written.parent == out.parent and written.suffix == out.suffix
        assert out.name not in listing  # nothing at the target name while ffmpeg runs
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.jpg", "p.mp4", "v.mp4"]  # no work folder beside


def test_a_cancelled_render_keeps_the_previous_file(clip, tmp_path):
    out = tmp_path / "v.mp4"
    out.write_bytes(b"previous export")
    cancel = CancelToken()
    with pytest.raises(Cancelled):  # cancelled as soon as ffmpeg started
        render(_tl(clip, 1.0), out, "douyin", cancel=cancel, progress=lambda d, t: cancel.cancel())
    assert out.read_bytes() == b"previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["v.mp4"]


def _project_with_video(folder: Path, clip: Path, seconds: float) -> tuple[Path, int]:
    from studio.library.import_ import import_paths

    folder.mkdir(exist_ok=True)
    project = create_project(folder / "p.nms")
    try:
        (_, asset_id), = import_paths(project, [clip]).imported
        vid = store.create(project, "long", "douyin")
        tl = store.load(project, vid)
        tl.clips = [VideoClip("", 0.0, seconds, asset_id=asset_id)]
        store.save(project, vid, tl, "clip")
    finally:
        project.close()
    return folder / "p.nms", vid


def test_a_killed_render_leaves_nothing_at_the_target_and_is_cleaned_up_later(tmp_path, monkeypatch):
    long_clip = synth.write_clip(tmp_path / "long.mp4", 30.0, "96x64", 25, "testsrc2", audio=False)
    project, vid = _project_with_video(tmp_path, long_clip, 30.0)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    out = tmp_path / "out" / "v.mp4"
    out.parent.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp)}
    proc = subprocess.Popen([sys.executable, "-m", "studio", "render", str(project), str(vid), "--out", str(out)],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while not any(p.stat().st_size > 0 for p in out.parent.iterdir()):
            assert proc.poll() is None, proc.stderr.read()
            assert time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stderr.close()
    time.sleep(0.3)  # ffmpeg dies with its parent (PR_SET_PDEATHSIG)
    left = list(out.parent.iterdir())
    assert not out.exists()
    assert len(left) == 1 and left[0].name.startswith(".v.part") and left[0].suffix == ".mp4"
    work = [p for p in tmp.iterdir() if p.name.startswith("nms-render-")]
    assert len(work) == 1  # the killed run's private folder
    old = time.time() - 7 * 3600
    os.utime(work[0], (old, old))
    fresh = tmp / "nms-render-someone-else"  # another program's running job: young, kept
    fresh.mkdir()

    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    short = tmp_path / "short.mp4"  # the next start: a quick export of another video
    project2, vid2 = _project_with_video(tmp_path / "second", synth.write_clip(tmp_path / "s.mp4", 0.5, "96x64", 25), 0.5)
    assert main(["render", str(project2), str(vid2), "--out", str(short), "--preset", "draft"]) == 0
    assert not work[0].exists() and fresh.exists()
    # the next export to the same target removes the dead run's partial file
    render(_tl(long_clip, 0.5), out, "draft")
    assert [p.name for p in out.parent.iterdir()] == ["v.mp4"]
