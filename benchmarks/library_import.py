"""Import speed: the library's import of N generated 12 MP JPEGs (hash, metadata, thumbnail,
near-duplicate fingerprint, database rows) against a bare Pillow draft + thumbnail loop over the
same files with 2 worker processes, measured in the same run. Target: ratio <= 1.3.

    python benchmarks/library_import.py [N=1000] [--size 4000x3000]

The JPEGs are generated once into a cache folder (this takes a while the first time).
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

CACHE = Path(tempfile.gettempdir()) / "nms-bench-jpegs"


def make_jpeg(args) -> str:
    """A photo-like 12 MP JPEG: smooth colour fields plus fine texture (realistic file size)."""
    path, seed, w, h = args
    if Path(path).exists():
        return path
    rng = np.random.default_rng(seed)
    small = rng.integers(0, 255, (h // 64, w // 64, 3), dtype=np.uint8)
    img = Image.fromarray(small).resize((w, h), Image.Resampling.BICUBIC)
    noise = rng.integers(-12, 12, (h, w, 1), dtype=np.int16)
    arr = (np.asarray(img, dtype=np.int16) + noise).clip(0, 255).astype(np.uint8)
    Image.fromarray(arr).save(path, "JPEG", quality=90)
    return path


def bare(path: str) -> tuple:
    with Image.open(path) as img:
        img.draft("RGB", (256, 256))
        img.thumbnail((256, 256))
        return img.size


def cpu(pool, include_self: bool = True) -> float:
    """CPU seconds used so far by a pool's worker processes (and this process)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = sum(os.times()[:2]) if include_self else 0.0
    for pid in list(getattr(pool, "_processes", {}) or {}):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
        except (OSError, IndexError, ValueError):
            pass
    return total


def context():
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["studio.library.analyse"])
    return ctx


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=1000)
    parser.add_argument("--size", default="4000x3000")
    args = parser.parse_args()
    w, h = map(int, args.size.split("x"))
    folder = CACHE / f"{w}x{h}"
    folder.mkdir(parents=True, exist_ok=True)
    specs = [(str(folder / f"photo_{i:05}.jpg"), i, w, h) for i in range(args.n)]
    started = time.perf_counter()
    with ProcessPoolExecutor(2, mp_context=context()) as pool:
        files = list(pool.map(make_jpeg, specs, chunksize=4))
    print(f"{args.n} JPEGs of {w}x{h} ready ({time.perf_counter() - started:.1f} s, "
          f"{sum(os.path.getsize(f) for f in files) / len(files) / 1e6:.1f} MB each)")

    from studio.library import import_
    from studio.project import create_project, jobs

    # The machine may be shared: alternate the two sides in rounds so load changes hit both, and
    # also count CPU seconds (workers + this process), which load does not inflate.
    rounds = 3 if args.n >= 30 else 1
    parts = [files[r::rounds] for r in range(rounds)]
    ref_pool = ProcessPoolExecutor(2, mp_context=context())
    list(ref_pool.map(bare, files[:2]))  # start-up is not measured for either side
    jobs.pool().submit(bare, files[0]).result()
    totals = {"ref_wall": 0.0, "ref_cpu": 0.0, "our_wall": 0.0, "our_cpu": 0.0}
    with tempfile.TemporaryDirectory() as tmp:
        project = create_project(Path(tmp) / "bench.nms")
        imported = 0
        for part in parts:
            cpu0, t0 = cpu(ref_pool, include_self=False), time.perf_counter()
            list(ref_pool.map(bare, part, chunksize=8))
            totals["ref_wall"] += time.perf_counter() - t0
            totals["ref_cpu"] += cpu(ref_pool, include_self=False) - cpu0
            cpu0, t0 = cpu(jobs.pool()), time.perf_counter()
            report = import_.import_paths(project, part, workers=2)
            totals["our_wall"] += time.perf_counter() - t0
            totals["our_cpu"] += cpu(jobs.pool()) - cpu0
            assert not report.skipped, report.skipped[:3]
            imported += len(report.imported)
        project.close()
    ref_pool.shutdown()
    assert imported == args.n
    n = args.n
    print(f"bare Pillow draft+thumbnail, 2 processes: {totals['ref_wall']:.2f} s wall "
          f"({totals['ref_wall'] / n * 1000:.1f} ms/file), {totals['ref_cpu']:.2f} CPU s")
    print(f"library import (hash, metadata, thumbnail, fingerprint, rows): {totals['our_wall']:.2f} s wall "
          f"({totals['our_wall'] / n * 1000:.1f} ms/file), {totals['our_cpu']:.2f} CPU s")
    print(f"ratio: {totals['our_wall'] / totals['ref_wall']:.2f}x wall time, "
          f"{totals['our_cpu'] / totals['ref_cpu']:.2f}x CPU time (target <= 1.3x)")
    profile(files[:20])


def profile(files: list[str]) -> None:
    """Where the time goes, per file in one process (to see which stage to blame)."""
    import hashlib

    from studio.library import fingerprint as fp
    from studio.library import thumbs
    from studio.library.analyse import fingerprint

    def timed(fn) -> float:
        t0 = time.perf_counter()
        for f in files:
            fn(f)
        return (time.perf_counter() - t0) / len(files) * 1000

    def decode(f):
        img = Image.open(f)
        img.draft("RGB", (256, 256))
        img.load()
        return img

    images = [decode(f) for f in files]
    stages = {
        "bare draft+thumbnail": timed(bare),
        "sha256 of the file": timed(lambda f: hashlib.sha256(Path(f).read_bytes()).digest()),
        "thumbnail JPEG": timed(lambda f: thumbs.encode(images[files.index(f)].copy())),
        "fingerprint at import (hashes, content box)": timed(lambda f: fingerprint(images[files.index(f)])),
        "its ORB features (made on the first 查重)": timed(lambda f: fp.compute(images[files.index(f)]))
        - timed(lambda f: fingerprint(images[files.index(f)])),
    }
    print("per-file stages, one process: " + ", ".join(f"{k} {v:.1f} ms" for k, v in stages.items()))


if __name__ == "__main__":
    main()
