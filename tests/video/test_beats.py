"""Beat analysis on synthesized songs with known beats (a fast subset of benchmarks/beats_eval.py)."""
from __future__ import annotations

import json

import numpy as np
import pytest

from studio.project.errors import Cancelled
from studio.project.jobs import CancelToken
from studio.video import beats
from tests.video.songgen import SR, f_measure, generate, write_wav

# (style, seed, options): styles the tracker must get right, with swing, drift, a drum-less
# intro, no drums at all, a dembow pattern, syncopated funk and hip-hop, fast punk and noise
CASES = [
    ("rock", 11, {}),
    ("four_on_floor", 2, {}),
    ("swing", 3, {}),
    ("ballad", 4, {}),
    ("pads", 5, {}),
    ("intro_rock", 6, {}),
    ("reggaeton", 7, {}),
    ("waltz", 8, {}),
    ("rock", 9, {"drift": 0.06}),
    ("four_on_floor", 10, {"noise_db": 6.0}),
    ("fast_punk", 12, {}),
    ("funk", 13, {}),
    ("hiphop", 14, {}),
]


@pytest.fixture(scope="module")
def results():
    out = []
    for style, seed, opts in CASES:
        song = generate(style, seed=seed, duration=16.0, **opts)
        out.append((style, song, beats.analyse((song.audio, song.sr))))
    return out


def test_f_measure_scores_like_mir_eval():
    ref = np.arange(1, 11) * 0.5
    assert f_measure(ref, ref) == 1.0
    assert f_measure(ref, ref + 0.1) == 0.0                    # outside the 70 ms window
    assert f_measure(ref, ref + 0.06) == 1.0
    assert f_measure(ref, np.arange(2, 21) * 0.25) == pytest.approx(2 * (10 / 19) / (1 + 10 / 19))  # double tempo
    assert f_measure(ref, ref[::2]) == pytest.approx(2 / 3)   # half tempo
    assert f_measure(ref, []) == 0.0


def test_beats_match_known_beats(results):
    scores = {f"{style}#{i}": f_measure(song.beats, res.beats) for i, (style, song, res) in enumerate(results)}
    assert np.mean(list(scores.values())) >= 0.9, scores
    assert min(scores.values()) >= 0.6, scores


def test_tempo_is_the_beat_level_not_half_or_double(results):
    right = [abs(res.tempo / song.bpm - 1) < 0.05 for _, song, res in results]
    assert sum(right) >= len(results) - 1, [(s, song.bpm, res.tempo) for s, song, res in results]


def test_downbeats_and_bars_are_consistent(results):
    for style, song, res in results:
        assert set(res.downbeats) <= set(res.beats)
        assert len(res.bar_numbers) == len(res.beats) == len(res.beat_in_bar) == len(res.beat_strengths)
        assert all(b2 >= b1 for b1, b2 in zip(res.bar_numbers, res.bar_numbers[1:]))
        assert all(1 <= p <= res.meter for p in res.beat_in_bar)
        assert 0.0 <= res.tempo_confidence <= 1.0 and 0.0 <= res.downbeat_confidence <= 1.0
    hits = [f_measure(song.downbeats, res.downbeats) for _, song, res in results]
    assert np.mean(hits) >= 0.75, hits
    waltz = next(res for style, _, res in results if style == "waltz")
    assert waltz.meter == 3


def test_accents_are_strong_onsets_on_the_grid(results):
    _, song, res = results[0]
    assert res.accents and len(res.accents) == len(res.accent_strengths)
    assert all(0 < s <= 1 for s in res.accent_strengths)
    on_grid = [min(abs(np.asarray(res.beats) - a)) < 0.001 for a in res.accents]
    assert np.mean(on_grid) > 0.5


def test_file_input_json_and_cli(tmp_path, capsys):
    song = generate("rock", seed=1, duration=10.0)
    path = tmp_path / "song.wav"
    write_wav(song, path)
    res = beats.analyse(str(path))
    assert f_measure(song.beats, res.beats) > 0.9
    data = json.loads(res.to_json())
    assert {"tempo", "beats", "downbeats"} <= set(data)
    from studio.cli import main

    assert main(["beats", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"tempo", "beats", "downbeats"}
    assert out["beats"] == pytest.approx(res.beats, abs=1e-3)
    assert abs(out["tempo"] - song.bpm) / song.bpm < 0.05


def test_silence_and_too_short_give_no_beats():
    assert beats.analyse((np.zeros(SR * 5, np.float32), SR)).beats == []
    assert beats.analyse((np.zeros(SR // 2, np.float32), SR)).tempo == 0.0


def test_silent_lead_in_has_no_beats():
    song = generate("rock", seed=2, duration=10.0)
    audio = np.concatenate([np.zeros(SR * 3, np.float32), song.audio])
    res = beats.analyse((audio, SR))
    assert res.beats[0] > 2.9
    assert f_measure(song.beats + 3.0, res.beats) > 0.9


def test_cancel_stops_analysis():
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        beats.analyse((generate("rock", seed=3, duration=6.0).audio, SR), cancel=token)


def test_helpers_grid_and_snap():
    grid = beats.beat_grid(120, 0.75, 3.0)
    assert grid == [0.25, 0.75, 1.25, 1.75, 2.25, 2.75]
    assert beats.snap(1.3, grid) == 1.25
    assert beats.snap(1.5, grid, tolerance=0.1) == 1.5
