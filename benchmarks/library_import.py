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
    jobs = [(str(folder / f"photo_{i:05}.jpg"), i, w, h) for i in range(args.n)]
    started = time.perf_counter()
    with ProcessPoolExecutor(2, mp_context=context()) as pool:
        files = list(pool.map(make_jpeg, jobs, chunksize=4))
    print(f"{args.n} JPEGs of {w}x{h} ready ({time.perf_counter() - started:.1f} s, "
          f"{sum(os.path.getsize(f) for f in files) / len(files) / 1e6:.1f} MB each)")

    from studio.library import import_
    from studio.project import create_project

    # warm both pools up so process start-up is not measured for either side
    with ProcessPoolExecutor(2, mp_context=context()) as pool:
        list(pool.map(bare, files[:2]))
        t0 = time.perf_counter()
        list(pool.map(bare, files, chunksize=8))
        reference = time.perf_counter() - t0
    import_.process_pool().submit(bare, files[0]).result()
    with tempfile.TemporaryDirectory() as tmp:
        project = create_project(Path(tmp) / "bench.nms")
        t0 = time.perf_counter()
        report = import_.import_paths(project, [folder], workers=2) if args.n == len(list(folder.glob("*.jpg"))) \
            else import_.import_paths(project, files, workers=2)
        ours = time.perf_counter() - t0
        project.close()
    assert len(report.imported) == args.n and not report.skipped, report.skipped[:3]
    print(f"bare Pillow draft+thumbnail, 2 processes: {reference:.2f} s ({reference / args.n * 1000:.1f} ms/file)")
    print(f"library import (hash, metadata, thumbnail, fingerprint, rows): {ours:.2f} s "
          f"({ours / args.n * 1000:.1f} ms/file)")
    print(f"ratio: {ours / reference:.2f}x (target <= 1.3x)")
    profile(files[:20])


def profile(files: list[str]) -> None:
    """Where the time goes, per file in one process (to see which stage to blame)."""
    import hashlib

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
        "fingerprint (dupes module)": timed(lambda f: fingerprint(images[files.index(f)])),
    }
    print("per-file stages, one process: " + ", ".join(f"{k} {v:.1f} ms" for k, v in stages.items()))


if __name__ == "__main__":
    main()
