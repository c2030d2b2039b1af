"""Progress callbacks and cancel tokens for long core work (no Qt here)."""
from __future__ import annotations

import threading
from typing import Callable, Optional

from studio.project.errors import Cancelled

Progress = Callable[[int, int], None]


def no_progress(done: int, total: int) -> None:
    """Default progress callback: ignores updates."""


class CancelToken:
    """Thread-safe flag a UI sets and core loops poll."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled()


def check(cancel: Optional[CancelToken]) -> None:
    """Raise Cancelled when `cancel` (which may be None) was set."""
    if cancel is not None:
        cancel.raise_if_cancelled()
