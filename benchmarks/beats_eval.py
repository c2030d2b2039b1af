"""Beat-tracking accuracy on synthesized songs (tests/video/songgen.py): F-measure (70 ms window)
per style and overall, plus tempo octave errors and downbeat F.

    python benchmarks/beats_eval.py [--per-style N] [--duration S] [--seed K] [--verbose]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from studio.video import beats as beatmod  # noqa: E402
from tests.video.songgen import f_measure, test_set, write_wav  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-style", type=int, default=3)
    ap.add_argument("--duration", type=float, default=30.0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    by_style: dict[str, list[float]] = defaultdict(list)
    down: list[float] = []
    octave = offset = 0
    all_f: list[float] = []
    elapsed = 0.0
    tmp = Path(tempfile.mkdtemp(prefix="beats-eval-"))
    for name, song in test_set(args.duration, args.per_style, args.seed):
        wav = tmp / "song.wav"
        write_wav(song, wav)  # through a file, as users' songs arrive (decoded by ffmpeg)
        t0 = time.perf_counter()
        res = beatmod.analyse(str(wav))
        elapsed += time.perf_counter() - t0
        f = f_measure(song.beats, res.beats)
        fd = f_measure(song.downbeats, res.downbeats)
        ratio = res.tempo / song.bpm if song.bpm else 0
        if abs(ratio - 1) > 0.08:
            octave += 1
        elif f < 0.5:
            offset += 1
        err = _median_error(song.beats, res.beats)
        by_style[name.split("#")[0]].append(f)
        all_f.append(f)
        down.append(fd)
        if args.verbose:
            print(f"{name:22s} bpm {song.bpm:6.1f} -> {res.tempo:6.1f}  F {f:.3f}  downbeat F {fd:.3f}"
                  f"  meter {res.meter}  median err {err * 1000:+.0f} ms  conf {res.tempo_confidence:.2f}")
    print(f"{'style':22s} F-measure")
    for style in sorted(by_style):
        print(f"{style:22s} {np.mean(by_style[style]):.3f}")
    print(f"MEAN beat F-measure {np.mean(all_f):.3f} over {len(all_f)} songs;"
          f" downbeat F {np.mean(down):.3f}; tempo-level errors {octave}; phase errors {offset};"
          f" analysis {elapsed / len(all_f) * 1000:.0f} ms/song")
    return 0


def _median_error(ref, est) -> float:
    est = np.asarray(est)
    if not len(est):
        return float("nan")
    d = [est[np.argmin(abs(est - r))] - r for r in ref]
    d = [x for x in d if abs(x) < 0.07]
    return float(np.median(d)) if d else float("nan")


if __name__ == "__main__":
    raise SystemExit(main())
