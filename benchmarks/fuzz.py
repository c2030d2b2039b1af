"""Fuzzing the readers: damaged copies of valid media, text, Markdown, SRT, xlsx and project files
go through the command that reads each kind (in a child process, with a time limit). Prints, per
kind, how many were read (ok), refused with a clear message (clean), or ended in an unexpected
error, a hang or a crash. The target: no unexpected, hang or crash at all.

    python benchmarks/fuzz.py [--per-kind 40] [--seed 1]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.faults.fuzzing import KINDS, OUTCOMES, cases, run, seed_files  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-kind", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    counts: dict[str, Counter] = defaultdict(Counter)
    bad = []
    with tempfile.TemporaryDirectory(prefix="nms-fuzz-") as tmp:
        root = Path(tmp)
        files = seed_files(root / "seeds")
        work = root / "work"
        work.mkdir()
        for kind, damaged in cases(files, work, args.per_kind, args.seed):
            outcome = run(kind, damaged, work, timeout=60)
            counts[kind][outcome] += 1
            if outcome not in ("ok", "clean"):
                bad.append(f"{damaged.name}: {outcome}")
    print(f"{'kind':10}" + "".join(f"{o:>12}" for o in OUTCOMES))
    total = Counter()
    for kind in KINDS:
        total.update(counts[kind])
        print(f"{kind:10}" + "".join(f"{counts[kind][o]:>12}" for o in OUTCOMES))
    print(f"{'all':10}" + "".join(f"{total[o]:>12}" for o in OUTCOMES))
    for line in bad:
        print("  " + line)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
