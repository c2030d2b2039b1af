"""Beat-tracking accuracy on synthesized songs with known beats: F-measure (70 ms window) per style
and overall, tempo-level (half/double/other) errors, phase errors and downbeat F.

Two generators:
  varied  (default, tests/video/songgen_varied.py) every song draws its own timbres, pattern variant, mix, room, drift, intro
          and noise; the tracker is tuned on seeds < 1000 (--seeds 0-2) and judged on held-out
          seeds >= 1000 (--seeds 1000-1003, the default);
  classic the first, fixed-pattern generator (tests/video/songgen.py) (--set classic --seed K).

    python benchmarks/beats_eval.py [--set varied|classic] [--seeds A-B] [--styles a,b] [--verbose]
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
from tests.video.songgen_varied import varied_set  # noqa: E402


def songs(args):
    if args.set == "classic":
        return test_set(args.duration, args.per_style, args.seed)
    lo, _, hi = args.seeds.partition("-")
    seeds = range(int(lo), int(hi or lo) + 1)
    styles = args.styles.split(",") if args.styles else None
    return varied_set(seeds, args.duration, styles)


def classify(song, res, f) -> str:
    """'ok', 'half', 'double', 'tempo' (another ratio) or 'phase' (right tempo, beats off)."""
    ratio = res.tempo / song.bpm if song.bpm and res.tempo else 0.0
    if abs(ratio - 1) <= 0.08:
        return "ok" if f >= 0.5 else "phase"
    if abs(ratio - 0.5) <= 0.04:
        return "half"
    if abs(ratio - 2) <= 0.16:
        return "double"
    return "tempo"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", choices=("varied", "classic"), default="varied")
    ap.add_argument("--seeds", default="1000-1003", help="varied: seed range A-B (tune on <1000)")
    ap.add_argument("--styles", default="", help="varied: comma-separated subset")
    ap.add_argument("--per-style", type=int, default=3, help="classic: songs per style")
    ap.add_argument("--seed", type=int, default=0, help="classic: seed")
    ap.add_argument("--duration", type=float, default=30.0)
    ap.add_argument("--memory", action="store_true", help="analyse samples directly (no file decode)")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    by_style: dict[str, list[float]] = defaultdict(list)
    kinds: dict[str, int] = defaultdict(int)
    down, all_f = [], []
    elapsed = 0.0
    tmp = Path(tempfile.mkdtemp(prefix="beats-eval-"))
    for name, song in songs(args):
        t0 = time.perf_counter()
        if args.memory:
            res = beatmod.analyse((song.audio, song.sr))
        else:
            wav = tmp / "song.wav"
            write_wav(song, wav)  # through a file, as users' songs arrive (decoded by ffmpeg)
            t0 = time.perf_counter()
            res = beatmod.analyse(str(wav))
        elapsed += time.perf_counter() - t0
        f = f_measure(song.beats, res.beats)
        fd = f_measure(song.downbeats, res.downbeats)
        kind = classify(song, res, f)
        kinds[kind] += 1
        by_style[name.split("#")[0]].append(f)
        all_f.append(f)
        down.append(fd)
        if args.verbose:
            extra = getattr(song, "notes", {}) or {}
            tags = " ".join(k for k in ("drift", "intro_bars", "noise_db") if extra.get(k))
            print(f"{name:18s} bpm {song.bpm:6.1f} -> {res.tempo:6.1f}  F {f:.3f}  downF {fd:.3f}"
                  f"  {kind:6s} conf {res.tempo_confidence:.2f}  {tags}", flush=True)
    print(f"{'style':18s} F-measure")
    for style in sorted(by_style):
        print(f"{style:18s} {np.mean(by_style[style]):.3f}  (min {np.min(by_style[style]):.3f})")
    errors = ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()) if k != "ok")
    print(f"MEAN beat F-measure {np.mean(all_f):.3f} over {len(all_f)} songs; downbeat F {np.mean(down):.3f};"
          f" errors: {errors or 'none'}; analysis {elapsed / len(all_f) * 1000:.0f} ms/song")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
