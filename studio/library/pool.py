"""The library's shared worker processes (analysis, fingerprints, the missing-file scan).

A module of its own, below import_ and search, so that those can both use the pool without
importing each other.
"""
from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from typing import Optional

WORKERS = 2

_pool: Optional[ProcessPoolExecutor] = None
_pool_lock = threading.Lock()


def process_pool(workers: int = WORKERS) -> ProcessPoolExecutor:
    """The shared analysis pool. Workers come from a forkserver, a clean single-threaded
    process, so forking never copies the GUI's threads and locks."""
    global _pool
    with _pool_lock:
        if _pool is None:
            method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
            context = multiprocessing.get_context(method)
            if method == "forkserver":
                context.set_forkserver_preload(["studio.library.analyse", "studio.library.fingerprint"])
            _pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker)
        return _pool


def _init_worker() -> None:
    """The workers already keep the cores busy; OpenCV's own thread pool in each of them only
    adds switching (about 2 ms of CPU per photo fingerprint)."""
    import cv2

    cv2.setNumThreads(1)


def reset_pool() -> None:
    """Drop the pool (after a worker crashed, or at exit); the next call starts a fresh one."""
    global _pool
    with _pool_lock:
        if _pool is not None:
            _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None
