"""Near-duplicate finder (查重) speed on a library of a few thousand images.

    python benchmarks/dupes_speed.py [--n 2000]

Builds N distinct generated pictures (random gradients, shapes and texture, 400x300) plus 5%
reposted copies (mirrored, cropped, stamped), fingerprints them in memory, and times the two
stages of grouping. The reference, measured in the same run, is a bare Pillow decode + 256 px
thumbnail of the same pictures: the fingerprint's cost is printed as a ratio to it.
"""
from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageOps

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from studio.library import dupes, fingerprint  # noqa: E402
from tests.library import dupeset  # noqa: E402


def scene(rng: np.random.Generator, size=(400, 300)) -> Image.Image:
    w, h = size
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    img = np.zeros((h, w, 3), np.float32)
    for c in range(3):
        fx, fy = rng.uniform(0.3, 3, 2)
        img[..., c] = 127 + 100 * np.sin(x / w * fx * 6.28 + rng.uniform(0, 6.28)) * np.cos(y / h * fy * 6.28)
    img += rng.normal(0, rng.uniform(2, 12), (h, w, 1))
    pic = Image.fromarray(img.clip(0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(pic)
    for _ in range(int(rng.integers(6, 20))):
        x0, y0 = rng.integers(0, w), rng.integers(0, h)
        box = (x0, y0, x0 + rng.integers(10, w // 2), y0 + rng.integers(10, h // 2))
        colour = tuple(int(v) for v in rng.integers(0, 255, 3))
        (draw.ellipse if rng.random() < 0.5 else draw.rectangle)(box, fill=colour)
    return pic


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=2000)
    args = ap.parse_args()
    rng = np.random.default_rng(5)
    pictures = [scene(rng) for _ in range(args.n)]
    copies = [(i, t) for i in rng.choice(args.n, args.n // 20, replace=False).tolist()
              for t in [str(rng.choice(["mirror", "crop", "watermark"]))]]
    pictures += [dupeset.VARIANTS[t](pictures[i], rng) for i, t in copies]
    encoded = []
    for pic in pictures:
        buf = io.BytesIO()
        pic.save(buf, "JPEG", quality=90)
        encoded.append(buf.getvalue())

    t0 = time.perf_counter()
    for data in encoded:
        img = Image.open(io.BytesIO(data))
        img.draft("RGB", (256, 256))
        img.thumbnail((256, 256))
    reference = time.perf_counter() - t0

    t0 = time.perf_counter()
    prints = {}
    for k, data in enumerate(encoded):
        img = Image.open(io.BytesIO(data))
        img.draft("RGB", (256, 256))
        prints[k] = fingerprint.decode(fingerprint.compute(img.convert("RGB")))
    fingerprinting = time.perf_counter() - t0

    flat = list(prints.values())
    t0 = time.perf_counter()
    candidates = dupes.image_candidates(flat)
    candidate_time = time.perf_counter() - t0
    t0 = time.perf_counter()
    groups = dupes.group(prints)
    group_time = time.perf_counter() - t0

    n = len(pictures)
    truth = {frozenset((i, args.n + k)) for k, (i, _) in enumerate(copies)}
    found = {frozenset(g) for g in groups}
    print(f"{n} pictures ({len(copies)} reposted copies)")
    print(f"fingerprint: {1000 * fingerprinting / n:.1f} ms/picture, "
          f"{fingerprinting / reference:.2f}x a bare decode + thumbnail ({1000 * reference / n:.1f} ms)")
    print(f"candidates: {len(candidates)} pairs ({len(candidates) / n:.1f} per picture) in {candidate_time:.2f} s")
    print(f"grouping (candidates + confirmation): {group_time:.2f} s = {1000 * group_time / n:.2f} ms/picture")
    print(f"copies found: {len(truth & found)}/{len(truth)}, groups that are not a copy pair: {len(found - truth)}")


if __name__ == "__main__":
    main()
