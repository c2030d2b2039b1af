"""Run core functions off the GUI thread, with a progress bar and a cancel button.

A job is `fn(progress, cancel) -> result`; progress(done, total) and the CancelToken come from
studio.project.jobs, so core code never sees Qt.
"""
from __future__ import annotations

import math
import time
from typing import Any, Callable, Optional

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from studio.project.errors import Cancelled
from studio.project.jobs import CancelToken

Job = Callable[[Callable[[int, int], None], CancelToken], Any]
ESTIMATE_AFTER_S = 1.0  # no time-left estimate before this much work time ...
ESTIMATE_AFTER_SHARE = 0.05  # ... and this share of the work are behind us
# Workers started by run_job, until their result reached the GUI thread: without this an
# unreferenced worker's Python wrapper, and the signals it queued, would be lost.
_running: set["Worker"] = set()


class _Signals(QObject):
    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(object)
    cancelled = Signal()


class Worker(QRunnable):
    def __init__(self, job: Job) -> None:
        super().__init__()
        self.job = job
        self.cancel = CancelToken()
        self.signals = _Signals()
        self._last_emit = 0.0

    def _progress(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self._last_emit > 0.05 or done >= total:  # throttle to keep the GUI fluid
            self._last_emit = now
            try:
                self.signals.progress.emit(done, total)
            except RuntimeError:
                self.cancel.cancel()  # nobody is listening any more: stop the work

    def run(self) -> None:
        try:
            try:
                result = self.job(self._progress, self.cancel)
            except Cancelled:
                self.signals.cancelled.emit()
            except BaseException as exc:  # noqa: BLE001 - reported to the GUI thread
                self.signals.failed.emit(exc)
            else:
                self.signals.done.emit(result)
        except RuntimeError:
            pass  # the window that asked for the result is gone (closed or shutting down)


def run_job(parent: Optional[QWidget], job: Job, *, title: str = "", on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[BaseException], None] | None = None, modal: bool = True,
            cancel_text: str = "取消", delay_ms: int = 400, language: str = "zh") -> Worker:
    """Start `job` in the thread pool. A progress dialog with cancel appears if it takes a while."""
    worker = Worker(job)
    _running.add(worker)
    dialog = None
    if parent is not None and title:
        dialog = QProgressDialog(title, cancel_text, 0, 0, parent)
        dialog.setWindowTitle(title)
        dialog.setWindowModality(Qt.WindowModal if modal else Qt.NonModal)
        dialog.setMinimumDuration(delay_ms)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(worker.cancel.cancel)
        started = time.monotonic()

        def show_progress(done: int, total: int) -> None:
            dialog.setMaximum(max(total, 1))
            dialog.setValue(min(done, max(total, 1)))
            dialog.setLabelText(progress_label(title, done, total, time.monotonic() - started, language))

        worker.signals.progress.connect(show_progress)

    def finish() -> None:
        _running.discard(worker)
        if dialog is not None:
            dialog.close()
            dialog.deleteLater()

    def done(result: Any) -> None:
        finish()
        if on_done:
            on_done(result)

    def failed(exc: BaseException) -> None:
        finish()
        if on_error:
            on_error(exc)
        else:
            from studio.ui.errors import show_error

            show_error(parent, exc)

    worker.signals.done.connect(done)
    worker.signals.failed.connect(failed)
    worker.signals.cancelled.connect(finish)
    QThreadPool.globalInstance().start(worker)
    if dialog is not None:
        QTimer.singleShot(0, lambda: dialog.setValue(0))
    return worker


def time_left(elapsed: float, done: int, total: int) -> Optional[int]:
    """Whole seconds of work left, extrapolated from the pace so far; None until there is enough
    to go on (or when finished). Never 0 while work remains."""
    if total <= 0 or not 0 < done < total or elapsed < ESTIMATE_AFTER_S or done / total < ESTIMATE_AFTER_SHARE:
        return None
    return max(1, math.ceil(elapsed * (total - done) / done))


def eta_text(left: float, language: str = "zh") -> str:
    """"剩余约 1 分 15 秒" or "about 1 min 15 s left": the time left in one language."""
    left = max(1, math.ceil(left))
    if language == "en":
        return f"about {left // 60} min {left % 60} s left" if left >= 60 else f"about {left} s left"
    return f"剩余约 {left // 60} 分 {left % 60} 秒" if left >= 60 else f"剩余约 {left} 秒"


def progress_label(title: str, done: int, total: int, elapsed: float, language: str = "zh") -> str:
    """The dialog text: title, then percent done and (once known) the time left."""
    if total <= 0:
        return title
    line = f"{min(100, 100 * done // total)}%"
    left = time_left(elapsed, done, total)
    if left is not None:
        line += f" · {eta_text(left, language)}"
    return f"{title}\n{line}"
