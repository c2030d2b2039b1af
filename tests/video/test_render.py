"""Rendering through one ffmpeg filter graph, checked by decoding the exported files."""
import subprocess
import threading

import numpy as np
import pytest
from PIL import Image

from studio.media import ffmpeg
from studio.project.errors import Cancelled
from studio.project.jobs import CancelToken
from studio.video.beatcut import Source, build, cut_frames
from studio.video.beatgrid import BeatGrid
from studio.video.captions import Caption
from studio.media import synth
from studio.video.preview import render_preview, slice_timeline
from studio.video.render import compile_timeline, cover_frame, render
from studio.video.timeline import Canvas, MusicTrack, Overlay, Timeline, Transition, VideoClip

W, H = 72, 128
PALETTE = {"red": (255, 0, 0), "lime": (0, 255, 0), "blue": (0, 0, 255), "yellow": (255, 255, 0)}


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    d = tmp_path_factory.mktemp("cutter")
    clips = {c: synth.write_clip(d / f"{c}.mp4", 3.0, "96x64", 25, f"color=c={c}") for c in PALETTE}
    # variable frame rate phone-style footage: every third frame dropped, timestamps kept
    vfr = d / "vfr.mp4"
    ffmpeg.run(["-f", "lavfi", "-i", "color=c=blue:s=96x64:r=30", "-t", "3", "-vf", "select='mod(n\\,3)'",
                "-fps_mode", "vfr", "-c:v", "libx264", "-preset", "ultrafast", str(vfr)])
    song = d / "song.wav"
    beats = synth.write_music(song, 6.0, 120.0)
    return {"dir": d, "clips": clips, "vfr": vfr, "song": song, "beats": beats}


def frames_of(path, w=W, h=H):
    raw = subprocess.run([ffmpeg.ffmpeg_exe(), "-v", "error", "-i", str(path), "-f", "rawvideo",
                          "-pix_fmt", "rgb24", "-"], capture_output=True, check=True).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, h, w, 3)


def colour_names(frames):
    """Nearest palette colour of each frame's centre."""
    names, ref = list(PALETTE), np.array(list(PALETTE.values()), float)
    centre = frames[:, H // 3: 2 * H // 3, W // 4: 3 * W // 4].reshape(len(frames), -1, 3).mean(1)
    return [names[int(np.argmin(((ref - c) ** 2).sum(1)))] for c in centre]


def changes(names):
    return [i for i in range(1, len(names)) if names[i] != names[i - 1]]


def test_hard_cuts_land_on_planned_frames_including_vfr_source(media, tmp_path):
    c = media["clips"]
    tl = Timeline(canvas=Canvas(W, H, 30))
    tl.clips = [VideoClip(str(c["red"]), 0.3, 0.3 + 0.71), VideoClip(str(media["vfr"]), 0.5, 1.37),
                VideoClip(str(c["lime"]), 0.0, 0.4, speed=0.5), VideoClip(str(c["yellow"]), 1.0, 1.5)]
    out = render(tl, tmp_path / "cuts.mp4", "draft")
    names = colour_names(frames_of(out))
    assert len(names) == tl.cut_frames()[-1]
    assert changes(names) == tl.cut_frames()[1:-1]
    info = ffmpeg.probe(out)
    assert info.video.fps == 30 and info.audio is not None
    assert abs(info.duration - len(names) / 30) < 0.05


def test_transition_is_centred_on_the_cut(media, tmp_path):
    c = media["clips"]
    tl = Timeline(canvas=Canvas(W, H, 30))
    tl.clips = [VideoClip(str(c["red"]), 0.0, 1.0), VideoClip(str(c["blue"]), 1.0, 2.0, transition=Transition("crossfade", 0.4))]
    frames = frames_of(render(tl, tmp_path / "xfade.mp4", "draft"))
    assert len(frames) == 60
    red = frames[:, H // 2, W // 2, 0].astype(float)
    blue = frames[:, H // 2, W // 2, 2].astype(float)
    assert red[20] > 240 and blue[40] > 240
    crossing = int(np.argmax(red < blue))
    assert 29 <= crossing <= 31  # the blend crosses half-way at the cut (frame 30), not after it
    assert 20 < red[30] < 235


def test_beatcut_plan_renders_with_cuts_on_beat_frames(media, tmp_path):
    c = media["clips"]
    grid = BeatGrid(media["beats"], media["beats"][::4], [], 120.0)
    sources = [Source(str(c[k]), 3.0) for k in ("red", "lime", "blue")]
    tl = build(sources, media["song"], grid, Canvas(W, H, 30), every=2)
    out = render(tl, tmp_path / "beatcut.mp4", "draft")
    names = colour_names(frames_of(out))
    expected = [round(b * 30) for b in media["beats"][::2] if 0 < b < 6.0 - 0.25]
    assert changes(names) == expected
    assert names[0] == "red" and names[expected[0]] == "lime" and names[expected[2]] == "red"  # reused in order
    assert abs(ffmpeg.probe(out).duration - 6.0) < 0.05
    song = ffmpeg.decode_audio(media["song"], 8000)
    mixed = ffmpeg.decode_audio(out, 8000)
    assert np.corrcoef(song[:40000], mixed[:40000])[0, 1] > 0.8  # the music is the soundtrack


def test_cut_modes():
    grid = BeatGrid([0.5 * k for k in range(1, 12)], [0.5, 2.5, 4.5], [1.0, 1.1, 3.0], 120.0)
    assert cut_frames(grid, 6.0, 30, "every", 2) == [0, 15, 45, 75, 105, 135, 165, 180]
    assert cut_frames(grid, 6.0, 30, "downbeats") == [0, 15, 75, 135, 180]
    assert cut_frames(grid, 6.0, 30, "accents") == [0, 30, 90, 180]  # 1.1 is too close to 1.0


def test_captions_and_text_overlay_are_burned_in(media, tmp_path):
    tl = Timeline(canvas=Canvas(180, 320, 30))
    tl.clips = [VideoClip(str(media["clips"]["blue"]), 0.0, 1.0)]
    plain = frames_of(render(tl, tmp_path / "plain.mp4", "draft"), 180, 320)
    tl.captions = [Caption(0.0, 0.5, "字幕测试")]
    tl.overlays = [Overlay("text", 0.5, 1.0, text="标题", y=0.2, size=0.08)]
    dressed = frames_of(render(tl, tmp_path / "dressed.mp4", "draft"), 180, 320)
    diff = np.abs(dressed.astype(int) - plain.astype(int)).sum(3)
    assert diff[5, 200:, :].max() > 200 and diff[5, :100, :].max() < 60  # caption low, early
    assert diff[25, 40:90, :].max() > 200 and diff[25, 200:, :].max() < 60  # title high, late


def test_fit_modes_letterbox_and_blur(media, tmp_path):
    tl = Timeline(canvas=Canvas(W, H, 30, "fit"))
    tl.clips = [VideoClip(str(media["clips"]["red"]), 0.0, 0.2)]
    fit = frames_of(render(tl, tmp_path / "fit.mp4", "draft"))[0]
    assert fit[5, W // 2].max() < 30 and fit[H // 2, W // 2, 0] > 220  # black bars, red middle
    tl.canvas.fit = "blur"
    blur = frames_of(render(tl, tmp_path / "blur.mp4", "draft"))[0]
    assert blur[5, W // 2, 0] > 150  # bars are filled from the (red) clip


def test_cancel_stops_ffmpeg_and_removes_the_partial_file(media, tmp_path):
    tl = Timeline(canvas=Canvas(720, 1280, 30))
    tl.clips = [VideoClip(str(media["clips"]["red"]), 0.0, 3.0, color="vintage")] * 4
    out = tmp_path / "cancelled.mp4"
    token = CancelToken()
    seen = threading.Event()

    def progress(done, total):
        seen.set()
        token.cancel()

    with pytest.raises(Cancelled):
        render(tl, out, "draft", progress=progress, cancel=token)
    assert seen.is_set() and not out.exists()


def test_cover_frame_and_preview(media, tmp_path):
    c = media["clips"]
    tl = Timeline(canvas=Canvas(360, 640, 30))
    tl.clips = [VideoClip(str(c["red"]), 0.0, 1.0), VideoClip(str(c["lime"]), 0.0, 1.0)]
    tl.music = MusicTrack(str(media["song"]))
    cover = Image.open(cover_frame(tl, 1.5, tmp_path / "cover.png")).convert("RGB")
    assert cover.size == (360, 640) and cover.getpixel((180, 320))[1] > 200
    part = slice_timeline(tl, 0.5, 1.5)
    assert [round(x.length, 3) for x in part.clips] == [0.5, 0.5] and part.music.src_in == 0.5
    prev = render_preview(tl, tmp_path / "prev.mp4", start=0.5, length=1.0)
    info = ffmpeg.probe(prev)
    assert min(info.video.width, info.video.height) == 360 and abs(info.duration - 1.0) < 0.06


def test_graph_escapes_awkward_paths(media, tmp_path):
    odd = tmp_path / "it's [odd], dir; 中文"
    odd.mkdir()
    clip = odd / "clip.mp4"
    clip.write_bytes(media["clips"]["red"].read_bytes())
    tl = Timeline(canvas=Canvas(W, H, 30), clips=[VideoClip(str(clip), 0.0, 0.5)],
                  captions=[Caption(0, 0.5, "字")], overlays=[Overlay("text", 0, 0.5, text="a:b,'c'")])
    job = compile_timeline(tl, odd / "o.mp4", "draft", odd / "work")
    assert "-/filter_complex" in job.args
    assert len(frames_of(render(tl, odd / "o.mp4", "draft"))) == 15


def _corr(a, b):
    n = min(len(a), len(b))
    return float(np.corrcoef(a[:n], b[:n])[0, 1])


def test_trimmed_music_plays_its_part_in_export_and_preview(media, tmp_path):
    """Song in 2.0 s, out 3.5 s, placed at 1.0 s: heard from 1.0 to 2.5 s, silence elsewhere."""
    rate = 8000
    tl = Timeline(canvas=Canvas(W, H, 30), clips=[VideoClip(str(media["clips"]["red"]), 0.0, 3.0, volume=0.0)])
    tl.music = MusicTrack(str(media["song"]), src_in=2.0, src_out=3.5, start=1.0)
    song = ffmpeg.decode_audio(media["song"], rate)
    calls = []
    out = ffmpeg.decode_audio(render(tl, tmp_path / "trim.mp4", "draft", progress=lambda d, t: calls.append((d, t))),
                              rate)
    s = lambda t0, t1: slice(int(t0 * rate), int(t1 * rate))  # noqa: E731
    assert _corr(out[s(1.05, 2.45)], song[s(2.05, 3.45)]) > 0.8
    assert np.abs(out[s(0.0, 0.95)]).max() < 0.01 and np.abs(out[s(2.55, 3.0)]).max() < 0.01
    # progress: a determinate 0 at once, then each reported time once, up to the end
    total = calls[0][1]
    assert calls[0] == (0, total) and calls[-1] == (total, total)
    assert all(a[0] < b[0] for a, b in zip(calls, calls[1:]))
    quick = ffmpeg.decode_audio(render_preview(tl, tmp_path / "quick.mp4", start=1.5, length=1.0), rate)
    assert _corr(quick[s(0.05, 0.95)], song[s(2.55, 3.45)]) > 0.8
