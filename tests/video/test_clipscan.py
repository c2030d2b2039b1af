"""Clip liveliness scan: black, frozen and scene-change detection and the lively window."""
from __future__ import annotations

import subprocess

import numpy as np
import pytest

from studio.media.ffmpeg import ffmpeg_exe
from studio.project.errors import MediaError
from studio.video import clipscan


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    """1 s black, 2 s moving test pattern, 2 s frozen red, 2 s moving fractal (cuts at 1, 3, 5 s)."""
    path = tmp_path_factory.mktemp("scan") / "clip.mp4"
    lav = lambda spec: ["-f", "lavfi", "-i", spec]  # noqa: E731
    subprocess.run([ffmpeg_exe(), "-v", "error", "-y", *lav("color=black:s=160x90:d=1:r=25"),
                    *lav("testsrc2=s=160x90:d=2:r=25"), *lav("color=red:s=160x90:d=2:r=25"),
                    *lav("mandelbrot=s=160x90:r=25"), "-filter_complex",
                    "[3]trim=duration=2,setpts=PTS-STARTPTS[m];[0][1][2][m]concat=n=4:v=1[v]",
                    "-map", "[v]", "-c:v", "libx264", "-preset", "ultrafast", str(path)], check=True)
    return clipscan.scan(path)


def test_black_frozen_and_cuts(clip):
    t = clip.times
    assert clip.duration == pytest.approx(7.0, abs=0.1)
    assert clip.black[t < 0.9].all() and not clip.black[t > 1.1].any()
    frozen_part = (t > 3.2) & (t < 4.9)
    assert clip.frozen[frozen_part].all()
    assert not clip.frozen[(t > 1.2) & (t < 2.9)].any()
    assert len(clip.cuts) == 3
    assert np.allclose(clip.cuts, [1.0, 3.0, 5.0], atol=0.15)


def test_lively_window_avoids_black_frozen_and_cuts(clip):
    for length in (0.5, 1.0, 1.8):
        start = clipscan.lively_window(clip, length)
        end = start + length
        assert not any(start + 0.05 < c < end - 0.05 for c in clip.cuts), (length, start)
        inside = (clip.times >= start) & (clip.times < end)
        assert not clip.bad[inside].any(), (length, start)
    assert clipscan.lively_window(clip, 10.0) == 0.0


def test_analyse_frames_synthetic():
    rng = np.random.default_rng(0)
    frames = np.concatenate([rng.integers(0, 255, (20, 36, 64)), np.full((20, 36, 64), 128)]).astype(np.uint8)
    scan = clipscan.analyse_frames(frames, 10.0, 4.0)
    assert scan.frozen[25:].all() and not scan.frozen[1:19].any()
    assert clipscan.lively_window(scan, 1.5) < 0.6


def test_not_a_video(tmp_path):
    bad = tmp_path / "x.mp4"
    bad.write_bytes(b"nope")
    with pytest.raises(MediaError):
        clipscan.scan(bad)
