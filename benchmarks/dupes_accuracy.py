"""Near-duplicate finder (查重) accuracy on the generated test set, per transformation.

    python benchmarks/dupes_accuracy.py [--pairs] [--baseline] [--seed N]

Files are written to a temporary folder and read back the way import reads them (Pillow draft,
reduced copy), fingerprinted, then grouped. Prints recall per transformation (is the reposted
copy in the same group as its original?) and pair precision over all groups. `--baseline`
adds plain pHash (imagehash, threshold 10) on the same files for comparison.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from studio.library import dupes, fingerprint  # noqa: E402
from tests.library import dupeset  # noqa: E402


def load_reduced(path: str) -> Image.Image:
    """As the importer does: draft-decode to >= 256 px, then at most 1024 px."""
    img = Image.open(path)
    img.draft("RGB", (256, 256))
    img = img.convert("RGB")
    img.thumbnail((1024, 1024), Image.Resampling.BILINEAR)
    return img


def evaluate(groups: list[list[str]], truth: dict[str, str], transform: dict[str, str]) -> dict:
    where = {p: k for k, g in enumerate(groups) for p in g}
    originals = {truth[p]: p for p in truth if transform[p] == "original"}
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for p, t in transform.items():
        if t == "original":
            continue
        o = originals[truth[p]]
        per[t][1] += 1
        per[t][0] += int(p in where and where.get(o) == where[p])
    true_pairs = false_pairs = 0
    wrong = []
    for g in groups:
        for a, b in combinations(g, 2):
            if truth[a] == truth[b]:
                true_pairs += 1
            else:
                false_pairs += 1
                wrong.append((Path(a).name, Path(b).name))
    all_true = sum(len(list(combinations([p for p in truth if truth[p] == grp], 2)))
                   for grp in set(truth.values()))
    return {"per": dict(per), "true_pairs": true_pairs, "false_pairs": false_pairs,
            "all_true": all_true, "wrong": wrong}


def report(name: str, r: dict) -> None:
    print(f"\n== {name}")
    tot_hit = tot = 0
    for t in dupeset.TRANSFORMS:
        hit, n = r["per"].get(t, [0, 0])
        tot_hit, tot = tot_hit + hit, tot + n
        print(f"  recall {t:16s} {hit:3d}/{n:3d} = {hit / max(1, n):.2f}")
    print(f"  recall overall     {tot_hit}/{tot} = {tot_hit / max(1, tot):.3f}")
    found = r["true_pairs"] + r["false_pairs"]
    print(f"  pair precision     {r['true_pairs']}/{found} = {r['true_pairs'] / max(1, found):.3f}")
    print(f"  pair recall        {r['true_pairs']}/{r['all_true']} = {r['true_pairs'] / max(1, r['all_true']):.3f}")
    for a, b in r["wrong"][:20]:
        print(f"  FALSE PAIR: {a} <-> {b}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--baseline", action="store_true")
    ap.add_argument("--pairs", action="store_true", help="print match details per variant")
    ap.add_argument("--seed", type=int, default=7, help="seed of the random crops, stamps and screenshots")
    args = ap.parse_args()
    items = dupeset.build(seed=args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        truth = dupeset.write(tmp, items)
        transform = {p: t for p, t in zip(truth, (i.transform for i in items))}
        paths = list(truth)
        t0 = time.perf_counter()
        prints = {k: fingerprint.decode(fingerprint.compute(load_reduced(p))) for k, p in enumerate(paths)}
        t1 = time.perf_counter()
        groups = dupes.group(prints)
        t2 = time.perf_counter()
        print(f"{len(paths)} files; fingerprint {1000 * (t1 - t0) / len(paths):.1f} ms/file "
              f"(incl. decode), grouping {t2 - t1:.2f} s, "
              f"candidates {len(dupes.image_candidates(list(prints.values())))}")
        report("combined (hashes + ORB + aligned look)", evaluate([[paths[i] for i in g] for g in groups], truth, transform))
        if args.pairs:
            index = {p: k for k, p in enumerate(paths)}
            originals = {truth[p]: p for p in truth if transform[p] == "original"}
            for p in paths:
                if transform[p] != "original":
                    m = dupes.match(prints[index[originals[truth[p]]]], prints[index[p]])
                    print(f"  {Path(p).name:45s} {m}")
        if args.baseline:
            import imagehash

            hashes = [imagehash.phash(load_reduced(p)) for p in paths]
            sets = dupes._UnionFind()
            for a, b in combinations(range(len(paths)), 2):
                if hashes[a] - hashes[b] <= 10:
                    sets.union(a, b)
            report("baseline: plain pHash <= 10", evaluate([[paths[i] for i in g] for g in sets.groups()], truth, transform))


if __name__ == "__main__":
    main()
