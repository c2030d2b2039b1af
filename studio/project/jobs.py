"""Long core work (no Qt here): progress callbacks, cancel tokens, and the one pool of worker
processes that every pillar submits its CPU-heavy work to."""
from __future__ import annotations

import atexit
import ctypes
import os
import signal
import sys
import threading
import time
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


def _linux_prctl():
    try:
        return ctypes.CDLL(None, use_errno=True).prctl if sys.platform.startswith("linux") else None
    except (OSError, AttributeError):
        return None


_prctl = _linux_prctl()  # resolved now: a forked child must not load libraries
PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """In a child process (a pool worker, or ffmpeg as `preexec_fn`): have the kernel kill it
    when its parent dies, even by kill -9, so no worker or ffmpeg outlives the program (Linux;
    elsewhere children end when their pipes close)."""
    if _prctl is not None:
        _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def child_options() -> dict:
    """subprocess.Popen/run keyword arguments for a helper process that dies with us."""
    return {"preexec_fn": die_with_parent} if _prctl is not None else {}


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
            if method == "forkserver" and not _short_socket_dir():
                method = "spawn"
            context = multiprocessing.get_context(method)
            if method == "forkserver" and _preload:
                context.set_forkserver_preload(list(_preload))
            _pool = ProcessPoolExecutor(max_workers=WORKERS, mp_context=context,
                                        initializer=_start_worker, initargs=(tuple(_setups), os.getpid()))
        return _pool


SOCKET_PATH_MAX = 100  # bytes of a Unix socket path (sun_path is 108 on Linux, 104 on macOS)


def _short_socket_dir() -> bool:
    """The fork server listens on a Unix socket in multiprocessing's temp folder (TMPDIR/pymp-…/
    listener-…); with a TMPDIR longer than about 70 characters that path is too long ("AF_UNIX path
    too long"). Then multiprocessing's folder is made in a short system temp folder instead.
    False when none is usable (the caller falls back to `spawn`, which needs no socket)."""
    import tempfile
    from multiprocessing import process, util

    def fits(folder: str, inside: str = "/pymp-xxxxxxxx/listener-xxxxxxxx") -> bool:
        return len(os.fsencode(folder)) + len(inside) < SOCKET_PATH_MAX

    made = process.current_process()._config.get("tempdir")  # once made, multiprocessing keeps it
    if made is not None:
        return fits(made, "/listener-xxxxxxxx")
    if fits(tempfile.gettempdir()):
        return True
    for short in ("/tmp", "/var/tmp", "/dev/shm"):
        if os.path.isdir(short) and os.access(short, os.W_OK | os.X_OK) and fits(short):
            saved = tempfile.tempdir
            tempfile.tempdir = short
            try:
                util.get_temp_dir()  # made (and cached for this process) under `short`
            finally:
                tempfile.tempdir = saved
            return True
    return False


def reset_pool() -> None:
    """Drop the pool (after a worker crashed, which breaks it for good, or to stop the workers);
    the next `pool()` starts a fresh one. Work still queued is cancelled."""
    global _pool
    with _pool_lock:
        if _pool is not None:
            _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None


def _exit_without(program: int) -> None:
    while True:
        time.sleep(0.5)
        try:
            os.kill(program, 0)
        except (ProcessLookupError, PermissionError):  # gone (or its pid reused by another user)
            os._exit(1)


atexit.register(reset_pool)  # let go of the pool while the interpreter can still collect it


def _start_worker(setups: tuple[Callable[[], None], ...], program: int) -> None:
    # A worker's parent is the fork server, which lives as long as a worker holds its pipe: so
    # each worker watches the program itself and ends when it is gone (even after kill -9).
    threading.Thread(target=_exit_without, args=(program,), daemon=True, name="orphan-watch").start()
    for setup in setups:
        setup()
