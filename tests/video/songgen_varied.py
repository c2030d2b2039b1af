"""Varied synthesized songs with known beats, for judging beat tracking on songs it was not tuned on.

A second, independent generator next to songgen.py: every song draws its own instrument timbres,
its own pattern variant for the style, a bass line and a syncopated melody, humanised timing
(5-15 ms), per-bar fills and ghost notes, its own mix and room, and optionally tempo drift, a
drum-less intro and noise. The beat tracker's constants are tuned on seeds < 1000 and judged on
seeds >= 1000 (benchmarks/beats_eval.py).
"""
from __future__ import annotations

import numpy as np

from tests.video.songgen import PROGRESSIONS, SR, Song, chord, midi_hz


def _onepole(x, a):
    """One-pole low-pass (a in 0..1, larger = darker)."""
    from scipy.signal import lfilter

    return lfilter([1 - a], [1, -a], x)


class Kit:
    """Instrument timbres drawn at random for one song."""

    def __init__(self, rng):
        self.rng = rng
        u = rng.uniform
        self.p = dict(
            kick_f0=u(80, 180), kick_f1=u(38, 62), kick_sweep=u(0.015, 0.06), kick_decay=u(0.08, 0.4),
            kick_click=u(0, 0.5), kick_drive=u(1, 4),
            snare_tone=u(150, 260), snare_tone_mix=u(0.2, 0.8), snare_decay=u(0.05, 0.2),
            snare_dark=u(0.0, 0.7),
            hat_decay=u(0.01, 0.05), hat_open_decay=u(0.12, 0.4), hat_metal=rng.random() < 0.5,
            bass_wave=rng.choice(["sine", "saw", "square", "fm"]), bass_dark=u(0.3, 0.9),
            keys=rng.choice(["piano", "epiano", "organ", "pluck", "saw"]),
            lead=rng.choice(["square", "sine", "pluck", "saw"]), room=u(0.0, 0.4),
        )
        self._cache = {}

    def drum(self, name):
        if name not in self._cache:
            self._cache[name] = getattr(self, "_" + name)().astype(np.float32)
        return self._cache[name]

    def _kick(self):
        p = self.p
        n = int((p["kick_decay"] * 3 + 0.05) * SR)
        t = np.arange(n) / SR
        f = p["kick_f1"] + (p["kick_f0"] - p["kick_f1"]) * np.exp(-t / p["kick_sweep"])
        body = np.tanh(p["kick_drive"] * np.sin(2 * np.pi * np.cumsum(f) / SR)) / np.tanh(p["kick_drive"])
        click = self.rng.standard_normal(n) * np.exp(-t / 0.003) * p["kick_click"]
        return (body * np.exp(-t / p["kick_decay"]) + click) * np.minimum(1, t / 0.001)

    def _snare(self):
        p = self.p
        n = int(0.35 * SR)
        t = np.arange(n) / SR
        noise = _onepole(np.diff(self.rng.standard_normal(n + 1)), p["snare_dark"]) * np.exp(-t / p["snare_decay"])
        tone = np.sin(2 * np.pi * p["snare_tone"] * t) * np.exp(-t / 0.04)
        return (1 - p["snare_tone_mix"]) * noise + p["snare_tone_mix"] * tone

    def _ghost(self):
        return 0.3 * self.drum("snare")

    def _clap(self):
        n = int(0.25 * SR)
        t = np.arange(n) / SR
        x = np.zeros(n)
        for d in (0.0, 0.009, 0.018, 0.027):
            k = int(d * SR)
            decay = np.exp(-t[: n - k] / (0.012 if d < 0.02 else 0.06))
            x[k:] += np.diff(self.rng.standard_normal(n + 1))[: n - k] * decay
        return 0.5 * x

    def _hat_noise(self, n):
        if self.p["hat_metal"]:
            t = np.arange(n) / SR
            return sum(np.sign(np.sin(2 * np.pi * f * t)) for f in (2960, 3817, 4632, 5390, 7011, 8233)) / 6
        return np.diff(np.diff(self.rng.standard_normal(n + 2)))

    def _hat(self):
        n = int(0.2 * SR)
        t = np.arange(n) / SR
        return 0.35 * self._hat_noise(n) * np.exp(-t / self.p["hat_decay"])

    def _ohat(self):
        n = int(0.6 * SR)
        t = np.arange(n) / SR
        return 0.3 * self._hat_noise(n) * np.exp(-t / self.p["hat_open_decay"])

    def _ride(self):
        n = int(0.8 * SR)
        t = np.arange(n) / SR
        x = sum(np.sin(2 * np.pi * f * t) for f in (3150, 4280, 5370, 6610)) / 4 + 0.4 * self._hat_noise(n)
        return 0.3 * x * np.exp(-t / 0.3)

    def _rim(self):
        n = int(0.08 * SR)
        t = np.arange(n) / SR
        return 0.6 * np.sin(2 * np.pi * 1700 * t) * np.exp(-t / 0.012)

    def _tom(self):
        n = int(0.4 * SR)
        t = np.arange(n) / SR
        f = 110 * (1 + 0.5 * np.exp(-t / 0.05))
        return np.sin(2 * np.pi * np.cumsum(f) / SR) * np.exp(-t / 0.15)

    def _shaker(self):
        n = int(0.09 * SR)
        t = np.arange(n) / SR
        return 0.25 * np.diff(self.rng.standard_normal(n + 1)) * np.minimum(1, t / 0.02) * np.exp(-t / 0.03)

    def note(self, kind, midi, length, dark=0.5):
        """A pitched note (bass, keys or lead) `length` seconds long."""
        key = (kind, midi, round(length, 2))
        if key not in self._cache:
            self._cache[key] = self._note(kind, midi, max(0.05, length), dark).astype(np.float32)
        return self._cache[key]

    def _note(self, kind, midi, length, dark):
        n = int((length + 0.05) * SR)
        t = np.arange(n) / SR
        f = midi_hz(midi)
        release = np.clip((length + 0.05 - t) / 0.05, 0, 1)
        if kind == "pluck":  # Karplus-Strong
            from scipy.signal import lfilter

            period = max(2, int(round(SR / f)))
            burst = np.zeros(n)
            burst[:period] = self.rng.uniform(-1, 1, period)
            a = np.zeros(period + 2)
            a[0], a[period], a[period + 1] = 1.0, -0.498, -0.498
            return 0.8 * lfilter([1.0], a, burst) * release
        if kind == "sine":
            x = np.sin(2 * np.pi * f * t)
        elif kind == "fm":
            x = np.sin(2 * np.pi * f * t + 2.0 * np.exp(-t / 0.1) * np.sin(2 * np.pi * f * t))
        elif kind in ("saw", "square", "organ"):
            ks = range(1, 12) if kind != "organ" else (1, 2, 3, 4, 6, 8)
            ks = [k for k in ks if k * f < SR / 2.5]
            if kind == "square":
                ks = [k for k in ks if k % 2]
            x = sum(np.sin(2 * np.pi * f * k * t) / k for k in ks)
        elif kind == "epiano":
            x = np.sin(2 * np.pi * f * t + 1.5 * np.exp(-t / 0.3) * np.sin(2 * np.pi * 2 * f * t))
        else:  # piano
            x = sum((0.6 ** k) * np.sin(2 * np.pi * f * (k + 1) * t) * np.exp(-t * (1.5 + k)) for k in range(5))
        if kind in ("saw", "square", "sine", "fm") and dark > 0:
            x = _onepole(x, dark)
        decay = {"piano": 8.0, "epiano": 1.2, "organ": 99.0}.get(kind, 0.6 if kind in ("saw", "square") else 0.4)
        attack = 0.004 if kind != "organ" else 0.01
        return x * np.minimum(1, t / attack) * np.exp(-t / decay) * release


# drum patterns on a 16-step bar (4/4) or 12-step bar (3/4); (instrument, steps, velocity)
VARIED = {
    "pop": dict(bpm=(70, 130), swing=0.0, drums=[
        [("kick", [0, 8], 1), ("snare", [4, 12], .9), ("hat", [0, 2, 4, 6, 8, 10, 12, 14], .4)],
        [("kick", [0, 8, 10], 1), ("snare", [4, 12], .9), ("hat", list(range(16)), .3)],
        [("kick", [0, 6, 8], 1), ("clap", [4, 12], .9), ("shaker", [2, 6, 10, 14], .5)],
        [("kick", [0, 7, 8], 1), ("snare", [4, 12], .9), ("ride", [0, 4, 8, 12], .4)]],
        bass=[[0, 8], [0, 2, 4, 6, 8, 10, 12, 14], [0, 6, 8, 14], [0, 3, 8, 11]],
        comp=["chords_1_3", "eighths", "arp"]),
    "rock": dict(bpm=(95, 170), swing=0.0, drums=[
        [("kick", [0, 8, 10], 1), ("snare", [4, 12], 1), ("hat", [0, 2, 4, 6, 8, 10, 12, 14], .5)],
        [("kick", [0, 2, 8], 1), ("snare", [4, 12], 1), ("ohat", [0, 4, 8, 12], .4)],
        [("kick", [0, 8], 1), ("snare", [4, 12], 1), ("ride", [0, 2, 4, 6, 8, 10, 12, 14], .4)]],
        bass=[[0, 2, 4, 6, 8, 10, 12, 14], [0, 8, 10]], comp=["power_eighths", "chords_1_3"]),
    "punk": dict(bpm=(160, 185), swing=0.0, drums=[
        [("kick", [0, 8], 1), ("snare", [4, 12], 1), ("hat", [0, 4, 8, 12], .5)],
        [("kick", [0, 6, 8], 1), ("snare", [4, 12], 1), ("ohat", [0, 2, 4, 6, 8, 10, 12, 14], .35)],
        [("kick", [0, 8, 10], 1), ("snare", [4, 12], 1), ("ride", [0, 4, 8, 12], .4)]],
        bass=[[0, 2, 4, 6, 8, 10, 12, 14], [0, 4, 8, 12]], comp=["power_eighths", "power_quarters"]),
    "funk": dict(bpm=(88, 118), swing=0.0, drums=[
        [("kick", [0, 3, 7, 10], 1), ("snare", [4, 12], 1), ("ghost", [6, 9, 14], 1), ("hat", list(range(16)), .25)],
        [("kick", [0, 6, 10], 1), ("snare", [4, 12], 1), ("ghost", [7, 11, 15], 1),
         ("hat", [0, 2, 4, 6, 8, 10, 12, 14], .4)],
        [("kick", [0, 2, 7, 10], 1), ("snare", [4, 12], 1), ("ghost", [1, 9], 1), ("hat", list(range(16)), .3)],
        [("kick", [0, 10, 13], 1), ("snare", [4, 12], 1), ("ghost", [3, 6, 14], 1), ("ohat", [2, 6, 10, 14], .35)]],
        bass=[[0, 3, 6, 7, 10, 13], [0, 2, 3, 7, 10, 11, 14], [0, 10, 11, 14]], comp=["stabs", "sixteenths_mute"]),
    "hiphop": dict(bpm=(78, 100), swing=(0.0, 0.6), drums=[
        [("kick", [0, 7, 10], 1), ("snare", [4, 12], 1), ("hat", [0, 2, 4, 6, 8, 10, 12, 14], .4)],
        [("kick", [0, 3, 10], 1), ("snare", [4, 12], 1), ("hat", [0, 2, 4, 6, 8, 10, 12, 14], .4)],
        [("kick", [0, 10, 11], 1), ("clap", [4, 12], 1), ("hat", list(range(16)), .3)],
        [("kick", [0, 6, 9], 1), ("snare", [4, 12], 1), ("rim", [14], .5), ("hat", [0, 2, 4, 6, 8, 10, 12, 14], .35)]],
        bass=[[0, 7, 10], [0, 3, 10], [0, 6, 9]], comp=["chords_1", "lofi"]),
    "reggaeton": dict(bpm=(85, 102), swing=0.0, drums=[
        [("kick", [0, 4, 8, 12], 1), ("snare", [3, 6, 11, 14], .8), ("hat", [0, 2, 4, 6, 8, 10, 12, 14], .3)],
        [("kick", [0, 4, 8, 12], 1), ("rim", [3, 6, 11, 14], .8), ("shaker", list(range(16)), .3)]],
        bass=[[0, 3, 6, 8, 11, 14], [0, 4, 8, 12]], comp=["dembow_chords", "chords_1"]),
    "house": dict(bpm=(118, 130), swing=0.0, drums=[
        [("kick", [0, 4, 8, 12], 1), ("clap", [4, 12], .7), ("ohat", [2, 6, 10, 14], .5)],
        [("kick", [0, 4, 8, 12], 1), ("snare", [4, 12], .6), ("hat", list(range(16)), .25),
         ("ohat", [2, 6, 10, 14], .4)]],
        bass=[[2, 6, 10, 14], [0, 3, 6, 10, 14]], comp=["offbeat_chords", "pad"]),
    "disco": dict(bpm=(108, 130), swing=0.0, drums=[
        [("kick", [0, 4, 8, 12], 1), ("snare", [4, 12], .9), ("ohat", [2, 6, 10, 14], .5), ("hat", [0, 4, 8, 12], .3)]],
        bass=[[0, 2, 4, 6, 8, 10, 12, 14]], comp=["eighths", "stabs"], octave_bass=True),
    "shuffle": dict(bpm=(70, 120), swing=(0.64, 0.7), drums=[
        [("kick", [0, 8], 1), ("snare", [4, 12], .9), ("hat", [0, 2, 4, 6, 8, 10, 12, 14], .4)],
        [("kick", [0, 6, 8], 1), ("snare", [4, 12], .9), ("ride", [0, 2, 4, 6, 8, 10, 12, 14], .4)]],
        bass=[[0, 2, 4, 6, 8, 10, 12, 14], [0, 4, 8, 12]], comp=["eighths", "chords_1_3"]),
    "jazz": dict(bpm=(100, 180), swing=(0.6, 0.7), drums=[
        [("ride", [0, 4, 6, 8, 12, 14], .45), ("hat", [4, 12], .5), ("kick", [0], .3)],
        [("ride", [0, 4, 6, 8, 12, 14], .45), ("hat", [4, 12], .5), ("ghost", [6, 14], 1)]],
        bass=["walking"], comp=["comp"]),
    "country": dict(bpm=(100, 160), swing=0.0, drums=[
        [("kick", [0, 8], 1), ("snare", [4, 12], .8), ("hat", [0, 2, 4, 6, 8, 10, 12, 14], .3)],
        [("rim", [4, 12], .8), ("kick", [0, 8], .9), ("shaker", [0, 2, 4, 6, 8, 10, 12, 14], .4)]],
        bass=[[0, 8]], comp=["boom_chick"]),
    "ballad": dict(bpm=(58, 82), swing=0.0, drums=[[]], bass=[[0], [0, 8]], comp=["arp", "chords_beats"]),
    "acoustic": dict(bpm=(75, 125), swing=(0.0, 0.6), drums=[[]], bass=[[0, 8], []], comp=["strum"]),
    "pads": dict(bpm=(60, 95), swing=0.0, drums=[[]], bass=[[0, 8], [0, 4, 8, 12]], comp=["pad_pulse"]),
    "waltz": dict(bpm=(84, 160), swing=0.0, meter=3, drums=[
        [("kick", [0], .8), ("hat", [4, 8], .35)], [("kick", [0], .8), ("rim", [4, 8], .5)], []],
        bass=[[0], [0, 8]], comp=["waltz"]),
}

GAIN_GROUP = dict(kick="kick", tom="kick", snare="snare", clap="snare", rim="snare", ghost="snare")


def generate_varied(style: str, seed: int, duration: float = 30.0, drift: float | None = None,
                    intro_bars: int | None = None, noise_db: float | None = None) -> Song:
    """One varied song; `drift`/`intro_bars`/`noise_db` default to random draws from the seed."""
    spec = VARIED[style]
    rng = np.random.default_rng(seed)
    kit = Kit(rng)
    meter = spec.get("meter", 4)
    steps = 4 * meter
    bpm = float(rng.uniform(*spec["bpm"]))
    sw = spec["swing"]
    swing = float(rng.uniform(*sw)) if isinstance(sw, tuple) else sw
    swing = swing if swing > 0.52 else 0.5
    drift = float(rng.choice([0, 0, 0, -1, 1]) * rng.uniform(0.03, 0.08)) if drift is None else drift
    has_drums = bool(spec["drums"][0])
    if intro_bars is None:
        intro_bars = int(rng.choice([0, 0, 0, 2, 4])) if has_drums else 0
    if noise_db is None and rng.random() < 0.25:
        noise_db = float(rng.uniform(6, 20))
    n_beats = int(duration * bpm / 60 * (1 + abs(drift))) + 2 * meter
    wander = rng.uniform(0, 0.02) * np.sin(np.linspace(0, rng.uniform(1, 4) * np.pi, n_beats))
    rates = bpm * (1 + drift * np.linspace(0, 1, n_beats) + wander)
    times = np.concatenate([[0.0], np.cumsum(60.0 / rates)]) + rng.uniform(0.0, 1.0)
    out = np.zeros(int((duration + 1) * SR), np.float32)
    jitter = rng.uniform(0.003, 0.012)

    def at(pos):  # position in beats -> seconds, with swing on the off 8ths (or 16ths)
        beat, frac = divmod(pos, 1.0)
        if swing > 0.5:
            if style == "hiphop":  # swung 16ths
                half, q = divmod(frac, 0.5)
                frac = half * 0.5 + (swing * 0.5 if abs(q - 0.25) < 1e-6 else q)
            elif abs(frac - 0.5) < 1e-6:
                frac = swing
        return float(np.interp(beat + frac, np.arange(len(times)), times))

    def place(sample, pos, gain):
        t = at(pos) + rng.normal(0, jitter)
        i = int(round(t * SR))
        if 0 <= i < len(out):
            seg = sample[: len(out) - i]
            out[i:i + len(seg)] += gain * seg

    levels = dict(kick=(-4, 3), snare=(-4, 3), hat=(-8, 2), bass=(-6, 2), comp=(-8, 1), lead=(-10, 0))  # dB
    gains = {k: 10 ** (rng.uniform(*r) / 20) for k, r in levels.items()}
    pattern = spec["drums"][int(rng.integers(len(spec["drums"])))]
    bass_rhythm = spec["bass"][int(rng.integers(len(spec["bass"])))]
    comp = spec["comp"][int(rng.integers(len(spec["comp"])))]
    root = int(rng.integers(36, 46))
    prog = PROGRESSIONS[int(rng.integers(len(PROGRESSIONS)))]
    melody = _melody_rhythm(rng, steps)
    beat_len = 60.0 / bpm
    for bar in range(n_beats // meter):
        b0 = bar * meter
        deg = prog[bar % len(prog)]
        notes = chord(root + 24, deg)
        if bar >= intro_bars:
            fill = bar % 4 == 3 and rng.random() < 0.4
            for name, pos, vel in pattern:
                group = GAIN_GROUP.get(name, "hat")
                for s in pos:
                    if fill and s >= steps - 4 and name != "hat":
                        continue
                    if name in ("hat", "shaker") and rng.random() < 0.05:
                        continue
                    place(kit.drum(name), b0 + s / 4, gains[group] * vel * rng.uniform(0.75, 1.1))
                if name == "kick" and rng.random() < 0.2:  # an extra syncopated kick now and then
                    place(kit.drum("kick"), b0 + int(rng.choice([3, 6, 11, 14])) / 4, gains["kick"] * 0.7)
            if fill:
                for s in range(steps - 4, steps, 1 if rng.random() < 0.5 else 2):
                    place(kit.drum("tom" if rng.random() < 0.5 else "snare"), b0 + s / 4, gains["snare"] * 0.8)
        _varied_bass(kit, bass_rhythm, b0, meter, root + deg, place, gains["bass"], beat_len, rng, spec)
        _varied_comp(kit, comp, b0, meter, notes, place, gains["comp"], beat_len, rng)
        if bar >= intro_bars // 2 and bar % 8 < 6:
            for s in melody:
                m = root + 36 + int(rng.choice([0, 2, 4, 7, 9, 12]))
                place(kit.note(kit.p["lead"], m, beat_len * 0.45, 0.5), b0 + s / 4, gains["lead"] * 0.25)
    out = _room(out, kit.p["room"], rng)
    if noise_db is not None:
        rms = np.sqrt(np.mean(out ** 2)) + 1e-9
        spectrum = np.fft.rfft(rng.standard_normal(len(out)))
        spectrum /= np.sqrt(np.maximum(np.arange(len(spectrum)), 20))  # pink: power falls as 1/f
        pink = np.fft.irfft(spectrum, len(out))
        pink *= rms * 10 ** (-noise_db / 20) / (pink.std() + 1e-9)
        out += pink.astype(np.float32)
    out = out[: int(duration * SR)]
    out /= max(1e-6, np.abs(out).max()) / 0.9
    beats = times[times < duration - 0.05][:n_beats]
    return Song(style, bpm, out, SR, beats, beats[::meter], meter,
                notes=dict(drift=drift, intro_bars=intro_bars, noise_db=noise_db, swing=swing, comp=comp))


def _melody_rhythm(rng, steps):
    density = rng.uniform(0.1, 0.35)
    return [s for s in range(steps) if rng.random() < (density * (1.6 if s % 2 == 0 else 0.8))]


def _varied_bass(kit, rhythm, b0, meter, root, place, gain, beat_len, rng, spec):
    wave = kit.p["bass_wave"]
    if rhythm == "walking":
        for beat in range(meter):
            step = [0, 4, 7, 9, 12, 11, 7, 5][int(rng.integers(8))] if beat else 0
            place(kit.note(wave, root + step, beat_len * 0.9, kit.p["bass_dark"]), b0 + beat, gain * 0.6)
        return
    for i, s in enumerate(rhythm):
        nxt = rhythm[i + 1] if i + 1 < len(rhythm) else 4 * meter
        length = beat_len * (nxt - s) / 4 * 0.9
        octave = 12 if spec.get("octave_bass") and i % 2 else 0
        note = kit.note(wave, root + octave, length, kit.p["bass_dark"])
        place(note, b0 + s / 4, gain * 0.6 * rng.uniform(0.85, 1.1))


def _varied_comp(kit, kind, b0, meter, notes, place, gain, beat_len, rng):
    keys = kit.p["keys"]

    def hit(pos, length, g, ns=notes, kind_=keys):
        for m in ns:
            place(kit.note(kind_, m, length), b0 + pos, gain * g / len(ns) * 1.5)

    if kind == "chords_1_3":
        for p in (0, 2):
            hit(p, beat_len * 1.9, 0.5 if p else 0.6)
    elif kind == "chords_1":
        hit(0, beat_len * meter * 0.95, 0.6)
    elif kind == "chords_beats":
        for b in range(meter):
            hit(b, beat_len * 0.95, 0.5 if b else 0.6)
    elif kind == "eighths":
        for k in range(2 * meter):
            hit(k / 2, beat_len * 0.45, 0.45 if k % 2 == 0 else 0.35)
    elif kind == "arp":
        for k in range(2 * meter):
            place(kit.note(keys, notes[k % 3] + (12 if k % 4 == 3 else 0), beat_len), b0 + k / 2,
                  gain * (0.5 if k % 2 == 0 else 0.35))
        hit(0, beat_len * meter, 0.35, notes[:1])
    elif kind == "power_eighths":
        for k in range(2 * meter):
            hit(k / 2, beat_len * 0.45, 0.5, [notes[0] - 12, notes[0] - 5], "saw")
    elif kind == "power_quarters":
        for k in range(meter):
            hit(k, beat_len * 0.9, 0.5, [notes[0] - 12, notes[0] - 5], "saw")
    elif kind == "stabs":
        for s in ([2, 6, 11], [3, 6, 10, 14], [2, 7, 10, 15])[int(rng.integers(3))]:
            hit(s / 4, beat_len * 0.2, 0.5)
    elif kind == "sixteenths_mute":
        for s in range(4 * meter):
            if rng.random() < 0.6:
                hit(s / 4, beat_len * 0.1, 0.35 if s % 2 else 0.45, notes[:2], "pluck")
    elif kind == "lofi":
        hit(0, beat_len * 1.4, 0.5)
        hit(1.5, beat_len * 2.3, 0.4)
    elif kind == "dembow_chords":
        for s in (0, 3, 6, 8, 11, 14):
            hit(s / 4, beat_len * 0.4, 0.4)
    elif kind == "offbeat_chords":
        for s in (2, 6, 10, 14):
            hit(s / 4, beat_len * 0.35, 0.45)
    elif kind == "pad":
        hit(0, beat_len * meter, 0.4, notes, "organ")
    elif kind == "pad_pulse":
        for b in range(meter):
            hit(b, beat_len * 0.95, 0.45, notes, "organ")
            place(kit.note("piano", notes[b % 3] + 12, beat_len), b0 + b, gain * (0.35 if b else 0.5))
    elif kind == "comp":
        for pos in (1 + 0.5, 3) if rng.random() < 0.5 else (0.5, 2.5):
            if rng.random() < 0.7:
                hit(pos, beat_len * 0.5, 0.45)
    elif kind == "boom_chick":
        for b in (1, 3):
            hit(b, beat_len * 0.4, 0.5)
    elif kind == "strum":  # down strokes on beats, lighter up strokes on the off 8ths
        for k in range(2 * meter):
            if k % 2 == 1 and rng.random() < 0.3:
                continue
            order = notes + [notes[0] + 12] if k % 2 == 0 else ([notes[0] + 12] + notes[::-1])
            for j, m in enumerate(order):
                place(kit.note("pluck", m, beat_len), b0 + k / 2 + j * 0.012 / beat_len,
                      gain * (0.45 if k % 2 == 0 else 0.25))
    elif kind == "waltz":
        for b in (1, 2):
            hit(b, beat_len * 0.6, 0.45)


def _room(x, amount, rng):
    """A short exponential-decay reverb tail mixed in at `amount`."""
    if amount < 0.02:
        return x
    n = int(rng.uniform(0.3, 1.2) * SR)
    ir = rng.standard_normal(n) * np.exp(-np.arange(n) / (0.18 * SR))
    from scipy.signal import fftconvolve

    wet = fftconvolve(x, ir)[: len(x)]
    wet *= np.abs(x).max() / (np.abs(wet).max() + 1e-9)
    return ((1 - amount) * x + amount * wet).astype(np.float32)


def varied_set(seeds, duration: float = 30.0, styles=None):
    """(name, Song) for every style and seed (the seed is mixed with the style index)."""
    for i, style in enumerate(sorted(styles or VARIED)):
        for s in seeds:
            yield f"{style}#{s}", generate_varied(style, seed=s * 100 + i, duration=duration)
