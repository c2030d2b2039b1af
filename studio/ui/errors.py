"""The error dialog: a plain message for StudioErrors; for bugs, a message plus a log file."""
from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from studio.project.errors import StudioError
from studio.userdata import write_crash_log


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """Show `exc` in a window-modal box that does not block the caller (safe inside slots)."""
    if isinstance(exc, StudioError):
        box = QMessageBox(QMessageBox.Warning, "提示 / Notice", str(exc), parent=parent)
    else:
        log = write_crash_log(exc)
        box = QMessageBox(QMessageBox.Critical, "意外错误 / Unexpected error",
                          "程序遇到了一个意外错误，你的项目已保存。\n"
                          "The program hit an unexpected error; your project is saved.\n\n"
                          f"{type(exc).__name__}: {exc}\n\n日志 / Log: {log}", parent=parent)
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
