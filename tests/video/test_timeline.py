"""Timeline model and beat grid edits (pure, no media)."""
import pytest

from studio.video.beatgrid import BeatGrid, tap_tempo, tempo_of
from studio.video.timeline import (Canvas, MusicTrack, Timeline, TimelineError, Transition, VideoClip, canvas_size,
                                   slice_timeline, snap)


def _tl(lengths, fps=30):
    return Timeline(canvas=Canvas(90, 160, fps), clips=[VideoClip(f"c{i}.mp4", 1.0, 1.0 + n) for i, n in enumerate(lengths)])


def test_cut_frames_are_rounded_from_exact_sums_without_drift():
    tl = _tl([0.5 + 1 / 90] * 30)  # each clip is 15.33 frames; per-clip rounding would drift 10 frames
    frames = tl.cut_frames()
    assert frames[-1] == round(30 * (0.5 + 1 / 90) * 30)
    assert all(abs(f - k * (0.5 + 1 / 90) * 30) <= 0.5 for k, f in enumerate(frames))


def test_split_move_remove_and_speed():
    tl = _tl([2.0, 1.0])
    second = tl.split(0.5)
    assert second == 1 and [round(c.length, 6) for c in tl.clips] == [0.5, 1.5, 1.0]
    assert tl.clips[1].src_in == pytest.approx(1.5)
    tl.move(2, 0)
    assert tl.clips[0].path == "c1.mp4"
    tl.clips[0].speed = 2.0
    assert tl.duration == pytest.approx(0.5 + 0.5 + 1.5)
    assert tl.remove(0).path == "c1.mp4"
    with pytest.raises(TimelineError):
        tl.split(0.02)
    with pytest.raises(TimelineError):
        tl.remove(5)


def test_snap_clip_end_to_beat():
    tl = _tl([1.1, 1.0])
    tl.beats = BeatGrid([0.5, 1.0, 1.5], [0.5])
    assert tl.snap_clip_end(0)
    assert tl.cut_frames()[1] == 30
    assert snap(1.3, [0.5, 1.0, 1.5], 0.1) is None


def test_round_trip_keeps_everything_and_ignores_unknown_keys():
    tl = _tl([1.0, 2.0])
    tl.clips[1].transition = Transition("slide", 0.3)
    tl.beats = BeatGrid([0.5, 1.0], [0.5], [1.0], 120.0)
    data = tl.to_dict()
    data["clips"][0]["future_field"] = 1
    back = Timeline.from_dict(data)
    assert back == tl
    with pytest.raises(TimelineError):
        Transition("spin")


def test_canvas_sizes():
    assert canvas_size("9:16") == (1080, 1920)
    assert canvas_size("3:4") == (1080, 1440)
    assert canvas_size("16:9", 360) == (640, 360)
    with pytest.raises(TimelineError):
        canvas_size("4:5")


def test_grid_edits():
    g = BeatGrid([0.5, 1.0, 1.5, 2.0, 2.5], [0.5, 2.5], [1.5], 120.0)
    added = g.add(1.25)
    assert 1.25 in added.beats and len(added.beats) == 6
    deleted = g.delete(0)
    assert deleted.beats[0] == 1.0 and deleted.downbeats == [2.5]
    nudged = g.nudge(4, 0.02)
    assert nudged.beats[-1] == pytest.approx(2.52) and nudged.downbeats[-1] == pytest.approx(2.52)
    assert g.nudge(1, 5.0).beats[1] < 1.5  # cannot jump over a neighbour
    shifted = g.shift(-0.6)
    assert shifted.beats[0] == pytest.approx(0.4) and len(shifted.beats) == 4
    half = g.halve()
    assert half.beats == [0.5, 1.5, 2.5] and half.tempo == pytest.approx(60.0)
    double = g.double()
    assert len(double.beats) == 9 and double.tempo == pytest.approx(240.0)
    assert g.set_downbeat(1, 4).downbeats == [1.0]


def test_halve_keeps_the_downbeat_parity():
    g = BeatGrid([0.5, 1.0, 1.5, 2.0, 2.5, 3.0], [1.0, 3.0], [], 120.0)
    assert g.halve().beats == [1.0, 2.0, 3.0]


def test_tap_tempo_builds_a_steady_grid_through_the_taps():
    taps = [1.02, 1.49, 2.01, 2.52, 2.99]
    g = tap_tempo(taps, 6.0)
    assert g.tempo == pytest.approx(120.0, abs=3)
    assert min(abs(b - 1.0) for b in g.beats) < 0.03
    assert g.downbeats[0] == pytest.approx(min(g.beats, key=lambda b: abs(b - 1.0)), abs=1e-3)
    assert tempo_of(g.beats) == pytest.approx(g.tempo, rel=1e-3)
    with pytest.raises(ValueError):
        tap_tempo([1.0], 5)


def test_remove_several_clips_at_once():
    tl = _tl([1.0, 1.0, 1.0, 1.0])
    tl.remove_clips([2, 0, 2])
    assert [c.path for c in tl.clips] == ["c1.mp4", "c3.mp4"]
    with pytest.raises(TimelineError):
        tl.remove_clips([0, 5])
    assert len(tl.clips) == 2  # nothing removed when one index is bad


def test_new_captions_never_overlap():
    tl = _tl([10.0])
    assert tl.add_caption(0.0, "一") == 0
    assert tl.add_caption(0.0, "二") == 1  # the playhead is on the first: after it
    assert tl.add_caption(1.0, "三") == 2
    assert [(c.start, c.end) for c in tl.captions] == [(0.0, 2.0), (2.0, 4.0), (4.0, 6.0)]
    assert tl.add_caption(8.004, "四") == 3  # a free spot: at the playhead (in hundredths)
    assert tl.add_caption(7.0, "五") == 3  # free, but only up to the caption at 8.01
    assert tl.add_caption(7.8, "六") == 5  # 0.21 s before the next one is too little: after the last
    spans = [(c.start, c.end, c.text) for c in tl.captions]
    assert spans[3:] == [(7.0, 8.01, "五"), (8.01, 10.01, "四"), (10.01, 12.01, "六")]
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))


def test_music_trim_is_validated_and_slices_keep_the_song_end():
    tl = _tl([6.0])
    with pytest.raises(TimelineError):
        tl.edit_music(src_in=1.0)
    tl.music = MusicTrack("song.wav", fade_out=1.0)
    tl.edit_music(src_in=2.0, src_out=5.0, start=0.5)
    assert (tl.music.src_in, tl.music.src_out, tl.music.start) == (2.0, 5.0, 0.5)
    assert tl.music.played(tl.duration) == 3.0
    for bad in ({"src_out": 2.05}, {"src_in": -1.0}, {"start": -0.5}):
        with pytest.raises(TimelineError):
            tl.edit_music(**bad)
    # a preview window ahead of the song's end plays the right part and does not fade out early
    part = slice_timeline(tl, 1.5, 2.5)
    assert (part.music.start, part.music.src_in, part.music.src_out, part.music.fade_out) == (0.0, 3.0, 5.0, 0.0)
    end = slice_timeline(tl, 3.0, 4.0)  # the song stops at 3.5, fading out from 2.5
    assert (end.music.src_in, end.music.src_out, end.music.fade_out) == (4.5, 5.0, 1.0)
    assert slice_timeline(tl, 4.0, 5.0).music is None  # the song is over
    tl.edit_music(src_out=None)  # to the end of the song: it plays until the video ends
    assert slice_timeline(tl, 1.0, 2.0).music.src_out == pytest.approx(2.0 + 5.5)
