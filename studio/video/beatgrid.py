"""The editable beat grid (节拍网格): markers the user can add, delete, nudge, shift, halve,
double and re-tap. Times are seconds of the music. Each edit returns a new grid so the caller
can save it in one project action (which makes it undoable)."""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from statistics import median
from typing import Optional

EPS = 1e-3  # two markers closer than 1 ms are the same marker


@dataclass
class BeatGrid:
    beats: list[float] = field(default_factory=list)
    downbeats: list[float] = field(default_factory=list)  # a subset of beats
    accents: list[float] = field(default_factory=list)
    tempo: float = 0.0  # beats per minute

    @classmethod
    def from_analysis(cls, analysis) -> "BeatGrid":
        """From a studio.video.beats.BeatAnalysis (or anything with the same fields)."""
        return cls([float(b) for b in analysis.beats], [float(b) for b in analysis.downbeats],
                   [float(b) for b in getattr(analysis, "accents", [])], float(analysis.tempo))

    def nearest(self, t: float) -> Optional[int]:
        if not self.beats:
            return None
        i = bisect.bisect_left(self.beats, t)
        candidates = [j for j in (i - 1, i) if 0 <= j < len(self.beats)]
        return min(candidates, key=lambda j: abs(self.beats[j] - t))

    def is_downbeat(self, t: float) -> bool:
        return _contains(self.downbeats, t)

    # ---- edits ----------------------------------------------------------------------------
    def add(self, t: float, downbeat: bool = False) -> "BeatGrid":
        if _contains(self.beats, t):
            return self._copy()
        downs = sorted(self.downbeats + [t]) if downbeat else list(self.downbeats)
        return self._with(sorted(self.beats + [t]), downs)

    def delete(self, index: int) -> "BeatGrid":
        gone = self.beats[index]
        return self._with(self.beats[:index] + self.beats[index + 1:],
                          [d for d in self.downbeats if abs(d - gone) > EPS],
                          [a for a in self.accents if abs(a - gone) > EPS])

    def nudge(self, index: int, dt: float) -> "BeatGrid":
        """Move one marker by `dt` seconds (a downbeat stays a downbeat); it cannot pass its
        neighbours."""
        old = self.beats[index]
        lo = self.beats[index - 1] + EPS if index > 0 else 0.0
        hi = self.beats[index + 1] - EPS if index + 1 < len(self.beats) else float("inf")
        new = min(hi, max(lo, old + dt))
        move = lambda xs: sorted(new if abs(x - old) <= EPS else x for x in xs)  # noqa: E731
        return self._with(move(self.beats), move(self.downbeats), move(self.accents))

    def shift(self, dt: float) -> "BeatGrid":
        """Move the whole grid by `dt` seconds; markers pushed before 0 are dropped."""
        move = lambda xs: [x + dt for x in xs if x + dt >= 0]  # noqa: E731
        return self._with(move(self.beats), move(self.downbeats), move(self.accents))

    def halve(self) -> "BeatGrid":
        """Half tempo: keep every other beat, choosing the parity that keeps the downbeats."""
        if len(self.beats) < 2:
            return self._copy()
        first = self.nearest(self.downbeats[0]) if self.downbeats else 0
        kept = self.beats[first % 2::2]
        return BeatGrid(kept, [d for d in self.downbeats if _contains(kept, d)],
                        [a for a in self.accents if _contains(kept, a)], self.tempo / 2)

    def double(self) -> "BeatGrid":
        """Double tempo: add a marker half-way between each pair of beats."""
        mids = [(a + b) / 2 for a, b in zip(self.beats, self.beats[1:])]
        return BeatGrid(sorted(self.beats + mids), list(self.downbeats), list(self.accents), self.tempo * 2)

    def set_downbeat(self, index: int, beats_per_bar: int = 4) -> "BeatGrid":
        """Make beat `index` a downbeat and re-derive the bars (every `beats_per_bar` beats)."""
        downs = self.beats[index % beats_per_bar::beats_per_bar]
        return self._with(list(self.beats), downs)

    def _with(self, beats, downbeats, accents=None) -> "BeatGrid":
        return BeatGrid(beats, downbeats, list(self.accents) if accents is None else accents,
                        tempo_of(beats) or self.tempo)

    def _copy(self) -> "BeatGrid":
        return BeatGrid(list(self.beats), list(self.downbeats), list(self.accents), self.tempo)


def tempo_of(beats: list[float]) -> float:
    """Tempo in BPM from the median beat interval (0 when there are fewer than two beats)."""
    gaps = [b - a for a, b in zip(beats, beats[1:]) if b - a > EPS]
    return 60.0 / median(gaps) if gaps else 0.0


def tap_tempo(taps: list[float], duration: float, beats_per_bar: int = 4) -> BeatGrid:
    """A steady grid from a few taps (music seconds): the tempo is the median tap interval, the
    phase is the mean of the taps' phases, and the first tap is a downbeat."""
    if len(taps) < 2:
        raise ValueError("tap at least twice")
    period = median(b - a for a, b in zip(taps, taps[1:]))
    if period <= 0.1:
        raise ValueError("taps are too close together")
    offsets = [(t - taps[0]) - round((t - taps[0]) / period) * period for t in taps]
    anchor = taps[0] + sum(offsets) / len(offsets)
    first = anchor - int(anchor / period) * period
    beats, t = [], first
    while t <= duration + EPS:
        beats.append(round(t, 4))
        t += period
    bar_start = round((anchor - first) / period) % beats_per_bar
    return BeatGrid(beats, beats[bar_start::beats_per_bar], [], 60.0 / period)


def _contains(xs: list[float], t: float) -> bool:
    i = bisect.bisect_left(xs, t - EPS)
    return i < len(xs) and abs(xs[i] - t) <= EPS
