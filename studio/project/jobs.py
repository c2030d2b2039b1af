"""Long core work (no Qt here): progress callbacks, cancel tokens, and the one pool of worker
processes that every pillar submits its CPU-heavy work to."""
from __future__ import annotations

import atexit
import threading
from typing import TYPE_CHECKING, Callable, Iterable, Optional

from studio.project.errors import Cancelled

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

Progress = Callable[[int, int], None]
WORKERS = 2  # processes in the shared pool

_pool: Optional[ProcessPoolExecutor] = None
_pool_lock = threading.Lock()
_preload: list[str] = []
_setups: list[Callable[[], None]] = []


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


def prepare_workers(preload: Iterable[str] = (), setup: Optional[Callable[[], None]] = None) -> None:
    """Modules the fork server imports once, so each worker starts with them loaded, and a
    module-level function each worker runs first. A pillar calls this when it is imported, before
    it submits work; it takes effect for pools started after the call."""
    with _pool_lock:
        _preload.extend(m for m in preload if m not in _preload)
        if setup is not None and setup not in _setups:
            _setups.append(setup)


def pool() -> ProcessPoolExecutor:
    """The shared worker pool, started on first use. Workers come from a forkserver, a clean
    single-threaded process, so forking never copies the GUI's threads and locks."""
    global _pool
    with _pool_lock:
        if _pool is None:
            import multiprocessing  # here, not at the top: quick commands never start a pool
            from concurrent.futures import ProcessPoolExecutor

            method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
            context = multiprocessing.get_context(method)
            if method == "forkserver" and _preload:
                context.set_forkserver_preload(list(_preload))
            _pool = ProcessPoolExecutor(max_workers=WORKERS, mp_context=context,
                                        initializer=_start_worker, initargs=(tuple(_setups),))
        return _pool


def reset_pool() -> None:
    """Drop the pool (after a worker crashed, which breaks it for good, or to stop the workers);
    the next `pool()` starts a fresh one. Work still queued is cancelled."""
    global _pool
    with _pool_lock:
        if _pool is not None:
            _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None


atexit.register(reset_pool)  # let go of the pool while the interpreter can still collect it


def _start_worker(setups: tuple[Callable[[], None], ...]) -> None:
    for setup in setups:
        setup()
