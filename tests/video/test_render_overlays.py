"""Logo and text overlays in the export: placement, size, time range and opacity, by decoding."""
import numpy as np
from PIL import Image

from studio.media import synth
from studio.video.render import render
from studio.video.timeline import Canvas, Overlay, Timeline, VideoClip
from tests.video.test_render import frames_of

W, H = 180, 320


def test_logo_is_placed_sized_timed_and_translucent(tmp_path):
    blue = synth.write_clip(tmp_path / "blue.mp4", 1.0, "96x64", 25, "color=c=blue", audio=False)
    Image.new("RGB", (40, 20), (255, 255, 255)).save(tmp_path / "logo.png")
    tl = Timeline(canvas=Canvas(W, H, 30), clips=[VideoClip(str(blue), 0.0, 1.0)])
    tl.overlays = [Overlay("logo", 0.0, 0.5, path=str(tmp_path / "logo.png"), x=0.75, y=0.25, size=0.4, opacity=0.4)]
    frames = frames_of(render(tl, tmp_path / "logo.mp4", "draft"), W, H).astype(int)
    logo = frames[5, 80 - 14: 80 + 14, 135 - 34: 135 + 34]  # 72x36 px centred at (135, 80)
    assert np.abs(logo.mean((0, 1)) - [102, 102, 255]).max() < 20  # 40 % white over blue
    assert frames[5, 80, 135 - 40].tolist() != frames[5, 80, 135].tolist()  # outside the logo
    assert np.abs(frames[5, 80, 135 - 40] - [0, 0, 255]).max() < 20
    assert np.abs(frames[25, 80, 135] - [0, 0, 255]).max() < 20  # gone after its end time


def test_text_opacity(tmp_path):
    black = synth.write_clip(tmp_path / "black.mp4", 0.5, "96x64", 25, "color=c=black", audio=False)
    peaks = []
    for opacity in (1.0, 0.5):
        tl = Timeline(canvas=Canvas(W, H, 30), clips=[VideoClip(str(black), 0.0, 0.5)],
                      overlays=[Overlay("text", 0.0, 0.5, text="标题", y=0.5, size=0.1, opacity=opacity)])
        frame = frames_of(render(tl, tmp_path / f"text{opacity}.mp4", "draft"), W, H)[5].astype(int)
        peaks.append(np.percentile(frame[140:180, 50:130].mean(2), 99))
    assert peaks[0] > 220 and 100 < peaks[1] < 160
