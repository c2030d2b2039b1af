"""`nmstudio beatcut` and `nmstudio render`: the exported files are decoded and checked."""
import json
import subprocess

import numpy as np
import pytest

from studio.cli import main
from studio.library.import_ import import_paths
from studio.media import ffmpeg, synth
from studio.video import store
from studio.video.timeline import VideoClip

COLOURS = {"red": (255, 0, 0), "lime": (0, 255, 0), "blue": (0, 0, 255)}


def small_frames(path, w=36, h=64):
    raw = subprocess.run([ffmpeg.ffmpeg_exe(), "-v", "error", "-i", str(path), "-vf", f"scale={w}:{h}",
                          "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], capture_output=True, check=True).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, h, w, 3)


def colour_changes(frames):
    names, ref = list(COLOURS), np.array(list(COLOURS.values()), float)
    _, h, w, _ = frames.shape
    centre = frames[:, h // 3: 2 * h // 3, w // 4: 3 * w // 4].reshape(len(frames), -1, 3).mean(1)
    seq = [names[int(np.argmin(((ref - c) ** 2).sum(1)))] for c in centre]
    return seq, [i for i in range(1, len(seq)) if seq[i] != seq[i - 1]]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    d = tmp_path_factory.mktemp("beatcut")
    clips = [synth.write_clip(d / f"{c}.mp4", 3.0, "160x120", 25, f"color=c={c}") for c in COLOURS]
    song = d / "song.wav"
    truth = synth.write_music(song, 8.0, 120.0)
    return d, clips, song, truth


def test_beatcut_cli_cuts_on_beats_for_the_whole_song(inputs, capsys):
    d, clips, song, truth = inputs
    out = d / "out.mp4"
    assert main(["beatcut", "--music", str(song), "--out", str(out), *map(str, clips)]) == 0
    info = ffmpeg.probe(out)
    assert (info.video.width, info.video.height, info.video.fps) == (1080, 1920, 30.0)
    assert info.audio is not None and abs(info.duration - 8.0) < 0.05
    seq, cuts = colour_changes(small_frames(out))
    assert len(seq) == 240 and seq[0] == "red"
    assert len(cuts) >= 3
    for f in cuts:  # every cut sits on the frame nearest a true beat of the song
        assert min(abs(f - b * 30) for b in truth) <= 1.0
    assert [seq[f] for f in cuts[:3]] == ["lime", "blue", "red"]  # clips in the given order, reused
    gaps = np.diff([0] + cuts)
    assert all(abs(g - 30) <= 1 for g in gaps[1:])  # every 2 beats at 120 BPM = 1 s


def test_beatcut_cli_every_and_aspect(inputs):
    d, clips, song, truth = inputs
    out = d / "square.mp4"
    assert main(["beatcut", "--music", str(song), "--out", str(out), "--every", "4", "--aspect", "1:1",
                 "--preset", "draft", *map(str, clips[:2])]) == 0
    info = ffmpeg.probe(out)
    assert (info.video.width, info.video.height) == (1080, 1080)
    seq, cuts = colour_changes(small_frames(out, 36, 36))
    assert len(cuts) >= 2
    assert all(abs(g - 60) <= 1 for g in np.diff(cuts))


def test_beatcut_cli_reports_user_errors(inputs, capsys):
    d, clips, song, _ = inputs
    assert main(["beatcut", "--music", str(d / "nope.wav"), "--out", str(d / "x.mp4"), str(clips[0])]) == 2
    assert "找不到文件" in capsys.readouterr().err
    assert main(["beatcut", "--music", str(song), "--out", str(d / "x.mp4"), "--preset", "tiktokx", str(clips[0])]) == 2
    assert not (d / "x.mp4").exists()


def test_render_cli_exports_a_project_video(inputs, tmp_path, capsys):
    from studio.project import create_project

    d, clips, song, _ = inputs
    project = create_project(tmp_path / "p.nms")
    vid = store.create(project, "v", "bilibili")
    ids = dict(import_paths(project, [clips[0], clips[2]]).imported)
    tl = store.load(project, vid)
    tl.clips = [VideoClip(str(clips[0]), 0, 1.0, asset_id=ids[str(clips[0])]), VideoClip("", 0, 0.5, asset_id=ids[str(clips[2])])]
    store.save(project, vid, tl, "clips")
    project.close()
    out = tmp_path / "v.mp4"
    assert main(["render", str(tmp_path / "p.nms"), str(vid), "--out", str(out), "--preset", "xiaohongshu"]) == 0
    info = ffmpeg.probe(out)
    assert (info.video.width, info.video.height) == (1080, 1440)
    assert abs(info.duration - 1.5) < 0.05
    assert main(["videos", str(tmp_path / "p.nms"), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert listed[0]["id"] == vid and listed[0]["preset"] == "bilibili"
    assert main(["render", str(tmp_path / "p.nms"), "99", "--out", str(out)]) == 2
