"""Overlay and caption text is shown exactly as typed: '%' is a plain character (before, 满100%减50
made the export fail and %{localtime} / %{eif:...} were evaluated), and so is a backslash (C:\\new
rendered as "C:new" in an overlay and broke the caption line after "C:")."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from studio.media import synth
from studio.video.captions import Caption, ass_unescape
from studio.video.render import compile_timeline, cover_frame
from studio.video.timeline import Canvas, Overlay, Timeline, VideoClip

TEXTS = ["满100%减50", "%{localtime}", "%{eif:1+1:d}", "C:\\new", "a'b:c,d;[e]\\f {\\i1}x %%", "100%"]
W, H = 480, 270


@pytest.fixture(scope="module")
def black(tmp_path_factory):
    return str(synth.write_clip(tmp_path_factory.mktemp("typed") / "black.mp4", 1.0, "96x64", 25, "color=c=black",
                                audio=False))


def timeline(black, overlay: str = "", caption: str = "", caption_size: float = 160) -> Timeline:
    tl = Timeline(canvas=Canvas(W, H, 30, aspect="16:9"), clips=[VideoClip(black, 0.0, 1.0)])
    if overlay:
        tl.overlays = [Overlay("text", 0.0, 1.0, text=overlay, y=0.3, size=0.14)]
    if caption:
        tl.captions = [Caption(0.0, 1.0, caption)]
        tl.caption_style = {"size": caption_size, "stroke": 0}
    return tl


def ink(path) -> tuple[int, int]:
    """Width and height of the bright pixels' bounding box."""
    a = np.asarray(Image.open(path).convert("L")) > 128
    ys, xs = np.nonzero(a)
    return (int(xs.max() - xs.min() + 1), int(ys.max() - ys.min() + 1)) if len(xs) else (0, 0)


@pytest.mark.parametrize("text", TEXTS)
def test_text_reaches_ffmpeg_unchanged_and_the_frame_renders(black, tmp_path, text):
    tl = timeline(black, overlay=text, caption=text, caption_size=60)  # small: one line, no wrapping
    job = compile_timeline(tl, tmp_path / "x.png", "preview", tmp_path / "work", frames=1)
    assert (tmp_path / "work" / "text0.txt").read_text(encoding="utf-8") == text
    assert "textfile=text0.txt:expansion=none:" in job.graph  # no %{...} expansion, no backslash escapes
    assert text not in job.graph
    event = (tmp_path / "work" / "captions.ass").read_text(encoding="utf-8").splitlines()[-1]
    assert ass_unescape(event.split(",", 9)[9]) == text
    out = cover_frame(tl, 0.5, tmp_path / "cover.png")  # before: 满100%减50 failed here
    assert ink(out)[0] > 20


def test_percent_sequences_and_backslashes_are_not_interpreted_on_screen(black, tmp_path):
    def width(**kw):
        return ink(cover_frame(timeline(black, **kw), 0.5, tmp_path / "f.png"))

    two = width(overlay="2")[0]
    assert width(overlay="%{eif:1+1:d}")[0] > 5 * two  # the expression, not its value "2"
    # a backslash is as wide as a slash: "C:\new" is not "C:new"
    assert abs(width(overlay="C:\\new")[0] - width(overlay="C:/new")[0]) <= 3
    caption, slash = width(caption="C:\\new"), width(caption="C:/new")
    assert abs(caption[0] - slash[0]) <= 3 and abs(caption[1] - slash[1]) <= 3  # one line, as typed
