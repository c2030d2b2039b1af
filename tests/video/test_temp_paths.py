"""Odd temp folders: a backslash and a space in TMPDIR used to break caption burn-in (the
subtitles= path had its backslash turned into '/'); the graph now names its helper files
relative to the private folder ffmpeg runs in."""
from __future__ import annotations

import tempfile

import numpy as np
from PIL import Image

from studio.media import ffmpeg, synth
from studio.video.captions import Caption
from studio.video.render import cover_frame, render
from studio.video.timeline import Canvas, Overlay, Timeline, VideoClip


def test_captions_and_text_burn_in_with_a_backslash_and_a_space_in_tmpdir(tmp_path, monkeypatch):
    odd = tmp_path / "back\\slash and space"
    odd.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(odd))
    black = synth.write_clip(tmp_path / "black.mp4", 0.5, "96x64", 25, "color=c=black", audio=False)
    tl = Timeline(canvas=Canvas(320, 180, 30, aspect="16:9"), clips=[VideoClip(str(black), 0.0, 0.5)],
                  captions=[Caption(0.0, 0.5, "字幕 caption")], caption_style={"size": 120},
                  overlays=[Overlay("text", 0.0, 0.5, text="标题", y=0.2, size=0.15)])
    frame = np.asarray(Image.open(cover_frame(tl, 0.2, tmp_path / "c.png")).convert("L"))
    assert (frame[120:, :] > 128).sum() > 100  # the caption, at the bottom
    assert (frame[:60, :] > 128).sum() > 100  # the title, at the top
    out = render(tl, tmp_path / "v.mp4", "draft")
    assert ffmpeg.probe(out).duration > 0.4
    assert list(odd.iterdir()) == []  # private folders removed
