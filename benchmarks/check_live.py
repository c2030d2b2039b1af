"""Live checking cost per keystroke in a 20,000-character article (target <= 16 ms).

A QPlainTextEdit holds ~20,000 characters in paragraphs with some hits; the checker highlighter is
attached; keystrokes are typed at random places (a new character, sometimes one that completes a
hit). Reference in the same run: the same keystrokes without the highlighter, and one full
re-check of the whole article (what a non-incremental checker would pay per keystroke).

    QT_QPA_PLATFORM=offscreen python benchmarks/check_live.py [--chars 20000] [--keys 300]
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QTextCursor  # noqa: E402
from PySide6.QtWidgets import QApplication, QPlainTextEdit  # noqa: E402

from studio.check.lexicon import builtin  # noqa: E402
from studio.check.matcher import Matcher  # noqa: E402
from studio.ui.check.highlighter import LiveChecker, attach  # noqa: E402

SENTENCES = ["今天我们来聊聊这款产品的使用体验。", "它的做工很扎实，细节处理得也不错。", "价格方面，全网最低价只是商家的说法。",
             "想了解更多可以加我薇信详聊。", "这是我第一次写这么长的测评。", "总体来说，值得推荐给身边的朋友。",
             "包装盒里还附送了一张说明卡片。", "物流速度很快，两天就送到了。"]


def article(chars: int, rng: random.Random) -> str:
    paras, size = [], 0
    while size < chars:
        p = "".join(rng.choice(SENTENCES) for _ in range(rng.randint(4, 10)))
        paras.append(p)
        size += len(p) + 1
    return "\n".join(paras)[:chars]


def type_keys(ed: QPlainTextEdit, keys: int, rng: random.Random) -> list[float]:
    app = QApplication.instance()
    times = []
    for _ in range(keys):
        pos = rng.randrange(ed.document().characterCount() - 1)
        c = ed.textCursor()
        c.setPosition(pos)
        ch = rng.choice("的了是我最佳微信好")
        t = time.perf_counter()
        c.insertText(ch)
        app.processEvents()
        times.append((time.perf_counter() - t) * 1000)
    return times


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--chars", type=int, default=20000)
    ap.add_argument("--keys", type=int, default=300)
    args = ap.parse_args()
    app = QApplication.instance() or QApplication([])
    text = article(args.chars, random.Random(1))
    matcher = Matcher(builtin())
    matcher.scan(text)  # load the segmenter once

    plain = QPlainTextEdit()
    plain.setPlainText(text)
    base = type_keys(plain, args.keys, random.Random(2))

    live = LiveChecker()
    live.set_matcher(matcher)
    ed = QPlainTextEdit()
    hook = attach(ed, live)
    ed.setPlainText(text)
    app.processEvents()
    timed = type_keys(ed, args.keys, random.Random(2))

    t = time.perf_counter()
    Matcher.scan(matcher, ed.toPlainText())
    full = (time.perf_counter() - t) * 1000

    def summary(xs):
        xs = sorted(xs)
        return f"median {statistics.median(xs):6.2f} ms  p95 {xs[int(0.95 * len(xs)) - 1]:6.2f} ms  max {xs[-1]:6.2f} ms"

    print(f"article: {len(text):,} chars in {text.count(chr(10)) + 1} paragraphs; {len(hook.findings())} findings")
    print(f"keystroke, no checker      : {summary(base)}")
    print(f"keystroke, live checker    : {summary(timed)}")
    print(f"full re-check of article   : {full:6.2f} ms (what checking everything per key would cost)")
    overhead = statistics.median(timed) - statistics.median(base)
    print(f"checker overhead per key   : {overhead:6.2f} ms median; ratio full re-check / incremental "
          f"{full / max(statistics.median(timed), 1e-3):.1f}x")
    p95 = sorted(timed)[int(0.95 * len(timed)) - 1]
    print(f"target <= 16 ms (p95): {'PASS' if p95 <= 16 else 'FAIL'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
