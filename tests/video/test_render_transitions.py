"""Each transition does what its name says, checked by decoding the export, and the cut it is
centred on stays on the beat's frame (97 BPM, so beats fall between frames and are rounded)."""
import numpy as np
import pytest
from PIL import Image, ImageDraw

from studio.media import synth
from studio.video.beatcut import Source, build
from studio.video.beatgrid import BeatGrid
from studio.video.render import render
from studio.video.timeline import Canvas, Timeline, Transition, VideoClip
from tests.video.test_render import H, W, frames_of

FPS = 30
BPM = 97.0


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    d = tmp_path_factory.mktemp("transitions")
    out = {c: synth.write_clip(d / f"{c}.mp4", 3.0, "96x64", 25, f"color=c={c}", audio=False)
           for c in ("red", "lime", "blue")}
    square = Image.new("RGB", (W, H), (255, 0, 0))  # a small white square in the middle of red
    ImageDraw.Draw(square).rectangle([W // 2 - 6, H // 2 - 6, W // 2 + 5, H // 2 + 5], fill=(255, 255, 255))
    square.save(d / "square.png")
    out["square"] = d / "square.png"
    out["song"] = d / "song.wav"
    out["beats"] = synth.write_music(out["song"], 2.6, BPM)
    return out


def two_clips(first, second, kind: str, beat: float, still: bool = False) -> Timeline:
    """`first` until the beat, then `second` with transition `kind` (0.4 s) into it."""
    tl = Timeline(canvas=Canvas(W, H, FPS))
    tl.clips = [VideoClip(str(first), 0.0, beat, still=still),
                VideoClip(str(second), 0.0, 2.0 - beat, transition=Transition(kind, 0.4))]
    assert tl.cut_frames()[1] == round(beat * FPS)
    return tl


def test_fade_through_black_is_black_exactly_at_every_beat_cut(clips, tmp_path):
    beats = clips["beats"]
    grid = BeatGrid(beats, beats[::4], [], BPM)
    sources = [Source(str(clips[c]), 3.0) for c in ("red", "lime", "blue")]
    tl = build(sources, clips["song"], grid, Canvas(W, H, FPS), every=1, transition="fadeblack")
    frames = frames_of(render(tl, tmp_path / "fadeblack.mp4", "draft")).astype(float)
    cuts = tl.cut_frames()[1:-1]
    assert len(cuts) >= 3 and set(cuts) <= {round(b * FPS) for b in beats}
    level = frames.mean(axis=(1, 2, 3))
    full = level[: cuts[0] - 6].mean()
    assert full > 70
    for c in cuts:
        assert level[c - 1] < 8 and level[c] < 8  # the two frames that meet at the cut are black
        before, after = frames[c - 3].mean((0, 1)), frames[c + 2].mean((0, 1))
        assert 10 < level[c - 3] < full - 10 and 10 < level[c + 2] < full - 10  # dimmed, not cut to black
        assert np.argmax(before) != np.argmax(after)  # the old clip fades out, the new one fades in
    # the fades are symmetric around the cut, so the dark moment is centred on the beat
    assert np.allclose(level[cuts[0] - 6: cuts[0]], level[cuts[0]: cuts[0] + 6][::-1], atol=4)


def test_slide_moves_a_hard_boundary_across_the_frame_passing_the_middle_on_the_beat(clips, tmp_path):
    beat = clips["beats"][2]
    tl = two_clips(clips["red"], clips["blue"], "slide", beat)
    frames = frames_of(render(tl, tmp_path / "slide.mp4", "draft")).astype(int)
    cut = tl.cut_frames()[1]
    row = frames[:, H // 2]
    blue = (row[:, :, 2] > row[:, :, 0]).sum(1)  # columns already showing the incoming clip
    window = range(cut - 6, cut + 7)
    assert blue[cut - 7] == 0 and blue[cut + 7] == W
    assert all(blue[i] < blue[i + 1] for i in range(cut - 5, cut + 5))  # the boundary moves every frame
    assert abs(blue[cut] - W // 2) <= 3  # half way across at the cut
    for i in window:  # a boundary, not a blend: red on the left, blue on the right
        is_blue = row[i, :, 2] > row[i, :, 0]
        assert not is_blue[: W - blue[i]].any() and is_blue[W - blue[i]:].all()
        edge = W - blue[i]
        inner = [x for x in range(2, W - 2) if abs(x - edge) > 2]  # chroma is shared by pixel pairs
        expected = np.where(is_blue[:, None], [0, 0, 255], [255, 0, 0])
        assert (np.abs(row[i] - expected)[inner] < 60).all()


def test_zoom_magnifies_the_outgoing_clip_until_the_beat(clips, tmp_path):
    beat = clips["beats"][2]
    tl = two_clips(clips["square"], clips["blue"], "zoom", beat, still=True)
    frames = frames_of(render(tl, tmp_path / "zoom.mp4", "draft")).astype(int)
    cut = tl.cut_frames()[1]
    white = (frames > 200).all(3)
    share = white.mean((1, 2))
    square = share[cut - 8]
    assert 0.01 < square < 0.03  # the still square, before the transition
    growing = share[cut - 5: cut]
    assert all(a < b for a, b in zip(growing, growing[1:])) and share[cut - 2] > 4 * square
    width = [white[i, H // 2].sum() for i in (cut - 8, cut - 3)]
    assert width[1] > 1.5 * width[0]  # the square is scaled up, not faded in
    assert share[cut] > 0.9  # fully zoomed into the square on the beat frame
    blueness = frames[:, :, :, 2].mean((1, 2)) - frames[:, :, :, 0].mean((1, 2))
    assert all(blueness[i] < blueness[i + 1] for i in range(cut, cut + 5))  # then it gives way to the next clip
    assert blueness[cut + 7] > 240
