"""Long-image export speed: a 5,000-character article with 10 images, budget 2 s.

    python benchmarks/editor_longimage.py [--width 1080] [--runs 3]

Ten 1600x1200 JPEG photos are generated on disk (decoding them is part of the work), the
article is exported to PNG parts exactly as `nmstudio article export --format long-image` does,
and the best of N runs is printed against the 2 s budget. The reference, measured in the same
run, is Pillow alone decoding the ten photos and saving one blank PNG of the same total size.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from studio.editor import longimage  # noqa: E402
from studio.editor.article import Article, Span, heading, image, paragraph, styled  # noqa: E402

BUDGET_S = 2.0
SENTENCE = "新媒体编辑需要掌握图文排版、长图制作和封面设计，这些技能在日常工作中非常常用。"


def photos(folder: Path, n: int = 10) -> list[Path]:
    rng = np.random.default_rng(1)
    out = []
    for i in range(n):
        y, x = np.mgrid[0:1200, 0:1600].astype(np.float32)
        img = np.stack([127 + 120 * np.sin(x / 1600 * rng.uniform(1, 6) + c) * np.cos(y / 1200 * rng.uniform(1, 6))
                        for c in range(3)], -1)
        path = folder / f"photo{i}.jpg"
        Image.fromarray(img.clip(0, 255).astype(np.uint8)).save(path, quality=88)
        out.append(path)
    return out


def article(n_images: int = 10, chars: int = 5000) -> Article:
    per_section = chars // n_images
    blocks = []
    for i in range(n_images):
        blocks.append(heading(f"第 {i + 1} 部分"))
        text = (SENTENCE * (per_section // len(SENTENCE) + 1))[:per_section]
        half = len(text) // 2
        blocks.append(paragraph(text[:half], Span("重点内容", bold=True, highlight="#ffec99"), text[half:]))
        blocks.append(image(i, caption=f"图 {i + 1}"))
        if i % 3 == 0:
            blocks.append(styled("callout-tip", text="小贴士：长图导出按 避头尾 规则换行。"))
    return Article(title="长图导出基准测试", author="benchmark", theme="fresh", blocks=blocks)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--width", type=int, default=1080)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = photos(folder)
        a = article()
        body_chars = sum(len(t) for t in a.texts())
        times, cpu, files = [], [], []
        for _ in range(args.runs):
            t0, c0 = time.perf_counter(), time.process_time()
            files = longimage.export(a, folder / "long.png", lambda i: paths[i], width=args.width)
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        heights = [Image.open(f).height for f in files]
        t0 = time.perf_counter()
        for p in paths:
            with Image.open(p) as im:
                im.draft("RGB", (args.width, args.width))
                im.load()
        Image.new("RGB", (args.width, sum(heights)), "white").save(folder / "ref.png", compress_level=3)
        reference = time.perf_counter() - t0
    best = min(times)
    print(f"article: {body_chars} characters, 10 images, width {args.width}: {len(files)} part(s), "
          f"heights {heights}")
    print(f"long-image export: best {best:.2f} s of {args.runs} (budget {BUDGET_S:.1f} s) -> "
          f"{best / BUDGET_S:.2f} of budget; {'OK' if best <= BUDGET_S else 'OVER BUDGET'}")
    print(f"CPU time of the best run: {cpu[times.index(best)]:.2f} s "
          f"(wall time above CPU time means the machine was busy with other work)")
    print(f"reference (decode photos + save blank PNG of the same size): {reference:.2f} s; "
          f"ratio export/reference = {best / reference:.1f}x")


if __name__ == "__main__":
    main()
