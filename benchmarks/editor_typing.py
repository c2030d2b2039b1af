"""Typing latency in the 图文 editor with a 20,000-character article, budget 16 ms per keystroke.

    QT_QPA_PLATFORM=offscreen python benchmarks/editor_typing.py [--keys 300]

Opens the real EditorPage on a temporary project holding a 20,000-character article, places the
cursor in the middle and sends key presses one by one (each followed by event processing, so
layout and repaint of the shown widget are included). The checker's live highlighter is attached
when `studio.ui.check.highlighter` provides one; otherwise a stand-in regex highlighter that scans
every changed block is used, so the number still includes per-keystroke highlighting. The
reference, measured in the same run, is a bare QTextEdit holding the same plain text.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import studio.ui  # noqa: E402,F401  (PySide6 guard)
from PySide6.QtCore import QEvent, Qt  # noqa: E402
from PySide6.QtGui import QColor, QKeyEvent, QSyntaxHighlighter, QTextCharFormat  # noqa: E402
from PySide6.QtWidgets import QApplication, QTextEdit  # noqa: E402

from studio.editor import store  # noqa: E402
from studio.editor.article import Article, heading, paragraph  # noqa: E402
from studio.project import create_project  # noqa: E402

BUDGET_MS = 16.0
SENTENCE = "新媒体编辑需要掌握图文排版、长图制作和封面设计，最好的产品并不一定卖得最好。"


class StandInHighlighter(QSyntaxHighlighter):
    """Marks a few words in every re-highlighted block, like a sensitive-word highlighter."""

    WORDS = re.compile("最好|第一|国家级|绝对")

    def __init__(self, doc) -> None:
        super().__init__(doc)
        self.fmt = QTextCharFormat()
        self.fmt.setUnderlineStyle(QTextCharFormat.WaveUnderline)
        self.fmt.setUnderlineColor(QColor("#e03131"))

    def highlightBlock(self, text: str) -> None:  # noqa: N802
        for m in self.WORDS.finditer(text):
            self.setFormat(m.start(), m.end() - m.start(), self.fmt)


def attach_highlighter(page):
    """The page attaches the checker's live highlighter itself when the checker is installed."""
    if page.live_checks:
        from studio.ui.check.live import checker_for

        checker_for(page.ctx).rebuild(wait=True)
        return page.live_checks, "checker live highlighter (studio.ui.check)"
    return StandInHighlighter(page.document()), "stand-in regex highlighter"


def big_article(chars: int = 20000) -> Article:
    blocks, total, n = [], 0, 0
    while total < chars:
        n += 1
        if n % 8 == 1:
            blocks.append(heading(f"第 {n // 8 + 1} 节"))
        text = SENTENCE * 4
        blocks.append(paragraph(text))
        total += len(text)
    return Article(title="打字基准", theme="fresh", blocks=blocks)


def type_keys(widget, keys: int) -> list[float]:
    app = QApplication.instance()
    cursor = widget.textCursor()
    cursor.setPosition(widget.document().characterCount() // 2)
    widget.setTextCursor(cursor)
    widget.setFocus()
    app.processEvents()
    times = []
    for i in range(keys):
        key = "中" if i % 5 else " "
        t0 = time.perf_counter()
        for kind in (QEvent.KeyPress, QEvent.KeyRelease):
            app.sendEvent(widget, QKeyEvent(kind, Qt.Key_unknown if key != " " else Qt.Key_Space,
                                            Qt.NoModifier, key))
        app.processEvents()
        times.append((time.perf_counter() - t0) * 1000)
    return times


def stats(times: list[float]) -> tuple[float, float, float]:
    s = sorted(times)
    return sum(s) / len(s), s[len(s) // 2], s[int(len(s) * 0.95)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--keys", type=int, default=300)
    args = ap.parse_args()
    app = QApplication.instance() or QApplication([])
    from studio.ui.context import AppContext
    from studio.ui.editor.page import EditorPage
    from studio.ui.settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        project = create_project(Path(tmp) / "bench.nms")
        article = big_article()
        store.create_article(project, article)
        ctx = AppContext(Settings())
        ctx.project = project
        page = EditorPage(ctx)
        page.resize(1280, 800)
        page.show()
        hl, which = attach_highlighter(page)
        chars = page.document().characterCount()
        editor_times = type_keys(page.editor, args.keys)
        typed = page.document().characterCount() - chars
        assert typed == args.keys, f"only {typed} of {args.keys} keystrokes reached the document"
        page.save()
        ref = QTextEdit()
        ref.setPlainText(article.body_text())
        ref.resize(800, 700)
        ref.show()
        ref_times = type_keys(ref, args.keys)
        page.close()
        project.close()
    mean, median, p95 = stats(editor_times)
    rmean, _rmed, rp95 = stats(ref_times)
    print(f"document: {chars} characters; highlighter: {which}; {args.keys} keystrokes")
    print(f"editor: mean {mean:.2f} ms, median {median:.2f} ms, p95 {p95:.2f} ms per keystroke "
          f"(budget {BUDGET_MS:.0f} ms) -> p95 is {p95 / BUDGET_MS:.2f} of budget; "
          f"{'OK' if p95 <= BUDGET_MS else 'OVER BUDGET'}")
    print(f"reference plain QTextEdit: mean {rmean:.2f} ms, p95 {rp95:.2f} ms; ratio editor/reference (mean) "
          f"= {mean / max(rmean, 1e-6):.1f}x")


if __name__ == "__main__":
    main()
