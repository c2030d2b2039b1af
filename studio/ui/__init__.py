"""Everything Qt Widgets: main window, one sub-package per pillar, workers, theme and scale."""
from __future__ import annotations

import sys


def _guard_none_refcount() -> None:
    """PySide6 6.12 wheels return None from void C++ methods without a new reference. On Python
    3.12+ None is immortal, so nothing happens; on 3.11 every such call drops None's refcount by
    one until the interpreter aborts with "none_dealloc". Detect the leak and, only then, give
    None a huge refcount so it behaves as the immortal object the wheel expects."""
    if sys.version_info >= (3, 12):
        return
    import ctypes

    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(10):
        probe.setObjectName("probe")
    if sys.getrefcount(None) < before - 5:
        ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40


_guard_none_refcount()
