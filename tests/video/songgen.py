"""Synthesized songs with known beats and downbeats, for testing and benchmarking beat tracking.

Each style is written as drum/bass/harmony patterns on a 16th-note grid (or swung 8ths), rendered
with small numpy instruments, humanised (timing jitter, velocity), optionally with tempo drift,
a drum-less intro and noise. Ground truth is the nominal quarter-note time of every beat.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

SR = 22050


@dataclass
class Song:
    style: str
    bpm: float
    audio: np.ndarray
    sr: int
    beats: np.ndarray          # seconds
    downbeats: np.ndarray
    meter: int = 4
    notes: dict = field(default_factory=dict)

    @property
    def duration(self) -> float:
        return len(self.audio) / self.sr


# ---------------------------------------------------------------- instruments

def _env(n, attack, decay, sr=SR):
    t = np.arange(n) / sr
    a = np.minimum(1.0, t / max(attack, 1e-4))
    return a * np.exp(-t / max(decay, 1e-4))


def _noise(n, seed):
    return np.random.default_rng(seed).standard_normal(n)


@lru_cache(maxsize=None)
def kick(variant=0):
    n = int(0.35 * SR)
    t = np.arange(n) / SR
    f = 45 + (110 + 20 * variant) * np.exp(-t / 0.04)
    body = np.sin(2 * np.pi * np.cumsum(f) / SR) * _env(n, 0.001, 0.18)
    click = _noise(n, 1) * _env(n, 0.0005, 0.004) * 0.3
    return (body + click).astype(np.float32)


@lru_cache(maxsize=None)
def snare(variant=0):
    n = int(0.25 * SR)
    noise = np.diff(_noise(n + 1, 2 + variant)) * 0.5 * _env(n, 0.001, 0.07 + 0.03 * variant)
    tone = np.sin(2 * np.pi * 185 * np.arange(n) / SR) * _env(n, 0.001, 0.05)
    return (0.7 * noise + 0.5 * tone).astype(np.float32)


@lru_cache(maxsize=None)
def hat(open_=False):
    n = int((0.3 if open_ else 0.06) * SR)
    x = np.diff(np.diff(_noise(n + 2, 3)))
    return (0.25 * x * _env(n, 0.0005, 0.12 if open_ else 0.018)).astype(np.float32)


@lru_cache(maxsize=None)
def ride():
    n = int(0.6 * SR)
    t = np.arange(n) / SR
    partials = sum(np.sin(2 * np.pi * f * t) for f in (3150, 4280, 5370, 6610))
    x = 0.12 * partials + 0.15 * np.diff(_noise(n + 1, 4))
    return (0.35 * x * _env(n, 0.0005, 0.25)).astype(np.float32)


@lru_cache(maxsize=None)
def clap():
    n = int(0.2 * SR)
    x = np.diff(_noise(n + 1, 5)) * _env(n, 0.001, 0.05)
    for d in (0.008, 0.016):
        k = int(d * SR)
        x[k:] += np.diff(_noise(n + 1, 6))[: n - k] * _env(n - k, 0.001, 0.05) * 0.8
    return (0.4 * x).astype(np.float32)


def midi_hz(m):
    return 440.0 * 2 ** ((m - 69) / 12)


@lru_cache(maxsize=None)
def bass(midi, length=0.4, pluck=True):
    n = int(length * SR)
    t = np.arange(n) / SR
    f = midi_hz(midi)
    x = np.sin(2 * np.pi * f * t) + 0.3 * np.sin(4 * np.pi * f * t) + 0.1 * np.sin(6 * np.pi * f * t)
    env = _env(n, 0.004, 0.25 if pluck else 1.0) * np.minimum(1, (n - np.arange(n)) / (0.02 * SR))
    return (0.6 * x * env).astype(np.float32)


@lru_cache(maxsize=None)
def piano(midi, length=1.2):
    n = int(length * SR)
    t = np.arange(n) / SR
    f = midi_hz(midi)
    x = sum((0.6 ** k) * np.sin(2 * np.pi * f * (k + 1) * t) * np.exp(-t * (1.5 + k)) for k in range(5))
    return (0.5 * x * _env(n, 0.003, 10.0) * np.minimum(1, (n - np.arange(n)) / (0.05 * SR))).astype(np.float32)


@lru_cache(maxsize=None)
def pad(midi, length=2.0):
    n = int(length * SR)
    t = np.arange(n) / SR
    f = midi_hz(midi)
    x = sum(np.sin(2 * np.pi * f * d * t) + 0.3 * np.sin(4 * np.pi * f * d * t) for d in (0.997, 1.0, 1.004))
    env = np.minimum(1, t / 0.25) * np.minimum(1, (n - np.arange(n)) / (0.3 * SR))
    return (0.12 * x * env).astype(np.float32)


PROGRESSIONS = [
    [0, 7, 9, 5],    # I V vi IV
    [9, 5, 0, 7],    # vi IV I V
    [0, 9, 5, 7],    # I vi IV V
    [2, 7, 0, 0],    # ii V I I
    [0, 5, 7, 5],
]


def chord(root, degree):
    minor = degree in (2, 4, 9)
    third = 3 if minor else 4
    base = root + degree
    return [base, base + third, base + 7]


# ---------------------------------------------------------------- patterns (16ths per bar = 16)

# (instrument, 16th positions in a bar, velocity)
STYLES = {
    "four_on_floor": dict(bpm=(118, 132), drums=[("kick", [0, 4, 8, 12], 1.0), ("clap", [4, 12], 0.7),
                          ("ohat", [2, 6, 10, 14], 0.5), ("hat", [1, 3, 5, 7, 9, 11, 13, 15], 0.25)],
                          bass=[2, 6, 10, 14], harmony="pad"),
    "rock": dict(bpm=(90, 160), drums=[("kick", [0, 8, 10], 1.0), ("snare", [4, 12], 0.9),
                 ("hat", [0, 2, 4, 6, 8, 10, 12, 14], 0.4)], bass=[0, 2, 4, 6, 8, 10, 12, 14], harmony="piano_bar"),
    "swing": dict(bpm=(100, 180), drums="swing", bass="walking", harmony="comp"),
    "reggaeton": dict(bpm=(85, 100), drums=[("kick", [0, 4, 8, 12], 1.0), ("snare", [3, 6, 11, 14], 0.8),
                      ("hat", [0, 2, 4, 6, 8, 10, 12, 14], 0.25)], bass=[0, 3, 6, 8, 11, 14], harmony="pad"),
    "funk": dict(bpm=(92, 116), drums=[("kick", [0, 3, 7, 10], 1.0), ("snare", [4, 12], 0.95),
                 ("snare_ghost", [6, 9, 14], 0.25), ("hat", list(range(16)), 0.22)],
                 bass=[0, 3, 6, 7, 10, 13], harmony="stabs"),
    "ballad": dict(bpm=(60, 80), drums=[], bass=[0], harmony="arpeggio"),
    "pads": dict(bpm=(60, 90), drums=[], bass=[0, 8], harmony="pad_beats"),
    "intro_rock": dict(bpm=(95, 140), drums=[("kick", [0, 6, 8], 1.0), ("snare", [4, 12], 0.9),
                       ("hat", [0, 2, 4, 6, 8, 10, 12, 14], 0.4)], bass=[0, 4, 8, 12], harmony="piano_beats",
                       intro_bars=4),
    "hiphop": dict(bpm=(80, 98), drums=[("kick", [0, 7, 10], 1.0), ("snare", [4, 12], 1.0),
                   ("hat", [0, 2, 4, 6, 8, 10, 12, 14], 0.35)], bass=[0, 7, 10], harmony="piano_bar"),
    "fast_punk": dict(bpm=(160, 180), drums=[("kick", [0, 8], 1.0), ("snare", [4, 12], 0.9),
                      ("hat", [0, 4, 8, 12], 0.4)], bass=[0, 2, 4, 6, 8, 10, 12, 14], harmony="piano_bar"),
    "waltz": dict(bpm=(84, 150), meter=3, drums=[("kick", [0], 0.8), ("hat", [4, 8], 0.35)],
                  bass=[0], harmony="waltz"),
}


def generate(style: str, seed: int = 0, duration: float = 30.0, bpm: float | None = None,
             drift: float = 0.0, noise_db: float | None = None, sr: int = SR) -> Song:
    """Render one song. `drift` is the relative tempo change over the song (0.06 = +6%)."""
    assert sr == SR
    spec = STYLES[style]
    rng = np.random.default_rng(seed)
    bpm = float(bpm or rng.uniform(*spec["bpm"]))
    meter = spec.get("meter", 4)
    n_beats = int(duration * bpm / 60 * (1 + abs(drift))) + meter * 2
    # beat k starts at times[k]; the tempo glides linearly by `drift` over the song
    rates = bpm * (1 + drift * np.linspace(0, 1, n_beats))
    times = np.concatenate([[0.0], np.cumsum(60.0 / rates)])
    offset = rng.uniform(0.05, 0.6)
    times = times + offset

    def at(pos):  # pos in beats (fractional) -> seconds
        return float(np.interp(pos, np.arange(len(times)), times))

    out = np.zeros(int(duration * sr) + sr, np.float32)
    jitter = rng.uniform(0.002, 0.008)

    def place(sample, t, gain):
        t += rng.normal(0, jitter)
        i = int(round(t * sr))
        if i < 0 or i >= len(out):
            return
        seg = sample[: len(out) - i]
        out[i:i + len(seg)] += gain * seg

    root = int(rng.integers(40, 48))
    prog = PROGRESSIONS[int(rng.integers(len(PROGRESSIONS)))]
    intro = spec.get("intro_bars", 0)
    n_bars = n_beats // meter
    swing_ratio = rng.uniform(0.62, 0.7)
    for bar in range(n_bars):
        b0 = bar * meter
        deg = prog[bar % len(prog)]
        notes = chord(root + 12, deg)
        drums_on = bar >= intro
        _drums(spec, bar, b0, meter, drums_on, place, at, rng, swing_ratio)
        _bass_line(spec, b0, meter, root + deg, place, at, rng, swing_ratio)
        _harmony(spec["harmony"], b0, meter, notes, place, at, rng, bpm)
    if noise_db is not None:
        rms = np.sqrt(np.mean(out ** 2)) + 1e-9
        out += (rms * 10 ** (-noise_db / 20) * rng.standard_normal(len(out))).astype(np.float32)
    out = out[: int(duration * sr)]
    out /= max(1e-6, np.abs(out).max()) / 0.9
    beats = times[(times < duration - 0.05)]
    beats = beats[: n_beats]
    downbeats = beats[::meter]
    return Song(style, bpm, out, sr, beats, downbeats, meter)


def _drums(spec, bar, b0, meter, on, place, at, rng, swing_ratio):
    if not on:
        return
    if spec["drums"] == "swing":
        for beat in range(meter):
            place(ride(), at(b0 + beat), 0.5 * rng.uniform(0.85, 1.1))
            if beat % 2 == 1:
                place(ride(), at(b0 + beat + swing_ratio), 0.3)
                place(hat(), at(b0 + beat), 0.35)
            if rng.random() < 0.3:
                place(snare(1), at(b0 + beat + swing_ratio), 0.2)  # comping on the skip note
        if bar % 4 == 0:
            place(kick(1), at(b0), 0.5)
        return
    sounds = {"kick": kick(), "snare": snare(), "snare_ghost": snare(1), "hat": hat(), "ohat": hat(True),
              "clap": clap()}
    for name, steps, vel in spec["drums"]:
        for s in steps:
            place(sounds[name], at(b0 + s / 4), vel * rng.uniform(0.8, 1.1))


def _bass_line(spec, b0, meter, root, place, at, rng, swing_ratio):
    if spec["bass"] == "walking":
        for beat in range(meter):
            step = [0, 4, 7, 9, 12, 11, 7, 5][int(rng.integers(8))] if beat else 0
            place(bass(root + step, 0.5, pluck=False), at(b0 + beat), 0.6 * rng.uniform(0.85, 1.1))
        return
    for s in spec["bass"]:
        place(bass(root, 0.35), at(b0 + s / 4), 0.55 * rng.uniform(0.85, 1.1))


def _harmony(kind, b0, meter, notes, place, at, rng, bpm):
    beat_len = 60.0 / bpm
    if kind == "pad":
        for m in notes:
            place(pad(m, round(meter * beat_len, 2)), at(b0), 0.5)
    elif kind == "pad_beats":  # soft pad chords re-struck on every beat, with a piano note on each
        for beat in range(meter):
            for m in notes:
                place(pad(m, round(beat_len, 2)), at(b0 + beat), 0.6)
            place(piano(notes[beat % 3] + 12), at(b0 + beat), 0.25 if beat else 0.4)
    elif kind == "piano_bar":
        for m in notes:
            place(piano(m), at(b0), 0.35)
        for m in notes:
            place(piano(m), at(b0 + 2.5), 0.2)
    elif kind == "piano_beats":
        for beat in range(meter):
            for m in notes:
                place(piano(m), at(b0 + beat), 0.3 if beat else 0.42)
    elif kind == "stabs":
        for s in (2, 6, 11):
            for m in notes:
                place(piano(m + 12, 0.2), at(b0 + s / 4), 0.3)
    elif kind == "comp":
        for pos in (1 + 0.66, 3):
            if rng.random() < 0.7:
                for m in notes:
                    place(piano(m + 12, 0.5), at(b0 + pos), 0.25)
    elif kind == "arpeggio":  # left hand chord on each beat, right hand 8th-note arpeggio
        for beat in range(meter):
            for m in notes:
                place(piano(m), at(b0 + beat), 0.35 if beat else 0.5)
            for half in (0, 0.5):
                note = notes[(2 * beat + int(half * 2)) % 3] + 12
                place(piano(note, 0.8), at(b0 + beat + half), 0.18)
    elif kind == "waltz":
        for beat in (1, 2):
            for m in notes:
                place(piano(m + 12, 0.5), at(b0 + beat), 0.3)


# ---------------------------------------------------------------- test set

def test_set(duration: float = 30.0, per_style: int = 3, seed: int = 0):
    """(name, Song) pairs across styles, including drift and noise variants."""
    for i, style in enumerate(sorted(STYLES)):
        for k in range(per_style):
            s = seed * 1000 + i * 10 + k
            yield f"{style}#{k}", generate(style, seed=s, duration=duration)
    for k, style in enumerate(("rock", "four_on_floor", "swing", "ballad")):
        yield f"drift:{style}", generate(style, seed=seed * 1000 + 500 + k, duration=duration,
                                         drift=(0.06 if k % 2 else -0.06))
    for k, style in enumerate(("rock", "reggaeton", "funk", "pads")):
        yield f"noise:{style}", generate(style, seed=seed * 1000 + 600 + k, duration=duration, noise_db=6.0)


def write_wav(song: Song, path) -> None:
    import wave

    pcm = (np.clip(song.audio, -1, 1) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(song.sr)
        w.writeframes(pcm.tobytes())


# ---------------------------------------------------------------- scoring

def f_measure(reference, estimated, window: float = 0.07, trim: float = 0.0) -> float:
    """Beat F-measure as in mir_eval.beat.f_measure: an estimate within +-`window` seconds of a
    reference beat is a hit, each beat matched at most once. `trim` drops beats before that time
    (mir_eval's evaluate() trims the first 5 s)."""
    ref = np.sort(np.asarray(reference, float))
    est = np.sort(np.asarray(estimated, float))
    ref, est = ref[ref >= trim], est[est >= trim]
    if len(ref) == 0 or len(est) == 0:
        return 0.0
    # greedy two-pointer matching is a maximum matching for 1-D events with a symmetric window
    i = j = hits = 0
    while i < len(ref) and j < len(est):
        if abs(ref[i] - est[j]) <= window:
            hits += 1
            i += 1
            j += 1
        elif est[j] < ref[i]:
            j += 1
        else:
            i += 1
    if hits == 0:
        return 0.0
    precision, recall = hits / len(est), hits / len(ref)
    return 2 * precision * recall / (precision + recall)
