"""Python's cycle collector runs on the GUI thread only.

A collection frees whatever cyclic garbage there is, Qt objects included: pages replaced after a
settings change, pixmaps, fonts, text documents. Left automatic, it runs in whichever thread
happens to allocate when a threshold is passed, often a worker building a report or a matcher,
and Qt then destroys GUI objects off the GUI thread, which can crash the program. So automatic
collection is switched off and a timer on the GUI thread collects the generation whose
threshold was passed, as the interpreter would have.
"""
from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

INTERVAL_MS = 200
_guard: "_Guard | None" = None


def install() -> None:
    """Once per application, from the GUI thread, before worker threads run Python."""
    global _guard
    app = QCoreApplication.instance()
    if _guard is None and app is not None:
        _guard = _Guard(app)


def collect_due() -> None:
    """Collect the generation whose threshold was passed (what the interpreter would do)."""
    counts, thresholds = gc.get_count(), gc.get_threshold()
    if counts[0] < thresholds[0]:
        return
    generation = 2 if counts[2] >= thresholds[2] and counts[1] >= thresholds[1] else 1 if counts[1] >= thresholds[1] else 0
    gc.collect(generation)


class _Guard(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        gc.disable()
        self.timer = QTimer(self, interval=INTERVAL_MS, timeout=collect_due)
        self.timer.start()
        self.destroyed.connect(gc.enable)
