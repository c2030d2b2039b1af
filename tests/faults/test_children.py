"""No worker process or ffmpeg outlives a program killed with kill -9."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux only")

BUSY = textwrap.dedent("""
    import threading, time
    from studio.media import ffmpeg
    from studio.project import jobs

    futures = [jobs.pool().submit(time.sleep, 120) for _ in range(2)]
    threading.Thread(target=ffmpeg.run, args=(["-f", "lavfi", "-i", "testsrc=duration=120:size=64x48:rate=5",
                                               "-f", "null", "-"],), daemon=True).start()
    print("ready", flush=True)
    time.sleep(120)
""")


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def _descendants(root: int) -> set[int]:
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                pass
    found, todo = set(), [root]
    while todo:
        pid = todo.pop()
        kids = [c for c, p in parents.items() if p == pid]
        found.update(kids)
        todo += kids
    return found


def test_workers_and_ffmpeg_die_with_a_killed_parent():
    proc = subprocess.Popen([sys.executable, "-c", BUSY], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        deadline = time.monotonic() + 20
        while len(_descendants(proc.pid)) < 4 and time.monotonic() < deadline:  # fork server, 2 workers, ffmpeg
            time.sleep(0.1)
        children = _descendants(proc.pid)
        assert len(children) >= 4, children
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 10
        while any(_alive(c) for c in children) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [(c, Path(f"/proc/{c}/cmdline").read_bytes()[:80]) for c in children if _alive(c)]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
