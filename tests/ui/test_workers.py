"""Background jobs' progress dialog: percent at once, a time-left estimate only once there is
enough to go on, and never "0 s left" while work remains."""
from __future__ import annotations

import threading

from PySide6.QtWidgets import QProgressDialog, QWidget

from studio.ui.workers import progress_label, run_job, time_left


def test_time_left_waits_for_enough_data_and_is_never_zero():
    assert time_left(0.3, 1, 4) is None  # 25 % after a moment: too little to extrapolate
    assert time_left(5.0, 1, 100) is None  # 1 %: too little work done
    assert time_left(2.0, 1, 4) == 6
    assert time_left(10.0, 999, 1000) == 1  # rounded up, not down to 0
    assert time_left(3.0, 4, 4) is None and time_left(3.0, 0, 4) is None
    assert progress_label("导出", 1, 4, 0.3) == "导出\n25%"
    assert progress_label("导出", 1, 4, 30.0) == "导出\n25% · 剩余约 1 分 30 秒"
    assert progress_label("Export", 1, 4, 30.0, "en") == "Export\n25% · about 1 min 30 s left"
    assert progress_label("导出", 1, 4, 5.0) == "导出\n25% · 剩余约 15 秒"


def test_dialog_at_a_quarter_shows_percent_without_a_zero_estimate(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    release = threading.Event()

    def job(progress, cancel):
        progress(1, 4)  # the first of four quick steps is done
        release.wait(10)
        return "ok"

    results = []
    run_job(parent, job, title="发布检查", on_done=results.append)
    dialog = parent.findChild(QProgressDialog)
    qtbot.waitUntil(lambda: "25%" in dialog.labelText(), timeout=5000)
    assert "剩余" not in dialog.labelText() and dialog.maximum() == 4
    release.set()
    qtbot.waitUntil(lambda: results == ["ok"], timeout=5000)
