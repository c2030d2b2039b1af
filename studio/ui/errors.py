"""The error dialog: a plain message for StudioErrors; for bugs, a message plus a log file."""
from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from studio.project.errors import StudioError
from studio.userdata import write_crash_log


def _context(parent: QWidget | None):
    """The AppContext of the window `parent` is in, if any."""
    widget = parent
    while widget is not None:
        ctx = getattr(widget, "ctx", None)
        if ctx is not None and hasattr(ctx, "tr_pair"):
            return ctx
        widget = widget.parentWidget()
    return None


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """Show `exc` in a window-modal box that does not block the caller (safe inside slots), in
    the window's language (both when there is no window)."""
    ctx = _context(parent)

    def tr(zh: str, en: str) -> str:
        return ctx.tr(zh, en) if ctx is not None else f"{zh} / {en}"

    if isinstance(exc, StudioError):
        text = ctx.tr_pair(str(exc)) if ctx is not None else str(exc)
        box = QMessageBox(QMessageBox.Warning, tr("提示", "Notice"), text, parent=parent)
    else:
        log = write_crash_log(exc)
        message = ctx.tr("程序遇到了一个意外错误，你的项目已保存。", "The program hit an unexpected error; your project is saved.") \
            if ctx is not None else ("程序遇到了一个意外错误，你的项目已保存。\n"
                                     "The program hit an unexpected error; your project is saved.")
        box = QMessageBox(QMessageBox.Critical, tr("意外错误", "Unexpected error"),
                          f"{message}\n\n{type(exc).__name__}: {exc}\n\n{tr('日志', 'Log')}: {log}", parent=parent)
    box.setAttribute(Qt.WA_DeleteOnClose)
    box.open()


def install_excepthook(parent_getter) -> None:
    """Route uncaught exceptions in Qt slots to the dialog instead of a silent traceback."""

    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        show_error(parent_getter(), exc.with_traceback(tb))

    sys.excepthook = hook
