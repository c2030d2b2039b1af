"""What every page shares: the open project, settings, translation and background jobs."""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QObject, Signal, SignalInstance
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from studio.project import Project
from studio.project.changes import Changes
from studio.ui.settings import Settings
from studio.ui.workers import Job, Worker, run_job


class AppContext(QObject):
    project_changed = Signal(object)  # Project | None
    data_changed = Signal(object)  # Changes: what an action, undo or redo touched
    status = Signal(str)  # a message for the status bar
    flush = Signal()  # before an undo, redo, project switch or quit: pages save pending typing now

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
        self.project: Project | None = None
        self.window: QWidget | None = None

    def tr(self, zh: str, en: str) -> str:
        return en if self.settings.language == "en" else zh

    def tr_pair(self, text: str) -> str:
        """One language of a bilingual name from the core ("抖音 Douyin", "删除 / delete")."""
        zh, en = split_bilingual(text)
        return self.tr(zh, en)

    def px(self, n: float) -> int:
        """A pixel size scaled by the UI scale (for icons and fixed minimums)."""
        return max(1, round(n * self.settings.scale))

    def set_project(self, project: Project | None) -> None:
        self.flush.emit()
        if self.project is not None:
            self.project.unsubscribe(self._on_project_change)
            self.project.close()
        self.project = project
        if project is not None:
            project.subscribe(self._on_project_change)
        self.project_changed.emit(project)

    def _on_project_change(self, changes: Changes) -> None:
        self.data_changed.emit(changes)  # may come from a worker thread: Qt queues it

    # Pages are rebuilt when the language or scale changes; these connections end with their
    # owner, so a deleted page (or one of its widgets) is never called.
    def on_change(self, owner: QObject, slot: Callable[[Changes], None]) -> None:
        """Call `slot(changes)` after each project change while `owner` lives."""
        _connect_while(owner, self.data_changed, slot)

    def on_project(self, owner: QObject, slot: Callable[[Project | None], None]) -> None:
        """Call `slot(project)` when another project is opened (or closed) while `owner` lives."""
        _connect_while(owner, self.project_changed, slot)

    def on_flush(self, owner: QObject, slot: Callable[[], None]) -> None:
        """Call `slot()` when pending edits must be saved at once while `owner` lives."""
        _connect_while(owner, self.flush, slot)

    def run(self, job: Job, *, title: str = "", on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[BaseException], None] | None = None, modal: bool = True) -> Worker:
        """Run `job` in a worker. A result that arrives after the page that asked for it was
        deleted (settings rebuild the pages) is dropped instead of reaching dead widgets."""
        return run_job(self.window, job, title=title, on_done=_while_alive(on_done),
                       on_error=_while_alive(on_error), modal=modal, cancel_text=self.tr("取消", "Cancel"),
                       language=self.settings.language)

_HAN = "\u3000-\u9fff\uff00-\uffef"


def split_bilingual(text: str) -> tuple[str, str]:
    """("抖音", "Douyin") from "抖音 Douyin" or "插入图片 / Insert image" (names and history labels
    from the core carry both languages); (text, text) when it is not such a pair."""
    import re

    for pattern in (rf"^(.*[{_HAN}].*?) ?/ ([A-Za-z][^{_HAN}]*)$", rf"^(.*[{_HAN}][^ ]*) ([A-Za-z][^{_HAN}]*)$"):
        match = re.match(pattern, text, re.S)
        if match:
            return match.group(1).strip(), match.group(2).strip()
    return text, text


def _connect_while(owner: QObject, signal: SignalInstance, slot: Callable) -> None:
    def call(*value) -> None:
        if isValid(owner):
            slot(*value)

    def disconnect(*_args) -> None:
        try:
            signal.disconnect(call)
        except (RuntimeError, TypeError):  # already gone with the context
            pass

    signal.connect(call)
    owner.destroyed.connect(disconnect)


def _while_alive(callback: Callable | None) -> Callable | None:
    """`callback`, skipped once a QObject it is bound to or closes over has been deleted."""
    if callback is None:
        return None
    bound = [getattr(callback, "__self__", None)] + [c.cell_contents for c in getattr(callback, "__closure__", None) or ()
                                                     if _is_filled(c)]
    owners = [o for o in bound if isinstance(o, QObject)]

    def call(*args):
        if all(isValid(o) for o in owners):
            callback(*args)

    return call


def _is_filled(cell) -> bool:
    try:
        cell.cell_contents
    except ValueError:  # an empty cell
        return False
    return True
